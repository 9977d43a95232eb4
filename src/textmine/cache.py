"""A content-addressed cache of per-document results.

Two kinds of entries, both keyed by explicit content hashes (never by hashing DataFrames):

- parsed ``Doc`` objects (spaCy ``DocBin`` bytes), keyed by the document's exact text, the
  pipeline's name and version, and the settings that change the parse;
- rows that one extraction stage produced for one document, keyed by the parse key plus that
  stage's configuration and code version, so that changing one stage's configuration recomputes
  only that stage (from the cached parse);
- sentence embeddings (raw float32 bytes), one per distinct text and encoder setting
  (:func:`textmine.embeddings.embedding_key`), shared by every document that holds the text.

Writes are atomic (temporary file + rename): a killed run never leaves a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab


def content_key(*parts: Any) -> str:
    """sha256 of the JSON encoding of ``parts`` (sorted keys, so dict order does not matter)."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The temporary name is unique per process and thread (two writers of the same entry write
    the same bytes, and the rename is atomic), which is cheaper than ``mkstemp`` on the tens of
    thousands of small entries of a large corpus; the folder is created on first use.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        handle = open(tmp, "wb")  # noqa: SIM115
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(tmp, "wb")  # noqa: SIM115
    try:
        with handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class ResultCache:
    """Per-document cache under ``root`` (by default ``<outputs>/.cache``)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def get_doc(self, key: str, vocab: Vocab) -> Doc | None:
        path = self._path("docs", key, ".spacy")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            docs = list(DocBin().from_bytes(data).get_docs(vocab))
        except Exception:  # a corrupt entry is a miss, recomputed and overwritten
            return None
        return docs[0] if len(docs) == 1 else None

    def put_doc(self, key: str, doc: Doc) -> None:
        doc_bin = DocBin(store_user_data=False)
        doc_bin.add(doc)
        _atomic_write(self._path("docs", key, ".spacy"), doc_bin.to_bytes())

    def get_rows(self, stage: str, key: str) -> dict[str, list[dict[str, Any]]] | None:
        path = self._path(f"stages/{stage}", key, ".pkl")
        try:
            with path.open("rb") as handle:
                rows = pickle.load(handle)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:
            self.misses += 1
            return None
        self.hits += 1
        return rows

    def put_rows(self, stage: str, key: str, rows: dict[str, list[dict[str, Any]]]) -> None:
        data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        _atomic_write(self._path(f"stages/{stage}", key, ".pkl"), data)

    def get_vector(self, key: str) -> np.ndarray | None:
        """The cached float32 vector of ``key``, or None (missing or damaged: a miss)."""
        try:
            data = self._path("embeddings", key, ".f32").read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not data or len(data) % 4:  # a truncated entry is recomputed and overwritten
            return None
        return np.frombuffer(data, dtype=np.float32)

    def put_vector(self, key: str, vector: np.ndarray) -> None:
        _atomic_write(
            self._path("embeddings", key, ".f32"), np.asarray(vector, np.float32).tobytes()
        )

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in ``keep``; returns how many were removed."""
        removed = 0
        if not self.root.exists():
            return 0
        for path in self.root.rglob("*"):
            if path.is_file() and path.name.split(".")[0] not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
