"""Clustering of proposals: themes found, deterministic, unclustered group, labels, duplicates, ids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from textmine import schema
from textmine.clustering import (
    UNCLUSTERED,
    ProposalVectorizer,
    cluster_proposals,
    consensus_spectral,
    estimate_title_lemmas,
    find_near_duplicates,
)
from textmine.config import ClusteringConfig
from textmine.phrases import PhraseIndex

THEMES = {
    "velo": [
        "Créer des pistes cyclables sécurisées dans toutes les villes.",
        "Développer le vélo en ville avec des pistes cyclables protégées.",
        "Financer des parkings à vélo sécurisés près des gares.",
        "Aider l'achat de vélos électriques pour les trajets domicile-travail.",
        "Relier les communes par un réseau de pistes cyclables continues.",
        "Apprendre le vélo aux enfants et sécuriser les pistes cyclables près des écoles.",
    ],
    "impots": [
        "Baisser l'impôt sur le revenu des classes moyennes.",
        "Rétablir l'impôt sur la fortune et taxer les grandes fortunes.",
        "Simplifier la déclaration d'impôt sur le revenu.",
        "Baisser la TVA et l'impôt sur le revenu, taxer davantage la fortune des riches.",
        "Lutter contre la fraude fiscale pour que les entreprises paient leurs impôts.",
        "Rendre l'impôt sur le revenu plus progressif avec davantage de tranches.",
    ],
    "hopital": [
        "Recruter des infirmières et des médecins dans les hôpitaux publics.",
        "Ouvrir des maisons de santé avec des médecins dans les déserts médicaux.",
        "Augmenter le salaire des infirmières de l'hôpital public.",
        "Rouvrir les services d'urgence des petits hôpitaux.",
        "Former davantage de médecins généralistes pour les déserts médicaux.",
        "Réduire l'attente aux urgences de l'hôpital avec plus de médecins.",
    ],
}


def _lemmas(nlp, texts: list[str]) -> list[str]:
    keep = {"NOUN", "PROPN", "VERB", "ADJ"}
    return [
        " ".join(
            t.lemma_.lower()
            for t in doc
            if not t.is_stop and t.is_alpha and len(t.text) >= 2 and t.pos_ in keep
        )
        for doc in nlp.pipe(texts)
    ]


def _proposals(nlp, texts: list[str], ids: list[str] | None = None) -> pd.DataFrame:
    ids = ids or [f"p{i:03d}" for i in range(len(texts))]
    return pd.DataFrame(
        {
            "proposal_id": ids,
            "doc_id": [f"d{i % 4}" for i in range(len(texts))],
            "kind": "contribution",
            "start_char": 0,
            "end_char": [len(t) for t in texts],
            "text": texts,
            "lemmas": _lemmas(nlp, texts),
        }
    )


@pytest.fixture(scope="module")
def themed(nlp) -> tuple[pd.DataFrame, list[str]]:
    texts, gold = [], []
    for theme, items in THEMES.items():
        texts += items
        gold += [theme] * len(items)
    return _proposals(nlp, texts), gold


def _config(**fields) -> ClusteringConfig:
    return ClusteringConfig(**{"n_clusters": 3, "unclustered_share": 0.0, **fields})


def _partition(frame: pd.DataFrame) -> set[frozenset[str]]:
    return {
        frozenset(group["proposal_id"])
        for cid, group in frame.groupby("cluster_id")
        if cid != UNCLUSTERED
    }


@pytest.mark.parametrize("representation", ["auto", "tfidf", "lsa"])
def test_clusters_recover_obvious_themes(themed, representation):
    frame, gold = themed
    clustered, clusters = cluster_proposals(frame, _config(representation=representation))
    expected = {frozenset(frame.loc[[g == theme for g in gold], "proposal_id"]) for theme in THEMES}
    assert _partition(clustered) == expected
    assert set(clusters["cluster_id"]) == {0, 1, 2}
    assert (clustered["cluster_id"] != UNCLUSTERED).all()


def test_word_vectors_representation_uses_the_vocab(themed, nlp):
    frame, gold = themed
    clustered, _ = cluster_proposals(frame, _config(representation="lsa_vectors"), vocab=nlp.vocab)
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity >= 16  # at most 2 of 18 misplaced with weak md vectors mixed in


def test_same_result_whatever_the_input_order(themed):
    frame, _ = themed
    first, first_clusters = cluster_proposals(frame, _config(n_clusters="auto"))
    shuffled = frame.sample(frac=1.0, random_state=7)
    second, second_clusters = cluster_proposals(shuffled, _config(n_clusters="auto"))
    assert second.index.tolist() == shuffled.index.tolist()  # input order kept
    merged = first.merge(second, on="proposal_id", suffixes=("", "_2"))
    assert len(merged) == len(frame)
    assert (merged["cluster_id"] == merged["cluster_id_2"]).all()
    assert (merged["cluster_label"] == merged["cluster_label_2"]).all()
    pd.testing.assert_frame_equal(first_clusters, second_clusters)


def test_n_clusters_is_respected(themed):
    frame, _ = themed
    for k in (2, 4):
        _, clusters = cluster_proposals(frame, _config(n_clusters=k))
        assert (clusters["cluster_id"] >= 0).sum() == k


def test_outliers_go_to_the_unclustered_group(themed, nlp):
    frame, _ = themed
    outliers = _proposals(
        nlp,
        [
            "Protéger les abeilles contre les pesticides néonicotinoïdes.",
            "Organiser un référendum sur la chasse à courre.",
        ],
        ids=["z001", "z002"],
    )
    both = pd.concat([frame, outliers], ignore_index=True)
    clustered, clusters = cluster_proposals(both, _config(unclustered_share=0.1))
    unclustered = set(clustered.loc[clustered["cluster_id"] == UNCLUSTERED, "proposal_id"])
    assert {"z001", "z002"} <= unclustered
    assert len(unclustered) == 2  # floor(0.1 * 20) proposals
    row = clusters[clusters["cluster_id"] == UNCLUSTERED].iloc[0]
    assert row["size"] == 2 and row["status"] == "unclustered"


def test_labels_unique_readable_and_clusters_table_conforms(themed):
    frame, _ = themed
    clustered, clusters = cluster_proposals(frame, _config())
    assert clusters["label"].str.lower().is_unique
    assert all(0 < len(label) <= 60 for label in clusters["label"])
    assert list(clusters.columns) == schema.TABLES["clusters"].names
    schema.to_arrow("clusters", clusters)  # types match the contract
    for _, row in clusters.iterrows():
        assert len(row["representative_ids"]) == 5
        members = clustered.loc[clustered["cluster_id"] == row["cluster_id"]]
        assert set(row["representative_ids"]) <= set(members["proposal_id"])
        assert row["size"] == len(members)
        assert row["n_documents"] == members["doc_id"].nunique()
    by_label = dict(zip(clusters["cluster_id"], clusters["label"], strict=True))
    assert (clustered["cluster_label"] == clustered["cluster_id"].map(by_label)).all()
    bike = clusters.loc[clusters["top_terms"].map(lambda t: "cyclable" in " ".join(t))]
    assert len(bike) == 1


def test_near_duplicates_linked_and_counted_once(themed, nlp):
    frame, _ = themed
    repeats = _proposals(
        nlp,
        [
            "Créer des pistes cyclables sécurisées dans toutes les villes !",  # p000 again
            "Baisser l’impôt sur le revenu des classes moyennes",  # p006 again
        ],
        ids=["q001", "q002"],
    )
    both = pd.concat([frame, repeats], ignore_index=True)
    clustered, clusters = cluster_proposals(both, _config())
    dup = clustered.set_index("proposal_id")["duplicate_of"]
    assert dup["q001"] == "p000" and dup["q002"] == "p006"
    assert dup.drop(["q001", "q002"]).isna().all()
    cid = clustered.set_index("proposal_id")["cluster_id"]
    assert cid["q001"] == cid["p000"]
    row = clusters.set_index("cluster_id").loc[cid["p000"]]
    assert row["size"] == 7 and row["n_distinct"] == 6
    assert "q001" not in row["representative_ids"]


def test_near_duplicate_detection_is_selective():
    texts = ["a", "b", "c", "d"]
    lemmas = [
        "créer piste cyclable ville",
        "créer piste cyclable ville sécurisé",
        "baisser impôt revenu",
        "hôpital médecin",
    ]
    groups = find_near_duplicates(texts, lemmas, threshold=0.5)
    assert groups[1] == 0 and groups[2] == 2 and groups[3] == 3


def test_stable_ids_and_labels_kept_on_rerun(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config())
    renamed = first.copy()
    renamed_label = "Vélo au quotidien"
    bike = renamed.loc[renamed["proposal_id"] == "p000", "cluster_id"].iloc[0]
    renamed.loc[renamed["cluster_id"] == bike, "cluster_label"] = renamed_label
    # Shift ids as a longer history would have them.
    renamed["cluster_id"] = renamed["cluster_id"] + 10
    added = _proposals(
        nlp, ["Construire des pistes cyclables le long des routes départementales."], ["p100"]
    )
    second, clusters = cluster_proposals(
        pd.concat([frame, added], ignore_index=True), _config(), previous=renamed
    )
    ids = second.set_index("proposal_id")["cluster_id"]
    old = first.set_index("proposal_id")["cluster_id"]
    assert (ids.drop("p100") == old + 10).all()
    assert ids["p100"] == ids["p000"]
    assert set(clusters["status"]) == {"persisting"}
    assert clusters.set_index("cluster_id").loc[bike + 10, "label"] == renamed_label


def test_new_and_merged_clusters_are_recorded(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config(n_clusters=3))
    garden = _proposals(
        nlp,
        [
            "Créer des jardins partagés dans chaque quartier.",
            "Installer des jardins potagers partagés sur les toits.",
            "Mettre des terrains à disposition pour des jardins partagés.",
            "Former les habitants au jardinage dans les jardins partagés.",
            "Développer les jardins partagés et les potagers urbains.",
            "Ouvrir des jardins partagés dans les écoles.",
        ],
        ids=[f"g{i}" for i in range(6)],
    )
    second, clusters = cluster_proposals(
        pd.concat([frame, garden], ignore_index=True), _config(n_clusters=4), previous=first
    )
    status = clusters.set_index("cluster_id")["status"]
    garden_id = second.set_index("proposal_id").loc["g0", "cluster_id"]
    assert status[garden_id] == "new" and garden_id > first["cluster_id"].max()
    assert (status.drop(garden_id) == "persisting").all()
    # Fewer clusters now: two previous clusters end up in one, recorded as merged.
    _, fewer = cluster_proposals(frame, _config(n_clusters=2), previous=first)
    merged = fewer[fewer["status"] == "merged"]
    assert len(merged) == 1 and len(merged.iloc[0]["previous_ids"]) == 2
    # And back: one previous cluster now shared between two clusters, recorded as split.
    two, _ = cluster_proposals(frame, _config(n_clusters=2))
    _, more = cluster_proposals(frame, _config(n_clusters=3), previous=two)
    split = more[more["status"] == "split"]
    assert len(split) == 2 and split["previous_ids"].map(tuple).nunique() == 1
    assert len(set(split["cluster_id"]) & set(two["cluster_id"])) == 1  # one piece keeps the id


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs_do_not_crash(themed, n):
    frame, _ = themed
    clustered, clusters = cluster_proposals(frame.head(n), ClusteringConfig())
    assert len(clustered) == n
    assert (clustered["cluster_id"] == UNCLUSTERED).all()
    assert clusters["size"].sum() == n
    assert list(clusters.columns) == schema.TABLES["clusters"].names


def test_proposals_without_content_are_unclustered_not_dropped(themed):
    frame, _ = themed
    empty = pd.DataFrame(
        {"proposal_id": ["e1", "e2"], "doc_id": "d9", "text": ["!!!", None], "lemmas": ["", None]}
    )
    clustered, _ = cluster_proposals(pd.concat([frame, empty], ignore_index=True), _config())
    assert len(clustered) == 20
    assert (clustered.set_index("proposal_id").loc[["e1", "e2"], "cluster_id"] == -1).all()


def test_repeated_proposal_ids_are_refused(themed):
    frame, _ = themed
    with pytest.raises(ValueError, match="unique"):
        cluster_proposals(pd.concat([frame, frame.head(1)]), _config())


def test_per_proposal_vectors_matrix_is_accepted(themed):
    frame, gold = themed
    rng = np.random.RandomState(0)
    centers = {theme: rng.normal(size=8) for theme in THEMES}
    matrix = np.array([centers[g] + 0.1 * rng.normal(size=8) for g in gold])
    clustered, _ = cluster_proposals(frame, _config(), vectors=matrix)
    assert len(_partition(clustered)) == 3
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity == 18
    with pytest.raises(ValueError, match="one row per proposal"):
        cluster_proposals(frame, _config(), vectors=matrix[:5])


@pytest.mark.parametrize(
    "representation", ["tfidf", "lsa", "tfidf_vectors", "lsa_vectors", "tfidf_sif", "lsa_sif"]
)
def test_vectorizer_transform_matches_fit_transform(themed, nlp, representation):
    frame, _ = themed
    lemmas = frame["lemmas"].tolist()
    titles = [" ".join(s.split()[:2]) for s in lemmas]
    vectorizer = ProposalVectorizer(representation, vocab=nlp.vocab, title_weight=0.5)
    fitted = vectorizer.fit_transform(lemmas, titles)
    again = vectorizer.transform(lemmas, titles)
    if hasattr(fitted, "toarray"):
        fitted, again = fitted.toarray(), again.toarray()
    np.testing.assert_allclose(fitted, again, atol=1e-5)
    assert vectorizer.representation_ == representation
    # Without word vectors, vector representations fall back to LSA (SIF ones to their base).
    assert ProposalVectorizer("vectors").fit(lemmas).representation_ == "lsa"
    assert ProposalVectorizer("tfidf_sif").fit(lemmas).representation_ == "tfidf"
    assert ProposalVectorizer("lsa_sif").fit(lemmas).representation_ == "lsa"


def test_title_lemmas_are_found_at_the_start_of_the_lemmas(nlp):
    text = "Développer les pistes cyclables\n\nLes élus doivent financer des pistes sécurisées."
    lemmas = _lemmas(nlp, [text])[0]
    assert estimate_title_lemmas(text, lemmas) == "développer piste cyclable"
    assert estimate_title_lemmas("Les ans passent\n\nIl a 18 ans.", "an passer an") == "an passer"
    # No separate first line: no title.
    assert estimate_title_lemmas("Développer les pistes cyclables.", "développer piste") == ""
    assert estimate_title_lemmas("Un titre\n\n", "titre") == ""
    assert estimate_title_lemmas("", "") == ""


def test_title_weight_brings_a_proposal_closer_to_its_title(themed):
    frame, _ = themed
    lemmas = frame["lemmas"].tolist()
    titles = [" ".join(s.split()[:2]) for s in lemmas]
    plain = ProposalVectorizer("tfidf").fit(lemmas)
    weighted = ProposalVectorizer("tfidf", title_weight=0.5).fit(lemmas, titles)
    title_rows = plain.transform(titles)
    closeness = [
        np.asarray(model.transform(lemmas, titles).multiply(title_rows).sum(axis=1)).ravel()
        for model in (plain, weighted)
    ]
    assert (closeness[1] > closeness[0] - 1e-6).all() and (closeness[1] > closeness[0]).any()


def test_consensus_does_not_depend_on_one_graph_and_is_deterministic(themed):
    frame, gold = themed
    matrix = ProposalVectorizer("tfidf").fit_transform(frame["lemmas"].tolist())
    labels = consensus_spectral(matrix, 3, neighbours=[3, 4, 5], random_state=0)
    assert pd.crosstab(labels, np.array(gold)).max(axis=1).sum() == 18
    np.testing.assert_array_equal(
        labels, consensus_spectral(matrix, 3, neighbours=[5, 3, 4], random_state=0)
    )


def test_default_with_word_vectors_recovers_themes(themed, nlp):
    frame, gold = themed
    clustered, _ = cluster_proposals(frame, _config(), vocab=nlp.vocab)
    purity = pd.crosstab(clustered["cluster_id"], np.array(gold)).max(axis=1).sum()
    assert purity == 18


def test_fold_in_keeps_every_cluster_and_places_new_proposals(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config(unclustered_share=0.1))
    previous = first.copy()
    clustered = previous["cluster_id"] >= 0
    previous.loc[clustered, "cluster_id"] += 10  # ids from a longer history
    added = _proposals(
        nlp,
        [
            "Construire des pistes cyclables le long des routes départementales.",
            "Recruter des médecins pour les urgences des hôpitaux.",
            "Organiser un concours de chant choral pour les chorales amateurs.",
        ],
        ["p100", "p101", "p102"],
    )
    grown = pd.concat([frame, added], ignore_index=True)
    second, clusters = cluster_proposals(
        grown, _config(unclustered_share=0.1), previous=previous, fold_in=True
    )
    ids = second.set_index("proposal_id")["cluster_id"]
    before = previous.set_index("proposal_id")["cluster_id"]
    assert (ids.drop(["p100", "p101", "p102"]) == before).all()  # nothing known moves
    assert ids["p100"] == ids["p000"]  # bikes
    assert ids["p101"] == before[frame.loc[12, "proposal_id"]]  # hospitals
    assert ids["p102"] == UNCLUSTERED  # fits no cluster
    assert set(clusters.loc[clusters["cluster_id"] >= 0, "status"]) == {"persisting"}


def test_fold_in_reassigns_a_known_proposal_whose_text_changed(themed, nlp):
    frame, _ = themed
    first, _ = cluster_proposals(frame, _config())
    changed = frame.copy()
    changed.loc[0, ["text", "lemmas"]] = (
        _proposals(nlp, ["Recruter des infirmières dans les hôpitaux publics."])
        .loc[0, ["text", "lemmas"]]
        .to_numpy()
    )
    second, _ = cluster_proposals(changed, _config(), previous=first, fold_in=True)
    ids = second.set_index("proposal_id")["cluster_id"]
    assert ids["p000"] == ids["p012"]  # now with the hospitals, not the bikes


@pytest.mark.parametrize("sparse_input", [True, False])
def test_neighbour_lists_are_the_brute_force_cosine_neighbours(sparse_input):
    from sklearn.neighbors import NearestNeighbors

    from textmine.clustering import _neighbour_lists

    rng = np.random.default_rng(3)
    # A sparse bag-of-words part and a dense word-vector block, as the default representation.
    words = sp.random(300, 400, density=0.02, random_state=4, format="csr")
    vectors = rng.normal(size=(300, 20))
    matrix = sp.hstack([words, sp.csr_matrix(vectors)]).tocsr()
    if not sparse_input:
        matrix = matrix.toarray()
    expected = (
        NearestNeighbors(n_neighbors=12, metric="cosine", algorithm="brute")
        .fit(matrix)
        .kneighbors(return_distance=False)
    )
    got = _neighbour_lists(matrix, 12)
    assert got.shape == (300, 12)
    assert not (got == np.arange(300)[:, None]).any()  # never itself
    np.testing.assert_array_equal(got, expected)


def test_labels_and_top_terms_are_corpus_phrases_when_given(themed):
    frame, _ = themed
    phrases = PhraseIndex.from_candidates(
        pd.DataFrame(
            {
                "term": ["piste cyclable", "impôt sur le revenu", "désert médical"],
                "count": [4, 4, 2],
            }
        )
    )
    plain, plain_clusters = cluster_proposals(frame, _config())
    clustered, clusters = cluster_proposals(frame, _config(), phrases=phrases)
    assert _partition(clustered) == _partition(plain)  # only what is shown changes
    labels = set(clusters["label"])
    assert {"Piste cyclable", "Impôt sur le revenu"} <= labels
    assert "impôt revenu" in {t for terms in plain_clusters["top_terms"] for t in terms}
    shown = {t for terms in clusters["top_terms"] for t in terms}
    assert {"piste cyclable", "impôt sur le revenu"} <= shown
    # Every multi-word term shown is a phrase of the corpus, never a lemma bigram.
    assert {t for t in shown if " " in t} <= set(phrases.terms.values())
    assert "cyclable" not in shown and "revenu" not in shown  # shown through their phrase
