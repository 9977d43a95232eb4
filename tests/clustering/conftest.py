"""Fixtures of the clustering tests: three obvious themes of French proposals, parsed once."""

from __future__ import annotations

import pandas as pd
import pytest

from textmine.clustering import UNCLUSTERED
from textmine.config import ClusteringConfig

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

# A fourth theme close to the first (transport): the two belong in one broad group.
TRAIN = [
    "Rouvrir les petites lignes de train pour les transports du quotidien.",
    "Baisser le prix des billets de train régionaux.",
    "Développer les trains de nuit entre les grandes villes.",
    "Augmenter la fréquence des trains régionaux le matin.",
    "Financer la rénovation des lignes de train et des gares.",
    "Créer un billet unique pour le train et le bus régional.",
]


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


@pytest.fixture(scope="package")
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
