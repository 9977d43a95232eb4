"""Detection of proposals: numbered items, infinitive-led list items, prose proposals, contributions.

Interface used by ``flows/`` (to be implemented):

- ``detect_proposals(pdoc: ParsedDocument, config: ProposalsConfig) -> list[dict]``: rows of the
  ``proposals`` table for one document (without cluster columns); a consultation-table row
  (``pdoc.is_contribution``) is one proposal of kind ``contribution``.
- ``make_proposal_id(doc_id: str, text: str) -> str``: stable across reruns.
"""
