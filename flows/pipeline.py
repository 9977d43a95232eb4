"""The textmine flow: a corpus folder in, a run folder of tables, review sheets and a report out.

Wiring only. Each task reads the tables it names from the run folder, calls one library function
and writes the tables it returns (``_work/`` for intermediate ones); tasks never pass large
Python objects, so the same flow runs in one process or on a Dask cluster. The flow reads as four
phases: plan the run (:func:`_plan_run`), analyse the documents (:func:`_analyse_documents`), the
corpus stages (:func:`_corpus_stages`), finish (:func:`_finish`). The logic lives in the library:
``textmine.ingest.cached`` (reading again only what changed), ``textmine.document_keys``,
``textmine.analysis``, ``textmine.runs`` (carry-over, reuse), ``textmine.incremental`` (what
changed, refit or fold in), ``textmine.background`` (the clustering beside the other stages),
``textmine.themes.stage``, ``textmine.clustering.stage``, ``textmine.review``,
``textmine.run_summary``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
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
from textmine.analysis import PER_DOCUMENT_TABLES, analyze_documents, shutdown_worker_pool
from textmine.background import collect_background, start_in_background
from textmine.cache import ResultCache
from textmine.config import TextmineConfig
from textmine.corpus_tables import documents_from_tables, plan_batches, texts_frame
from textmine.document_keys import document_keys
from textmine.incremental import (
    FitState,
    corpus_key,
    count_changed_documents,
    plan_fit,
    unchanged_documents,
)
from textmine.ingest import STATUS_OK, blocks_frame, documents_frame
from textmine.ingest.cached import ingest_corpus_cached
from textmine.manifest import build_manifest, corpus_fingerprint, package_version
from textmine.nlp import cached_pipeline, choose_n_process, model_version, release_pipelines
from textmine.outputs import (
    OutputsLock,
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
from textmine.progress import stage_progress
from textmine.run_summary import run_summary, summary_markdown
from textmine.runs import (
    ANALYSIS_DIR,
    CACHE_KEYS_FILE,
    TEXTS_FILE,
    analysis_path,
    analysis_table,
    carry_over_rows,
    collect_parts,
    previous_document_ids,
    previous_manifest,
    reuse_previous_run,
    work_dir,
    write_rows_part,
)

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


def _run_id(run: Path) -> str:
    return run.name.removesuffix(".partial")


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


# ------------------------------------------------------------------------------------ tasks


@task(name="ingest", **TASK_OPTIONS, **IO_RETRIES)
def ingest_task(
    corpus: str, run_dir: str, config_json: str, cache_dir: str, previous_run: str | None = None
) -> dict[str, Any]:
    """Read the corpus (files cached by content), route documents, compute their cache keys."""
    config, run = _config(config_json), Path(run_dir)
    with stage_progress("ingest") as advance:
        documents, file_keys = ingest_corpus_cached(
            Path(corpus), config, ResultCache(Path(cache_dir)), run, _path(previous_run), advance
        )
    keys, versions = document_keys(documents, config, file_keys)
    work_dir(run).mkdir(parents=True, exist_ok=True)
    write_table("documents", documents_frame(documents), run)
    write_table("blocks", blocks_frame(documents), run)
    processable = [d for d in documents if d.status == STATUS_OK]
    texts_frame(processable).to_parquet(work_dir(run) / TEXTS_FILE, index=False)
    keys.to_parquet(run / CACHE_KEYS_FILE, index=False)
    statuses = pd.Series([d.status for d in documents]).value_counts().to_dict()
    return {
        "n_documents": len(documents),
        "statuses": {str(k): int(v) for k, v in statuses.items()},
        "models": versions,
        "corpus_fingerprint": corpus_fingerprint(documents),
    }


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
    config, run = _config(config_json), Path(run_dir)
    texts = pd.read_parquet(work_dir(run) / TEXTS_FILE, filters=[("doc_id", "in", doc_ids)])
    batch_docs = documents_from_tables(
        read_table("documents", run, doc_ids), read_table("blocks", run, doc_ids), texts
    )
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
    write_rows_part(run, f"{batch:05d}", rows, PER_DOCUMENT_TABLES)
    return stats.as_dict() | {"cache_hits": cache.hits, "cache_misses": cache.misses}


@task(name="carry-over", **TASK_OPTIONS)
def carry_over_task(previous_run: str, run_dir: str, doc_ids: list[str]) -> dict[str, int]:
    """Take the rows of documents whose keys did not change from the previous run's tables."""
    carry_over_rows(previous_run, run_dir, doc_ids, PER_DOCUMENT_TABLES)
    return {"documents": len(doc_ids), "carried_over": len(doc_ids)}


