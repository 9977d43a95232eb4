"""Writing the review sheets, and reading back what a reviewer saved in them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.review.helpers import make_tables
from textmine.review import (
    ClusterDecision,
    Decisions,
    EntityDecision,
    ProposalDecision,
    apply_decisions,
    load_decisions,
    write_review_sheets,
)


def test_xlsx_round_trip_of_reviewer_edits(tmp_path: Path) -> None:
    tables = make_tables()
    paths = write_review_sheets(tables, tmp_path)
    assert {p.name for p in paths} == {
        f"{s}_review.{ext}"
        for s in ("proposals", "clusters", "groups", "entities")
        for ext in ("csv", "xlsx")
    }

    book = load_workbook(tmp_path / "proposals_review.xlsx")
    sheet = book["proposals"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        pid = row[header.index("proposal_id")].value
        if pid == "p-c2":
            row[header.index("decision")].value = "Rejeter"
            row[header.index("note")].value = "déjà en vigueur"
        if pid == "p-z1":
            row[header.index("move_to_cluster")].value = 2  # typed as a number by Excel
    book.save(tmp_path / "proposals_review.xlsx")
    book = load_workbook(tmp_path / "entities_review.xlsx")
    sheet = book["entities"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("entity_id")].value == "e-lemaire":
            row[header.index("add_alias")].value = "A. Lemaire | Mme Lemaire"
    book.save(tmp_path / "entities_review.xlsx")
    for name in (
        "proposals_review.csv",
        "entities_review.csv",
        "clusters_review.csv",
        "groups_review.csv",
    ):
        (tmp_path / name).unlink()

    decisions = load_decisions(tmp_path)

    assert decisions.problems == []
    assert [
        (d.proposal_id, d.decision, d.move_to_cluster, d.note) for d in decisions.proposals
    ] == [
        ("p-c2", "reject", None, "déjà en vigueur"),
        ("p-z1", None, 2, ""),
    ]
    assert [d.add_aliases for d in decisions.entities] == [("A. Lemaire", "Mme Lemaire")]


def test_csv_sheet_is_excel_friendly_and_formulas_stay_text(tmp_path: Path) -> None:
    tables = make_tables()
    frame = tables["proposals"].copy()
    frame.loc[frame["proposal_id"] == "p-z1", "text"] = '=HYPERLINK("http://x","clic") ici'
    tables["proposals"] = frame
    write_review_sheets(tables, tmp_path)

    raw = (tmp_path / "proposals_review.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("proposal_id;doc_id;")
    assert "Créer un conseil national du numérique" in text
    assert "'=HYPERLINK" in text

    book = load_workbook(tmp_path / "proposals_review.xlsx")
    cells = [c for row in book["proposals"].iter_rows() for c in row if c.value]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_sheets_are_prefilled_and_resaving_them_gives_same_decisions(tmp_path: Path) -> None:
    decisions = Decisions(
        proposals=[
            ProposalDecision("p-a1", "reject", note="trop vague"),
            ProposalDecision("p-a3", "accept", move_to_cluster=2),
        ],
        clusters=[
            ClusterDecision(1, new_label="Formation au numérique"),
            ClusterDecision(2, merge_into=0),
        ],
        entities=[
            EntityDecision("e-oural", "Akim OURAL", "PER", new_canonical="Akim Oural"),
            EntityDecision("e-lemaire", "Axelle Lemaire", "PER", add_aliases=("A. Lemaire",)),
            EntityDecision("e-madame", "Madame", "PER", reject=True),
        ],
    )
    out, _ = apply_decisions(make_tables(), decisions)
    first = tmp_path / "first"
    write_review_sheets(out, first)  # the log comes with the tables

    # the reviewer keeps only the CSVs (as Excel would re-save them) then the XLSX
    for keep in ("csv", "xlsx"):
        folder = tmp_path / keep
        folder.mkdir()
        for path in first.glob(f"*.{keep}"):
            (folder / path.name).write_bytes(path.read_bytes())
        reloaded = load_decisions(folder)
        assert reloaded.problems == []
        assert _strip_sources(reloaded) == _strip_sources(decisions), keep

    proposals_sheet = (first / "proposals_review.csv").read_text(encoding="utf-8-sig")
    assert "rejeter" in proposals_sheet and "trop vague" in proposals_sheet


def _strip_sources(decisions: Decisions) -> list[tuple[str, dict[str, object]]]:
    items = [*decisions.proposals, *decisions.clusters, *decisions.entities]
    return sorted(
        (type(d).__name__, str({k: getattr(d, k) for k in d.__slots__ if k != "source"}))
        for d in items
    )


def test_the_proposals_sheet_carries_support_and_controversy_as_numbers(tmp_path: Path) -> None:
    tables = make_tables()
    proposals = tables["proposals"].copy()
    proposals["section"] = "3. Le financement"
    proposals["support"] = range(len(proposals))
    proposals["controversy"] = 2.5
    proposals["votes_against"] = None
    tables["proposals"] = proposals
    write_review_sheets(tables, tmp_path)
    sheet = load_workbook(tmp_path / "proposals_review.xlsx")["proposals"]
    header = [c.value for c in sheet[1]]
    for column in ("section", "support", "controversy", "n_arguments_for", "n_arguments_against"):
        assert column in header
    first = [c.value for c in sheet[2]]
    assert first[header.index("controversy")] == 2.5
    assert isinstance(first[header.index("support")], int)
    assert first[header.index("votes_against")] in (None, "")
