"""The spaCy stage: load the French pipeline once, parse texts in batches, split long documents.

Texts longer than ``chunk_chars`` are cut at paragraph (then line, then sentence) boundaries,
parsed as separate texts and joined back into one ``Doc`` whose text is the original, so every
character offset downstream still refers to the document's text. When entity recasing is on,
the pipeline parses a same-length re-cased copy of each text (see :mod:`textmine.entities`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from textmine.config import EntitiesConfig, NlpConfig, TextmineConfig
from textmine.segmentation import add_sentence_layout

_BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?;:]\s"),
    re.compile(r"\s"),
)


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy pipeline is not installed (it is never downloaded at run time)."""


def load_pipeline(model: str, entities: EntitiesConfig | None = None) -> Language:
    """Load an installed spaCy pipeline and add textmine's entity components."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy pipeline {model!r} is not installed; install it as a package "
            f"(e.g. `pip install {model.replace('_', '-')}`), textmine never downloads models"
        ) from exc
    # headings and paragraph breaks end a sentence, "Pôle emploi" does not cut (P25)
    add_sentence_layout(nlp)
    if entities is not None:
        from textmine.entities import add_entity_components

        add_entity_components(nlp, entities)
    # Chunking keeps every text below this; the limit only guards memory of one parse.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


_PIPELINES_LOCK = threading.Lock()


def cached_pipeline(model: str, entities_json: str) -> Language:
    """One pipeline per process and configuration (tasks in the same worker share it).

    Thread-safe: a pipeline being loaded in another thread (a preload) is waited for, not
    loaded twice.
    """
    with _PIPELINES_LOCK:
        return _cached_pipeline(model, entities_json)


@lru_cache(maxsize=4)
def _cached_pipeline(model: str, entities_json: str) -> Language:
    entities = EntitiesConfig.model_validate_json(entities_json)
    return load_pipeline(model, entities)


def release_pipelines() -> None:
    """Drop the pipelines this process loaded, and hand their memory back to the system.

    For a process done with parsing: the corpus-level stages then run without the model's few
    hundred MiB. A later :func:`cached_pipeline` loads it again (a couple of seconds).
    """
    with _PIPELINES_LOCK:
        _cached_pipeline.cache_clear()
    gc.collect()
    _return_freed_memory()


def _return_freed_memory() -> None:
    """Ask glibc to give freed heap pages back (freeing alone keeps them in the process)."""
    # Not glibc: the pages stay in the process until it reuses them.
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def is_model_installed(model: str) -> bool:
    return spacy.util.is_package(model)


def model_for_language(language: str | None, config: TextmineConfig) -> str | None:
    """The spaCy pipeline for a document's language, or None when none is installed."""
    if language in (None, "", "fr", "und"):
        return config.nlp.model
    model = config.nlp.other_models.get(language)
    if model and is_model_installed(model):
        return model
    return None


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive spans of at most ``max_chars`` that cover it exactly.

    Cuts fall after the last paragraph break in the window, else the last line break, else the
    last sentence end, else the last space, else at ``max_chars`` (a 5 MB single word).
    """
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        window_end = start + max_chars
        cut = window_end
        for pattern in _BOUNDARIES:
            last = None
            for match in pattern.finditer(text, start + max_chars // 2, window_end):
                last = match
            if last is not None:
                cut = last.end()
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def choose_n_process(config: NlpConfig, total_chars: int) -> int:
    if config.n_process == "auto":
        return 2 if total_chars >= config.auto_multiprocess_min_chars else 1
    return int(config.n_process)


def parse_texts(
    texts: Iterable[str],
    nlp: Language,
    config: NlpConfig,
    n_process: int = 1,
    prepare: Callable[[str], str] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe``, in order, one ``Doc`` per text.

    Texts are prepared and chunked lazily, so that this work overlaps with parsing in the
    worker processes. ``prepare`` maps a text to the same-length copy that is actually parsed
    (recasing). ``on_progress`` is called with the number of characters of each finished text.
    """

    def pieces() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for text in texts:
            prepared = prepare(text) if prepare else text
            if len(prepared) != len(text):
                raise ValueError("prepare() must keep the text length (offsets must map 1:1)")
            spans = chunk_spans(prepared, config.chunk_chars)
            for part, (start, end) in enumerate(spans):
                yield prepared[start:end], (len(text), part, len(spans))

    pending: list[Doc] = []
    for doc, (n_chars, part, n_parts) in nlp.pipe(
        pieces(), as_tuples=True, batch_size=config.batch_size, n_process=n_process
    ):
        pending.append(doc)
        if part < n_parts - 1:
            continue
        yield pending[0] if n_parts == 1 else Doc.from_docs(pending, ensure_whitespace=False)
        pending = []
        if on_progress:
            on_progress(n_chars)


def model_version(model: str) -> str:
    """``name-version`` of an installed pipeline package, without loading it (for cache keys)."""
    version = spacy.util.get_package_version(model)
    if version is None:
        raise ModelNotInstalledError(
            f"spaCy pipeline {model!r} is not installed; install it as a package "
            f"(e.g. `pip install {model.replace('_', '-')}`), textmine never downloads models"
        )
    return f"{model}-{version}"
