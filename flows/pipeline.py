"""The textmine flow: a corpus folder in, a run folder of tables, review sheets and a report out.

Each task wraps one stage of the library and talks to the others through Parquet tables in the
run folder (``_work/`` for intermediate ones), never through large in-memory objects, so the
same flow runs in one process or on a Dask cluster. Documents are batched per task.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from threadpoolctl import threadpool_limits

from flows import settings as _settings  # noqa: F401
from textmine import __version__, schema
from textmine.analysis import (
    PER_DOCUMENT_TABLES,
    KeyMaker,
    analyze_documents,
    shutdown_worker_pool,
)
from textmine.cache import ResultCache, content_key
from textmine.config import TextmineConfig
from textmine.corpus_tables import documents_from_tables, plan_batches, texts_frame
from textmine.incremental import MODE_FOLD_IN, MODE_REFIT, FitState, plan_fit
from textmine.ingest import (
    STATUS_ERROR,
    STATUS_OK,
    STATUS_SKIPPED,
    IngestedDocument,
    SourceFile,
    blocks_frame,
    documents_frame,
    ingest_corpus,
    read_source,
)
from textmine.ingest.duplicates import (
    NgramCounts,
    mark_exact_duplicates,
    mark_near_duplicates,
)
from textmine.manifest import build_manifest, corpus_fingerprint, package_version
from textmine.nlp import (
    cached_pipeline,
    choose_n_process,
    is_model_installed,
    model_version,
    release_pipelines,
)
from textmine.outputs import (
    OutputsLock,
    combine_parts,
    commit_run,
    latest_run_dir,
    new_run_id,
    partial_run_dir,
    publish_table,
    read_table,
    table_row_counts,
    write_csv_copy,
    write_json,
    write_table,
)
from textmine.phrases import PhraseIndex
from textmine.progress import stage_progress

# The tables report.html shows.
REPORT_TABLES = (
    "documents",
    "entity_index",
    "themes",
    "theme_selection",
    "document_themes",
    "corpus_terms",
    "specificities",
    "proposals",
    "clusters",
    "review_log",
)
# The cache keys of a run's documents: `textmine prune-cache` keeps these, drops the rest.
CACHE_KEYS_FILE = "cache_keys.parquet"
# Each run's per-document rows (and near-duplicate 4-gram counts), read by the next run.
ANALYSIS_DIR = "analysis"


def _is_transient_io_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only I/O errors that may pass (not missing files, not bad content)."""
    try:
        state.result()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return False
    except (OSError, TimeoutError):
        return True
    except Exception:
        return False
    return False


TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}
IO_RETRIES: dict[str, Any] = {
    "retries": 2,
    "retry_delay_seconds": [2, 8],
    "retry_condition_fn": _is_transient_io_error,
}


def _config(config_json: str) -> TextmineConfig:
    return TextmineConfig.model_validate_json(config_json)


def _work(run_dir: str | Path) -> Path:
    return Path(run_dir) / "_work"


def model_for_language(language: str | None, config: TextmineConfig) -> str | None:
    """The spaCy pipeline for a document's language, or None when none is installed."""
    if language in (None, "", "fr", "und"):
        return config.nlp.model
    model = config.nlp.other_models.get(language)
    if model and is_model_installed(model):
        return model
    return None


