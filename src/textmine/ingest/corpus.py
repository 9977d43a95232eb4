"""Read sources into documents, ingest a whole corpus, and build the output tables."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from textmine import schema
from textmine.config import IngestConfig
from textmine.ingest.archive import zip_members
from textmine.ingest.consultation import (
    any_date,
    link_replies,
    parse_number_value,
    skip_withdrawn,
    withdrawn_reason,
)
from textmine.ingest.discover import CORPUS_METADATA_FILE, discover, file_format
from textmine.ingest.duplicates import mark_exact_duplicates, mark_near_duplicates
from textmine.ingest.messages import (
    Problem,
    number_in_french,
    problem,
    set_problem,
    set_problems,
    size_in_french,
)
from textmine.ingest.metadata import (
    detect_date,
    detect_doc_type,
    detect_issuer,
    detect_language,
    detect_reference,
    detect_signatory,
    parse_date_value,
    plausible_title,
)
from textmine.ingest.model import (
    STATUS_EMPTY,
    STATUS_ERROR,
    STATUS_SKIPPED,
    IngestedDocument,
    SourceFile,
    make_doc_id,
    text_sha256,
)
from textmine.ingest.structure import Piece, assemble
from textmine.ingest.tables import (
    TABLE_FORMATS,
    TableContent,
    read_delimited,
    read_json,
    read_jsonl,
    read_xlsx,
)
from textmine.ingest.text import (
    ReadError,
    decode_bytes,
    front_matter_content,
    markdown_pieces,
    split_front_matter,
)

# The typed consultation columns of the documents table (textmine.ingest.consultation).
CONSULTATION_FIELDS = (
    "parent_doc_id",
    "parent_source_id",
    "link_status",
    "stance",
    "section",
    "category",
    "author_type",
    "votes_for",
    "votes_mixed",
    "votes_against",
    "votes",
    "posted_date",
)
# Fields of a document that metadata.csv or front matter may set.
_OVERRIDABLE = ("title", "date", "language", "doc_type", "issuer", "signatory", "reference")


def _error_doc(
    rel_path: str,
    fmt: str,
    found: Problem,
    status: str = STATUS_ERROR,
    source_id: str | None = None,
) -> IngestedDocument:
    doc = IngestedDocument(
        doc_id=make_doc_id(rel_path, source_id),
        path=rel_path,
        format=fmt,
        status=status,
        source_id=source_id,
    )
    set_problem(doc, found)
    return doc


def _finish(
    doc: IngestedDocument, pieces: list[Piece], config: IngestConfig, warnings: list[Problem]
) -> IngestedDocument:
    """Assemble the text, detect metadata, set the status."""
    text, blocks, truncated = assemble(pieces, config.max_doc_chars)
    if truncated:
        warnings.append(problem("text_truncated", limit=number_in_french(config.max_doc_chars)))
    doc.text, doc.blocks = text, blocks
    doc.sha256 = text_sha256(text) if text else None
    if not text.strip():
        doc.status = STATUS_EMPTY
        if not any(w.code == "row_empty_text" for w in warnings):  # that one says it already
            warnings.insert(0, problem("no_text"))
    if doc.title is None:
        headings = [b for b in blocks if b.kind == "heading"]
        # Letterheads are written in capitals: the title is the first heading that is not.
        first_heading = next(
            (b for b in headings if not text[b.start_char : b.end_char].isupper()),
            headings[0] if headings else None,
        )
        if doc.format == "pdf":
            first_heading = None
        if first_heading is not None and doc.format not in TABLE_FORMATS:
            doc.title = text[first_heading.start_char : first_heading.end_char][:300]
        elif blocks and doc.format not in TABLE_FORMATS:
            opening = [text[b.start_char : b.end_char] for b in blocks[:8]]
            doc.title = plausible_title(opening) or opening[0][:200]
    if text:
        doc.date = doc.date or detect_date(text, None if doc.format in TABLE_FORMATS else doc.path)
        if doc.format not in TABLE_FORMATS:
            doc.doc_type = doc.doc_type or detect_doc_type(text, doc.title)
            doc.issuer = doc.issuer or detect_issuer(text)
            doc.signatory = doc.signatory or detect_signatory(text)
            doc.reference = doc.reference or detect_reference(text)
        doc.language = doc.language or detect_language(text, config.default_language)
    if warnings:
        set_problems(doc, warnings)
    return doc


def _read_markdown(
    doc: IngestedDocument, raw: str, config: IngestConfig, warnings: list[Problem]
) -> list[Piece]:
    fields, body, warning = split_front_matter(raw)
    if warning:
        warnings.append(warning)
    pieces: list[Piece] = []
    if fields:
        doc.metadata.update(
            {
                str(k): v
                for k, v in fields.items()
                if not isinstance(v, (dict, list)) or k in {"tags", "categories"}
            }
        )
        title = fields.get("title")
        if isinstance(title, str) and title.strip():
            doc.title = " ".join(html_lib.unescape(title).split())
            pieces.append(Piece("heading", doc.title, level=1))
        doc.date = parse_date_value(fields.get("date"))
        categories = fields.get("categories") or fields.get("category") or []
        if isinstance(categories, str):
            categories = [categories]
        doc.doc_type = (
            detect_doc_type("", None, [str(c) for c in categories]) if categories else None
        )
        try:
            content, _ = front_matter_content(fields)
        except ReadError as exc:
            content = ""
            warnings.append(exc.problem)
        if content:
            pieces.extend(markdown_pieces(content))
    body_pieces = markdown_pieces(body)
    # The body often repeats the front-matter title as its first heading.
    if (
        fields
        and doc.title
        and body_pieces
        and body_pieces[0].kind == "heading"
        and " ".join(body_pieces[0].text.split()).lower() == doc.title.lower()
    ):
        body_pieces.pop(0)
    return pieces + body_pieces


def _table_documents(
    source_path: str, fmt: str, table: TableContent, config: IngestConfig
) -> list[IngestedDocument]:
    docs: list[IngestedDocument] = []
    for row in table.rows:
        doc = IngestedDocument(
            doc_id=make_doc_id(source_path, row.source_id),
            path=source_path,
            format=fmt,
            source_id=row.source_id,
            title=row.title,
            doc_type=table.roles.role,
            date=parse_date_value(row.date_value),
            metadata=dict(row.metadata),
            variables=dict(row.declared),
            **row.variables,
        )
        doc.metadata["text_column"] = table.text_column
        if table.id_column:
            doc.metadata["id_column"] = table.id_column
        if table.roles.reply_to:
            doc.metadata["reply_to_column"] = table.roles.reply_to
        warnings: list[Problem] = []
        with_title = config.table_title_in_text and row.title and row.text.strip()
        pieces = [Piece("heading", row.title, level=1)] if with_title else []
        pieces.extend(markdown_pieces(row.text, markup=False))
        if not row.text.strip():
            warnings.append(problem("row_empty_text", column=table.text_column))
            pieces = []
        doc = _finish(doc, pieces, config, warnings)
        skip_withdrawn(doc, withdrawn_reason(row.metadata, table.columns, config.skip_rows))
        docs.append(doc)
    for row_problem in table.problems:
        docs.append(
            _error_doc(source_path, fmt, row_problem.problem, source_id=row_problem.source_id)
        )
    return docs


def read_bytes(
    data: bytes, rel_path: str, config: IngestConfig, in_archive: bool = False
) -> list[IngestedDocument]:
    """Read one file's bytes into its documents; never raises for bad content."""
    fmt = file_format(rel_path)
    try:
        return _read_bytes(data, rel_path, fmt, config, in_archive)
    except ReadError as exc:
        return [_error_doc(rel_path, fmt, exc.problem)]
    except MemoryError:
        return [_error_doc(rel_path, fmt, problem("out_of_memory"))]
    except RecursionError:
        return [_error_doc(rel_path, fmt, problem("too_deeply_nested"))]
    except Exception as exc:
        found = problem("unexpected_error", f"{type(exc).__name__}: {exc}")
        return [_error_doc(rel_path, fmt, found)]