@task(name="collect-analysis", **TASK_OPTIONS)
def collect_task(run_dir: str) -> None:
    """Join the batches' table parts into one table per stage, in corpus order."""
    collect_parts(run_dir, PER_DOCUMENT_TABLES)


@task(name="sentences", **TASK_OPTIONS)
def sentences_task(run_dir: str) -> dict[str, int]:
    run = Path(run_dir)
    path = publish_table("sentences", analysis_path(run, "sentences"), run)
    return {"sentences": pq.ParquetFile(path).metadata.num_rows}


@task(name="entities", **TASK_OPTIONS)
def entities_task(run_dir: str, corpus: str, config_json: str) -> dict[str, int]:
    """Merge entity mentions into canonical entities and the corpus-wide index."""
    from textmine.entities import build_entity_index, load_aliases

    config, run = _config(config_json), Path(run_dir)
    aliases = load_aliases(config.entities, Path(corpus))
    entities, index = build_entity_index(
        analysis_table(run, "entities"), read_table("documents", run), config.entities, aliases
    )
    write_table("entities", entities, run)
    write_table("entity_index", index, run)
    quantities = publish_table("quantities", analysis_path(run, "quantities"), run)
    publish_table("roles", analysis_path(run, "roles"), run)
    n_quantities = pq.ParquetFile(quantities).metadata.num_rows
    return {"entities": len(entities), "entity_index": len(index), "quantities": n_quantities}


@task(name="themes", **TASK_OPTIONS)
def themes_task(
    run_dir: str, config_json: str, plan: dict[str, Any], previous_run: str | None
) -> tuple[dict[str, int], dict[str, Any]]:
    """Key terms, topics, user lexicon tags and specificities over the whole corpus."""
    from textmine import themes

    config, run = _config(config_json), Path(run_dir)
    previous = _path(previous_run)
    tables, model, state = themes.themes_stage(
        analysis_table(run, "term_candidates"),
        analysis_table(run, "doc_lemmas"),
        read_table("documents", run),
        read_table("sentences", run),
        config.themes,
        FitState(**plan),
        _run_id(run),
        previous / ANALYSIS_DIR / themes.THEME_MODEL_FILE if previous else None,
    )
    themes.save_theme_model(model, run / ANALYSIS_DIR / themes.THEME_MODEL_FILE)
    for name, frame in tables.items():
        write_table(name, frame, run)
    return {"terms": len(tables["terms"]), "themes": themes.n_topics(model)}, state.as_dict()


