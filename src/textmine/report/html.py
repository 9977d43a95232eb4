"""Render the run's tables into ``report.html`` (Jinja2, autoescaped: document text is escaped)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from textmine.consultation import is_consultation

MAX_DOCUMENT_ROWS = 300
MAX_ENTITIES_PER_LABEL = 25
MAX_MEMBERS_SHOWN = 200


def _records(frame: pd.DataFrame | None, limit: int | None = None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    if limit is not None:
        frame = frame.head(limit)
    records = frame.to_dict("records")
    for record in records:
        for key, value in record.items():
            if isinstance(value, float) and math.isnan(value):
                record[key] = None
            elif hasattr(value, "tolist") and not isinstance(value, str):
                record[key] = value.tolist()
    return records


def _value_counts(frame: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    if frame.empty or column not in frame:
        return []
    counts = frame[column].fillna("—").value_counts()
    return [(str(k), int(v)) for k, v in counts.items()]


def build_report_context(
    tables: dict[str, pd.DataFrame], manifest: dict[str, Any]
) -> dict[str, Any]:
    """Everything the template shows, as plain Python values."""
    documents = tables.get("documents", pd.DataFrame())
    titles = {}
    if not documents.empty:
        for row in documents.itertuples(index=False):
            if isinstance(row.source_id, str) and row.source_id:
                where = f"{row.path} #{row.source_id}"
                titles[row.doc_id] = f"{row.title} ({where})" if row.title else where
            else:
                titles[row.doc_id] = row.title or row.path
    problems = documents[documents["status"] != "ok"] if not documents.empty else documents

    entity_index = tables.get("entity_index", pd.DataFrame())
    entities_by_label: dict[str, list[dict[str, Any]]] = {}
    if not entity_index.empty:
        ordered = entity_index.sort_values(["n_mentions", "canonical"], ascending=[False, True])
        for label, group in ordered.groupby("label", sort=True):
            entities_by_label[str(label)] = _records(group, MAX_ENTITIES_PER_LABEL)

    proposals = tables.get("proposals", pd.DataFrame())
    clusters = tables.get("clusters", pd.DataFrame())
    cluster_views = []
    if not clusters.empty:
        by_cluster = (
            {cid: g for cid, g in proposals.groupby("cluster_id")} if len(proposals) else {}
        )
        for cluster in _records(
            # the unclustered (-1) have their own section
            clusters[clusters["cluster_id"] != -1].sort_values(
                ["size", "cluster_id"], ascending=[False, True]
            )
        ):
            members = by_cluster.get(cluster["cluster_id"], pd.DataFrame())
            representatives = set(cluster.get("representative_ids") or [])
            member_records = _records(members, MAX_MEMBERS_SHOWN)
            for member in member_records:
                member["document"] = titles.get(member["doc_id"], member["doc_id"])
                member["representative"] = member["proposal_id"] in representatives
            cluster_views.append(
                {
                    **cluster,
                    "members": member_records,
                    "n_members": len(members),
                    "representatives": [m for m in member_records if m["representative"]],
                    "documents": sorted({titles.get(d, d) for d in cluster.get("doc_ids") or []}),
                }
            )
    unclustered = proposals[proposals["cluster_id"] == -1] if len(proposals) else proposals
    unclustered_records = _records(unclustered, MAX_MEMBERS_SHOWN)
    for member in unclustered_records:
        member["document"] = titles.get(member["doc_id"], member["doc_id"])

    document_themes = tables.get("document_themes", pd.DataFrame())
    themes = _records(tables.get("themes"))
    if not document_themes.empty:
        for theme in themes:
            top = document_themes[document_themes["theme_id"] == theme["theme_id"]]
            top = top.sort_values("weight", ascending=False).head(5)
            theme["top_documents"] = [
                (titles.get(d, d), round(float(w), 3))
                for d, w in zip(top["doc_id"], top["weight"], strict=True)
            ]

    for view in cluster_views:
        view["composition"] = _loads(view.get("composition"))
    return {
        "cluster_groups": _group_views(tables.get("cluster_groups"), cluster_views),
        "consultation": consultation_view(tables, titles, clusters),
        "themes_by_section": _themes_by(
            documents, document_themes, tables.get("themes"), "section"
        ),
        "themes_by_year": _themes_by(documents, document_themes, tables.get("themes"), "year"),
        "themes_by_issuer": _themes_by(documents, document_themes, tables.get("themes"), "issuer"),
        "manifest": manifest,
        "generated": dt.datetime.fromtimestamp(manifest.get("finished_at") or 0, dt.UTC).strftime(
            "%Y-%m-%d %H:%M UTC"
        ),
        "documents": _records(documents, MAX_DOCUMENT_ROWS),
        "n_documents": len(documents),
        "status_counts": _value_counts(documents, "status"),
        "format_counts": _value_counts(documents, "format"),
        "problems": _records(problems),
        "entities_by_label": entities_by_label,
        "themes": themes,
        "theme_selection": describe_theme_selection(tables.get("theme_selection")),
        "corpus_terms": _records(tables.get("corpus_terms"), 40),
        "specificities": _records(tables.get("specificities"), 60),
        "clusters": cluster_views,
        "unclustered": unclustered_records,
        "n_unclustered": len(unclustered),
        "n_proposals": len(proposals),
        "proposal_kinds": _value_counts(proposals, "kind"),
        "review_log": _records(tables.get("review_log")),
        "evaluation": manifest.get("evaluation"),
    }


MAX_RANKED_PROPOSALS = 15
TERMS_PER_SECTION = 10


def _loads(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def consultation_view(
    tables: dict[str, pd.DataFrame], titles: dict[str, str], clusters: pd.DataFrame
) -> dict[str, Any] | None:
    """What the report says of a consultation: what each section is about, the most supported
    and most disputed proposals, the clusters by controversy; None for other corpora."""
    documents = tables.get("documents", pd.DataFrame())
    if documents.empty or not is_consultation(documents):
        return None
    proposals = tables.get("proposals", pd.DataFrame())
    rows = proposals.dropna(subset=["controversy"]) if "controversy" in proposals else proposals

    def ranked(column: str) -> list[dict[str, Any]]:
        positive = rows[rows[column] > 0] if column in rows else rows.iloc[:0]
        if positive.empty:  # a consultation without votes against has no disputed proposal
            return []
        top = positive.sort_values([column, "proposal_id"], ascending=[False, True])
        records = _records(top, MAX_RANKED_PROPOSALS)
        for record in records:
            record["document"] = titles.get(record["doc_id"], record["doc_id"])
        return records

    specific = tables.get("specificities", pd.DataFrame())
    by_section: dict[str, list[str]] = {}
    if not specific.empty:
        over = specific[(specific["group_by"] == "section") & (specific["direction"] == "over")]
        for group, terms in over.sort_values("score", ascending=False).groupby("group"):
            by_section[str(group)] = list(terms["term"].head(TERMS_PER_SECTION))
    replies = documents[documents["doc_type"].isin(["argument", "comment"])]
    contested = clusters
    if not clusters.empty and "controversy" in clusters:
        contested = clusters[clusters["cluster_id"] != -1].dropna(subset=["controversy"])
        contested = contested.sort_values("controversy", ascending=False)
    cluster_rows = _records(contested) if not contested.empty else []
    for row in cluster_rows:
        row["composition"] = _loads(row.get("composition"))
    return {
        "roles": _value_counts(documents, "doc_type"),
        "links": _value_counts(replies, "link_status"),
        "n_replies": len(replies),
        "specific_terms_by_section": by_section,
        "most_supported": ranked("support"),
        "most_disputed": ranked("controversy"),
        "clusters": cluster_rows,
    }


def _themes_by(
    documents: pd.DataFrame,
    document_themes: pd.DataFrame,
    themes: pd.DataFrame | None,
    column: str,
) -> dict[str, Any]:
    """Mean theme weight per group of documents (year of their date, or issuer)."""
    if documents.empty or document_themes.empty or themes is None or themes.empty:
        return {}
    groups = documents[["doc_id"]].copy()
    if column == "year":
        groups["group"] = documents["date"].str.slice(0, 4)
    else:
        groups["group"] = documents[column]
    merged = document_themes.merge(groups.dropna(), on="doc_id")
    if merged.empty or merged["group"].nunique() < 2:
        return {}
    table = merged.pivot_table(index="group", columns="theme_id", values="weight", aggfunc="sum")
    shares = table.div(table.sum(axis=1), axis=0).fillna(0.0).sort_index()
    counts = merged.groupby("group")["doc_id"].nunique()
    labels = dict(zip(themes["theme_id"], themes["label"], strict=True))
    return {
        "themes": [labels.get(t, str(t)) for t in shares.columns],
        "rows": [
            (str(g), int(counts[g]), [round(float(v) * 100) for v in shares.loc[g]])
            for g in shares.index
        ],
    }


def describe_theme_selection(selection: pd.DataFrame | None) -> dict[str, Any] | None:
    """How sharply the corpus determined its number of topics, from a ``theme_selection`` table.

    Returns the chosen number, the curve (``k, stability, spread`` rows) and ``near``: the
    candidates (from 3, as the choice) whose stability is within one spread (standard deviation
    over pairs of runs) of the best. Several numbers there mean that the curve is flat within
    its noise: another seed or sample may choose another of them. None when nothing was chosen.
    """
    if selection is None or selection.empty or not selection["chosen"].any():
        return None
    frame = selection.sort_values("n_topics")
    chosen = int(frame.loc[frame["chosen"], "n_topics"].iloc[0])
    candidates = frame[frame["n_topics"] >= 3] if (frame["n_topics"] >= 3).any() else frame
    best = candidates.loc[candidates["stability"].idxmax()]
    spread = best["stability_spread"]
    noise = 0.0 if pd.isna(spread) else float(spread)
    near = candidates.loc[candidates["stability"] >= best["stability"] - noise, "n_topics"]
    return {
        "chosen": chosen,
        "curve": [
            (int(row.n_topics), float(row.stability), _or_none(row.stability_spread))
            for row in frame.itertuples(index=False)
        ],
        "near": [int(k) for k in near],
    }


def _or_none(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


# How the report names the tables' codes (the tables keep the codes: they are the contract).
FRENCH_NAMES = {
    # documents.status
    "error": "erreur",
    "skipped": "non traité",
    "empty": "vide",
    "duplicate": "doublon",
    # proposals.kind
    "numbered": "numérotée",
    "list_item": "liste",
    "prose": "texte",
    # clusters.status
    "new": "nouveau",
    "persisting": "maintenu",
    "merged": "fusionné",
    "split": "scindé",
    # review_log.status
    "applied": "appliquée",
    "target_missing": "cible introuvable",
    # documents.doc_type and link_status of a consultation
    "argument": "argument",
    "comment": "commentaire",
    "debate": "débat",
    "attached": "rattaché",
    "target_skipped": "cible écartée",
    "no_target_id": "sans cible",
    "conflict": "conflit",
    "invalid": "invalide",
    "ignored": "ignorée",
}


_PLURALS = {"error": "erreurs", "skipped": "non traités", "empty": "vides", "duplicate": "doublons"}


def in_french(code: Any, count: int = 1) -> str:
    """The French name of a code of the tables, plural for a count above one ("2 erreurs")."""
    if count > 1 and code in _PLURALS:
        return _PLURALS[code]
    return FRENCH_NAMES.get(str(code), str(code))


def write_report(tables: dict[str, pd.DataFrame], manifest: dict[str, Any], path: Path) -> Path:
    env = Environment(
        loader=PackageLoader("textmine.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fr"] = in_french
    html = env.get_template("report.html.j2").render(**build_report_context(tables, manifest))
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def _group_views(
    groups: pd.DataFrame | None, cluster_views: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The broad groups of clusters, largest first, each with its clusters (largest first)."""
    if groups is None or groups.empty:
        return []
    ordered = groups[groups["group_id"] != -1].sort_values(
        ["size", "group_id"], ascending=[False, True]
    )
    return [
        {
            **group,
            "clusters": [c for c in cluster_views if c.get("group_id") == group["group_id"]],
        }
        for group in _records(ordered)
    ]
