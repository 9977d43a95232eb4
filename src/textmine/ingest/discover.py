"""Find the files of a corpus: recursive, sorted, symbolic links checked, limits applied."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from textmine.config import IngestConfig
from textmine.ingest.messages import Problem, problem, set_problem, size_in_french
from textmine.ingest.model import (
    STATUS_ERROR,
    STATUS_SKIPPED,
    IngestedDocument,
    SourceFile,
    make_doc_id,
)

# textmine's own files at the corpus root: not documents.
CORPUS_METADATA_FILE = "metadata.csv"
CORPUS_REVIEW_FOLDER = "review"
CORPUS_README = "README.md"


def file_format(name: str) -> str:
    """The format name recorded for a file: its lower-case extension without the dot."""
    suffix = Path(name).suffix.lower().lstrip(".")
    return {"markdown": "md", "htm": "html"}.get(suffix, suffix or "none")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _decided(rel_path: str, status: str, found: Problem) -> IngestedDocument:
    doc = IngestedDocument(
        doc_id=make_doc_id(rel_path), path=rel_path, format=file_format(rel_path), status=status
    )
    set_problem(doc, found)
    return doc


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def discover(root: Path, config: IngestConfig) -> tuple[list[SourceFile], list[IngestedDocument]]:
    """Readable files of the corpus, and the documents already decided (skipped or refused).

    ``root`` is a folder (read recursively, in sorted order) or a single file. Hidden folders are
    not entered; symbolic links are followed only when they stay inside the corpus.
    """
    root = Path(root)
    extensions = {e.lower() if e.startswith(".") else "." + e.lower() for e in config.extensions}
    sources: list[SourceFile] = []
    decided: list[IngestedDocument] = []
    if not root.exists():
        return [], [_decided(root.name, STATUS_ERROR, problem("corpus_not_found", root=root))]
    real_root = root.resolve()

    def consider(path: Path, rel_path: str) -> None:
        name = path.name
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except RuntimeError:
                decided.append(_decided(rel_path, STATUS_ERROR, problem("symlink_loop")))
                return
            except OSError:
                decided.append(_decided(rel_path, STATUS_ERROR, problem("symlink_broken")))
                return
            if not _inside(target, real_root) and root.is_dir():
                decided.append(_decided(rel_path, STATUS_SKIPPED, problem("symlink_outside")))
                return
            if target.is_dir():
                decided.append(_decided(rel_path, STATUS_SKIPPED, problem("symlink_folder")))
                return
            if not config.follow_symlinks_inside_corpus:
                decided.append(_decided(rel_path, STATUS_SKIPPED, problem("symlink_not_followed")))
                return
        if not path.is_file():
            decided.append(_decided(rel_path, STATUS_SKIPPED, problem("not_regular_file")))
            return
        if name.startswith("."):
            decided.append(_decided(rel_path, STATUS_SKIPPED, problem("hidden_file")))
            return
        suffix = path.suffix.lower()
        if suffix not in extensions:
            found = problem("unsupported_extension", extension=suffix or "(aucune)")
            decided.append(_decided(rel_path, STATUS_SKIPPED, found))
            return
        try:
            size = path.stat().st_size
        except OSError as exc:
            decided.append(
                _decided(rel_path, STATUS_ERROR, problem("cannot_open_file", exc.strerror))
            )
            return
        if size > config.max_file_bytes:
            found = problem(
                "file_too_large",
                f"{size:,} bytes > ingest.max_file_bytes={config.max_file_bytes:,}",
                size=size_in_french(size),
                limit=size_in_french(config.max_file_bytes),
            )
            decided.append(_decided(rel_path, STATUS_ERROR, found))
            return
        try:
            digest = _sha256(path)
        except OSError as exc:
            decided.append(
                _decided(rel_path, STATUS_ERROR, problem("cannot_open_file", exc.strerror))
            )
            return
        sources.append(
            SourceFile(path=path.absolute(), rel_path=rel_path, size=size, sha256=digest)
        )

    if not root.is_dir():
        consider(root, root.name)
        return sources, decided

    for directory, subdirs, files in os.walk(root, followlinks=False):
        here = Path(directory)
        rel_dir = here.relative_to(root).as_posix()
        kept_dirs = []
        for sub in sorted(subdirs):
            sub_path = here / sub
            rel = sub if rel_dir == "." else f"{rel_dir}/{sub}"
            if sub.startswith(".") or (rel_dir == "." and sub == CORPUS_REVIEW_FOLDER):
                continue
            if sub_path.is_symlink():
                consider(sub_path, rel)
                continue
            kept_dirs.append(sub)
        subdirs[:] = kept_dirs
        for name in sorted(files):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if rel_dir == "." and name == CORPUS_METADATA_FILE:
                continue
            if rel_dir == "." and name == CORPUS_README:
                decided.append(_decided(rel, STATUS_SKIPPED, problem("corpus_readme")))
                continue
            consider(here / name, rel)
    sources.sort(key=lambda s: s.rel_path)
    decided.sort(key=lambda d: d.path)
    return sources, decided
