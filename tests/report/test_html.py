"""The report a reviewer reads first: escaped, self-contained, every proposal visible."""

from pathlib import Path

import pandas as pd

from textmine import schema
from textmine.report import write_report


def _tables() -> dict[str, pd.DataFrame]:
    tables = {name: schema.empty(name) for name in schema.TABLES}
    tables["documents"] = schema.conform(
        "documents",
        pd.DataFrame(
            {
                "doc_id": ["d1", "d2"],
                "path": ["rapport.md", "casse.pdf"],
                "format": ["md", "pdf"],
                "title": ["Rapport <b>mutualisation</b>", None],
                "status": ["ok", "error"],
                "error": [None, "PDF corrompu : en-tête illisible"],
            }
        ),
    )
    tables["proposals"] = schema.conform(
        "proposals",
        pd.DataFrame(
            {
                "proposal_id": ["p1", "p2", "p3"],
                "doc_id": ["d1", "d1", "d1"],
                "kind": ["numbered", "numbered", "prose"],
                "start_char": [0, 50, 100],
                "end_char": [40, 90, 140],
                "text": [
                    "Créer un guichet <script>alert('x')</script> unique.",
                    "Mutualiser les logiciels des communes.",
                    "Il est proposé de tout revoir.",
                ],
                "cluster_id": [0, 0, -1],
            }
        ),
    )
    tables["clusters"] = schema.conform(
        "clusters",
        pd.DataFrame(
            {
                "cluster_id": [0, -1],
                "label": ["Guichet unique", "Non classées"],
                "top_terms": [["guichet", "logiciel"], []],
                "size": [2, 1],
                "n_documents": [1, 1],
                "doc_ids": [["d1"], ["d1"]],
                "representative_ids": [["p1"], []],
            }
        ),
    )
    return tables


def test_document_text_is_escaped_and_page_is_self_contained(tmp_path: Path):
    path = write_report(
        _tables(), {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    )
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Rapport &lt;b&gt;mutualisation&lt;/b&gt;" in html
    assert "http://" not in html and "https://" not in html  # no CDN, viewable offline


def test_errors_clusters_and_unclustered_are_shown(tmp_path: Path):
    html = write_report(
        _tables(), {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    ).read_text(encoding="utf-8")
    assert "casse.pdf" in html and "PDF corrompu" in html
    assert "Guichet unique" in html
    assert "Non regroupées (1)" in html and "Il est proposé de tout revoir." in html
    assert html.count("Non classées") == 0  # the -1 group is shown once, as the unclustered section
