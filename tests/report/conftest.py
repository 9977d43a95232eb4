"""A small French run written for the report's tests: every table the page reads, hostile text
included, and the map tables of schema 1.6 built with the contract's columns."""

from __future__ import annotations

import pandas as pd
import pytest

from textmine import schema

HOSTILE_TITLE = 'Note <img src="x" onerror="window.__pwned=1">'
HOSTILE_SENTENCE = "Texte piégé : <script>window.__pwned=2</script> fin."
N_FILLER = 118  # with the two written proposals: 120, three pages of 50


def _sentences(doc_id: str, texts: list[str], sections: list[str]) -> tuple[str, list[dict]]:
    rows, at = [], 0
    for k, (text, section) in enumerate(zip(texts, sections, strict=True)):
        rows.append(
            {
                "doc_id": doc_id,
                "sent_id": k,
                "start_char": at,
                "end_char": at + len(text),
                "page": 1 + k // 2,
                "section": section,
                "text": text,
            }
        )
        at += len(text) + 1
    return " ".join(texts), rows


def french_tables() -> dict[str, pd.DataFrame]:
    """Three documents, 120 proposals in three clusters, entities, terms, themes, maps."""
    t1, s1 = _sentences(
        "d1",
        [
            "La Préfecture du Nord propose de créer un guichet unique pour les communes.",
            "Il faut mutualiser les logiciels des communes rurales.",
            "Le guichet unique simplifiera les démarches des usagers.",
        ],
        ["Introduction", "Introduction", "Recommandations"],
    )
    t2, s2 = _sentences(
        "d2",
        [
            "Élisabeth Borne annonce un plan pour l'écologie numérique.",
            "Le guichet numérique ouvrira en 2022.",
        ],
        ["Annonce", "Annonce"],
    )
    t3, s3 = _sentences("d3", [HOSTILE_SENTENCE, "Une phrase ordinaire."], ["Corps", "Corps"])
    documents = schema.conform(
        "documents",
        pd.DataFrame(
            {
                "doc_id": ["d1", "d2", "d3"],
                "path": ["rapport-mutualisation.md", "communique-ecologie.txt", "note.txt"],
                "format": ["md", "txt", "txt"],
                "title": ["Rapport sur la mutualisation", "Communiqué écologie", HOSTILE_TITLE],
                "date": ["2021-03-01", "2022-05-10", "2022-06-01"],
                "doc_type": ["rapport", "communiqué de presse", "note"],
                "issuer": ["Préfecture du Nord", "Ministère", None],
                "n_chars": [len(t1), len(t2), len(t3)],
                "status": ["ok", "ok", "ok"],
            }
        ),
    )
    sentences = schema.conform("sentences", pd.DataFrame(s1 + s2 + s3))
    entities = schema.conform(
        "entities",
        pd.DataFrame(
            {
                "doc_id": ["d1", "d2"],
                "sent_id": [0, 0],
                "start_char": [3, 0],
                "end_char": [21, 15],
                "text": ["Préfecture du Nord", "Élisabeth Borne"],
                "label": ["ORG", "PER"],
                "canonical": ["Préfecture du Nord", "Élisabeth Borne"],
                "entity_id": ["e1", "e2"],
            }
        ),
    )
    entity_index = schema.conform(
        "entity_index",
        pd.DataFrame(
            {
                "entity_id": ["e1", "e2"],
                "canonical": ["Préfecture du Nord", "Élisabeth Borne"],
                "label": ["ORG", "PER"],
                "aliases": [["préfecture"], []],
                "n_mentions": [1, 1],
                "n_documents": [1, 1],
            }
        ),
    )
    written = [
        ("pguichet", "d1", "Créer un guichet unique à la préfecture pour les communes.", 0, 0),
        ("plogiciel", "d1", "Mutualiser les logiciels des communes rurales.", 1, 1),
    ]
    filler = [
        (f"pf{k:03d}", "d2", f"Proposition {k} pour l'écologie numérique.", 2 if k % 2 else 1, 0)
        for k in range(N_FILLER)
    ]
    rows = written + filler
    first = s1[0]
    proposals = schema.conform(
        "proposals",
        pd.DataFrame(
            {
                "proposal_id": [r[0] for r in rows],
                "doc_id": [r[1] for r in rows],
                "kind": ["numbered", "prose"] + ["list_item"] * N_FILLER,
                "start_char": [first["start_char"], s1[1]["start_char"]] + [0] * N_FILLER,
                "end_char": [first["end_char"], s1[1]["end_char"]] + [10] * N_FILLER,
                "text": [r[2] for r in rows],
                "cluster_id": [r[3] for r in rows],
                "review_status": ["accepted"] + [None] * (len(rows) - 1),
            }
        ),
    )
    sizes = proposals["cluster_id"].value_counts()
    clusters = schema.conform(
        "clusters",
        pd.DataFrame(
            {
                "cluster_id": [0, 1, 2],
                "label": ["Guichet unique", "Logiciels · communes", "Écologie numérique"],
                "top_terms": [["guichet unique"], ["logiciel"], ["écologie"]],
                "size": [int(sizes.get(c, 0)) for c in (0, 1, 2)],
                "n_documents": [1, 2, 1],
                "status": ["new", "new", "persisting"],
            }
        ),
    )
    corpus_terms = schema.conform(
        "corpus_terms",
        pd.DataFrame(
            {
                "term": ["guichet unique", "commune", "écologie"],
                "surface": ["guichet unique", "communes", "écologie"],
                "count": [3, 2, 1],
                "n_documents": [2, 1, 1],
                "score": [4.5, 2.0, 1.0],
            }
        ),
    )
    cooccurrences = schema.conform(
        "cooccurrences",
        pd.DataFrame(
            {
                "term_a": ["guichet unique", "commune"],
                "term_b": ["commune", "logiciel"],
                "n_units": [2, 1],
                "score": [3.0, 1.5],
            }
        ),
    )
    themes = schema.conform(
        "themes",
        pd.DataFrame(
            {
                "theme_id": [0, 1],
                "label": ["Services publics", "Écologie"],
                "top_terms": [["guichet"], ["écologie"]],
                "n_documents": [1, 2],
            }
        ),
    )
    document_themes = schema.conform(
        "document_themes",
        pd.DataFrame(
            {"doc_id": ["d1", "d2", "d3"], "theme_id": [0, 1, 1], "weight": [0.9, 0.8, 0.5]}
        ),
    )
    review_log = schema.conform(
        "review_log",
        pd.DataFrame(
            {
                "sheet": ["proposals"],
                "target": ["pguichet"],
                "decision": ["accept"],
                "status": ["applied"],
                "message": ["acceptée"],
            }
        ),
    )
    ids = proposals["proposal_id"].tolist()
    proposal_map = pd.DataFrame(
        {
            "proposal_id": ids,
            "cluster_id": proposals["cluster_id"].tolist(),
            "x": [float(k % 12) for k in range(len(ids))],
            "y": [float(k // 12) for k in range(len(ids))],
            "fitted": [k % 3 != 0 for k in range(len(ids))],
        }
    )
    cluster_map = pd.DataFrame(
        {"cluster_id": [0, 1, 2], "x": [0.0, 5.0, 9.0], "y": [0.0, 4.0, 1.0], "size": [1, 60, 59]}
    )
    entity_cooccurrences = pd.DataFrame(
        {
            "entity_a": ["Préfecture du Nord"],
            "label_a": ["ORG"],
            "entity_b": ["Élisabeth Borne"],
            "label_b": ["PER"],
            "n_units": [1],
            "score": [2.0],
        }
    )
    run_changes = pd.DataFrame(
        {
            "kind": ["new_document", "grown_cluster"],
            "object_id": ["d3", "2"],
            "label": ["note.txt", "Écologie numérique"],
            "before": [None, 50],
            "after": [None, 59],
            "detail": ["", "+9 propositions"],
        }
    )
    tables = {name: schema.empty(name) for name in schema.TABLES}
    tables.update(
        documents=documents,
        sentences=sentences,
        entities=entities,
        entity_index=entity_index,
        proposals=proposals,
        clusters=clusters,
        corpus_terms=corpus_terms,
        cooccurrences=cooccurrences,
        themes=themes,
        document_themes=document_themes,
        review_log=review_log,
        proposal_map=proposal_map,
        cluster_map=cluster_map,
        entity_cooccurrences=entity_cooccurrences,
        run_changes=run_changes,
    )
    return tables


MANIFEST = {"run_id": "r-test", "corpus": "corpus-test", "counts": {}, "finished_at": 0}


@pytest.fixture(scope="module")
def french_run() -> dict[str, pd.DataFrame]:
    return french_tables()