def _read_bytes(
    data: bytes, rel_path: str, fmt: str, config: IngestConfig, in_archive: bool
) -> list[IngestedDocument]:
    if not data.strip():
        return [_error_doc(rel_path, fmt, problem("empty_file"), status=STATUS_EMPTY)]
    columns = {
        "id_column": config.id_column,
        "title_column": config.title_column,
        "text_column": config.text_column,
        "consultation": config.consultation,
        "variables": config.variables,
    }
    if fmt == "zip":
        if in_archive:
            return [_error_doc(rel_path, fmt, problem("archive_nested"), STATUS_SKIPPED)]
        docs: list[IngestedDocument] = []
        for member in zip_members(data, config.max_archive_bytes):
            member_path = f"{rel_path}!{member.name}"
            member_format = file_format(member.name)
            if "." + member_format not in {
                e.lower() for e in config.extensions
            } and member_format not in {"md", "html"}:
                docs.append(
                    _error_doc(
                        member_path,
                        member_format,
                        problem("unsupported_extension", extension=f".{member_format}"),
                        STATUS_SKIPPED,
                    )
                )
            elif member.data is None:
                found = member.problem or problem("archive_member_not_read")
                docs.append(_error_doc(member_path, member_format, found))
            else:
                docs.extend(read_bytes(member.data, member_path, config, in_archive=True))
        if not docs:
            return [_error_doc(rel_path, fmt, problem("archive_empty"), status=STATUS_EMPTY)]
        return docs
    if fmt in {"csv", "tsv"}:
        table = read_delimited(data, "\t" if fmt == "tsv" else ",", **columns)
        return _table_documents(rel_path, fmt, table, config) or [
            _error_doc(rel_path, fmt, problem("table_no_rows"), STATUS_EMPTY)
        ]
    if fmt in {"jsonl", "json", "xlsx"}:
        if fmt == "jsonl":
            table = read_jsonl(data, **columns)
        elif fmt == "json":
            table = read_json(data, **columns)
        else:
            table = read_xlsx(data, config.max_archive_bytes, **columns)
        return _table_documents(rel_path, fmt, table, config) or [
            _error_doc(rel_path, fmt, problem("table_no_rows"), STATUS_EMPTY)
        ]

    doc = IngestedDocument(doc_id=make_doc_id(rel_path), path=rel_path, format=fmt)
    warnings: list[Problem] = []
    if fmt == "pdf":
        from textmine.ingest.pdf import read_pdf

        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise ReadError("not_pdf", "missing the %PDF header")
        pieces, doc.n_pages, pdf_warnings = read_pdf(data, config.max_pdf_pages)
        warnings.extend(pdf_warnings)
    elif fmt == "docx":
        from textmine.ingest.office import read_docx

        pieces, properties = read_docx(data, config.max_archive_bytes)
        if properties.get("title"):
            doc.title = properties["title"]
        doc.metadata.update({f"docx_{k}": v for k, v in properties.items()})
    elif fmt == "odt":
        from textmine.ingest.office import read_odt

        pieces = read_odt(data, config.max_archive_bytes)
    elif fmt == "rtf":
        from textmine.ingest.office import read_rtf

        pieces = read_rtf(data)
    elif fmt == "html":
        from textmine.ingest.html import read_html

        pieces, doc.title = read_html(data)
    elif fmt in {"md", "txt"}:
        raw, encoding = decode_bytes(data)
        if encoding != "utf-8":
            doc.metadata["encoding"] = encoding
        if fmt == "md" or raw.startswith("---"):
            pieces = _read_markdown(doc, raw, config, warnings)
        else:
            pieces = markdown_pieces(raw, markup=False)
    else:
        raise ReadError("unsupported_format", format=fmt)
    return [_finish(doc, pieces, config, warnings)]