@task(name="ingest", **TASK_OPTIONS, **IO_RETRIES)
def ingest_task(
    corpus: str, run_dir: str, config_json: str, cache_dir: str, previous_run: str | None = None
) -> dict[str, Any]:
    """Read the corpus (files cached by content), route documents, compute their cache keys."""
    config = _config(config_json)
    cache = ResultCache(Path(cache_dir))
    ingest_fingerprint = config.section_fingerprint("ingest")
    file_keys: dict[str, str] = {}

    def cached_read(source: SourceFile) -> list[IngestedDocument]:
        key = content_key("ingest", source.sha256, source.rel_path, ingest_fingerprint, __version__)
        hit = cache.get_rows("ingest", key)
        docs = hit["documents"] if hit is not None else read_source(source, config.ingest)
        if hit is None and all(d.status != STATUS_ERROR for d in docs):
            cache.put_rows("ingest", key, {"documents": docs})
        for doc in docs:
            file_keys[doc.doc_id] = key
        return docs

    with stage_progress("ingest") as advance:
        documents = ingest_corpus(
            Path(corpus),
            config.ingest,
            on_progress=lambda done, total: advance(1),
            read=cached_read,
            mark_duplicates=False,
        )
    _mark_duplicates_cached(documents, config, cache, previous_run, run_dir)
    keys: list[dict[str, str]] = []
    versions: dict[str, str] = {}
    key_makers: dict[str, KeyMaker] = {}
    for document in documents:
        if document.status != STATUS_OK:
            continue
        model = model_for_language(document.language, config)
        if model is None:
            document.status = STATUS_SKIPPED
            document.error = (
                f"language {document.language!r} has no installed spaCy pipeline "
                "(set nlp.other_models and install the pipeline package to process it)"
            )
            continue
        if model not in key_makers:
            versions[model] = model_version(model)
            key_makers[model] = KeyMaker(versions[model], config)
        parse, stages = key_makers[model].keys(document)
        keys.append(
            {
                "doc_id": document.doc_id,
                "model": model,
                "ingest": file_keys.get(document.doc_id, ""),
                "parse": parse,
                **stages,
            }
        )
    run = Path(run_dir)
    work = _work(run)
    work.mkdir(parents=True, exist_ok=True)
    write_table("documents", documents_frame(documents), run)
    write_table("blocks", blocks_frame(documents), run)
    processable = [d for d in documents if d.status == STATUS_OK]
    texts_frame(processable).to_parquet(work / "texts.parquet", index=False)
    keys_frame = pd.DataFrame(keys, columns=["doc_id", "model", "ingest", "parse", *STAGE_NAMES])
    keys_frame.to_parquet(run / CACHE_KEYS_FILE, index=False)
    statuses = pd.Series([d.status for d in documents]).value_counts().to_dict()
    return {
        "n_documents": len(documents),
        "statuses": {str(k): int(v) for k, v in statuses.items()},
        "models": versions,
        "corpus_fingerprint": corpus_fingerprint(documents),
    }


STAGE_NAMES = ("sentences", "entities", "terms", "proposals")
DUPLICATE_FIELDS = ("status", "duplicate_of", "near_duplicate_of", "near_duplicate_similarity")


def _mark_duplicates_cached(
    documents: list[IngestedDocument],
    config: TextmineConfig,
    cache: ResultCache,
    previous_run: str | None,
    run_dir: str,
) -> None:
    """Mark exact and near duplicates; the marks of an unchanged corpus come from the cache.

    Otherwise the near-duplicate pass reuses the previous run's 4-gram counts of unchanged
    texts, and saves this run's for the next one.
    """
    key = content_key(
        "duplicates",
        [(d.doc_id, d.sha256, d.status) for d in documents],
        config.section_fingerprint("ingest"),
        __version__,
    )
    hit = cache.get_rows("duplicates", key)
    if hit is None:
        mark_exact_duplicates(documents)
        known = _load_ngram_counts(Path(previous_run)) if previous_run else None
        counts = mark_near_duplicates(
            documents,
            config.ingest.near_duplicate_threshold,
            config.ingest.near_duplicate_min_chars,
            known_counts=known,
        )
        _save_ngram_counts(Path(run_dir), counts)
        marks = [{f: getattr(d, f) for f in DUPLICATE_FIELDS} for d in documents]
        cache.put_rows("duplicates", key, {"marks": marks})
        return
    for document, marks in zip(documents, hit["marks"], strict=True):
        for field, value in marks.items():
            setattr(document, field, value)
    if previous_run:  # the next run may need them
        for name in NGRAM_FILES:
            source = Path(previous_run) / ANALYSIS_DIR / name
            if source.exists():
                (Path(run_dir) / ANALYSIS_DIR).mkdir(parents=True, exist_ok=True)
                _link_or_copy(source, Path(run_dir) / ANALYSIS_DIR / name)


NGRAM_FILES = ("ngram_counts.npz", "ngram_counts_texts.parquet")


def _load_ngram_counts(run: Path) -> NgramCounts | None:
    import scipy.sparse as sp

    try:
        matrix = sp.load_npz(run / ANALYSIS_DIR / NGRAM_FILES[0]).tocsr()
        digests = pd.read_parquet(run / ANALYSIS_DIR / NGRAM_FILES[1])["sha256"].tolist()
    except (OSError, ValueError, KeyError):
        return None
    return NgramCounts(digests, matrix) if matrix.shape[0] == len(digests) else None


def _save_ngram_counts(run: Path, counts: NgramCounts) -> None:
    import scipy.sparse as sp

    target = run / ANALYSIS_DIR
    target.mkdir(parents=True, exist_ok=True)
    sp.save_npz(target / NGRAM_FILES[0], counts.matrix, compressed=False)
    pd.DataFrame({"sha256": counts.digests}).to_parquet(target / NGRAM_FILES[1], index=False)


