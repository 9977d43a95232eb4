"""Detection of proposals: numbered items, infinitive-led list items, prose proposals, contributions.

Modules: ``lines`` (lines of the text and numbered headers), ``syntax`` (dependency-tree helpers:
verbs, tense, voice, subjects), ``actors`` (action verb and actor), ``prose`` (recommendations in
prose), ``measures`` (announced measures and calls to act), ``aims`` (an amendment's aim,
a public body's intent), ``items`` (numbered, list and prose
candidates), ``describe`` (verb and actor of an item), ``rows`` (rows and the table), ``detect``
(all of it for one document), ``lexicon`` (word lists).

Interface used by ``flows/``:

- ``detect_proposals(pdoc: ParsedDocument, config: ProposalsConfig) -> list[dict]``: rows of the
  ``proposals`` table for one document (without cluster columns), sorted by position, each with
  a confidence in 0..1 at or above ``config.min_confidence``; a consultation-table row
  (``pdoc.is_contribution``) is one proposal of kind ``contribution``.
- ``make_proposal_id(doc_id: str, text: str) -> str``: stable across reruns.
- ``proposals_frame(rows: list[dict]) -> pd.DataFrame``: the rows as the ``proposals`` table (an
  empty table with its columns when there are none).
- ``with_duplicate_titles(proposals, documents) -> pd.DataFrame``: adds ``duplicate_of_title``
  (the title of the document of the proposal a near-duplicate repeats).
- ``KINDS``: the kinds of proposal (``numbered``, ``list_item``, ``prose``, ``contribution``).
"""

from textmine.proposals.detect import detect_proposals
from textmine.proposals.rows import (
    KINDS,
    make_proposal_id,
    proposals_frame,
    with_duplicate_titles,
)

__all__ = [
    "KINDS",
    "detect_proposals",
    "make_proposal_id",
    "proposals_frame",
    "with_duplicate_titles",
]