def cluster_run(
    run_dir: str,
    config_json: str,
    previous_run: str | None,
    previous_state: dict[str, Any] | None,
    force: bool,
) -> tuple[dict[str, int], dict[str, Any]]:
    """The clustering stage's adapter: reads, clusters, writes (also run in a forked process)."""
    from textmine.clustering import cluster_stage, previous_clustering

    config, run = _config(config_json), Path(run_dir)
    previous = None
    if previous_run:
        previous = previous_clustering(
            read_table("proposals", Path(previous_run)), read_table("clusters", Path(previous_run))
        )
    proposals = analysis_table(run, "proposals")
    terms = ["term", "count"]  # the key terms make labels readable; read only when needed
    candidates = (
        pd.read_parquet(analysis_path(run, "term_candidates"), columns=terms)
        if len(proposals)
        else pd.DataFrame(columns=terms)
    )
    entities_json = config.entities.model_dump_json()
    clustered, clusters, state = cluster_stage(
        proposals,
        candidates,
        config.clustering,
        config.nlp.model,
        previous,
        previous_state,
        _run_id(run),
        force,
        vocab=lambda: cached_pipeline(config.nlp.model, entities_json).vocab,
    )
    write_table("proposals", clustered, run)
    write_table("clusters", clusters, run)
    return {"proposals": len(clustered), "clusters": len(clusters)}, state.as_dict()


