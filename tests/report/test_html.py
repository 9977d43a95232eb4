"""The report a reviewer reads first: escaped, self-contained, every proposal visible."""

from pathlib import Path

import pandas as pd

from textmine import schema
from textmine.report import write_report
from textmine.report.html import describe_theme_selection


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
                "description": ["Créer un guichet <b>unique</b>.", None],
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
    assert "« Créer un guichet &lt;b&gt;unique&lt;/b&gt;. »" in html  # its description, escaped
    assert "« None »" not in html and "« nan »" not in html
    assert "Non regroupées (1)" in html and "Il est proposé de tout revoir." in html
    assert html.count("Non classées") == 0  # the -1 group is shown once, as the unclustered section


def test_the_number_of_themes_is_explained_and_a_flat_choice_is_flagged(tmp_path: Path):
    def report(stability: list[float]) -> str:
        tables = _tables()
        tables["theme_selection"] = schema.conform(
            "theme_selection",
            pd.DataFrame(
                {
                    "n_topics": [2, 3, 4, 5],
                    "stability": stability,
                    "stability_spread": [0.0, 0.04, 0.04, 0.05],
                    "chosen": [False, False, True, False],
                }
            ),
        )
        manifest = {"run_id": "r1", "counts": {}, "finished_at": 0}
        return write_report(tables, manifest, tmp_path / "report.html").read_text("utf-8")

    flat = report([0.99, 0.84, 0.87, 0.85])
    assert "Nombre de thèmes" in flat and "0.870" in flat
    assert "Les nombres 3, 4, 5 ont une stabilité à moins d'un écart-type" in flat
    assert "themes.n_topics" in flat
    sharp = report([0.99, 0.62, 0.93, 0.70])
    assert "Nombre de thèmes" in sharp and "à moins d'un écart-type" not in sharp


def test_numbers_of_themes_within_the_noise_of_the_best_are_named():
    def table(stability: list[float], spread: list[float], chosen: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "n_topics": range(2, 2 + len(stability)),
                "stability": stability,
                "stability_spread": spread,
                "chosen": [k == chosen for k in range(2, 2 + len(stability))],
            }
        )

    # A flat curve: 4, 5 and 6 are within one spread of the best (5); 2 is never a candidate.
    flat = describe_theme_selection(
        table([0.99, 0.80, 0.86, 0.88, 0.85], [0, 0.05, 0.04, 0.04, 0.05], 5)
    )
    assert flat["chosen"] == 5 and flat["near"] == [4, 5, 6]
    sharp = describe_theme_selection(table([0.99, 0.70, 0.95, 0.72], [0, 0.02, 0.01, 0.03], 4))
    assert sharp["near"] == [4]
    assert sharp["curve"][2] == (4, 0.95, 0.01)
    assert describe_theme_selection(schema.empty("theme_selection")) is None  # n_topics was set


def test_codes_of_the_tables_are_shown_in_french(tmp_path: Path):
    tables = _tables()
    tables["clusters"] = tables["clusters"].assign(status=["new", "unclustered"])
    more = schema.conform(
        "documents",
        pd.DataFrame(
            {
                "doc_id": ["d3", "d4"],
                "path": ["a.pdf", "b.pdf"],
                "format": ["pdf", "pdf"],
                "status": ["error", "duplicate"],
            }
        ),
    )
    tables["documents"] = pd.concat([tables["documents"], more], ignore_index=True)
    html = write_report(
        tables, {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    ).read_text(encoding="utf-8")
    assert '<b class="status-error">2</b>erreurs' in html  # the count card, plural
    assert ">erreur</td>" in html and ">doublon</td>" in html  # each document's row
    assert "numérotée · 2" in html and "texte · 1" in html  # kinds of proposals
    assert "1 document, nouveau)" in html  # the cluster's identity across reruns
    assert "numbered" not in html and ">error<" not in html


def test_a_consultation_shows_its_sections_and_its_most_supported_and_disputed(tmp_path: Path):
    from textmine.consultation import consultation_support

    tables = _tables()
    tables["documents"] = schema.conform(
        "documents",
        pd.DataFrame(
            {
                "doc_id": ["d1", "a1", "a2"],
                "source_id": ["p1", "a1", "a2"],
                "path": ["proposals.csv", "arguments.csv", "arguments.csv"],
                "format": ["csv"] * 3,
                "title": ["Guichet unique", None, None],
                "status": ["ok"] * 3,
                "doc_type": ["contribution", "argument", "argument"],
                "parent_doc_id": [None, "d1", "d1"],
                "link_status": [None, "attached", "attached"],
                "stance": [None, "pour", "contre"],
                "section": ["2. Les modalités de demande"] * 3,
                "votes_for": [12, None, None],
                "votes_against": [3, None, None],
            }
        ),
    )
    tables["specificities"] = schema.conform(
        "specificities",
        pd.DataFrame(
            {
                "group_by": ["section"],
                "group": ["2. Les modalités de demande"],
                "term": ["guichet"],
                "count": [4],
                "expected": [1.0],
                "score": [3.2],
                "direction": ["over"],
            }
        ),
    )
    tables["proposals"], tables["clusters"] = consultation_support(
        tables["proposals"].assign(kind="contribution"), tables["clusters"], tables["documents"]
    )
    html = write_report(
        tables, {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    ).read_text(encoding="utf-8")
    assert "Ce qui est spécifique à chaque section" in html
    assert "Propositions les plus soutenues" in html and "Propositions les plus disputées" in html
    assert "La plus soutenue." in html and "Groupes par controverse" in html
    assert "rattaché · 2" in html
