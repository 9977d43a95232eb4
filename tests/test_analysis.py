"""Per-document analysis and its cache: reruns cost only what changed."""

import os
from pathlib import Path

import pytest

from textmine.analysis import KeyMaker, analyze_documents
from textmine.cache import ResultCache
from textmine.config import load_config
from textmine.ingest.model import IngestedDocument, make_doc_id
from textmine.nlp import cached_pipeline, model_version

TEXTS = {
    "note-a.txt": "Paris, le 23 juillet 2015\n\nAkim OURAL remet son rapport à Axelle LEMAIRE. "
    "Il est proposé de créer un guichet numérique unique dans chaque département.",
    "note-b.txt": "Proposition n° 1 : Mutualiser les services informatiques des communes.\n\n"
    "Proposition n° 2 : Former les élus à la cybersécurité.",
}


def _documents() -> list[IngestedDocument]:
    return [
        IngestedDocument(doc_id=make_doc_id(path), path=path, format="txt", text=text)
        for path, text in TEXTS.items()
    ]


def _analyze(config, cache, n_process=None):
    entities_json = config.entities.model_dump_json()
    return analyze_documents(
        _documents(),
        get_nlp=lambda: cached_pipeline(config.nlp.model, entities_json),
        model_version=model_version(config.nlp.model),
        config=config,
        cache=cache,
        n_process=n_process,
    )


@pytest.fixture()
def cache(tmp_path: Path) -> ResultCache:
    return ResultCache(tmp_path / "cache")


def test_rows_for_every_table_with_original_surface_forms(cache):
    rows, stats, _ = _analyze(load_config(), cache)
    assert stats.parsed == 2
    assert {r["doc_id"] for r in rows["sentences"]} == {make_doc_id(p) for p in TEXTS}
    people = {r["text"] for r in rows["entities"] if r["label"] == "PER"}
    assert {"Akim OURAL", "Axelle LEMAIRE"} <= people  # as written, not as re-cased for NER
    numbers = sorted(r["number"] for r in rows["proposals"] if r["kind"] == "numbered")
    assert numbers == ["1", "2"]


def test_unchanged_rerun_needs_no_model_and_no_parse(cache):
    _analyze(load_config(), cache)

    def no_model():
        raise AssertionError("the model should not be loaded for a fully cached rerun")

    config = load_config()
    rows, stats, _ = analyze_documents(
        _documents(), no_model, model_version(config.nlp.model), config, cache
    )
    assert stats.fully_cached == 2 and stats.parsed == 0
    assert len(rows["proposals"]) >= 3


def test_changing_one_stage_config_recomputes_only_that_stage(cache):
    _analyze(load_config(), cache)
    _, stats, _ = _analyze(load_config(None, ["proposals.min_confidence=0.9"]), cache)
    assert stats.parsed == 0 and stats.parse_cached == 2
    # The embeddings stage follows the proposals (their texts come from the vector cache).
    assert stats.stage_recomputed == {"proposals": 2, "embeddings": 2}


def test_changing_the_entity_config_reparses(cache):
    _analyze(load_config(), cache)
    _, stats, _ = _analyze(load_config(None, ["entities.recase_capitalized_names=false"]), cache)
    assert stats.parsed == 2


def test_changing_the_chunk_size_reparses_only_documents_long_enough_to_be_cut(cache):
    paragraph = "Il est proposé de créer un guichet numérique unique dans chaque département. " * 20
    long_text = "\n\n".join([paragraph] * 4)  # about 6,000 characters
    documents = [
        *_documents(),
        IngestedDocument(doc_id="long", path="long.txt", format="txt", text=long_text),
    ]
    version = model_version(load_config().nlp.model)

    def parse_keys(chunk_chars: int) -> dict[str, str]:
        maker = KeyMaker(version, load_config(None, [f"nlp.chunk_chars={chunk_chars}"]))
        return {d.doc_id: maker.parse_key(d) for d in documents}

    small, large = parse_keys(2_000), parse_keys(50_000)
    changed = {doc_id for doc_id in small if small[doc_id] != large[doc_id]}
    assert changed == {"long"}


def test_two_worker_processes_give_the_same_rows_and_fill_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr("textmine.analysis._MIN_CHUNK_CHARS", 1)  # one document per work unit
    serial, _, _ = _analyze(load_config(), ResultCache(tmp_path / "serial"), n_process=1)
    pooled_cache = ResultCache(tmp_path / "pooled")
    pooled, stats, _ = _analyze(load_config(), pooled_cache, n_process=2)
    assert stats.n_process == 2 and stats.parsed == 2
    assert pooled == serial  # the embeddings too (USE, loaded in each worker)
    vectors = list((tmp_path / "pooled" / "embeddings").rglob("*.f32"))
    assert len(vectors) == len({r["text"] for r in pooled["proposals"]}) >= 3
    # The workers wrote the cache entries: a rerun parses nothing.
    _, rerun, _ = _analyze(load_config(), pooled_cache, n_process=2)
    assert rerun.fully_cached == 2 and rerun.parsed == 0


