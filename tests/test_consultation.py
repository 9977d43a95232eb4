"""Support, controversy and composition of consultation proposals and clusters."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from textmine import schema
from textmine.consultation import consultation_support, controversy


def test_controversy_is_balance_times_volume():
    assert controversy(0, 0) == 0.0
    assert controversy(10, 0) == 0.0  # everyone agrees
    assert controversy(1, 1) == pytest.approx(1.585, abs=1e-3)
    assert controversy(50, 50) == pytest.approx(6.658, abs=1e-3)
    assert controversy(50, 50) > controversy(60, 40) > controversy(90, 10)


def _documents() -> pd.DataFrame:
    rows = [
        # two proposals of the same cluster: one consensual, one disputed
        ("dp1", "contribution", None, None, "1. Les conditions", 40, 2, 1, None),
        ("dp2", "contribution", None, None, "3. Le financement", 10, 0, 9, None),
        ("da1", "argument", "dp1", "pour", "1. Les conditions", None, None, None, 3),
        ("da2", "argument", "dp2", "pour", "3. Le financement", None, None, None, 0),
        ("da3", "argument", "dp2", "contre", "3. Le financement", None, None, None, 1),
        ("da4", "argument", "dp2", "contre", "3. Le financement", None, None, None, 0),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "doc_id",
            "doc_type",
            "parent_doc_id",
            "stance",
            "section",
            "votes_for",
            "votes_mixed",
            "votes_against",
            "votes",
        ],
    )
    frame["status"] = "ok"
    frame["path"], frame["format"] = "x.csv", "csv"
    frame["posted_date"] = dt.date(2019, 10, 7)
    return schema.conform("documents", frame)


def _proposals() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "proposal_id": ["p1", "p2"],
            "doc_id": ["dp1", "dp2"],
            "kind": "contribution",
            "start_char": 0,
            "end_char": 10,
            "text": ["Un revenu dès 18 ans.", "Taxer les transactions."],
            "section": ["Un revenu dès 18 ans", "Taxer les transactions"],  # their titles
            "cluster_id": 0,
        }
    )
    return schema.conform("proposals", frame)


def test_proposals_get_their_section_votes_arguments_and_scores():
    clusters = schema.conform(
        "clusters",
        pd.DataFrame(
            {"cluster_id": [0], "label": ["revenu"], "size": [2], "representative_ids": [["p1"]]}
        ),
    )
    proposals, clusters = consultation_support(_proposals(), clusters, _documents())
    p1, p2 = proposals.set_index("proposal_id").loc[["p1", "p2"]].to_dict("records")
    assert p1["section"] == "1. Les conditions" and p1["posted_date"] == dt.date(2019, 10, 7)
    assert (p1["n_arguments_for"], p1["n_arguments_against"], p1["n_replies"]) == (1, 0, 1)
    assert (p2["n_arguments_for"], p2["n_arguments_against"]) == (1, 2)
    assert p1["support"] == 40 + 1 - 1 and p2["support"] == 10 + 1 - 9 - 2
    assert p2["controversy"] > p1["controversy"]
    (cluster,) = clusters.to_dict("records")
    assert (cluster["votes_for"], cluster["n_arguments_against"], cluster["n_replies"]) == (
        50,
        2,
        4,
    )
    assert (cluster["most_supported_id"], cluster["most_disputed_id"]) == ("p1", "p2")
    assert list(cluster["representative_ids"]) == ["p1", "p2"]
    assert json.loads(cluster["composition"]) == {
        "section": {"1. Les conditions": 1, "3. Le financement": 1}
    }


def test_documents_without_consultation_variables_leave_proposals_as_they_are():
    documents = schema.conform(
        "documents",
        pd.DataFrame({"doc_id": ["dp1"], "path": ["a.txt"], "format": ["txt"], "status": ["ok"]}),
    )
    proposals, _ = consultation_support(_proposals(), schema.empty("clusters"), documents)
    assert proposals["controversy"].isna().all() and proposals["support"].isna().all()


def test_a_consultation_without_votes_or_arguments_scores_no_cluster():
    """corpus/'s table has contributions only: no support or controversy to show (was 0.0)."""
    documents = _documents()
    documents = documents[documents["doc_type"] == "contribution"].copy()
    for column in ("votes_for", "votes_mixed", "votes_against", "votes"):
        documents[column] = None
    clusters = schema.conform(
        "clusters",
        pd.DataFrame(
            {"cluster_id": [0], "label": ["revenu"], "size": [2], "representative_ids": [["p1"]]}
        ),
    )
    proposals, clusters = consultation_support(_proposals(), clusters, documents)
    assert proposals["controversy"].isna().all()
    assert clusters["controversy"].isna().all() and clusters["support"].isna().all()
