"""The output tables and their columns: the contract between stages and with users.

Each table is a pyarrow schema. Stages build pandas DataFrames; :func:`conform` checks them against
the schema (missing columns are an error unless nullable, extra columns are an error) and fixes
the column order and types, so every run writes the same shape. ``docs/schema.md`` documents the
same tables for users; ``tests/test_schema.py`` checks that the two agree.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

_str = pa.string()
_int = pa.int64()
_float = pa.float64()
_bool = pa.bool_()
_strlist = pa.list_(pa.string())

SCHEMA_VERSION = "1.8"

TABLES: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", _str),
            ("source_id", _str),
            ("path", _str),
            ("format", _str),
            ("title", _str),
            ("date", _str),
            ("language", _str),
            ("doc_type", _str),
            ("issuer", _str),
            ("signatory", _str),
            ("reference", _str),
            ("n_chars", _int),
            ("n_pages", _int),
            ("sha256", _str),
            ("status", _str),
            ("error", _str),
            ("error_code", _str),
            ("duplicate_of", _str),
            ("near_duplicate_of", _str),
            ("near_duplicate_similarity", _float),
            ("duplicate_of_title", _str),
            ("near_duplicate_of_title", _str),
            ("metadata", _str),
            # A row of a consultation export: what it answers and its typed variables.
            ("parent_doc_id", _str),
            ("parent_source_id", _str),
            ("link_status", _str),
            ("stance", _str),
            ("section", _str),
            ("category", _str),
            ("author_type", _str),
            ("votes_for", _int),
            ("votes_mixed", _int),
            ("votes_against", _int),
            ("votes", _int),
            ("posted_date", pa.date32()),
        ]
    ),
    # The columns a config declares (ingest.variables) of each consultation row, typed.
    "variables": pa.schema(
        [
            ("doc_id", _str),
            ("variable", _str),
            ("value", _str),
            ("number", _float),
            ("date", pa.date32()),
        ]
    ),
    "blocks": pa.schema(
        [
            ("doc_id", _str),
            ("block_id", _int),
            ("kind", _str),
            ("level", _int),
            ("marker", _str),
            ("number", _str),
            ("page", _int),
            ("start_char", _int),
            ("end_char", _int),
            ("section", _str),
        ]
    ),
    "sentences": pa.schema(
        [
            ("doc_id", _str),
            ("sent_id", _int),
            ("start_char", _int),
            ("end_char", _int),
            ("page", _int),
            ("section", _str),
            ("text", _str),
            ("lemmas", _str),
        ]
    ),
    "entities": pa.schema(
        [
            ("doc_id", _str),
            ("sent_id", _int),
            ("start_char", _int),
            ("end_char", _int),
            ("text", _str),
            ("label", _str),
            ("canonical", _str),
            ("entity_id", _str),
        ]
    ),
    "entity_index": pa.schema(
        [
            ("entity_id", _str),
            ("canonical", _str),
            ("label", _str),
            ("aliases", _strlist),
            ("n_mentions", _int),
            ("n_documents", _int),
            ("doc_ids", _strlist),
            ("first_date", _str),
            ("last_date", _str),
            ("cooccurring", _strlist),
        ]
    ),
    "quantities": pa.schema(
        [
            ("doc_id", _str),
            ("sent_id", _int),
            ("start_char", _int),
            ("end_char", _int),
            ("text", _str),
            ("kind", _str),
            ("value", _float),
            ("unit", _str),
            ("normalized", _str),
        ]
    ),
    "roles": pa.schema(
        [
            ("doc_id", _str),
            ("sent_id", _int),
            ("person", _str),
            ("role", _str),
            ("start_char", _int),
            ("end_char", _int),
        ]
    ),
    "terms": pa.schema(
        [
            ("doc_id", _str),
            ("term", _str),
            ("surface", _str),
            ("count", _int),
            ("score", _float),
        ]
    ),
    "themes": pa.schema(
        [
            ("theme_id", _int),
            ("label", _str),
            ("top_terms", _strlist),
            ("weight", _float),
            ("n_documents", _int),
            ("n_sub_themes", _int),
            ("sub_theme_gain", _float),
        ]
    ),
    "theme_selection": pa.schema(
        [
            ("n_topics", _int),
            ("stability", _float),
            ("stability_spread", _float),
            ("chosen", _bool),
        ]
    ),
    "document_themes": pa.schema(
        [
            ("doc_id", _str),
            ("theme_id", _int),
            ("weight", _float),
        ]
    ),
    # The second level of themes (textmine.themes.subthemes), where the corpus supports it.
    "sub_themes": pa.schema(
        [
            ("sub_theme_id", _int),
            ("theme_id", _int),
            ("label", _str),
            ("top_terms", _strlist),
            ("weight", _float),
            ("n_documents", _int),
            ("gain", _float),
        ]
    ),
    "document_sub_themes": pa.schema(
        [
            ("doc_id", _str),
            ("sub_theme_id", _int),
            ("weight", _float),
        ]
    ),
    # Added by textmine.themes: corpus-level key terms, section themes and lexicon tags.
    "corpus_terms": pa.schema(
        [
            ("term", _str),
            ("surface", _str),
            ("count", _int),
            ("n_documents", _int),
            ("score", _float),
        ]
    ),
    "section_themes": pa.schema(
        [
            ("doc_id", _str),
            ("section", _str),
            ("theme_id", _int),
            ("weight", _float),
        ]
    ),
    "lexicon_tags": pa.schema(
        [
            ("unit", _str),
            ("unit_id", _str),
            ("doc_id", _str),
            ("theme", _str),
            ("matches", _int),
            ("matched", _strlist),
        ]
    ),
    # Added by textmine.lexicometry: specificities of groups and co-occurrences of terms.
    "specificities": pa.schema(
        [
            ("group_by", _str),
            ("group", _str),
            ("term", _str),
            ("count", _int),
            ("expected", _float),
            ("score", _float),
            ("direction", _str),
        ]
    ),
    "cooccurrences": pa.schema(
        [
            ("term_a", _str),
            ("term_b", _str),
            ("n_units", _int),
            ("score", _float),
        ]
    ),
    "proposals": pa.schema(
        [
            ("proposal_id", _str),
            ("doc_id", _str),
            ("kind", _str),
            ("number", _str),
            ("section", _str),
            ("page", _int),
            ("start_char", _int),
            ("end_char", _int),
            ("text", _str),
            ("action_verb", _str),
            ("actor", _str),
            ("confidence", _float),
            ("lemmas", _str),
            # The amount of money it names, linked to its ``quantities`` row (schema 1.5).
            ("amount", _float),
            ("amount_start_char", _int),
            ("cluster_id", _int),
            ("cluster_label", _str),
            ("duplicate_of", _str),
            ("review_status", _str),  # added by textmine.review: null, accepted, rejected, moved
            ("auto_cluster_id", _int),  # added by textmine.review: cluster_id before review
            # Added by textmine.consultation: a consultation row's variables and support.
            ("category", _str),
            ("author_type", _str),
            ("posted_date", pa.date32()),
            ("votes_for", _int),
            ("votes_mixed", _int),
            ("votes_against", _int),
            ("votes", _int),
            ("n_arguments_for", _int),
            ("n_arguments_against", _int),
            ("n_replies", _int),
            ("support", _float),
            ("controversy", _float),
            ("duplicate_of_title", _str),  # added by textmine.proposals: its document's title
            # Added by textmine.clustering.groups: the broad group of its cluster (top level).
            ("group_id", _int),
            ("group_label", _str),
            ("auto_group_id", _int),  # added by textmine.review: group_id before review
        ]
    ),
    "clusters": pa.schema(
        [
            ("cluster_id", _int),
            ("label", _str),
            ("top_terms", _strlist),
            ("size", _int),
            ("n_documents", _int),
            ("doc_ids", _strlist),
            ("representative_ids", _strlist),
            ("review_status", _str),  # added by textmine.review: null or e.g. "renamed+merged"
            # Added by textmine.clustering: counted-once size, spread, identity across reruns.
            ("n_distinct", _int),
            ("spread", _float),
            ("status", _str),
            ("previous_ids", pa.list_(pa.int64())),
            ("description", _str),  # 1.5: its most central sentence, trimmed
            # Added by textmine.consultation: its proposals' support, controversy, composition.
            ("votes_for", _int),
            ("votes_mixed", _int),
            ("votes_against", _int),
            ("votes", _int),
            ("n_arguments_for", _int),
            ("n_arguments_against", _int),
            ("n_replies", _int),
            ("support", _float),
            ("controversy", _float),
            ("composition", _str),
            ("most_supported_id", _str),
            ("most_disputed_id", _str),
            # Added by textmine.clustering.groups: the broad group it belongs to (top level).
            ("group_id", _int),
        ]
    ),
    # Added by textmine.clustering.groups: the top level, broad groups of clusters.
    "cluster_groups": pa.schema(
        [
            ("group_id", _int),
            ("label", _str),
            ("top_terms", _strlist),
            ("size", _int),
            ("n_distinct", _int),
            ("n_documents", _int),
            ("n_clusters", _int),
            ("cluster_ids", pa.list_(pa.int64())),
            ("representative_ids", _strlist),
            ("review_status", _str),
            ("status", _str),
            ("previous_ids", pa.list_(pa.int64())),
        ]
    ),
    # Added by textmine.review: one row per reviewer decision (or unreadable row) and its outcome.
    "review_log": pa.schema(
        [
            ("sheet", _str),
            ("source", _str),
            ("target", _str),
            ("decision", _str),
            ("value", _str),
            ("previous", _str),
            ("status", _str),
            ("message", _str),
            ("cells", _str),  # JSON of the reviewer's row, so that the next sheets show it again
        ]
    ),
    # Added by textmine.clustering.maps: the proposals and clusters in a plane (report maps).
    "proposal_map": pa.schema(
        [
            ("proposal_id", _str),
            ("cluster_id", _int),
            ("x", _float),
            ("y", _float),
            ("fitted", _bool),
        ]
    ),
    "cluster_map": pa.schema(
        [
            ("cluster_id", _int),
            ("x", _float),
            ("y", _float),
            ("size", _int),
        ]
    ),
    # Added by textmine.entities.network: entities named together.
    "entity_cooccurrences": pa.schema(
        [
            ("entity_a", _str),
            ("label_a", _str),
            ("entity_b", _str),
            ("label_b", _str),
            ("n_units", _int),
            ("score", _float),
        ]
    ),
    # Added by textmine.changes: what changed since the previous run.
    "run_changes": pa.schema(
        [
            ("kind", _str),
            ("object_id", _str),
            ("label", _str),
            ("before", _int),
            ("after", _int),
            ("detail", _str),
        ]
    ),
}

# Columns that may be absent from a stage's DataFrame (filled with nulls).
NON_NULLABLE: dict[str, set[str]] = {
    "documents": {"doc_id", "path", "format", "status"},
    "variables": {"doc_id", "variable", "value"},
    "blocks": {"doc_id", "block_id", "kind", "start_char", "end_char"},
    "sentences": {"doc_id", "sent_id", "start_char", "end_char", "text"},
    "entities": {"doc_id", "start_char", "end_char", "text", "label", "canonical"},
    "entity_index": {"entity_id", "canonical", "label"},
    "quantities": {"doc_id", "start_char", "end_char", "text", "kind"},
    "roles": {"doc_id", "person", "role"},
    "terms": {"doc_id", "term"},
    "themes": {"theme_id", "label"},
    "theme_selection": {"n_topics", "stability", "chosen"},
    "document_themes": {"doc_id", "theme_id", "weight"},
    "sub_themes": {"sub_theme_id", "theme_id", "label"},
    "document_sub_themes": {"doc_id", "sub_theme_id", "weight"},
    "corpus_terms": {"term", "count", "n_documents", "score"},
    "section_themes": {"doc_id", "theme_id", "weight"},
    "lexicon_tags": {"unit", "unit_id", "theme", "matches"},
    "specificities": {"group_by", "group", "term", "count", "expected", "score", "direction"},
    "cooccurrences": {"term_a", "term_b", "n_units", "score"},
    "proposals": {"proposal_id", "doc_id", "kind", "start_char", "end_char", "text"},
    "clusters": {"cluster_id", "label", "size"},
    "cluster_groups": {"group_id", "label", "size"},
    "review_log": {"sheet", "decision", "status"},
    "proposal_map": {"proposal_id", "cluster_id", "x", "y", "fitted"},
    "cluster_map": {"cluster_id", "x", "y", "size"},
    "entity_cooccurrences": {"entity_a", "label_a", "entity_b", "label_b", "n_units", "score"},
    "run_changes": {"kind", "object_id", "label"},
}


class SchemaError(ValueError):
    """A stage produced a table that does not match the contract."""


def empty(name: str) -> pd.DataFrame:
    """An empty DataFrame with the table's columns."""
    return TABLES[name].empty_table().to_pandas()


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the table's columns, in order, with their types."""
    return to_arrow(name, _checked(name, frame)).to_pandas()


def conform_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """The Arrow table of ``frame`` with exactly the table's schema (what is written to disk):
    :func:`conform` without the round trip through pandas."""
    return to_arrow(name, _checked(name, frame))


def _checked(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the table's columns in order; raises on unexpected or missing ones."""
    expected = TABLES[name].names
    extra = [c for c in frame.columns if c not in expected]
    if extra:
        raise SchemaError(f"table {name!r}: unexpected columns {extra}")
    missing_required = [c for c in NON_NULLABLE[name] if c not in frame.columns]
    if missing_required and len(frame):
        raise SchemaError(f"table {name!r}: missing required columns {missing_required}")
    return frame.reindex(columns=expected)


def to_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """Convert a conforming DataFrame to an Arrow table with the exact schema."""
    schema = TABLES[name]
    frame = frame.reindex(columns=schema.names)
    frame = frame.astype(object).where(frame.notna(), None)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