@task(name="proposals", **TASK_OPTIONS)
def proposals_task(
    run_dir: str,
    config_json: str,
    previous_run: str | None,
    previous_state: dict[str, Any] | None,
    force: bool,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Cluster the proposals (or collect the clustering started in a process of its own), then
    tag them with the user's lexicon."""
    config, run = _config(config_json), Path(run_dir)
    result = collect_background(run_dir, warn=get_run_logger().warning)
    if result is None:
        result = cluster_run(run_dir, config_json, previous_run, previous_state, force)
    if config.themes.lexicon:
        from textmine.clustering import proposal_lexicon_tags

        clustered = read_table("proposals", run)
        if len(clustered):
            tags = pd.concat(
                [
                    read_table("lexicon_tags", run),
                    proposal_lexicon_tags(clustered, config.themes.lexicon),
                ],
                ignore_index=True,
            )
            write_table("lexicon_tags", tags, run)
    return result


@task(name="review", **TASK_OPTIONS)
def review_task(run_dir: str, review_dir: str, config_json: str) -> dict[str, int]:
    """Apply the reviewers' saved decisions, then write fresh review sheets for this run."""
    from textmine import review

    config, run = _config(config_json), Path(run_dir)
    done = review.run_review(
        {name: read_table(name, run) for name in review.REVIEWED_TABLES},
        Path(review_dir),
        run / "review",
        excerpt_chars=config.review.excerpt_chars,
        csv_delimiter=config.review.csv_delimiter,
    )
    for name, frame in done.tables.items():
        write_table(name, frame, run)
    return done.counts()


@task(name="report", **TASK_OPTIONS)
def report_task(
    run_dir: str, manifest: dict[str, Any], config_json: str, write_csv: bool = True
) -> str:
    """CSV copies of every table (unless reused as they are) and the self-contained report."""
    from textmine.report import write_report

    config, run = _config(config_json), Path(run_dir)
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
    reuse_previous_run(previous_run, run_dir)


# ----------------------------------------------------------------------------------- phases


@dataclass
class _Run:
    """What the phases of one run share: its folders, config, previous run and timings."""

    config: TextmineConfig
    config_json: str
    corpus: Path
    corpus_root: Path
    reviews: Path
    cache_dir: Path
    run_id: str
    run: Path
    previous: Path | None
    previous_manifest: dict[str, Any]
    force: bool
    timings: dict[str, float] = field(default_factory=dict)

    def timed(self, name: str, fn: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            elapsed = time.perf_counter() - started
            self.timings[name] = round(self.timings.get(name, 0.0) + elapsed, 3)

    @property
    def previous_run(self) -> str | None:
        return str(self.previous) if self.previous else None


def _plan_run(r: _Run) -> tuple[dict[str, Any], pd.DataFrame, str, bool]:
    """Ingest the corpus; return what it found, the documents' keys, the corpus key, and
    whether nothing changed since the previous run."""
    if r.force:
        shutil.rmtree(r.cache_dir, ignore_errors=True)
    previous = None if r.force or r.previous is None else str(r.previous)
    args = (str(r.corpus), str(r.run), r.config_json, str(r.cache_dir), previous)
    ingested = r.timed("ingest", ingest_task, *args)
    keys = pd.read_parquet(r.run / CACHE_KEYS_FILE)
    key = corpus_key(keys, read_table("documents", r.run), r.config_json, r.reviews)
    unchanged = (
        not r.force and r.previous is not None and r.previous_manifest.get("corpus_key") == key
    )
    return ingested, keys, key, unchanged


def _analyse_documents(r: _Run, keys: pd.DataFrame) -> tuple[list[dict[str, Any]], int]:
    """Carry over the rows of unchanged documents, parse and extract the others by batches.

    Returns the analysis statistics and the number of documents changed since the previous run.
    """
    documents = read_table("documents", r.run)
    lengths = dict(
        zip(documents["doc_id"], documents["n_chars"].fillna(0).astype(int), strict=True)
    )
    started = time.perf_counter()
    carried = [] if r.force else unchanged_documents(keys, r.previous, PER_DOCUMENT_TABLES)
    n_changed = count_changed_documents(
        set(keys["doc_id"]), previous_document_ids(r.previous), carried
    )
    stats: list[dict[str, Any]] = []
    if carried:
        stats.append(carry_over_task(r.previous_run, str(r.run), carried))
        keys = keys[~keys["doc_id"].isin(set(carried))]
    total_chars = sum(lengths.get(doc_id, 0) for doc_id in keys["doc_id"])
    n_process = choose_n_process(r.config.nlp, total_chars)
    futures = []
    for model, group in keys.groupby("model", sort=True):
        docs = documents[documents["doc_id"].isin(set(group["doc_id"]))]
        nlp = r.config.nlp
        for doc_ids in plan_batches(docs, lengths, nlp.docs_per_task, nlp.chars_per_task):
            args = (str(r.run), len(futures), doc_ids, model, r.config_json, str(r.cache_dir))
            futures.append(analyze_task.submit(*args, n_process))
    try:
        stats += [f.result() for f in futures]
    finally:
        shutdown_worker_pool()  # a served deployment must not keep them between runs
    collect_task(str(r.run))
    r.timings["nlp"] = round(time.perf_counter() - started, 3)
    return stats, n_changed


def _corpus_stages(r: _Run, n_documents: int, n_changed: int) -> dict[str, Any]:
    """Entities, themes, clustering and review over the whole corpus; returns the fit states."""
    logger = get_run_logger()
    previous_fits = r.previous_manifest.get("incremental", {}) if r.previous else {}
    cluster_args = (
        str(r.run),
        r.config_json,
        r.previous_run,
        previous_fits.get("clustering"),
        r.force,
    )
    overlap = _runs_tasks_in_this_process()
    if overlap:
        # It needs only the proposals' rows: it runs beside the entities and themes stages.
        logger.info("Clustering in a process of its own, beside the stages that follow")
        # The pipeline's vocabulary (word vectors) loaded here is inherited by the child.
        cached_pipeline(r.config.nlp.model, r.config.entities.model_dump_json())
        start_in_background(str(r.run), cluster_run, *cluster_args)
        # Parsing is over and the child has the word vectors: the stages that follow run
        # without the pipeline (-340 MiB here on fr_core_news_md).
        release_pipelines()
    r.timed("sentences", sentences_task, str(r.run))
    r.timed("entities", entities_task, str(r.run), str(r.corpus_root), r.config_json)
    themes_plan = plan_fit(
        previous_fits.get("themes"),
        {
            "themes": r.config.themes.model_dump(mode="json"),
            "model": r.config.nlp.model,
            # A pickled model is read back only by the same versions.
            "versions": [__version__, package_version("scikit-learn")],
        },
        n_changed,
        n_documents,
        r.config.themes.refit_share,
        r.run_id,
        r.force,
    )
    incremental: dict[str, Any] = {}
    # With the clustering on the other core, more than one BLAS thread here only makes the two
    # stages fight for the cores (themes alone: the same time on one thread).
    with threadpool_limits(limits=1 if overlap else None):
        themes_args = (str(r.run), r.config_json, themes_plan.as_dict(), r.previous_run)
        _, incremental["themes"] = r.timed("themes", themes_task, *themes_args)
    _, incremental["clustering"] = r.timed("proposals", proposals_task, *cluster_args)
    if r.config.review.enabled:
        r.timed("review", review_task, str(r.run), str(r.reviews), r.config_json)
    return incremental


def _runs_tasks_in_this_process() -> bool:
    """True with the default runner (threads of this process); not on Dask."""
    import multiprocessing as mp

    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    runner = getattr(context, "task_runner", None)
    return isinstance(runner, ThreadPoolTaskRunner) and "fork" in mp.get_all_start_methods()


def _finish(
    r: _Run,
    out_dir: Path,
    manifest_parts: dict[str, Any],
    incremental: dict[str, Any],
    unchanged: bool,
) -> tuple[Path, dict[str, Any]]:
    """Manifest, CSV copies and report; then the run folder is committed as ``latest``."""
    manifest = build_manifest(
        run_id=r.run_id,
        corpus=r.corpus,
        config=r.config,
        timings=r.timings,
        documents=read_table("documents", r.run),
        clusters=read_table("clusters", r.run),
        counts=table_row_counts(r.run),
        previous_run=r.previous.name if r.previous else None,
        previous_manifest=r.previous_manifest,
        unchanged=unchanged,
        **manifest_parts,
    )
    r.timed("report", report_task, str(r.run), manifest, r.config_json, not unchanged)
    manifest["timings"] = r.timings
    manifest["incremental"] = incremental
    manifest["finished_at"] = time.time()
    write_json(r.run / "manifest.json", manifest)
    return commit_run(out_dir, r.run, r.config.output.keep_runs), manifest


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
    resolved = TextmineConfig.model_validate(config or {})
    corpus_path, out_dir = Path(corpus).resolve(), Path(out).resolve()
    corpus_root = corpus_path if corpus_path.is_dir() else corpus_path.parent
    reviews = Path(review_dir).resolve() if review_dir else corpus_root / resolved.review.folder
    with OutputsLock(out_dir):
        started_at = time.time()
        run_id = new_run_id()
        previous = latest_run_dir(out_dir)
        r = _Run(
            config=resolved,
            config_json=resolved.model_dump_json(),
            corpus=corpus_path,
            corpus_root=corpus_root,
            reviews=reviews,
            cache_dir=out_dir / ".cache",
            run_id=run_id,
            run=partial_run_dir(out_dir, run_id),
            previous=previous,
            previous_manifest=previous_manifest(previous),
            force=force,
        )
        ingested, keys, key, unchanged = _plan_run(r)
        analysis_stats: list[dict[str, Any]] = []
        if unchanged:
            incremental = r.previous_manifest.get("incremental", {})
            get_run_logger().info(
                "Nothing changed since run %s: reusing its results", previous.name
            )
            r.timed("reuse", reuse_task, str(previous), str(r.run))
        else:
            analysis_stats, n_changed = _analyse_documents(r, keys)
            incremental = _corpus_stages(r, len(keys), n_changed)
        manifest_parts = {
            "ingest": ingested,
            "analysis": analysis_stats,
            "corpus_key": key,
            "started_at": started_at,
        }
        final, manifest = _finish(r, out_dir, manifest_parts, incremental, unchanged)

    summary = run_summary(
        final,
        run_id,
        ingested,
        manifest,
        unchanged=unchanged,
        report=resolved.output.report,
        timings=r.timings,
    )
    _publish_artifacts(summary, manifest)
    return summary


def _publish_artifacts(summary: dict[str, Any], manifest: dict[str, Any]) -> None:
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
        markdown=summary_markdown(summary, manifest),
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
