"""Helpers for proposal tests: the default configuration, a numbered text, rows by kind."""

from __future__ import annotations

from textmine.config import ProposalsConfig

CONFIG = ProposalsConfig()

NUMBERED_WITH_BULLETS = """Synthèse des recommandations

Recommandation 1 – Renforcer la gouvernance numérique des territoires
● Créer une conférence régionale du numérique associant l'État et les collectivités.
● Désigner un référent numérique dans chaque intercommunalité, chargé de
coordonner les projets de mutualisation.
● Publier chaque année un bilan des projets menés.

Recommandation 2 – Mutualiser l'ingénierie
● Constituer des équipes partagées entre communes.

Volet II - Financer les projets
Le financement des projets reste un enjeu majeur pour les petites communes.
"""


def by_kind(rows: list[dict], kind: str) -> list[dict]:
    return [r for r in rows if r["kind"] == kind]
