"""Per-document analysis: parse each document once and run every extraction stage on it.

A document's results are the rows it contributes to the per-document tables (sentences,
entities, quantities, key-term candidates, lemmas, proposals, the proposals' sentence
embeddings). They are cached by content (:mod:`textmine.cache`): a rerun parses only new or
changed documents, and a change to one stage's configuration recomputes only that stage, from
the cached parse. The ``embeddings`` stage reads the document's proposal rows, not its parse
(when it is the only stage to recompute, the parse is not even loaded), and embeds each distinct
text once (:mod:`textmine.embeddings`), in the worker process, with the encoder loaded once per
worker.
"""

from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.language import Language

from textmine.cache import ResultCache
from textmine.config import TextmineConfig
from textmine.document_keys import (  # noqa: F401  (re-exported: the analysis's cache keys)
    PARSE_VERSION,
    STAGE_CONFIG_SECTIONS,
    STAGE_NAMES,
    STAGE_VERSIONS,
    KeyMaker,
)
from textmine.embeddings import EMBEDDINGS_TABLE, embedding_rows
from textmine.embeddings import failed as embeddings_failed
from textmine.ingest.model import IngestedDocument
from textmine.nlp import choose_n_process, parse_texts
from textmine.parsed import ParsedDocument, StructureIndex
from textmine.processes import setup_child

Rows = dict[str, list[dict[str, Any]]]
logger = logging.getLogger(__name__)

PER_DOCUMENT_TABLES = (
    "sentences",
    "entities",
    "roles",
    "quantities",
    "term_candidates",
    "doc_lemmas",
    "proposals",
    EMBEDDINGS_TABLE,
)
# The stage computed from the proposals' rows, not from the parse (see _extract_items).
EMBEDDINGS_STAGE = "embeddings"


def content_lemmas(tokens: Any) -> str:
    """Lowercased lemmas of content words, space-joined: the input of topic models and clustering."""
    return " ".join(
        t.lemma_.lower()
        for t in tokens
        if t.is_alpha and not t.is_stop and len(t) > 1 and t.pos_ not in {"PROPN", "AUX", "DET"}
    )


def sentence_rows(pdoc: ParsedDocument) -> Rows:
    structure = StructureIndex(pdoc.blocks)
    rows = []
    for sent_id, sent in enumerate(pdoc.doc.sents):
        text = pdoc.span_text(sent).strip()
        if not text:
            continue
        rows.append(
            {
                "doc_id": pdoc.doc_id,
                "sent_id": sent_id,
                "start_char": sent.start_char,
                "end_char": sent.end_char,
                "page": structure.page_at(sent.start_char),
                "section": structure.section_at(sent.start_char),
                "text": text,
                "lemmas": content_lemmas(sent),
            }
        )
    return {"sentences": rows}


def entity_rows(pdoc: ParsedDocument, config: TextmineConfig) -> Rows:
    from textmine.entities import extract_entities, extract_roles
    from textmine.quantities import extract_quantities

    entities = extract_entities(pdoc, config.entities)
    return {
        "entities": entities,
        "roles": extract_roles(pdoc, entities),
        "quantities": extract_quantities(pdoc),
    }


def term_rows(pdoc: ParsedDocument, config: TextmineConfig) -> Rows:
    from textmine.themes import terms_and_lemmas

    terms, lemmas = terms_and_lemmas(pdoc, config.themes)
    return {
        "term_candidates": terms,
        "doc_lemmas": [{"doc_id": pdoc.doc_id, "lemmas": lemmas}],
    }


def proposal_rows(pdoc: ParsedDocument, config: TextmineConfig) -> Rows:
    from textmine.proposals import detect_proposals

    return {"proposals": detect_proposals(pdoc, config.proposals)}


STAGES: dict[str, Callable[[ParsedDocument, TextmineConfig], Rows]] = {
    "sentences": lambda pdoc, _config: sentence_rows(pdoc),
    "entities": entity_rows,
    "terms": term_rows,
    "proposals": proposal_rows,
}
# Every per-document stage, in the order they run (the last reads the proposals' rows).
ALL_STAGES = (*STAGES, EMBEDDINGS_STAGE)


@dataclass
class AnalysisStats:
    documents: int = 0
    parsed: int = 0  # documents run through spaCy in this call
    parse_cached: int = 0  # documents whose parse came from the cache
    fully_cached: int = 0  # documents that needed neither parse nor extraction
    chars_parsed: int = 0
    n_process: int = 1
    stage_recomputed: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def to_parsed(document: IngestedDocument, doc: Any) -> ParsedDocument:
    return ParsedDocument(
        doc_id=document.doc_id,
        text=document.text,
        doc=doc,
        format=document.format,
        title=document.title,
        date=document.date,
        source_id=document.source_id,
        blocks=document.blocks,
        doc_type=document.doc_type,
    )