def _die(items):
    import os

    os._exit(1)  # a worker process killed (out of memory, signal)


def test_a_dead_worker_process_does_not_hang_or_lose_documents(tmp_path, monkeypatch):
    monkeypatch.setattr("textmine.analysis._MIN_CHUNK_CHARS", 1)
    serial, _, _ = _analyze(load_config(), ResultCache(tmp_path / "serial"), n_process=1)
    monkeypatch.setattr("textmine.analysis._extract_in_worker", _die)
    rows, stats, _ = _analyze(load_config(), ResultCache(tmp_path / "pooled"), n_process=2)
    assert rows == serial and stats.parsed == 2


def test_no_worker_processes_allowed_means_analysing_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr("textmine.analysis._MIN_CHUNK_CHARS", 1)
    serial, _, _ = _analyze(load_config(), ResultCache(tmp_path / "serial"), n_process=1)

    def refuse(*args):
        raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr("textmine.analysis._start_worker_pool", refuse)
    rows, stats, _ = _analyze(load_config(), ResultCache(tmp_path / "daemon"), n_process=2)
    assert rows == serial and stats.parsed == 2


def test_a_single_work_unit_goes_to_the_worker_processes(tmp_path, monkeypatch):
    """A small last batch of a large run must not be parsed here while the workers parse the
    others (three busy processes on two cores)."""
    import textmine.analysis

    serial, _, _ = _analyze(load_config(), ResultCache(tmp_path / "serial"), n_process=1)
    parsed_here = []
    real_parse = textmine.analysis.parse_texts

    def recording_parse(texts, *args, **kwargs):
        texts = list(texts)
        parsed_here.extend((os.getpid(), text) for text in texts)
        return real_parse(texts, *args, **kwargs)

    monkeypatch.setattr("textmine.analysis.parse_texts", recording_parse)
    parent = os.getpid()
    rows, stats, _ = _analyze(load_config(), ResultCache(tmp_path / "one-unit"), n_process=2)
    assert rows == serial and stats.parsed == 2
    assert not [text for pid, text in parsed_here if pid == parent and text in TEXTS.values()]


# --------------------------------------------------------------------------- embeddings


@pytest.fixture()
def encoder(monkeypatch):
    from tests.test_embeddings import CountingEncoder
    from textmine import embeddings

    fake = CountingEncoder()
    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", lambda: fake)
    embeddings.forget_encoders()
    yield fake
    embeddings.forget_encoders()


def test_embeddings_are_computed_once_per_distinct_text_across_reruns(cache, encoder):
    rows, _, _ = _analyze(load_config(), cache)
    texts = [r["text"] for r in rows["proposals"]]
    assert len(texts) >= 3
    assert sorted(encoder.texts) == sorted(set(texts))
    assert {r["proposal_id"] for r in rows["proposal_embeddings"]} == {
        r["proposal_id"] for r in rows["proposals"]
    }
    assert all(len(r["embedding"]) == 16 * 4 for r in rows["proposal_embeddings"])
    n_encoded = len(encoder.texts)
    # An unchanged rerun, and a reparse (another entity setting): the encoder is not called.
    _analyze(load_config(), cache)
    _, stats, _ = _analyze(load_config(None, ["entities.recase_capitalized_names=false"]), cache)
    # The reparse recomputes the embeddings stage, from the vectors cached per text.
    assert stats.stage_recomputed["embeddings"] == 2 and len(encoder.texts) == n_encoded


def test_a_new_truncation_embeds_again_without_the_parse(cache, encoder):
    _analyze(load_config(), cache)
    n_encoded = len(encoder.texts)
    config = load_config(None, ["clustering.embedding_max_chars=20"])

    def no_model():
        raise AssertionError("only embeddings to compute: the pipeline should not be loaded")

    rows, stats, _ = analyze_documents(
        _documents(), no_model, model_version(config.nlp.model), config, cache
    )
    assert stats.stage_recomputed == {"embeddings": 2} and stats.parsed == 0
    assert len(encoder.texts) > n_encoded
    assert all(len(t) <= 20 for t in encoder.texts[n_encoded:])
    assert len(rows["proposal_embeddings"]) == len(rows["proposals"])


def test_an_encoder_failure_is_not_cached_and_the_next_run_embeds(cache, monkeypatch):
    from tests.test_embeddings import BrokenEncoder, CountingEncoder
    from textmine import embeddings

    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", BrokenEncoder)
    embeddings.forget_encoders()
    rows, _, _ = _analyze(load_config(), cache)
    assert rows["proposal_embeddings"] and all(
        r["embedding"] is None for r in rows["proposal_embeddings"]
    )
    fake = CountingEncoder()
    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", lambda: fake)
    embeddings.forget_encoders()
    try:
        rows, stats, _ = _analyze(load_config(), cache)
    finally:
        embeddings.forget_encoders()
    assert stats.stage_recomputed == {"embeddings": 2} and stats.parsed == 0
    assert all(r["embedding"] is not None for r in rows["proposal_embeddings"])
