"""The rows of one document: offsets, ids, lemmas, configuration switches, the table."""

from __future__ import annotations

from textmine import schema
from textmine.config import ProposalsConfig
from textmine.proposals import detect_proposals, make_proposal_id, proposals_frame

from .conftest import CONFIG, NUMBERED_WITH_BULLETS, by_kind


def test_offsets_point_at_the_text(parse):
    pdoc = parse(NUMBERED_WITH_BULLETS)
    rows = detect_proposals(pdoc, CONFIG)
    assert rows
    for row in rows:
        assert pdoc.text[row["start_char"] : row["end_char"]] == row["text"]


def test_contribution_row_is_one_proposal(parse):
    text = "Un guichet unique\nJe propose de créer un guichet unique pour les associations."
    pdoc = parse(text, format="csv")
    (row,) = detect_proposals(pdoc, CONFIG)
    assert row["kind"] == "contribution"
    assert row["text"] == text
    assert (row["start_char"], row["end_char"]) == (0, len(text))
    assert row["confidence"] == 1.0
    assert "guichet" in row["lemmas"].split()


def test_ids_are_stable_and_distinct(parse):
    pdoc = parse(NUMBERED_WITH_BULLETS, doc_id="d1")
    first = [r["proposal_id"] for r in detect_proposals(pdoc, CONFIG)]
    again = [
        r["proposal_id"]
        for r in detect_proposals(parse(NUMBERED_WITH_BULLETS, doc_id="d1"), CONFIG)
    ]
    assert first == again
    assert len(set(first)) == len(first)
    assert make_proposal_id("d1", "Créer  un\nguichet") == make_proposal_id(
        "d1", "Créer un guichet"
    )
    assert make_proposal_id("d1", "Créer un guichet") != make_proposal_id("d2", "Créer un guichet")


def test_lemmas_are_lowercased_content_words(parse):
    (row, _) = by_kind(detect_proposals(parse(NUMBERED_WITH_BULLETS), CONFIG), "numbered")
    lemmas = row["lemmas"].split()
    assert "guichet" not in lemmas and "conférence" in lemmas and "créer" in lemmas
    assert all(lemma == lemma.lower() for lemma in lemmas)
    assert "recommandation" not in lemmas and "le" not in lemmas


def test_lemmas_leave_out_modal_verbs_whatever_their_form(parse):
    text = (
        "Il faudrait que l'État puisse financer les réseaux ; nous devons aussi former les élus, "
        "et les communes devraient mutualiser leurs serveurs.\n"
    )
    rows = detect_proposals(parse(text), CONFIG)
    assert rows
    lemmas = {w for row in rows for w in row["lemmas"].split()}
    assert {"financer", "former", "mutualiser"} <= lemmas
    assert not lemmas & {"falloir", "pouvoir", "devoir", "vouloir", "aller"}


def test_config_switches_off_prose_and_list_items(parse):
    text = "Il est proposé de créer un guichet unique.\n- Créer un fonds.\n- Former les élus.\n"
    config = ProposalsConfig(detect_prose=False, detect_list_items=False)
    assert detect_proposals(parse(text), config) == []


def test_frame_conforms_to_schema(parse):
    rows = detect_proposals(parse(NUMBERED_WITH_BULLETS), CONFIG)
    frame = proposals_frame(rows)
    assert list(frame.columns) == schema.TABLES["proposals"].names
    assert len(frame) == len(rows)
    assert frame["cluster_id"].isna().all()
    assert list(proposals_frame([]).columns) == schema.TABLES["proposals"].names


def test_empty_text_gives_no_proposal(parse):
    assert detect_proposals(parse("   \n "), CONFIG) == []


def test_document_without_parse_or_with_other_offsets_does_not_crash(nlp):
    from textmine.parsed import ParsedDocument

    text = "Recommandation 1 : Créer un guichet unique.\nIl faut simplifier les démarches."
    unparsed = ParsedDocument("d", text, nlp.make_doc(text))
    rows = detect_proposals(unparsed, CONFIG)
    assert [r["number"] for r in rows if r["kind"] == "numbered"] == ["1"]
    shifted = ParsedDocument("d", text, nlp("  " + text))
    rows = detect_proposals(shifted, CONFIG)
    assert [r["text"] for r in rows if r["kind"] == "numbered"] == [
        "Recommandation 1 : Créer un guichet unique."
    ]


def test_arguments_comments_and_debates_of_a_consultation_are_not_proposals(nlp):
    from textmine.parsed import ParsedDocument

    text = "Je suis pour : il faut créer un guichet unique pour les associations."
    for doc_type in ("argument", "comment", "debate"):
        pdoc = ParsedDocument("d", text, nlp.make_doc(text), "csv", doc_type=doc_type)
        assert detect_proposals(pdoc, CONFIG) == [], doc_type
    proposal = ParsedDocument("d", text, nlp.make_doc(text), "csv", doc_type="contribution")
    assert [r["kind"] for r in detect_proposals(proposal, CONFIG)] == ["contribution"]
