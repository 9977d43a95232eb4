"""The report's embedded data: whole tables, safe inside a script element, and a CSP that names
exactly the page's own inline script and style."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import json
import re
from pathlib import Path

import pandas as pd

from tests.report.conftest import MANIFEST
from textmine import schema
from textmine.report import write_report
from textmine.report.data import build_payload, embed_json, table_columns


def test_embedded_json_cannot_close_its_script_and_reads_back_the_same():
    value = {"t": "</script><script>alert(1)</script> & <!-- \u2028\u2029 é"}
    text = embed_json(value)
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in text
    assert json.loads(text) == value


def test_every_row_goes_in_and_absent_tables_stay_out(french_run):
    payload = build_payload(french_run, {"run_id": "r"})
    assert len(payload["proposals"]["proposal_id"]) == len(french_run["proposals"]) == 120
    assert payload["proposal_map"]["fitted"][:3] == [False, True, True]
    assert "quantities" not in payload and "review_log" in payload
    without = {k: v for k, v in french_run.items() if k not in ("proposal_map", "cluster_map")}
    without["run_changes"] = pd.DataFrame(columns=["kind", "object_id"])  # a first run: empty
    payload = build_payload(without, {})
    assert not {"proposal_map", "cluster_map", "run_changes"} & payload.keys()


def test_nulls_lists_and_dates_become_plain_json():
    frame = schema.conform(
        "proposals",
        pd.DataFrame(
            {
                "proposal_id": ["p1", "p2"],
                "doc_id": ["d1", "d1"],
                "kind": ["prose", "prose"],
                "start_char": [0, 4],
                "end_char": [3, 7],
                "text": ["abc", "def"],
                "support": [float("nan"), 2.5],
                "cluster_id": [None, 3],
            }
        ),
    )
    clusters = schema.conform(
        "clusters",
        pd.DataFrame({"cluster_id": [0], "label": ["x"], "size": [1], "top_terms": [["a", "b"]]}),
    )
    payload = build_payload({"proposals": frame, "clusters": clusters}, {})
    assert payload["proposals"]["support"] == [None, 2.5]
    assert payload["proposals"]["cluster_id"] == [None, 3]
    # a column null in every row is left out: the page reads a missing column as empty
    assert "votes" in frame.columns and "votes" not in payload["proposals"]
    assert payload["clusters"]["top_terms"] == [["a", "b"]]
    json.dumps(payload, allow_nan=False)  # no NaN, no numpy type left


def test_repeated_names_of_a_large_table_go_in_as_codes():
    n = 2000  # above CODED_MIN_ROWS
    frame = pd.DataFrame(
        {
            "doc_id": [f"d{k % 10}" for k in range(n)],  # 10 documents: coded
            "sent_id": range(n),
            "section": [None if k % 3 else "Titre Ier" for k in range(n)],  # nulls kept as codes
            "text": [f"Phrase {k}." for k in range(n)],  # all distinct: a plain list
        }
    )
    data = table_columns(frame, ("doc_id", "sent_id", "section", "text"))
    doc = data["doc_id"]
    assert [doc["values"][c] for c in doc["codes"]] == frame["doc_id"].tolist()
    assert len(doc["values"]) == 10
    section = data["section"]
    expected = [None if pd.isna(v) else v for v in frame["section"]]
    assert [section["values"][c] for c in section["codes"]] == expected
    assert data["text"] == frame["text"].tolist()
    small = table_columns(frame.head(10), ("doc_id",))  # a small table stays plain
    assert small["doc_id"] == frame["doc_id"].head(10).tolist()


def test_the_csp_allows_only_the_inline_script_and_style_by_hash(french_run, tmp_path: Path):
    html = write_report(french_run, MANIFEST, tmp_path / "report.html").read_text("utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    csp = htmllib.unescape(meta)  # the attribute is escaped, as every attribute
    script = re.search(r"<script>(.*?)</script>", html, re.S)[1]
    style = re.search(r"<style>(.*?)</style>", html, re.S)[1]

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(script)}';" in csp
    assert f"style-src 'sha256-{digest(style)}';" in csp
    assert csp.startswith("default-src 'none';")
    assert "unsafe" not in csp and "http" not in csp
    assert ' style="' not in html  # an inline style attribute would be blocked by that policy


def test_a_large_report_keeps_its_tables_in_a_folder_beside_it(french_run, tmp_path, monkeypatch):
    from textmine.report import html as report_html

    monkeypatch.setattr(report_html, "INLINE_DATA_BYTES", 0)  # every report is "large"
    page = write_report(french_run, MANIFEST, tmp_path / "report.html")
    text = page.read_text("utf-8")
    folder = tmp_path / "report_data"
    assert sorted(p.stem for p in folder.glob("*.js")) == sorted(
        build_payload(french_run, {}).keys()
    )
    assert '<script src="report_data/proposals.js"></script>' in text
    assert "report_data/sentences.js" not in text  # loaded when the text is first needed
    # loaded when a view first needs them (french_run has no blocks)
    assert 'data-later="sentences,entities,proposal_map,cluster_map"' in text
    assert "report_data/proposal_map.js" not in text
    csp = htmllib.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', text)[1])
    assert "script-src 'self' 'sha256-" in csp and "unsafe" not in csp
    sentences = (folder / "sentences.js").read_text("utf-8")
    assert sentences.startswith('(window.TEXTMINE = window.TEXTMINE || {})["sentences"] = {')
    assert "<script>" not in sentences  # the hostile sentence, escaped as in the page
    monkeypatch.setattr(report_html, "INLINE_DATA_BYTES", 10**12)
    write_report(french_run, MANIFEST, tmp_path / "report.html")  # small again: one file
    assert not folder.exists()