def analyze_documents(
    documents: list[IngestedDocument],
    get_nlp: Callable[[], Language],
    model_version: str,
    config: TextmineConfig,
    cache: ResultCache | None = None,
    on_progress: Callable[[int], None] | None = None,
    n_process: int | None = None,
) -> tuple[Rows, AnalysisStats, set[str]]:
    """Analyse documents (all with text to parse) and return their rows for every table.

    ``get_nlp`` loads the pipeline; it is called only when something must be parsed or
    extracted, so a fully cached rerun never loads the model. Returns the rows per table,
    statistics, and the cache keys used (to prune stale entries). ``on_progress`` receives the
    number of documents finished at each step.
    """
    stats = AnalysisStats(documents=len(documents))
    keys_used: set[str] = set()
    results: dict[str, Rows] = {}
    missing: dict[str, list[str]] = {}
    parse_keys: dict[str, str] = {}
    key_maker = KeyMaker(model_version, config)
    stage_keys: dict[str, dict[str, str]] = {}
    for document in documents:
        pkey, skeys = key_maker.keys(document)
        stage_keys[document.doc_id] = skeys
        parse_keys[document.doc_id] = pkey
        keys_used.add(pkey)
        keys_used.update(skeys.values())
        doc_rows: Rows = {}
        for stage, skey in skeys.items():
            cached = cache.get_rows(stage, skey) if cache else None
            if cached is None:
                missing.setdefault(document.doc_id, []).append(stage)
            else:
                doc_rows.update(cached)
        results[document.doc_id] = doc_rows
        if document.doc_id not in missing and embeddings_failed(doc_rows):
            # An entry written before a failure was cached (never by this code): recompute.
            missing[document.doc_id] = [EMBEDDINGS_STAGE]
        if document.doc_id not in missing:
            stats.fully_cached += 1
            if on_progress:
                on_progress(1)

    to_extract = [
        _WorkItem(
            d,
            tuple(missing[d.doc_id]),
            parse_keys[d.doc_id],
            {stage: stage_keys[d.doc_id][stage] for stage in missing[d.doc_id]},
            # The embeddings of a document whose proposals come from the cache embed those.
            results[d.doc_id].get("proposals"),
        )
        for d in documents
        if d.doc_id in missing
    ]
    if to_extract and not any(item.needs_parse for item in to_extract):
        # Only embeddings to compute (e.g. a new truncation): no pipeline, no worker processes.
        stats.n_process = 1
        outcomes: Iterator[_Outcome] | list[_Outcome] = _extract_items(
            to_extract, None, config, cache
        )
        to_extract = []
        for outcome in outcomes:
            results[outcome.doc_id].update(outcome.rows)
            stats.parse_cached += 1
            for stage in outcome.stages:
                stats.stage_recomputed[stage] = stats.stage_recomputed.get(stage, 0) + 1
            if on_progress:
                on_progress(1)
    if to_extract:
        nlp = get_nlp()
        chars = sum(len(item.document.text) for item in to_extract)
        wanted = n_process or choose_n_process(config.nlp, chars)
        chunks = _chunks(to_extract, wanted)
        # Even a single work unit goes to the worker processes when there are several: other
        # batches of the run may be using them, and this process must not compete with them.
        processes = wanted if "fork" in mp.get_all_start_methods() else 1
        stats.n_process = min(processes, len(chunks))
        outcomes = _run_extraction(chunks, nlp, config, cache, processes)
        for outcome in outcomes:
            results[outcome.doc_id].update(outcome.rows)
            stats.parsed += outcome.parsed
            stats.parse_cached += not outcome.parsed
            stats.chars_parsed += outcome.chars_parsed
            for stage in outcome.stages:
                stats.stage_recomputed[stage] = stats.stage_recomputed.get(stage, 0) + 1
            if on_progress:
                on_progress(1)

    merged: Rows = {table: [] for table in PER_DOCUMENT_TABLES}
    for document in documents:
        for table, rows in results[document.doc_id].items():
            merged.setdefault(table, []).extend(rows)
    return merged, stats, keys_used


# --------------------------------------------------------------------------- extraction workers


@dataclass
class _WorkItem:
    """A document that needs at least one stage recomputed, with the stages and its parse key."""

    document: IngestedDocument
    stages: tuple[str, ...]
    parse_key: str
    stage_keys: dict[str, str]
    proposals: list[dict[str, Any]] | None = None  # cached proposal rows, for the embeddings

    @property
    def needs_parse(self) -> bool:
        return any(stage != EMBEDDINGS_STAGE for stage in self.stages)