@task(name="analyze-batch", **TASK_OPTIONS)
def analyze_task(
    run_dir: str,
    batch: int,
    doc_ids: list[str],
    model: str,
    config_json: str,
    cache_dir: str,
    n_process: int | None = None,
) -> dict[str, Any]:
    """Parse and extract one batch of documents (cached per document), write its table parts.

    ``n_process`` is chosen for the whole run: a small last batch must not be parsed in this
    process while the worker processes parse the others.
    """
    config = _config(config_json)
    run = Path(run_dir)
    documents = read_table("documents", run, doc_ids)
    blocks = read_table("blocks", run, doc_ids)
    texts = pd.read_parquet(_work(run) / "texts.parquet", filters=[("doc_id", "in", doc_ids)])
    batch_docs = documents_from_tables(documents, blocks, texts)
    cache = ResultCache(Path(cache_dir))
    entities_json = config.entities.model_dump_json()
    with stage_progress(f"analyze:{batch}", total=len(batch_docs)) as advance:
        rows, stats, _keys = analyze_documents(
            batch_docs,
            get_nlp=lambda: cached_pipeline(model, entities_json),
            model_version=model_version(model),
            config=config,
            cache=cache,
            on_progress=advance,
            n_process=n_process,
        )
    part = _work(run) / "parts" / f"{batch:05d}"
    part.mkdir(parents=True, exist_ok=True)
    for table in PER_DOCUMENT_TABLES:
        frame = pd.DataFrame(rows.get(table, []))
        if table in schema.TABLES:
            # With the table's exact schema: the collected table is then published as it is.
            pq.write_table(schema.conform_arrow(table, frame), part / f"{table}.parquet")
        else:
            frame.to_parquet(part / f"{table}.parquet", index=False)
    return stats.as_dict() | {"cache_hits": cache.hits, "cache_misses": cache.misses}


def _analysis_table(run_dir: Path, table: str) -> pd.DataFrame:
    """One per-document table of the run, as the analysis stage produced it (all documents)."""
    return pd.read_parquet(Path(run_dir) / ANALYSIS_DIR / f"{table}.parquet")


@task(name="carry-over", **TASK_OPTIONS)
def carry_over_task(previous_run: str, run_dir: str, doc_ids: list[str]) -> dict[str, int]:
    """Take the rows of documents whose keys did not change from the previous run's tables.

    Reading them from one table per stage is much faster than from thousands of cache entries.
    """
    part = _work(run_dir) / "parts" / "carried"
    part.mkdir(parents=True, exist_ok=True)
    source = Path(previous_run) / ANALYSIS_DIR
    for table in PER_DOCUMENT_TABLES:
        # As Arrow data: the column types stay those the batches write (see collect_task).
        rows = pq.read_table(source / f"{table}.parquet", filters=[("doc_id", "in", doc_ids)])
        pq.write_table(rows, part / f"{table}.parquet")
    return {"documents": len(doc_ids), "carried_over": len(doc_ids)}


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": pd.Series(dtype="string")})


@task(name="collect-analysis", **TASK_OPTIONS)
def collect_task(run_dir: str) -> None:
    """Join the batches' table parts into one table per stage, in corpus order."""
    run = Path(run_dir)
    target = run / ANALYSIS_DIR
    target.mkdir(parents=True, exist_ok=True)
    order = read_table("documents", run)["doc_id"].tolist()
    for table in PER_DOCUMENT_TABLES:
        parts = sorted((_work(run) / "parts").glob(f"*/{table}.parquet"))
        if combine_parts(parts, order, target / f"{table}.parquet"):
            continue
        frames = [f for f in (pd.read_parquet(p) for p in parts) if len(f)]
        if frames:
            frame = pd.concat(frames, ignore_index=True)
            # The same order whichever batch or earlier run the rows came from.
            rank = pd.Series(range(len(order)), index=order)
            positions = frame["doc_id"].map(rank).to_numpy()
            frame = frame.iloc[positions.argsort(kind="stable")].reset_index(drop=True)
        else:
            frame = schema.empty(table) if table in schema.TABLES else _no_rows()
        frame.to_parquet(target / f"{table}.parquet", index=False)


@task(name="sentences", **TASK_OPTIONS)
def sentences_task(run_dir: str) -> dict[str, int]:
    run = Path(run_dir)
    path = publish_table("sentences", run / ANALYSIS_DIR / "sentences.parquet", run)
    return {"sentences": pq.ParquetFile(path).metadata.num_rows}


