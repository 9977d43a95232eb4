"""Sub-themes: two levels where the documents of a broad theme hold topics of their own, none on a
tiny corpus or on a theme whose documents are word salad, the same ids on a rerun."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textmine.config import TextmineConfig, ThemesConfig
from textmine.schema import TABLES
from textmine.themes import ThemeModel
from textmine.themes.subthemes import explained_gain

# Three broad themes, each with words of its own and two sub-topics with theirs.
BROAD = {
    "santé": (
        "santé hôpital soin patient médecin",
        {
            "urgences": "urgence attente ambulance garde nuit brancard",
            "prévention": "vaccin prévention dépistage campagne rappel vaccination",
        },
    ),
    "école": (
        "école élève enseignant classe scolaire",
        {
            "cantine": "cantine repas menu restauration bio goûter",
            "numérique": "tablette ordinateur logiciel réseau wifi écran",
        },
    ),
    "transport": (
        "transport trajet voyageur mobilité déplacement",
        {
            "train": "train gare ligne quai horaire tgv",
            "vélo": "vélo piste cyclable stationnement casque trottinette",
        },
    ),
}
PER_SUB_TOPIC = 30


def _two_level_corpus(seed: int = 0, per_sub_topic: int = PER_SUB_TOPIC) -> pd.DataFrame:
    """Documents of 12 words: 6 of their broad theme, 6 of their sub-topic, drawn at random."""
    rng = np.random.default_rng(seed)
    rows = []
    for theme, (shared, subs) in BROAD.items():
        for sub, words in subs.items():
            for i in range(per_sub_topic):
                picked = list(rng.choice(shared.split(), 6)) + list(rng.choice(words.split(), 6))
                rows.append({"doc_id": f"{theme}-{sub}-{i:02d}", "lemmas": " ".join(picked)})
    return pd.DataFrame(rows)


def _fit(corpus: pd.DataFrame, **settings) -> ThemeModel:
    return ThemeModel(ThemesConfig(n_topics=3, **settings)).fit(corpus)


def _main(rows: pd.DataFrame, column: str) -> dict[str, int]:
    best = rows.sort_values(["weight", column], ascending=[False, True]).drop_duplicates("doc_id")
    return dict(zip(best["doc_id"], best[column], strict=True))


@pytest.fixture(scope="module")
def two_levels() -> ThemeModel:
    return _fit(_two_level_corpus())


def test_each_broad_theme_is_split_into_its_planted_sub_topics(two_levels):
    themes = two_levels.themes_table()
    sub_themes = two_levels.sub_themes_table()
    assert list(sub_themes.columns) == TABLES["sub_themes"].names
    assert themes["n_sub_themes"].tolist() == [2, 2, 2]
    assert (themes["sub_theme_gain"] >= ThemesConfig().sub_theme_min_gain).all()
    assert sub_themes["sub_theme_id"].tolist() == list(range(6))
    assert sorted(sub_themes["theme_id"].tolist()) == [0, 0, 1, 1, 2, 2]
    main_sub = _main(two_levels.document_sub_themes_table(), "sub_theme_id")
    for theme, (_, subs) in BROAD.items():
        for sub in subs:
            found = {main_sub[f"{theme}-{sub}-{i:02d}"] for i in range(PER_SUB_TOPIC)}
            assert len(found) == 1, (theme, sub, found)
    # Six planted sub-topics, six distinct sub-themes, each under its documents' broad theme.
    assert len(set(main_sub.values())) == 6
    parent = dict(zip(sub_themes["sub_theme_id"], sub_themes["theme_id"], strict=True))
    main_theme = _main(two_levels.document_themes_table(), "theme_id")
    assert all(parent[main_sub[doc]] == main_theme[doc] for doc in main_sub)


def test_sub_theme_labels_come_from_their_sub_topic_and_are_unique_across_levels(two_levels):
    sub_themes = two_levels.sub_themes_table()
    labels = [*two_levels.themes_table()["label"], *sub_themes["label"]]
    assert len(set(labels)) == len(labels)
    vocabularies = [set(w.split()) for _, subs in BROAD.values() for w in subs.values()]
    for terms in sub_themes["top_terms"]:
        # The first term names one planted sub-topic (not the broad theme's shared words).
        assert any(terms[0] in words for words in vocabularies), terms


def test_sub_theme_weights_divide_their_broad_themes_weight(two_levels):
    sub_themes = two_levels.sub_themes_table()
    for theme_id, weight in zip(
        two_levels.themes_table()["theme_id"], two_levels.themes_table()["weight"], strict=True
    ):
        under = sub_themes.loc[sub_themes["theme_id"] == theme_id, "weight"].sum()
        assert under == pytest.approx(weight, abs=1e-4)
    start = 0
    for fit in two_levels.sub_fits_:
        block = two_levels.sub_weights_[:, start : start + fit.n_topics]
        parent = two_levels.doc_weights_[:, fit.parent]
        listed = parent >= two_levels.config.min_theme_weight
        assert np.allclose(block.sum(axis=1)[listed], parent[listed], atol=1e-6)
        start += fit.n_topics


def test_sub_themes_are_the_same_on_a_rerun_and_in_any_row_order(two_levels):
    corpus = _two_level_corpus()
    again = _fit(corpus)
    shuffled = _fit(corpus.sample(frac=1, random_state=5))
    for other in (again, shuffled):
        pd.testing.assert_frame_equal(two_levels.sub_themes_table(), other.sub_themes_table())
        pd.testing.assert_frame_equal(
            two_levels.document_sub_themes_table(), other.document_sub_themes_table()
        )


def test_a_fold_in_keeps_the_sub_themes_and_weighs_new_documents(two_levels):
    new = pd.DataFrame(
        {
            "doc_id": ["zz-nouveau"],
            "lemmas": ["train gare quai horaire ligne transport trajet voyageur"],
        }
    )
    refreshed = two_levels.refresh(pd.concat([_two_level_corpus(), new]))
    pd.testing.assert_frame_equal(
        refreshed.sub_themes_table().drop(columns=["weight", "n_documents"]),
        two_levels.sub_themes_table().drop(columns=["weight", "n_documents"]),
    )
    rows = refreshed.document_sub_themes_table()
    best = rows[rows["doc_id"] == "zz-nouveau"].sort_values("weight").iloc[-1]
    trains = {
        _main(two_levels.document_sub_themes_table(), "sub_theme_id")[f"transport-train-{i:02d}"]
        for i in range(3)
    }
    assert {int(best["sub_theme_id"])} == trains


def test_no_sub_themes_on_a_tiny_corpus():
    model = _fit(_two_level_corpus(per_sub_topic=4))  # 8 documents per broad theme
    assert model.sub_themes_table().empty
    assert list(model.sub_themes_table().columns) == TABLES["sub_themes"].names
    assert model.document_sub_themes_table().empty
    themes = model.themes_table()
    assert (themes["n_sub_themes"] == 0).all()
    assert themes["sub_theme_gain"].isna().all()


def test_a_theme_of_word_salad_is_not_split():
    """60 documents drawn from one vocabulary with no structure inside: as well explained when
    shuffled, so ``auto`` leaves the theme whole while the planted themes are split."""
    rng = np.random.default_rng(1)
    salad = "impôt taxe budget dépense recette fiscalité dette déficit crédit contribuable"
    rows = [
        {"doc_id": f"zsalade-{i:02d}", "lemmas": " ".join(rng.choice(salad.split(), 12))}
        for i in range(60)
    ]
    corpus = pd.concat([_two_level_corpus(), pd.DataFrame(rows)], ignore_index=True)
    model = ThemeModel(ThemesConfig(n_topics=4)).fit(corpus)
    themes = model.themes_table()
    main_theme = _main(model.document_themes_table(), "theme_id")
    salad_theme = main_theme["zsalade-00"]
    assert {main_theme[f"zsalade-{i:02d}"] for i in range(60)} == {salad_theme}
    by_id = themes.set_index("theme_id")
    assert by_id.loc[salad_theme, "n_sub_themes"] == 0
    assert by_id.loc[salad_theme, "sub_theme_gain"] < ThemesConfig().sub_theme_min_gain
    assert (by_id.drop(index=salad_theme)["n_sub_themes"] == 2).all()


def test_a_number_of_sub_themes_splits_every_theme_with_enough_documents():
    model = _fit(_two_level_corpus(), sub_themes=3)
    assert model.themes_table()["n_sub_themes"].tolist() == [3, 3, 3]
    assert _fit(_two_level_corpus(), sub_themes=0).sub_themes_table().empty


def test_stop_terms_stay_out_of_sub_themes():
    model = _fit(_two_level_corpus(), stop_terms=["gare", "vaccin"])
    shown = {t for terms in model.sub_themes_table()["top_terms"] for t in terms}
    labels = " ".join(model.sub_themes_table()["label"])
    assert "gare" not in shown and "vaccin" not in shown
    assert "gare" not in labels and "vaccin" not in labels


def test_the_gain_is_high_along_planted_sub_topics_and_about_one_on_word_salad():
    corpus = _two_level_corpus()
    santé = corpus.loc[corpus["doc_id"].str.startswith("santé"), "lemmas"].tolist()
    assert explained_gain(santé, 2) > 2.0
    rng = np.random.default_rng(0)
    salad = [" ".join(rng.choice(santé[0].split() * 2, 12)) for _ in range(60)]
    assert 0.8 < explained_gain(salad, 2) < 1.2


def test_sub_themes_setting_is_validated():
    with pytest.raises(ValueError, match="sub_themes"):
        TextmineConfig.model_validate({"themes": {"sub_themes": -1}})


def test_a_theme_larger_than_the_selection_sample_is_split_the_same_way():
    """Above ``selection_max_documents`` the number of sub-themes is chosen on a sample (60
    documents per theme here, a sample of 50), and the sub-themes are still the planted ones."""
    model = _fit(_two_level_corpus(), selection_max_documents=50)
    assert model.themes_table()["n_sub_themes"].tolist() == [2, 2, 2]
    main_sub = _main(model.document_sub_themes_table(), "sub_theme_id")
    assert len(set(main_sub.values())) == 6


def test_the_gains_computed_in_two_threads_are_those_computed_one_after_the_other():
    from textmine.themes.subthemes import _choice_rows, _gain, _ranked_splits

    corpus = _two_level_corpus()
    texts = corpus.loc[corpus["doc_id"].str.startswith("école"), "lemmas"].tolist()
    config = ThemesConfig()
    words, null = _choice_rows(texts, config, seed=1)
    ranked = dict(_ranked_splits(words, null, config, seed=1))
    assert sorted(ranked) == [2, 3, 4, 5]
    for k, gain in ranked.items():
        assert gain == pytest.approx(_gain(words, null, k, seed=1), rel=1e-9)
