"""Specificities (Lafon, log-likelihood) and co-occurrences on constructed counts."""

from __future__ import annotations

import pandas as pd
import pytest

from textmine.lexicometry import cooccurrences, group_term_counts, specificities
from textmine.schema import TABLES


def _counts() -> pd.DataFrame:
    # "cloud" is concentrated in 2021; "service" is spread evenly; "données" mostly 2019.
    rows = [
        ("2019", "cloud", 1),
        ("2021", "cloud", 30),
        ("2019", "service", 50),
        ("2021", "service", 50),
        ("2019", "données", 40),
        ("2021", "données", 10),
        ("2019", "agent", 20),
        ("2021", "agent", 20),
    ]
    return pd.DataFrame(rows, columns=["group", "term", "count"])


@pytest.mark.parametrize("method", ["lafon", "loglik"])
def test_concentrated_term_is_over_represented_in_its_group(method):
    spec = specificities(_counts(), group_by="year", method=method, min_score=2, top=None)
    assert list(spec.columns) == TABLES["specificities"].names
    cells = {(row.group, row.term): row for row in spec.itertuples(index=False)}
    assert cells[("2021", "cloud")].score > 2 and cells[("2021", "cloud")].direction == "over"
    assert cells[("2019", "cloud")].score < -2 and cells[("2019", "cloud")].direction == "under"
    assert cells[("2019", "données")].direction == "over"
    assert ("2019", "service") not in cells  # proportional to the group sizes: not specific
    assert (spec["group_by"] == "year").all()
    assert cells[("2021", "cloud")].count == 30
    assert cells[("2021", "cloud")].expected < 30


def test_lafon_score_is_a_log10_probability():
    spec = specificities(_counts(), min_score=0, top=None)
    cloud = spec[(spec["group"] == "2021") & (spec["term"] == "cloud")].iloc[0]
    # 30 of 31 "cloud" in a group holding 110 of 221 words: P(X >= 30) is about 1e-8.
    assert 6 < cloud["score"] < 10


def test_min_count_top_and_empty_input():
    assert specificities(_counts(), min_count=1000).empty
    top = specificities(_counts(), min_score=0, top=1)
    assert top.groupby(["group", "direction"]).size().max() == 1
    assert specificities(pd.DataFrame(columns=["group", "term", "count"])).empty


def test_group_term_counts_counts_each_tag_of_a_unit():
    units = pd.DataFrame(
        {"tags": [["cloud", "état"], ["cloud"], None], "lemmas": ["a b a", "b", "c"]}
    )
    counts = group_term_counts(units, "tags")
    table = {(row.group, row.term): row.count for row in counts.itertuples(index=False)}
    assert table == {("cloud", "a"): 2, ("cloud", "b"): 2, ("état", "a"): 2, ("état", "b"): 1}


def test_cooccurrences_rank_associated_pairs_and_skip_nested_ones():
    units = {
        1: ["cloud souverain", "hébergement", "agent"],
        2: ["cloud souverain", "hébergement"],
        3: ["cloud souverain", "hébergement", "cloud"],
        4: ["agent", "formation"],
        5: ["agent", "formation", "cloud"],
        6: ["agent", "formation"],
        7: ["agent", "cloud souverain"],
    }
    frame = pd.DataFrame(
        [(u, t) for u, terms in units.items() for t in terms], columns=["unit_id", "term"]
    )
    pairs = cooccurrences(frame, min_units=2)
    assert list(pairs.columns) == TABLES["cooccurrences"].names
    found = [(row.term_a, row.term_b) for row in pairs.itertuples(index=False)]
    assert ("cloud souverain", "hébergement") in found
    assert ("agent", "formation") in found
    assert ("cloud", "cloud souverain") not in found  # nested: says nothing
    assert ("agent", "cloud souverain") not in found  # together less than chance
    assert pairs["score"].is_monotonic_decreasing
    npmi = cooccurrences(frame, min_units=2, method="npmi")
    assert npmi["score"].between(-1, 1).all()


def test_corpus_lexicometry_groups_by_year_and_front_matter_tags():
    from textmine.config import ThemesConfig
    from textmine.lexicometry import corpus_lexicometry

    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "date": ["2019-03-01", "2019-06-01", "2021-01-05", None],
            "metadata": [
                '{"tags": ["Cloud", "État"]}',
                '{"tags": ["Cloud"]}',
                '{"tags": "Inclusion"}',
                "not json",
            ],
        }
    )
    rows = []
    for doc_id, cloud, inclusion in [("a", 12, 1), ("b", 10, 0), ("c", 0, 15), ("d", 3, 3)]:
        rows += [
            {"doc_id": doc_id, "term": "cloud souverain", "count": cloud},
            {"doc_id": doc_id, "term": "inclusion numérique", "count": inclusion},
            {"doc_id": doc_id, "term": "service public", "count": 5},
        ]
    candidates = pd.DataFrame(rows)
    candidates = candidates[candidates["count"] > 0]
    tables = corpus_lexicometry(candidates, documents, ThemesConfig(min_specificity=1.0))
    spec = tables["specificities"]
    assert set(spec["group_by"]) == {"year", "tags"}  # doc_type/issuer/categories absent
    over = spec[spec["direction"] == "over"]
    assert ("year", "2019", "cloud souverain") in set(
        zip(over.group_by, over.group, over.term, strict=True)
    )
    assert ("tags", "Inclusion", "inclusion numérique") in set(
        zip(over.group_by, over.group, over.term, strict=True)
    )
    assert "d" not in set(spec["group"])  # no date, no tags: in no group
    assert list(tables["cooccurrences"].columns) == TABLES["cooccurrences"].names


def test_corpus_lexicometry_on_empty_input():
    from textmine.config import ThemesConfig
    from textmine.lexicometry import corpus_lexicometry

    tables = corpus_lexicometry(
        pd.DataFrame(columns=["doc_id", "term", "count"]), pd.DataFrame(), ThemesConfig()
    )
    assert tables["specificities"].empty and tables["cooccurrences"].empty


def test_corpus_lexicometry_given_the_corpus_terms_gives_the_same_tables():
    """The themes stage passes the corpus_terms table it made: the co-occurrences it gives are
    those of the ranking made here, cut at cooccurrence_terms."""
    from textmine.config import ThemesConfig
    from textmine.lexicometry import corpus_lexicometry
    from textmine.themes.terms import corpus_terms

    pairs = {"abcd": {"médiation numérique": 5, "fibre": 4}, "efgh": {"service public": 3}}
    pairs["efgh"]["données"] = 1
    rows = [
        {"doc_id": doc_id, "term": term, "count": count}
        for doc_ids, terms in pairs.items()
        for doc_id in doc_ids
        for term, count in terms.items()
    ]
    candidates = pd.DataFrame(rows)
    documents = pd.DataFrame({"doc_id": list("abcdefgh"), "date": ["2019-01-01"] * 4 + [None] * 4})
    config = ThemesConfig(cooccurrence_terms=3)
    alone = corpus_lexicometry(candidates, documents, config)
    given = corpus_lexicometry(candidates, documents, config, corpus_terms(candidates))
    assert not alone["cooccurrences"].empty
    for name, table in alone.items():
        pd.testing.assert_frame_equal(given[name], table)