@dataclass
class _Outcome:
    doc_id: str
    rows: Rows
    stages: tuple[str, ...]
    parsed: bool  # parsed now (else the parse came from the cache)
    chars_parsed: int


# Set in the parent before the worker processes are forked, so they inherit the loaded pipeline
# instead of loading or unpickling it.
_WORKER_STATE: dict[str, Any] = {}
_WARM_UP_ITEMS = [
    _WorkItem(
        IngestedDocument(
            doc_id="warm-up",
            path="warm-up.txt",
            format="txt",
            text="Paris, le 2 mai 2019. Il est proposé de créer un guichet numérique unique.",
        ),
        # Not the embeddings: the encoder is loaded by the worker that first needs it, so a
        # rerun whose vectors are cached never loads it.
        tuple(STAGES),
        "",
        {},
    )
]
# Smallest work unit sent to a process, in characters.
_MIN_CHUNK_CHARS = 10_000


def _extract_items(
    items: list[_WorkItem],
    nlp: Language | None,
    config: TextmineConfig,
    cache: ResultCache | None,
) -> list[_Outcome]:
    """Parse (or load the cached parse of) each item, run its stages, cache what it computed."""
    docs: dict[str, Any] = {}
    to_parse: list[_WorkItem] = []
    for item in items:
        if not item.needs_parse:
            continue
        doc = cache.get_doc(item.parse_key, nlp.vocab) if cache else None
        if doc is None or len(doc.text) != len(item.document.text):
            to_parse.append(item)
        else:
            docs[item.document.doc_id] = doc
    if to_parse:
        prepare = None
        if config.entities.recase_capitalized_names:
            from textmine.entities import recase_for_ner

            prepare = recase_for_ner
        parsed = parse_texts(
            (item.document.text for item in to_parse), nlp, config.nlp, prepare=prepare
        )
        for item, doc in zip(to_parse, parsed, strict=True):
            if cache:
                cache.put_doc(item.parse_key, doc)
            docs[item.document.doc_id] = doc
    parsed_ids = {item.document.doc_id for item in to_parse}
    all_rows: list[Rows] = []
    for item in items:
        document = item.document
        pdoc = to_parsed(document, docs.pop(document.doc_id)) if item.needs_parse else None
        rows: Rows = {}
        for stage in item.stages:
            if stage == EMBEDDINGS_STAGE:
                continue  # below, for the whole work unit at once
            stage_rows = STAGES[stage](pdoc, config)
            if cache:
                cache.put_rows(stage, item.stage_keys[stage], stage_rows)
            rows.update(stage_rows)
        all_rows.append(rows)
    _embed_items(items, all_rows, config, cache)
    outcomes = []
    for item, rows in zip(items, all_rows, strict=True):
        was_parsed = item.document.doc_id in parsed_ids
        outcomes.append(
            _Outcome(
                item.document.doc_id,
                rows,
                item.stages,
                was_parsed,
                len(item.document.text) if was_parsed else 0,
            )
        )
    return outcomes


def _embed_items(
    items: list[_WorkItem], all_rows: list[Rows], config: TextmineConfig, cache: ResultCache | None
) -> None:
    """The embeddings stage of the items that need it, in one encoder call for the work unit.

    The encoder streams its weights once per batch of texts, so the proposals of many small
    documents (a consultation row holds one) are embedded together: 1.3-1.6x faster than one
    call per document on 180-character texts here. Failed rows are not cached.
    """
    wanted = [
        (item, rows)
        for item, rows in zip(items, all_rows, strict=True)
        if EMBEDDINGS_STAGE in item.stages
    ]
    if not wanted:
        return
    proposals = [
        row for item, rows in wanted for row in (rows.get("proposals", item.proposals) or [])
    ]
    embedded = embedding_rows(proposals, config.clustering, cache)[EMBEDDINGS_TABLE]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in embedded:
        by_doc.setdefault(row["doc_id"], []).append(row)
    for item, rows in wanted:
        stage_rows = {EMBEDDINGS_TABLE: by_doc.get(item.document.doc_id, [])}
        if cache and not embeddings_failed(stage_rows):  # a failure: the next run tries again
            cache.put_rows(EMBEDDINGS_STAGE, item.stage_keys[EMBEDDINGS_STAGE], stage_rows)
        rows.update(stage_rows)


