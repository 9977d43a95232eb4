"""The report a reviewer reads first: escaped, self-contained, every proposal visible."""

import re
from pathlib import Path

import pandas as pd

from textmine import schema
from textmine.report import write_report
from textmine.report.html import describe_theme_selection, review_message_in_french


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


def _overview(html: str) -> str:
    """The part of the page rendered on the server (before the embedded data and script)."""
    return html.split('<script type="application/json"', 1)[0]


def test_document_text_is_escaped_and_page_is_self_contained(tmp_path: Path):
    path = write_report(
        _tables(), {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    )
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>mutualisation" not in html
    assert "\\u003cscript\\u003ealert('x')\\u003c/script\\u003e" in html  # in the data, inert
    assert "Rapport \\u003cb\\u003emutualisation\\u003c/b\\u003e" in html
    # no CDN, viewable offline: nothing loaded from elsewhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|@import|url\(""", html)
    # the data, a table an element (not run), and our own script
    assert html.count("<script") == html.count('<script type="application/json"') + 1


def test_errors_clusters_and_unclustered_are_shown(tmp_path: Path):
    html = write_report(
        _tables(), {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    ).read_text(encoding="utf-8")
    assert "casse.pdf" in html and "PDF corrompu" in html
    assert "Guichet unique" in _overview(html)
    assert "« Créer un guichet &lt;b&gt;unique&lt;/b&gt;. »" in _overview(html)  # escaped
    assert "« None »" not in html and "« nan »" not in html
    assert "Non regroupées (1)" in _overview(html) and "Il est proposé de tout revoir." in html
    # the -1 group is shown once, as the unclustered row
    assert _overview(html).count("Non classées") == 0


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
                "duplicate_of": [None, "d1"],
            }
        ),
    )
    tables["documents"] = pd.concat([tables["documents"], more], ignore_index=True)
    html = _overview(
        write_report(
            tables, {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
        ).read_text(encoding="utf-8")
    )
    assert '<b class="status-error">2</b>erreurs' in html  # the count card, plural
    assert ">erreur</td>" in html and ">doublon</td>" in html  # each problem's row
    assert "(doublon de « Rapport &lt;b&gt;mutualisation&lt;/b&gt; »)" in html  # by its title
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
    assert "Groupes par controverse" in html
    assert "rattaché · 2" in html


def test_review_messages_are_shown_in_french_with_their_ids(tmp_path: Path):
    assert review_message_in_french("label changed") == "libellé changé"
    assert review_message_in_french("moved to cluster 3 (merged into 5)") == (
        "déplacée vers le groupe 3 (fusionné dans 5)"
    )
    assert review_message_in_french("proposal p9 is not in this run") == (
        "la proposition p9 n'existe pas dans ce passage"
    )
    assert review_message_in_french("something new") == "something new"  # shown as is
    tables = _tables()
    tables["review_log"] = schema.conform(
        "review_log",
        pd.DataFrame(
            {
                "sheet": ["clusters"],
                "decision": ["rename"],
                "status": ["applied"],
                "target": ["0"],
                "message": ["label changed"],
            }
        ),
    )
    html = write_report(
        tables, {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    ).read_text(encoding="utf-8")
    assert "libellé changé" in _overview(html) and "renommer" in _overview(html)
    assert "label changed" not in html


def test_the_broad_groups_are_listed_with_their_clusters(tmp_path: Path):
    tables = _tables()
    tables["clusters"] = tables["clusters"].assign(group_id=[3, -1])
    tables["cluster_groups"] = schema.conform(
        "cluster_groups",
        pd.DataFrame(
            {
                "group_id": [3, -1],
                "label": ["Services aux usagers", "Non classées"],
                "size": [2, 1],
                "n_clusters": [1, 0],
                "cluster_ids": [[0], [-1]],
            }
        ),
    )
    html = write_report(
        tables, {"run_id": "r1", "counts": {}, "finished_at": 0}, tmp_path / "r.html"
    ).read_text(encoding="utf-8")
    overview = _overview(html)
    assert "Grands groupes (1)" in overview
    section = overview[overview.index("Grands groupes") :]
    assert "Services aux usagers" in section
    assert 'href="#/propositions?cluster=0">Guichet unique · 2' in section
    assert overview.count("Non classées") == 0


def test_sub_themes_are_listed_under_their_broad_theme(tmp_path: Path):
    tables = _tables()
    tables["themes"] = schema.conform(
        "themes",
        pd.DataFrame(
            {
                "theme_id": [0, 1],
                "label": ["transport, trajet", "école, élève"],
                "top_terms": [["transport"], ["école"]],
                "n_documents": [60, 60],
                "n_sub_themes": [2, 0],
            }
        ),
    )
    tables["sub_themes"] = schema.conform(
        "sub_themes",
        pd.DataFrame(
            {
                "sub_theme_id": [0, 1],
                "theme_id": [0, 0],
                "label": ["train, gare", "vélo, <b>piste</b> cyclable"],
                "n_documents": [31, 29],
            }
        ),
    )
    manifest = {"run_id": "r1", "counts": {}, "finished_at": 0}
    html = write_report(tables, manifest, tmp_path / "report.html").read_text("utf-8")
    row = html[html.index("transport, trajet") : html.index("école, élève")]
    assert "↳ train, gare (31)" in row
    assert "↳ vélo, &lt;b&gt;piste&lt;/b&gt; cyclable (29)" in row
    assert "Sous-thèmes" in html
    without = _tables()
    html = write_report(without, manifest, tmp_path / "plain.html").read_text("utf-8")
    assert "Sous-thèmes" not in html