def read_source(source: SourceFile, config: IngestConfig) -> list[IngestedDocument]:
    """Read one file of the corpus into one or more documents; never raises."""
    fmt = file_format(source.rel_path)
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        found = problem("cannot_open_file", exc.strerror or exc)
        return [_error_doc(source.rel_path, fmt, found)]
    if len(data) > config.max_file_bytes:
        found = problem(
            "file_too_large",
            f"{len(data):,} bytes",
            size=size_in_french(len(data)),
            limit=size_in_french(config.max_file_bytes),
        )
        return [_error_doc(source.rel_path, fmt, found)]
    return read_bytes(data, source.rel_path, config)


def read_metadata_file(path: Path) -> tuple[dict[str, dict[str, str]], Problem | None]:
    """The corpus's ``metadata.csv``: path -> field overrides; (overrides, warning)."""
    try:
        text, _ = decode_bytes(path.read_bytes())
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "path" not in reader.fieldnames:
            return {}, problem("metadata_no_path_column", file=CORPUS_METADATA_FILE)
        overrides = {}
        for row in reader:
            key = (row.get("path") or "").strip()
            if key:
                overrides[key] = {
                    k: v for k, v in row.items() if k and k != "path" and v not in (None, "")
                }
        return overrides, None
    except (OSError, ReadError, csv.Error) as exc:
        return {}, problem("metadata_unreadable", exc, file=CORPUS_METADATA_FILE)


def apply_overrides(doc: IngestedDocument, fields: dict[str, Any]) -> None:
    """Set documented fields from a metadata.csv row; other columns go to ``metadata``."""
    for key, value in fields.items():
        if key in _OVERRIDABLE:
            setattr(doc, key, parse_date_value(value) or value if key == "date" else value)
        else:
            doc.metadata[key] = value