def _extract_in_worker(items: list[_WorkItem]) -> list[_Outcome]:
    from threadpoolctl import threadpool_limits

    state = _WORKER_STATE
    # One BLAS thread per process: the processes already use every core, and a thread pool
    # inherited from the parent would make them fight for the cores.
    with threadpool_limits(limits=1):
        return _extract_items(items, state["nlp"], state["config"], state["cache"])


def _chunks(items: list[_WorkItem], n_process: int) -> list[list[_WorkItem]]:
    """Work units for the processes: small enough to balance them, large enough for nlp.pipe."""
    total = sum(len(item.document.text) for item in items)
    target = max(_MIN_CHUNK_CHARS, min(200_000, total // (n_process * 24) or 1))
    chunks: list[list[_WorkItem]] = []
    current: list[_WorkItem] = []
    size = 0
    for item in items:
        current.append(item)
        size += len(item.document.text)
        if size >= target:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    # Largest first, so that the last units to finish are small ones (both processes stay busy
    # until the end); the rows are gathered by document, so the order does not show.
    chunks.sort(key=lambda chunk: -sum(len(item.document.text) for item in chunk))
    return chunks


def _run_extraction(
    chunks: list[list[_WorkItem]],
    nlp: Language,
    config: TextmineConfig,
    cache: ResultCache | None,
    n_process: int,
) -> Iterator[_Outcome]:
    """Parse and extract the work units, in ``n_process`` processes when there is more than one.

    Each worker process parses *and* extracts its documents and writes their cache entries, and
    sends back only their rows: both cores share all the per-document work, and no ``Doc`` is
    serialised between processes (which ``nlp.pipe(n_process=...)`` must do). If a worker
    process dies (killed, out of memory), the units not yet received are done in this process.
    """
    if n_process <= 1:
        for chunk in chunks:
            yield from _extract_items(chunk, nlp, config, cache)
        return
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        pool = _worker_pool(n_process, nlp, config, cache)
    except (AssertionError, OSError) as error:  # e.g. inside a daemonic (Dask) worker process
        logger.warning(
            "impossible de lancer les processus d'analyse (%s) : analyse dans ce processus", error
        )
        for chunk in chunks:
            yield from _extract_items(chunk, nlp, config, cache)
        return
    try:
        for outcomes in pool.map(_extract_in_worker, chunks):
            done += 1
            yield from outcomes
    except BrokenProcessPool:
        shutdown_worker_pool()
        logger.warning(
            "un processus d'analyse s'est arrêté ; les %d lots restants sur %d sont analysés dans "
            "ce processus",
            len(chunks) - done,
            len(chunks),
        )
        for chunk in chunks[done:]:
            yield from _extract_items(chunk, nlp, config, cache)


# The worker processes stay up between batches (tasks) of the same run: forking them and warming
# them up again for every batch cost seconds per batch.
_POOL: dict[str, Any] = {}
_POOL_LOCK = threading.RLock()


def _worker_pool(
    n_process: int, nlp: Language, config: TextmineConfig, cache: ResultCache | None
) -> Any:

    key = (n_process, id(nlp), config.model_dump_json(), str(cache.root) if cache else None)
    with _POOL_LOCK:
        if _POOL.get("key") == key:
            return _POOL["executor"]
        shutdown_worker_pool()
        executor = _start_worker_pool(n_process, nlp, config, cache)
        _POOL.update(key=key, executor=executor)
        return executor


def _start_worker_pool(
    n_process: int, nlp: Language, config: TextmineConfig, cache: ResultCache | None
) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    # Import the stages and let the pipeline load what it loads lazily on its first text, here:
    # the forked workers inherit all of it instead of each doing it again.
    import textmine.entities
    import textmine.proposals
    import textmine.quantities
    import textmine.themes  # noqa: F401

    _extract_items(_WARM_UP_ITEMS, nlp, config, None)
    _WORKER_STATE.update(nlp=nlp, config=config, cache=cache)
    # The workers' garbage collector would otherwise walk (and copy) the whole inherited heap.
    gc.freeze()
    try:
        # Each worker ends with this process (even killed), restores SIGTERM, and closes its
        # copy of the outputs lock's descriptor.
        executor = ProcessPoolExecutor(
            n_process,
            mp_context=mp.get_context("fork"),
            initializer=setup_child,
            initargs=(os.getpid(),),
        )
        # Fork every worker now, while the state above is set.
        list(executor.map(_no_op, range(n_process)))
    finally:
        gc.unfreeze()
        _WORKER_STATE.clear()
    return executor


def _no_op(_: int) -> None:
    return None


def shutdown_worker_pool() -> None:
    """Stop the worker processes (at the end of a run; they are started again when needed)."""
    with _POOL_LOCK:
        executor = _POOL.pop("executor", None)
        _POOL.clear()
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown_worker_pool)
