"""Render the run's tables into ``report.html``: one self-contained, explorable page.

The overview is rendered here (Jinja2, autoescaped: document text is escaped); the other views
(search, facets, concordance, document view, maps, charts) are drawn in the browser by
``static/report.js`` from the tables embedded as JSON (:mod:`.data`). Nothing is fetched: the
style and the script are inline, and a Content-Security-Policy allows those two only (by their
sha256), so that text from a document can never run as code.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from textmine.consultation import is_consultation
from textmine.report.data import build_payload, embed_json


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
    problems = _records(documents[documents["status"] != "ok"] if not documents.empty else None)
    short_titles = {  # a row of a table without a title is named by its path and row id
        row.doc_id: row.title
        if isinstance(row.title, str) and row.title
        else (f"{row.path} #{row.source_id}" if isinstance(row.source_id, str) else row.path)
        for row in documents.itertuples(index=False)
    }
    for doc in problems:  # a duplicate names the document it repeats by its title
        if doc.get("duplicate_of"):
            doc["duplicate_of_title"] = short_titles.get(doc["duplicate_of"], doc["duplicate_of"])

    proposals = tables.get("proposals", pd.DataFrame())
    clusters = tables.get("clusters", pd.DataFrame())
    cluster_views = []
    if not clusters.empty:
        cluster_views = _records(
            # the unclustered (-1) have their own row
            clusters[clusters["cluster_id"] != -1].sort_values(
                ["size", "cluster_id"], ascending=[False, True]
            )
        )
    unclustered = proposals[proposals["cluster_id"] == -1] if len(proposals) else proposals

    document_themes = tables.get("document_themes", pd.DataFrame())
    themes = _records(tables.get("themes"))
    sub_themes = tables.get("sub_themes")
    if sub_themes is not None and not sub_themes.empty:
        for theme in themes:  # listed under their broad theme, biggest first (their id order)
            theme["sub_themes"] = _records(sub_themes[sub_themes["theme_id"] == theme["theme_id"]])
    if not document_themes.empty:
        for theme in themes:
            top = document_themes[document_themes["theme_id"] == theme["theme_id"]]
            top = top.sort_values("weight", ascending=False).head(5)
            theme["top_documents"] = [
                (titles.get(d, d), round(float(w), 3))
                for d, w in zip(top["doc_id"], top["weight"], strict=True)
            ]

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
        "n_documents": len(documents),
        "status_counts": _value_counts(documents, "status"),
        "format_counts": _value_counts(documents, "format"),
        "problems": problems,
        "themes": themes,
        "theme_selection": describe_theme_selection(tables.get("theme_selection")),
        "clusters": cluster_views,
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
    # review_log.decision
    "accept": "accepter",
    "reject": "rejeter",
    "move": "déplacer",
    "merge": "fusionner",
    "rename": "renommer",
    "note": "note",
    "reject_entity": "rejeter l'entité",
    "set_canonical": "changer la forme canonique",
    "add_alias": "ajouter un alias",
}


_PLURALS = {"error": "erreurs", "skipped": "non traités", "empty": "vides", "duplicate": "doublons"}


def in_french(code: Any, count: int = 1) -> str:
    """The French name of a code of the tables, plural for a count above one ("2 erreurs")."""
    if count > 1 and code in _PLURALS:
        return _PLURALS[code]
    return FRENCH_NAMES.get(str(code), str(code))


# The review step's messages (English in review_log, the table keeps them) as the report shows
# them: French, ids kept. Patterns are tried in order; a message none matches is shown as is.
_REVIEW_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"accepted", "acceptée"),
    (r"label changed", "libellé changé"),
    (r"note kept", "note conservée"),
    (r"the entity is rejected", "l'entité est rejetée"),
    (r"a rejected proposal is not moved", "une proposition rejetée n'est pas déplacée"),
    (r"already the canonical form", "c'est déjà la forme canonique"),
    (
        r"canonical form changed \(the old one kept as an alias\)",
        "forme canonique changée (l'ancienne gardée comme alias)",
    ),
    (
        r"kept in the table, left out of its cluster's counts",
        "gardée dans la table, hors des comptes de son groupe",
    ),
    (r"alias added", "alias ajouté"),
    (r"alias added; entities (.+) merged in", r"alias ajouté ; entités \1 fusionnées"),
    (
        r"cluster dissolved: its (\d+) proposals are now unclustered",
        r"groupe dissous : ses \1 propositions ne sont plus regroupées",
    ),
    (r"cluster (\S+) is not in this run", r"le groupe \1 n'existe pas dans ce passage"),
    (r"proposal (\S+) is not in this run", r"la proposition \1 n'existe pas dans ce passage"),
    (
        r"cluster (\S+) already has this label \(labels are unique\): merge them instead\?",
        r"le groupe \1 a déjà ce libellé (les libellés sont uniques) : les fusionner ?",
    ),
    (r"entity and its (\d+) mentions removed", r"entité et ses \1 mentions retirées"),
    (
        r"merged into cluster (\S+) \((\d+) proposals moved\)",
        r"fusionné dans le groupe \1 (\2 propositions déplacées)",
    ),
    (r"merged into entity (\S+) already named so", r"fusionnée dans l'entité \1 de même nom"),
    (
        r"merges form a cycle \((.+)\); none of them applied",
        r"fusions en cycle (\1) : aucune appliquée",
    ),
    (
        r"moved to cluster (\S+) \(merged into (\S+)\)",
        r"déplacée vers le groupe \1 (fusionné dans \2)",
    ),
    (r"moved to cluster (\S+)", r"déplacée vers le groupe \1"),
    (
        r"(\S+) (\S+) already has a different decision on line (\d+)",
        r"\1 \2 a déjà une autre décision à la ligne \3",
    ),
)


def review_message_in_french(message: Any) -> Any:
    """A ``review_log`` message in French (ids and numbers kept); others unchanged."""
    if not isinstance(message, str):
        return message
    for pattern, french in _REVIEW_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, french, message)
    return message


def _static(name: str) -> str:
    return (resources.files("textmine.report") / "static" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy(script: str, style: str, files: bool = False) -> str:
    """Nothing but the page's own inline script and style, by hash (and, for a report with a
    data folder, scripts from its own location: ``'self'``): no inline script but ours (an
    injected one included), no eval, no request elsewhere. Images only from ``blob:`` and
    ``data:``, which the PNG export draws from the SVG of a chart."""
    scripts = f"'self' {_sha256(script)}" if files else _sha256(script)
    return (
        f"default-src 'none'; script-src {scripts}; style-src {_sha256(style)}; "
        "img-src blob: data:; base-uri 'none'; form-action 'none'"
    )


# Above this much data the tables go to a folder beside the page (report_data/NAME.js) instead
# of inside it: the browser reads the HTML of the page before running its script, and 51 MiB of
# it (100,000 proposals) delayed the script by 4.9 s (bench/RESULTS.md R1). Below it, one file
# (repnum-2015's 5,536 documents: 7.5 MiB) is easier to send and to keep.
INLINE_DATA_BYTES = 16 * 2**20
# The tables a folder report loads only when a view first needs them: the text when the
# concordance or a document is first opened, the maps' points when the maps are (3.5 MiB at
# 100,000 proposals that the lists never read: bench/RESULTS.md R2).
TEXT_TABLES = ("sentences", "entities", "blocks")
MAP_TABLES = ("proposal_map", "cluster_map")
LATER_TABLES = TEXT_TABLES + MAP_TABLES


def _write_data_folder(folder: Path, data: list[tuple[str, str]]) -> None:
    """Each table as ``NAME.js`` setting ``window.TEXTMINE[NAME]`` (a script, since a page opened
    from ``file://`` cannot fetch a file); the folder replaced whole."""
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for name, text in data:
        (tmp / f"{name}.js").write_text(
            f'(window.TEXTMINE = window.TEXTMINE || {{}})["{name}"] = {text};\n', encoding="utf-8"
        )
    if folder.exists():
        shutil.rmtree(folder)
    tmp.replace(folder)


def write_report(
    tables: dict[str, pd.DataFrame],
    manifest: dict[str, Any],
    path: Path,
    *,
    data_folder: bool | None = None,
) -> Path:
    """Write the report of a run's ``tables`` to ``path`` (atomically) and return it.

    ``data_folder``: put the tables in ``<stem>_data/`` beside the page (True), inside it
    (False), or decide by their size (None: a folder above :data:`INLINE_DATA_BYTES`).
    """
    env = Environment(
        loader=PackageLoader("textmine.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fr"] = in_french
    log = tables.get("review_log")
    if log is not None and not log.empty:  # the page shows the messages in French
        tables = {
            **tables,
            "review_log": log.assign(message=log["message"].map(review_message_in_french)),
        }
    context = build_report_context(tables, manifest)
    script, style = _static("report.js"), _static("report.css")
    if "</" in script or "</" in style:  # would end the inline element early
        raise ValueError("the report's inline script or style contains '</'")
    meta = {
        "run_id": manifest.get("run_id"),
        "corpus": manifest.get("corpus"),
        "generated": context["generated"],
    }
    # one JSON per table: the page parses a table when a view first needs it
    data = [(name, embed_json(value)) for name, value in build_payload(tables, meta).items()]
    if data_folder is None:
        data_folder = sum(len(text) for _, text in data) > INLINE_DATA_BYTES
    folder = path.parent / f"{path.stem}_data"
    if data_folder:
        _write_data_folder(folder, data)
    elif folder.exists():  # a folder left by an earlier, larger report at the same place
        shutil.rmtree(folder)
    html = env.get_template("report.html.j2").render(
        **context,
        css=style,
        js=script,
        csp=content_security_policy(script, style, files=data_folder),
        data_blocks=[] if data_folder else data,
        folder=folder.name if data_folder else None,
        core_files=[name for name, _ in data if name not in LATER_TABLES] if data_folder else [],
        later=[name for name, _ in data if name in LATER_TABLES] if data_folder else [],
    )
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