@task(name="entities", **TASK_OPTIONS)
def entities_task(run_dir: str, corpus: str, config_json: str) -> dict[str, int]:
    """Merge entity mentions into canonical entities and the corpus-wide index."""
    from textmine.entities import build_entity_index, load_aliases

    config = _config(config_json)
    run = Path(run_dir)
    documents = read_table("documents", run)
    mentions = _analysis_table(run, "entities")
    aliases = load_aliases(config.entities, Path(corpus))
    entities, index = build_entity_index(mentions, documents, config.entities, aliases)
    write_table("entities", entities, run)
    write_table("entity_index", index, run)
    quantities = publish_table("quantities", run / ANALYSIS_DIR / "quantities.parquet", run)
    publish_table("roles", run / ANALYSIS_DIR / "roles.parquet", run)
    n_quantities = pq.ParquetFile(quantities).metadata.num_rows
    return {"entities": len(entities), "entity_index": len(index), "quantities": n_quantities}


@task(name="themes", **TASK_OPTIONS)
def themes_task(
    run_dir: str, config_json: str, plan: dict[str, Any], previous_run: str | None
) -> tuple[dict[str, int], dict[str, Any]]:
    """Key terms, topics, user lexicon tags and specificities over the whole corpus.

    When ``plan`` folds in, the previous run's fitted topic model weighs this run's documents
    (topics and labels stay); returns the counts and the fit state for the manifest.
    """
    from textmine import lexicometry, themes

    config = _config(config_json)
    state = FitState(**plan)
    run = Path(run_dir)
    candidates = _analysis_table(run, "term_candidates")
    lemmas = _analysis_table(run, "doc_lemmas")
    documents = read_table("documents", run)
    terms = themes.score_terms(candidates, config.themes)
    corpus_terms = themes.corpus_terms(candidates)
    model = None
    if state.mode == MODE_FOLD_IN and previous_run:
        fitted = _load_theme_model(Path(previous_run))
        # A model fitted on too little text has no topics: fit again rather than keep none.
        usable = fitted is not None and getattr(fitted, "nmf_", None) is not None
        model = fitted.refresh(lemmas) if usable else None
    if model is None:
        model = themes.ThemeModel(config.themes).fit(
            lemmas, PhraseIndex.from_candidates(candidates)
        )
        fitted_in = run.name.removesuffix(".partial")
        state = replace(state, mode=MODE_REFIT, fitted_in=fitted_in, changed_since_fit=0)
    _save_theme_model(run, model)
    sentences = read_table("sentences", run)
    write_table("terms", terms, run)
    write_table("corpus_terms", corpus_terms, run)
    write_table("themes", model.themes_table(), run)
    write_table("theme_selection", model.selection_table(), run)
    write_table("document_themes", model.document_themes_table(), run)
    write_table("section_themes", themes.section_themes(sentences, model), run)
    tables = lexicometry.corpus_lexicometry(candidates, documents, config.themes)
    for name, frame in tables.items():
        write_table(name, frame, run)
    if config.themes.lexicon:
        tags = themes.tag_corpus(lemmas, sentences, config.themes.lexicon)
        write_table("lexicon_tags", tags, run)
    counts = {"terms": len(terms), "themes": model.n_topics_ if model.nmf_ is not None else 0}
    return counts, state.as_dict()


THEME_MODEL_FILE = "theme_model.pkl"


def _load_theme_model(run: Path) -> Any:
    """The topic model a previous run fitted, or None (missing, or from other versions)."""
    import pickle

    try:
        with (run / ANALYSIS_DIR / THEME_MODEL_FILE).open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # unreadable: fit again
        return None


def _save_theme_model(run: Path, model: Any) -> None:
    import pickle

    (run / ANALYSIS_DIR).mkdir(parents=True, exist_ok=True)
    with (run / ANALYSIS_DIR / THEME_MODEL_FILE).open("wb") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)


