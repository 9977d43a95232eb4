"""Topics: deterministic, independent of row order, robust to tiny corpora."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textmine.config import ThemesConfig
from textmine.phrases import PhraseIndex, StopTerms
from textmine.schema import TABLES
from textmine.themes import ThemeModel, fit_themes, section_themes

VOCABULARIES = {
    "accessibility": "accessibilité handicap référentiel rgaa site accessible audit conformité",
    "data": "donnée ouverture jeu open publication réutilisation licence portail",
    "cloud": "cloud hébergement souverain serveur offre infrastructure sécurité datacenter",
}


def _corpus(n_per_theme: int = 4) -> pd.DataFrame:
    rows = []
    for theme, words in VOCABULARIES.items():
        vocabulary = words.split()
        for i in range(n_per_theme):
            # Each document: its theme's words, rotated, plus a word shared by all.
            picked = vocabulary[i:] + vocabulary[:i]
            text = " ".join(picked[:6] * 2 + ["numérique", "administration"])
            rows.append({"doc_id": f"{theme}-{i}", "lemmas": text})
    return pd.DataFrame(rows)


def _main_theme(document_themes: pd.DataFrame) -> dict[str, int]:
    best = document_themes.sort_values("weight", ascending=False).drop_duplicates("doc_id")
    return dict(zip(best["doc_id"], best["theme_id"], strict=True))


def test_topics_recover_the_planted_themes():
    themes, document_themes = fit_themes(_corpus(), ThemesConfig())
    assert list(themes.columns) == TABLES["themes"].names
    assert list(document_themes.columns) == TABLES["document_themes"].names
    assert len(themes) == 3
    main = _main_theme(document_themes)
    for theme in VOCABULARIES:
        assert len({main[f"{theme}-{i}"] for i in range(4)}) == 1, theme
    assert len(set(main.values())) == 3
    assert themes["label"].is_unique
    assert themes["n_documents"].sum() == 12
    sums = document_themes.groupby("doc_id")["weight"].sum()
    assert ((sums > 0.9) & (sums <= 1.0 + 1e-6)).all()


def test_topics_are_deterministic_and_independent_of_row_order():
    corpus = _corpus()
    config = ThemesConfig(random_state=3)
    first = fit_themes(corpus, config)
    again = fit_themes(corpus, config)
    shuffled = fit_themes(corpus.sample(frac=1, random_state=7), config)
    for a, b, c in zip(first, again, shuffled, strict=True):
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)


def test_labels_show_bigrams_and_stay_unique():
    contexts = ["projet lauréat", "agent métier", "expérimentation administration"]
    rows = [
        {"doc_id": f"ia-{i}", "lemmas": f"intelligence artificielle {words} " * 2}
        for i, words in enumerate(contexts)
    ] + [
        {"doc_id": f"dt-{i}", "lemmas": f"donnée publique ouverture {words} " * 2}
        for i, words in enumerate(contexts)
    ]
    themes, _ = fit_themes(pd.DataFrame(rows), ThemesConfig(n_topics=2))
    labels = " / ".join(themes["label"])
    assert "intelligence artificielle" in labels
    assert themes["label"].is_unique


def test_fixed_number_of_topics_is_honoured():
    themes, _ = fit_themes(_corpus(), ThemesConfig(n_topics=2))
    assert len(themes) == 2


@pytest.mark.parametrize("n_docs", [0, 1])
def test_empty_or_single_document_corpus_gives_empty_tables(n_docs):
    corpus = _corpus().head(n_docs)
    themes, document_themes = fit_themes(corpus, ThemesConfig())
    assert themes.empty and document_themes.empty
    assert list(themes.columns) == TABLES["themes"].names


def test_three_documents_and_blank_rows_still_work():
    corpus = pd.concat(
        [
            _corpus(1),
            pd.DataFrame({"doc_id": ["blank", "none"], "lemmas": ["   ", None]}),
        ]
    )
    themes, document_themes = fit_themes(corpus, ThemesConfig())
    assert 1 <= len(themes) <= 2
    assert set(document_themes["doc_id"]) <= {"accessibility-0", "data-0", "cloud-0"}


def test_section_themes_weights_each_section():
    model = ThemeModel(ThemesConfig(n_topics=3)).fit(_corpus())
    sentences = pd.DataFrame(
        {
            "doc_id": ["x", "x", "x"],
            "section": ["Accessibilité", "Accessibilité", "Cloud"],
            "lemmas": ["rgaa audit handicap", "accessible conformité", "cloud serveur souverain"],
        }
    )
    table = section_themes(sentences, model)
    assert list(table.columns) == TABLES["section_themes"].names
    main = table.sort_values("weight", ascending=False).drop_duplicates("section")
    by_section = dict(zip(main["section"], main["theme_id"], strict=True))
    assert by_section["Accessibilité"] != by_section["Cloud"]


def test_number_of_topics_chosen_on_a_sample_of_a_large_corpus():
    corpus = _corpus(n_per_theme=40)  # 120 documents, k chosen on 60 of them
    config = ThemesConfig(selection_max_documents=60)
    themes, document_themes = fit_themes(corpus, config)
    assert 3 <= len(themes) <= config.max_topics
    assert themes["n_documents"].sum() == 120
    main = _main_theme(document_themes)
    accessibility = {main[f"accessibility-{i}"] for i in range(40)}
    assert accessibility.isdisjoint({main[f"cloud-{i}"] for i in range(40)})
    again, _ = fit_themes(corpus.sample(frac=1, random_state=3), config)
    pd.testing.assert_frame_equal(themes, again)


class _OneAfterAnother:
    """A stand-in for ThreadPoolExecutor that runs each call in turn, in this thread."""

    def __init__(self, *_args: object) -> None:
        pass

    def __enter__(self) -> _OneAfterAnother:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def map(self, fn, items):
        return [fn(item) for item in items]


def test_topic_count_selection_in_threads_gives_the_serial_values(monkeypatch):
    import textmine.themes.topics as topics

    corpus = _corpus(n_per_theme=40)
    config = ThemesConfig(selection_max_documents=60, random_state=5)
    threaded = [ThemeModel(config).fit(corpus).stability_ for _ in range(3)]
    monkeypatch.setattr(topics, "ThreadPoolExecutor", _OneAfterAnother)
    serial = ThemeModel(config).fit(corpus).stability_
    assert len(serial) >= 2
    assert all(values == serial for values in threaded)


def test_topic_count_selection_is_repeatable_on_a_matrix_with_unsorted_indices(monkeypatch):
    """scipy sorts a matrix's indices in place when it first multiplies it: shared by threads
    unsorted, that race changed the stability values (and k) from one run to the next."""
    import numpy as np
    import scipy.sparse as sp

    import textmine.themes.topics as topics

    rng = np.random.default_rng(0)
    matrix = sp.random(400, 3000, density=0.03, random_state=1, format="csr")
    for row in range(matrix.shape[0]):  # same matrix, each row's entries in random order
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        order = start + rng.permutation(end - start)
        matrix.indices[start:end] = matrix.indices[order].copy()
        matrix.data[start:end] = matrix.data[order].copy()
    matrix.has_sorted_indices = False
    config = ThemesConfig(max_topics=8)

    def stability(unsorted: sp.csr_matrix) -> tuple[dict[int, float], dict[int, float]]:
        model = ThemeModel(config)
        model.stability_, model.stability_spread_ = {}, {}
        model._choose_n_topics(unsorted)
        return model.stability_, model.stability_spread_

    threaded = [stability(matrix.copy()) for _ in range(3)]
    monkeypatch.setattr(topics, "ThreadPoolExecutor", _OneAfterAnother)
    serial = stability(matrix.copy())
    assert all(values == serial for values in threaded)


def test_refresh_weighs_new_documents_with_the_fitted_topics():
    import pickle

    model = ThemeModel(ThemesConfig()).fit(_corpus())
    model = pickle.loads(pickle.dumps(model))  # as a rerun reads it back
    new = pd.DataFrame(
        [{"doc_id": "new-cloud", "lemmas": "cloud souverain hébergement serveur numérique"}]
    )
    refreshed = model.refresh(pd.concat([_corpus(), new], ignore_index=True))
    assert refreshed.labels_ == model.labels_ and refreshed.n_topics_ == model.n_topics_
    main = _main_theme(refreshed.document_themes_table())
    assert main["new-cloud"] == main["cloud-0"]
    assert len(refreshed.themes_table()) == 3
    assert refreshed.themes_table()["n_documents"].sum() == 13
    assert len(model.doc_ids_) == 12  # the fitted model itself is unchanged


def test_the_choice_of_the_number_of_themes_is_recorded_with_its_noise():
    model = ThemeModel(ThemesConfig(max_topics=6)).fit(_corpus())
    table = model.selection_table()
    assert table["n_topics"].tolist() == list(range(2, len(table) + 2))
    assert table.loc[table["chosen"], "n_topics"].tolist() == [model.n_topics_]
    assert table["stability"].between(0, 1.000001).all() and (table["stability_spread"] >= 0).all()
    fixed = ThemeModel(ThemesConfig(n_topics=3)).fit(_corpus())
    assert fixed.selection_table().empty  # set in the configuration: nothing was chosen


def test_top_terms_and_labels_show_bigrams_as_corpus_phrases():
    texts = {
        "demarches": "démarche ligne usager formulaire démarche ligne guichet accueil",
        "fibre": "zone rurale fibre débit zone rurale antenne village couverture",
        "donnees": "donnée ouverte licence portail donnée ouverte publication réutilisation",
    }
    corpus = pd.DataFrame(
        [
            {"doc_id": f"{name}-{i}", "lemmas": f"{text} {name} mot{i} {text}"}
            for name, text in texts.items()
            for i in range(4)
        ]
    )
    phrases = PhraseIndex.from_candidates(
        pd.DataFrame({"term": ["démarche en ligne", "zone rurale", "donnée ouverte"]})
    )
    config = ThemesConfig(n_topics=3)
    plain = ThemeModel(config).fit(corpus)
    readable = ThemeModel(config).fit(corpus, phrases)
    plain_terms = {t for terms in plain.top_terms_ for t in terms}
    shown = {t for terms in readable.top_terms_ for t in terms}
    assert "démarche ligne" in plain_terms and "ligne usager" in plain_terms
    assert {"démarche en ligne", "zone rurale", "donnée ouverte"} <= shown
    assert {t for t in shown if " " in t} <= set(phrases.terms.values())
    assert any("démarche en ligne" in label for label in readable.labels_)
    # Same topics: only how they are shown changes.
    assert np.allclose(plain.doc_weights_, readable.doc_weights_)


def test_a_saved_model_is_read_back_and_an_unreadable_one_is_none(tmp_path):
    from textmine.themes import load_theme_model, save_theme_model

    model = ThemeModel(ThemesConfig()).fit(_corpus())
    save_theme_model(model, tmp_path / "analysis" / "theme_model.pkl")
    again = load_theme_model(tmp_path / "analysis" / "theme_model.pkl")
    assert again.labels_ == model.labels_
    (tmp_path / "broken.pkl").write_bytes(b"not a pickle")
    assert load_theme_model(tmp_path / "broken.pkl") is None
    assert load_theme_model(tmp_path / "absent.pkl") is None


def test_stop_terms_are_never_top_terms_nor_in_labels():
    texts = {
        "revenu": "revenu universel montant seuil pauvreté revenu universel versement",
        "fibre": "zone rurale fibre débit zone rurale antenne village couverture",
        "activite": "activité emploi insertion activité accompagnement emploi formation",
    }
    corpus = pd.DataFrame(
        [
            {"doc_id": f"{name}-{i}", "lemmas": f"{text} mot{i} {text}"}
            for name, text in texts.items()
            for i in range(4)
        ]
    )
    phrases = PhraseIndex.from_candidates(pd.DataFrame({"term": ["revenu universel"]}))
    plain = ThemeModel(ThemesConfig(n_topics=3)).fit(corpus, phrases)
    config = ThemesConfig(n_topics=3, stop_terms=["Revenu universel", "activités"])
    model = ThemeModel(config).fit(corpus, phrases)
    assert any("revenu universel" in label for label in plain.labels_)
    shown = [t for terms in model.top_terms_ for t in terms] + model.labels_
    stop = StopTerms.from_terms(config.stop_terms)
    assert not [t for t in shown if any(stop.stops(part) for part in t.split(", "))]
    assert not [t for t in shown if "revenu" in t or "activit" in t]
    assert np.allclose(plain.doc_weights_, model.doc_weights_)  # what is shown, not the topics


def test_section_and_document_texts_are_joined_as_a_groupby_joins_them():
    from textmine.themes.topics import _clean, _joined

    frame = pd.DataFrame(
        {
            "doc_id": ["é-2", "a-1", "B-3", "a-1", "é-2", "a-1", "B-3"],
            "section": ["Zèbre", "intro", "", "intro", "Accès", "", ""],
            "lemmas": ["cinq", "un", "six", "deux", "quatre", "trois", "sept"],
        }
    )
    ordered = frame.sort_values(["doc_id", "section"], kind="stable")
    joined = _joined(
        ordered["doc_id"].tolist(), ordered["section"].tolist(), ordered["lemmas"].tolist()
    )
    expected = frame.groupby(["doc_id", "section"], sort=True)["lemmas"].agg(" ".join)
    assert list(zip(joined["doc_id"], joined["section"], strict=True)) == expected.index.tolist()
    assert joined["lemmas"].tolist() == expected.tolist()
    documents = _clean(frame)
    expected = frame.sort_values(["doc_id", "lemmas"], kind="stable").groupby("doc_id")["lemmas"]
    assert documents["doc_id"].tolist() == expected.agg(" ".join).index.tolist()
    assert documents["lemmas"].tolist() == expected.agg(" ".join).tolist()