def ingest_corpus(
    root: Path,
    config: IngestConfig,
    on_progress: Callable[[int, int], None] | None = None,
    read: Callable[[SourceFile], list[IngestedDocument]] | None = None,
    mark_duplicates: bool = True,
) -> list[IngestedDocument]:
    """Discover, read, apply metadata.csv and mark duplicates; documents in path order.

    ``read`` replaces :func:`read_source` for each file (the flow passes a cached reader);
    with ``mark_duplicates=False`` the caller marks them (the flow caches the marks).
    """
    root = Path(root)
    sources, docs = discover(root, config)
    total = len(sources)
    for done, source in enumerate(sources, start=1):
        docs.extend(read(source) if read else read_source(source, config))
        if on_progress is not None:
            on_progress(done, total)
    metadata_path = root / CORPUS_METADATA_FILE
    if root.is_dir() and metadata_path.is_file():
        overrides, warning = read_metadata_file(metadata_path)
        for doc in docs:
            fields = overrides.get(doc.path)
            if fields:
                apply_overrides(doc, fields)
        if warning:
            docs.append(_error_doc(CORPUS_METADATA_FILE, "csv", warning))
    docs.sort(key=lambda d: (d.path, _source_order(d)))
    link_replies(docs)
    if mark_duplicates:
        mark_exact_duplicates(docs)
        mark_near_duplicates(docs, config.near_duplicate_threshold, config.near_duplicate_min_chars)
    return docs


def _source_order(doc: IngestedDocument) -> tuple[int, str]:
    """Table rows in file order (their line number), then by id."""
    line = doc.metadata.get("line") if doc.source_id else None
    if isinstance(line, int):
        return line, ""
    if doc.source_id and doc.source_id.startswith(("line", "item")) and doc.source_id[4:].isdigit():
        return int(doc.source_id[4:]), ""
    return 0, doc.source_id or ""


def documents_frame(docs: list[IngestedDocument]) -> pd.DataFrame:
    """The ``documents`` table (metadata as a JSON string).

    A duplicate names the document it repeats by its title (its path when it has none) beside
    its id: a reader knows the title, not the id.
    """
    names = {d.doc_id: d.title or d.path for d in docs}
    rows = [
        {
            "doc_id": d.doc_id,
            "source_id": d.source_id,
            "path": d.path,
            "format": d.format,
            "title": d.title,
            "date": d.date,
            "language": d.language,
            "doc_type": d.doc_type,
            "issuer": d.issuer,
            "signatory": d.signatory,
            "reference": d.reference,
            "n_chars": len(d.text),
            "n_pages": d.n_pages,
            "sha256": d.sha256,
            "status": d.status,
            "error": d.error,
            "error_code": d.error_code,
            "duplicate_of": d.duplicate_of,
            "near_duplicate_of": d.near_duplicate_of,
            "near_duplicate_similarity": d.near_duplicate_similarity,
            "duplicate_of_title": names.get(d.duplicate_of) if d.duplicate_of else None,
            "near_duplicate_of_title": (
                names.get(d.near_duplicate_of) if d.near_duplicate_of else None
            ),
            "metadata": json.dumps(d.metadata, ensure_ascii=False, sort_keys=True, default=str),
            **{name: getattr(d, name) for name in CONSULTATION_FIELDS},
        }
        for d in docs
    ]
    if not rows:
        return schema.empty("documents")
    return schema.conform("documents", pd.DataFrame(rows))


def blocks_frame(docs: list[IngestedDocument]) -> pd.DataFrame:
    """The ``blocks`` table: one row per block, ``block_id`` counted within each document."""
    rows = [
        {
            "doc_id": d.doc_id,
            "block_id": i,
            "kind": b.kind,
            "level": b.level,
            "marker": b.marker,
            "number": b.number,
            "page": b.page,
            "start_char": b.start_char,
            "end_char": b.end_char,
            "section": b.section,
        }
        for d in docs
        for i, b in enumerate(d.blocks)
    ]
    if not rows:
        return schema.empty("blocks")
    return schema.conform("blocks", pd.DataFrame(rows))


def variables_frame(docs: list[IngestedDocument]) -> pd.DataFrame:
    """The ``variables`` table: the declared columns of each row (``ingest.variables``), typed."""
    rows = []
    for d in docs:
        for name, value in d.variables.items():
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            number = parse_number_value(value)
            rows.append(
                {
                    "doc_id": d.doc_id,
                    "variable": name,
                    "value": text,
                    "number": number,
                    "date": any_date(value) if number is None else None,
                }
            )
    if not rows:
        return schema.empty("variables")
    return schema.conform("variables", pd.DataFrame(rows))