@task(name="proposals", **TASK_OPTIONS)
def proposals_task(
    run_dir: str,
    config_json: str,
    previous_run: str | None,
    previous_state: dict[str, Any] | None,
    force: bool,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Cluster the proposals, keeping the ids of clusters that persist from the previous run.

    After a small change, new proposals are folded into the previous clusters instead
    (:mod:`textmine.incremental`); returns the counts and the fit state for the manifest. When
    the flow started the clustering in a process of its own (:func:`start_clustering`), this
    task waits for it.
    """
    config = _config(config_json)
    run = Path(run_dir)
    counts_state = _wait_for_background_clustering(run_dir)
    if counts_state is None:
        counts_state = cluster_stage(run_dir, config_json, previous_run, previous_state, force)
    if config.themes.lexicon:
        clustered = read_table("proposals", run)
        if len(clustered):
            from textmine.themes import tag_lexicon

            units = clustered[["proposal_id", "doc_id", "text", "lemmas"]].rename(
                columns={"proposal_id": "unit_id"}
            )
            units.insert(0, "unit", "proposal")
            tags = pd.concat(
                [read_table("lexicon_tags", run), tag_lexicon(units, config.themes.lexicon)],
                ignore_index=True,
            )
            write_table("lexicon_tags", tags, run)
    return counts_state


def cluster_stage(
    run_dir: str,
    config_json: str,
    previous_run: str | None,
    previous_state: dict[str, Any] | None,
    force: bool,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Cluster the run's proposals and write ``proposals`` and ``clusters`` (no Prefect here)."""
    from textmine.clustering import cluster_proposals

    config = _config(config_json)
    run = Path(run_dir)
    proposals = _analysis_table(run, "proposals")
    previous = None
    if previous_run:
        from textmine.review import pre_review_proposals

        previous = pre_review_proposals(
            read_table("proposals", Path(previous_run)), read_table("clusters", Path(previous_run))
        )
        if previous.empty:
            previous = None
    state = plan_fit(
        previous_state if previous is not None else None,
        {"clustering": config.clustering.model_dump(mode="json"), "model": config.nlp.model},
        _changed_proposals(proposals, previous),
        len(proposals),
        config.clustering.refit_share,
        run.name.removesuffix(".partial"),
        force,
    )
    entities_json = config.entities.model_dump_json()
    vocab = cached_pipeline(config.nlp.model, entities_json).vocab if len(proposals) else None
    phrases = None
    if len(proposals):
        candidates = pd.read_parquet(
            run / ANALYSIS_DIR / "term_candidates.parquet", columns=["term", "count"]
        )
        phrases = PhraseIndex.from_candidates(candidates)
    clustered, clusters = cluster_proposals(
        proposals,
        config.clustering,
        previous=previous,
        vocab=vocab,
        fold_in=state.mode == MODE_FOLD_IN,
        phrases=phrases,
    )
    write_table("proposals", clustered, run)
    write_table("clusters", clusters, run)
    return {"proposals": len(clustered), "clusters": len(clusters)}, state.as_dict()


# Clusterings running in a process of their own, by run folder (see start_clustering).
_BACKGROUND_CLUSTERING: dict[str, Any] = {}


def start_clustering(
    run_dir: str,
    config_json: str,
    previous_run: str | None,
    previous_state: dict[str, Any] | None,
    force: bool,
) -> None:
    """Start the clustering in a forked process, so that it runs beside the entities and themes
    stages.

    They are corpus-level and CPU-bound; in two threads they would share one core (the GIL).
    Called from the flow as soon as the per-document rows are collected, before those stages
    start, so that nothing else runs in this process while it forks; ``proposals_task`` collects
    the result (or clusters in this process if the child failed).
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    config = _config(config_json)
    cached_pipeline(config.nlp.model, config.entities.model_dump_json())  # inherited by the child
    executor = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"))
    future = executor.submit(
        _cluster_stage_one_thread, run_dir, config_json, previous_run, previous_state, force
    )
    _BACKGROUND_CLUSTERING[run_dir] = (executor, future)


def _cluster_stage_one_thread(*args: Any) -> tuple[dict[str, int], dict[str, Any]]:
    """``cluster_stage`` on one BLAS thread: the entities and themes stages have the other core."""
    with threadpool_limits(limits=1):
        return cluster_stage(*args)


def _wait_for_background_clustering(run_dir: str) -> tuple[dict[str, int], dict[str, Any]] | None:
    started = _BACKGROUND_CLUSTERING.pop(run_dir, None)
    if started is None:
        return None
    executor, future = started
    try:
        return future.result()
    except Exception as error:  # the child died or failed: cluster here instead
        get_run_logger().warning(
            "clustering in its own process failed (%r): clustering here", error
        )
        return None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _changed_proposals(current: pd.DataFrame, previous: pd.DataFrame | None) -> int:
    """Proposals added, changed (other lemmas) or removed since the previous run."""
    if previous is None:
        return len(current)

    def lemmas_by_id(frame: pd.DataFrame) -> dict[str, str]:
        lemmas = frame["lemmas"].fillna("").astype(str) if "lemmas" in frame else [""] * len(frame)
        return dict(zip(frame["proposal_id"].astype(str), lemmas, strict=True))

    now, before = lemmas_by_id(current), lemmas_by_id(previous)
    changed = sum(1 for pid, lemmas in now.items() if pid in before and before[pid] != lemmas)
    return len(now.keys() - before.keys()) + len(before.keys() - now.keys()) + changed


@task(name="review", **TASK_OPTIONS)
def review_task(run_dir: str, review_dir: str, config_json: str) -> dict[str, int]:
    """Apply the reviewers' saved decisions, then write fresh review sheets for this run."""
    from textmine import review

    config = _config(config_json)
    run = Path(run_dir)
    names = ("proposals", "clusters", "entities", "entity_index")
    tables = {name: read_table(name, run) for name in names}
    decisions = review.load_decisions(Path(review_dir))
    tables, log = review.apply_decisions(tables, decisions)
    for name in names:
        write_table(name, tables[name], run)
    write_table("review_log", log, run)
    review.write_review_sheets(
        tables,
        run / "review",
        log,
        excerpt_chars=config.review.excerpt_chars,
        csv_delimiter=config.review.csv_delimiter,
    )
    applied = int((log["status"] == "applied").sum()) if len(log) else 0
    return {"review_rows": len(log), "applied": applied}


@task(name="report", **TASK_OPTIONS)
def report_task(
    run_dir: str, manifest: dict[str, Any], config_json: str, write_csv: bool = True
) -> str:
    """CSV copies of every table (unless reused as they are) and the self-contained report."""
    from textmine.report import write_report

    config = _config(config_json)
    run = Path(run_dir)
    if config.output.csv and write_csv:
        for name in schema.TABLES:
            write_csv_copy(name, run)
    if config.output.report:
        tables = {name: read_table(name, run) for name in REPORT_TABLES}
        return str(write_report(tables, manifest, run / "report.html"))
    return ""


@task(name="reuse-previous-run", **TASK_OPTIONS)
def reuse_task(previous_run: str, run_dir: str) -> None:
    """Nothing changed: the corpus-level tables of the previous run are this run's tables."""
    previous, run = Path(previous_run), Path(run_dir)
    for path in previous.iterdir():
        if path.name in {"documents.parquet", "blocks.parquet", CACHE_KEYS_FILE, "manifest.json"}:
            continue
        target = run / path.name
        if path.is_dir():
            shutil.copytree(path, target, dirs_exist_ok=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(path, target)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link the data files of a committed run (never written again), copy the others.

    Review sheets, CSV copies and the report are copied: a reviewer may edit them in place.
    """
    target = Path(target)
    target.unlink(missing_ok=True)
    if Path(source).suffix in {".parquet", ".npz"}:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copy2(source, target)


def _unchanged_documents(keys: pd.DataFrame, previous: Path | None) -> list[str]:
    """Documents whose every key (parse and stages) is the same as in the previous run."""
    if previous is None or not all(
        (previous / ANALYSIS_DIR / f"{table}.parquet").is_file() for table in PER_DOCUMENT_TABLES
    ):
        return []
    try:
        before = pd.read_parquet(previous / CACHE_KEYS_FILE)
    except (OSError, ValueError):
        return []
    if list(before.columns) != list(keys.columns):
        return []
    same = keys.merge(before, on=list(keys.columns), how="inner")
    return sorted(same["doc_id"].unique())


def _runs_tasks_in_this_process() -> bool:
    """True with the default runner (threads of this process); not on Dask."""
    import multiprocessing as mp

    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    runner = getattr(context, "task_runner", None)
    return isinstance(runner, ThreadPoolTaskRunner) and "fork" in mp.get_all_start_methods()


def _previous_document_ids(previous: Path | None) -> set[str]:
    if previous is None:
        return set()
    try:
        return set(pd.read_parquet(previous / CACHE_KEYS_FILE, columns=["doc_id"])["doc_id"])
    except (OSError, ValueError, KeyError):
        return set()


def _previous_manifest(previous: Path | None) -> dict[str, Any]:
    if previous is None:
        return {}
    try:
        return json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _review_fingerprint(review_dir: Path) -> list[tuple[str, int, int]]:
    if not review_dir.is_dir():
        return []
    return sorted(
        (str(p.relative_to(review_dir)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in review_dir.rglob("*")
        if p.is_file()
    )


@flow(name="textmine", persist_result=False, log_prints=True)
def textmine_flow(
    corpus: str = "corpus",
    out: str = "outputs",
    config: dict[str, Any] | None = None,
    force: bool = False,
    review_dir: str | None = None,
) -> dict[str, Any]:
    """Run the whole pipeline on ``corpus`` and write ``<out>/runs/<run_id>/``.

    Returns the run's summary: its folder, counts and the number of documents that failed.
    """
    logger = get_run_logger()
    resolved = TextmineConfig.model_validate(config or {})
    config_json = resolved.model_dump_json()
    corpus_path = Path(corpus).resolve()
    out_dir = Path(out).resolve()
    corpus_root = corpus_path if corpus_path.is_dir() else corpus_path.parent
    reviews = Path(review_dir).resolve() if review_dir else corpus_root / resolved.review.folder
    cache_dir = out_dir / ".cache"
    timings: dict[str, float] = {}

    def timed(name: str, fn: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - started, 3)

    with OutputsLock(out_dir):
        started_at = time.time()
        run_id = new_run_id()
        run = partial_run_dir(out_dir, run_id)
        previous = latest_run_dir(out_dir)
        previous_manifest = _previous_manifest(previous)

        if force:
            shutil.rmtree(cache_dir, ignore_errors=True)
        ingested = timed(
            "ingest",
            ingest_task,
            str(corpus_path),
            str(run),
            config_json,
            str(cache_dir),
            None if force or previous is None else str(previous),
        )
        keys = pd.read_parquet(run / CACHE_KEYS_FILE)
        corpus_key = content_key(
            sorted(keys.drop(columns=["model"]).itertuples(index=False, name=None)),
            read_table("documents", run)[["doc_id", "status", "error"]].values.tolist(),
            config_json,
            _review_fingerprint(reviews),
            __version__,
            schema.SCHEMA_VERSION,  # a run with new tables does not reuse a run without them
        )
        unchanged = (
            not force and previous is not None and previous_manifest.get("corpus_key") == corpus_key
        )
        analysis_stats: list[dict[str, Any]] = []
        keys_all = keys
        incremental: dict[str, Any] = {}
        if unchanged:
            incremental = previous_manifest.get("incremental", {})
            logger.info("Nothing changed since run %s: reusing its results", previous.name)
            timed("reuse", reuse_task, str(previous), str(run))
        else:
            documents = read_table("documents", run)
            lengths = dict(
                zip(documents["doc_id"], documents["n_chars"].fillna(0).astype(int), strict=True)
            )
            started = time.perf_counter()
            carried = [] if force else _unchanged_documents(keys, previous)
            before = _previous_document_ids(previous)
            current = set(keys["doc_id"])
            # Added, removed, and changed (in both runs but not carried over).
            n_documents_changed = len(current ^ before) + len((current & before) - set(carried))
            if carried:
                analysis_stats.append(carry_over_task(str(previous), str(run), carried))
                keys = keys[~keys["doc_id"].isin(set(carried))]
            futures = []
            batch_number = 0
            n_process = choose_n_process(
                resolved.nlp, sum(lengths.get(doc_id, 0) for doc_id in keys["doc_id"])
            )
            for model, group in keys.groupby("model", sort=True):
                docs = documents[documents["doc_id"].isin(set(group["doc_id"]))]
                for doc_ids in plan_batches(
                    docs, lengths, resolved.nlp.docs_per_task, resolved.nlp.chars_per_task
                ):
                    futures.append(
                        analyze_task.submit(
                            str(run),
                            batch_number,
                            doc_ids,
                            model,
                            config_json,
                            str(cache_dir),
                            n_process,
                        )
                    )
                    batch_number += 1
            try:
                analysis_stats += [f.result() for f in futures]
            finally:
                shutdown_worker_pool()  # a served deployment must not keep them between runs
            collect_task(str(run))
            timings["nlp"] = round(time.perf_counter() - started, 3)
            previous_fits = previous_manifest.get("incremental", {}) if previous else {}
            overlap_corpus_stages = _runs_tasks_in_this_process()
            if overlap_corpus_stages:
                # It needs only the proposals' rows: it runs beside the entities and themes stages.
                logger.info("Clustering in a process of its own, beside the stages that follow")
                start_clustering(
                    str(run),
                    config_json,
                    str(previous) if previous else None,
                    previous_fits.get("clustering"),
                    force,
                )
                # Parsing is over and the child has the word vectors: the stages that follow run
                # without the pipeline (-340 MiB here on fr_core_news_md).
                release_pipelines()
            timed("sentences", sentences_task, str(run))
            timed("entities", entities_task, str(run), str(corpus_root), config_json)
            themes_plan = plan_fit(
                previous_fits.get("themes"),
                {
                    "themes": resolved.themes.model_dump(mode="json"),
                    "model": resolved.nlp.model,
                    # A pickled model is read back only by the same versions.
                    "versions": [__version__, package_version("scikit-learn")],
                },
                n_documents_changed,
                len(keys_all),
                resolved.themes.refit_share,
                run_id,
                force,
            )
            # With the clustering on the other core, more than one BLAS thread here only makes
            # the two stages fight for the cores (themes alone: the same time on one thread).
            with threadpool_limits(limits=1 if overlap_corpus_stages else None):
                _, incremental["themes"] = timed(
                    "themes",
                    themes_task,
                    str(run),
                    config_json,
                    themes_plan.as_dict(),
                    str(previous) if previous else None,
                )
            _, incremental["clustering"] = timed(
                "proposals",
                proposals_task,
                str(run),
                config_json,
                str(previous) if previous else None,
                previous_fits.get("clustering"),
                force,
            )
            if resolved.review.enabled:
                timed("review", review_task, str(run), str(reviews), config_json)

        manifest = build_manifest(
            run_id=run_id,
            corpus=corpus_path,
            config=resolved,
            ingest=ingested,
            analysis=analysis_stats,
            timings=timings,
            documents=read_table("documents", run),
            clusters=read_table("clusters", run),
            counts=table_row_counts(run),
            corpus_key=corpus_key,
            previous_run=previous.name if previous else None,
            previous_manifest=previous_manifest,
            unchanged=unchanged,
            started_at=started_at,
        )
        timed("report", report_task, str(run), manifest, config_json, not unchanged)
        manifest["timings"] = timings
        manifest["incremental"] = incremental
        manifest["finished_at"] = time.time()
        write_json(run / "manifest.json", manifest)
        final = commit_run(out_dir, run, resolved.output.keep_runs)

    summary = {
        "run_id": run_id,
        "run_dir": str(final),
        "report": str(final / "report.html") if resolved.output.report else None,
        "unchanged": unchanged,
        "statuses": ingested["statuses"],
        "n_documents": ingested["n_documents"],
        "n_failed": int(ingested["statuses"].get(STATUS_ERROR, 0)),
        "counts": manifest["counts"],
        "timings": timings,
    }
    summary["largest_clusters"], summary["errors"] = _largest_clusters_and_errors(final)
    proposals = read_table("proposals", final)
    summary["n_clusters"] = int(proposals.loc[proposals["cluster_id"] >= 0, "cluster_id"].nunique())
    summary["n_unclustered"] = int((proposals["cluster_id"] == -1).sum())
    _publish_artifacts(summary, manifest)
    return summary


def _largest_clusters_and_errors(run: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    clusters = read_table("clusters", run)
    clusters = clusters[clusters["cluster_id"] != -1].sort_values(
        ["size", "cluster_id"], ascending=[False, True]
    )
    largest = clusters.head(10)[["cluster_id", "label", "size", "n_documents"]].to_dict("records")
    documents = read_table("documents", run)
    failed = documents[documents["status"] == STATUS_ERROR][["path", "error"]]
    return largest, failed.head(50).to_dict("records")


def _publish_artifacts(summary: dict[str, Any], manifest: dict[str, Any]) -> None:
    counts = "\n".join(f"| {name} | {n} |" for name, n in manifest["counts"].items())
    largest = "\n".join(
        f"| {c['cluster_id']} | {c['label']} | {c['size']} | {c['n_documents']} |"
        for c in summary.get("largest_clusters", [])
    )
    errors = "\n".join(f"| {e['path']} | {e['error']} |" for e in summary.get("errors", []))
    statuses = "\n".join(f"| {name} | {n} |" for name, n in summary["statuses"].items())
    changes = manifest.get("changes", {})
    if summary.get("report"):
        create_link_artifact(
            key="textmine-report",
            link=Path(summary["report"]).as_uri(),
            link_text=f"report.html of run {summary['run_id']}",
            description="The run's HTML report (a file on the machine that ran the flow)",
        )
    create_markdown_artifact(
        key="textmine-run-summary",
        description="textmine run summary",
        markdown=(
            f"# textmine run {summary['run_id']}\n\n"
            f"Report: `{summary['report']}`\n\n"
            f"{'Nothing changed since the previous run.' if summary['unchanged'] else ''}\n\n"
            f"## Documents by status\n\n| status | documents |\n|---|---|\n{statuses}\n\n"
            f"## Documents that could not be read\n\n| path | error |\n|---|---|\n{errors}\n\n"
            f"## Largest clusters\n\n| id | label | proposals | documents |\n|---|---|---|---|\n"
            f"{largest}\n\n"
            f"## Tables\n\n| table | rows |\n|---|---|\n{counts}\n\n"
            f"## Changes since the previous run\n\n```\n{json.dumps(changes, indent=1)}\n```\n"
        ),
    )


def build_flow(task_runner: str = "default", dask_address: str | None = None) -> Any:
    """The flow with its task runner: tasks in this process (default) or on a Dask cluster.

    The default runs tasks one at a time: spaCy already uses both cores through ``nlp.pipe``
    processes, and a local Dask cluster costs seconds per run on a 2-core machine.
    """
    if task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            runner = DaskTaskRunner(address=dask_address)
        else:
            runner = DaskTaskRunner(
                cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True}
            )
        return textmine_flow.with_options(task_runner=runner)
    from prefect.task_runners import ThreadPoolTaskRunner

    return textmine_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=1))
