"""Rows of the proposals table: a near-duplicate names the document it repeats by its title."""

from __future__ import annotations

import pandas as pd

from textmine.proposals import with_duplicate_titles


def test_a_duplicate_names_the_title_of_the_document_it_repeats():
    proposals = pd.DataFrame(
        {
            "proposal_id": ["p1", "p2", "p3"],
            "doc_id": ["d1", "d2", "d3"],
            "duplicate_of": [None, "p1", "p2"],
        }
    )
    documents = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "title": ["Plan vélo de la métropole", None, "Contribution"],
            "path": ["velo.md", "sante/rapport.pdf", "c.md"],
        }
    )
    titled = with_duplicate_titles(proposals, documents)
    assert pd.isna(titled["duplicate_of_title"].iloc[0])
    assert titled["duplicate_of_title"].iloc[1:].tolist() == [
        "Plan vélo de la métropole",
        "sante/rapport.pdf",  # no title: its path
    ]


def test_no_duplicate_column_gives_an_empty_title_column():
    titled = with_duplicate_titles(pd.DataFrame({"proposal_id": []}), pd.DataFrame())
    assert "duplicate_of_title" in titled.columns
