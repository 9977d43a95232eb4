"""The textmine flow: a corpus folder in, a run folder of tables, review sheets and a report out.

Each task wraps one stage of the library and talks to the others through Parquet tables in the
run folder (``_work/`` for intermediate ones), never through large in-memory objects, so the
same flow runs in one process or on a Dask cluster. Documents are batched per task.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows import settings as _settings  # noqa: F401
from textmine import __version__, schema
from textmine.analysis import PER_DOCUMENT_TABLES, analyze_documents, document_keys
from textmine.cache import ResultCache, content_key
from textmine.config import TextmineConfig
from textmine.corpus_tables import documents_from_tables, plan_batches, texts_frame
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
from textmine.ingest.duplicates import mark_exact_duplicates, mark_near_duplicates
from textmine.manifest import build_manifest, corpus_fingerprint
from textmine.nlp import cached_pipeline, is_model_installed, model_version
from textmine.outputs import (
    OutputsLock,
    commit_run,
    latest_run_dir,
    new_run_id,
    partial_run_dir,
    read_table,
    table_row_counts,
    write_json,
    write_table,
)
from textmine.progress import stage_progress

# The tables report.html shows.
REPORT_TABLES = (
    "documents",
    "entity_index",
    "themes",
    "document_themes",
    "corpus_terms",
    "specificities",
    "proposals",
    "clusters",
    "review_log",
)
# The cache keys of a run's documents: `textmine prune-cache` keeps these, drops the rest.
CACHE_KEYS_FILE = "cache_keys.parquet"


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
def ingest_task(corpus: str, run_dir: str, config_json: str, cache_dir: str) -> dict[str, Any]:
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
    _mark_duplicates_cached(documents, config, cache)
    keys: list[dict[str, str]] = []
    versions: dict[str, str] = {}
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
        version = versions.setdefault(model, model_version(model))
        parse, stages = document_keys(document, version, config)
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
    documents: list[IngestedDocument], config: TextmineConfig, cache: ResultCache
) -> None:
    """Mark exact and near duplicates; the marks of an unchanged corpus come from the cache."""
    key = content_key(
        "duplicates",
        [(d.doc_id, d.sha256, d.status) for d in documents],
        config.section_fingerprint("ingest"),
        __version__,
    )
    hit = cache.get_rows("duplicates", key)
    if hit is None:
        mark_exact_duplicates(documents)
        mark_near_duplicates(
            documents,
            config.ingest.near_duplicate_threshold,
            config.ingest.near_duplicate_min_chars,
        )
        marks = [{f: getattr(d, f) for f in DUPLICATE_FIELDS} for d in documents]
        cache.put_rows("duplicates", key, {"marks": marks})
        return
    for document, marks in zip(documents, hit["marks"], strict=True):
        for field, value in marks.items():
            setattr(document, field, value)


@task(name="analyze-batch", **TASK_OPTIONS)
def analyze_task(
    run_dir: str, batch: int, doc_ids: list[str], model: str, config_json: str, cache_dir: str
) -> dict[str, Any]:
    """Parse and extract one batch of documents (cached per document), write its table parts."""
    config = _config(config_json)
    run = Path(run_dir)
    wanted = set(doc_ids)
    documents = read_table("documents", run)
    documents = documents[documents["doc_id"].isin(wanted)]
    blocks = read_table("blocks", run)
    blocks = blocks[blocks["doc_id"].isin(wanted)]
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
        )
    part = _work(run) / "parts" / f"{batch:05d}"
    part.mkdir(parents=True, exist_ok=True)
    for table in PER_DOCUMENT_TABLES:
        frame = pd.DataFrame(rows.get(table, []))
        if table in schema.TABLES:
            frame = schema.conform(table, frame) if len(frame) else schema.empty(table)
        frame.to_parquet(part / f"{table}.parquet", index=False)
    return stats.as_dict() | {"cache_hits": cache.hits, "cache_misses": cache.misses}


def _concat_parts(run_dir: Path, table: str) -> pd.DataFrame:
    parts = sorted((_work(run_dir) / "parts").glob(f"*/{table}.parquet"))
    frames = [pd.read_parquet(p) for p in parts]
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty(table) if table in schema.TABLES else pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


@task(name="sentences", **TASK_OPTIONS)
def sentences_task(run_dir: str) -> dict[str, int]:
    run = Path(run_dir)
    sentences = _concat_parts(run, "sentences")
    write_table("sentences", sentences, run)
    return {"sentences": len(sentences)}


@task(name="entities", **TASK_OPTIONS)
def entities_task(run_dir: str, corpus: str, config_json: str) -> dict[str, int]:
    """Merge entity mentions into canonical entities and the corpus-wide index."""
    from textmine.entities import build_entity_index, load_aliases

    config = _config(config_json)
    run = Path(run_dir)
    documents = read_table("documents", run)
    mentions = _concat_parts(run, "entities")
    aliases = load_aliases(config.entities, Path(corpus))
    entities, index = build_entity_index(mentions, documents, config.entities, aliases)
    write_table("entities", entities, run)
    write_table("entity_index", index, run)
    quantities = _concat_parts(run, "quantities")
    write_table("quantities", quantities, run)
    write_table("roles", _concat_parts(run, "roles"), run)
    return {"entities": len(entities), "entity_index": len(index), "quantities": len(quantities)}


@task(name="themes", **TASK_OPTIONS)
def themes_task(run_dir: str, config_json: str) -> dict[str, int]:
    """Key terms, topics, user lexicon tags and specificities over the whole corpus."""
    from textmine import lexicometry, themes

    config = _config(config_json)
    run = Path(run_dir)
    candidates = _concat_parts(run, "term_candidates")
    lemmas = _concat_parts(run, "doc_lemmas")
    documents = read_table("documents", run)
    terms = themes.score_terms(candidates, config.themes)
    corpus_terms = themes.corpus_terms(candidates)
    model = themes.ThemeModel(config.themes).fit(lemmas)
    sentences = read_table("sentences", run)
    write_table("terms", terms, run)
    write_table("corpus_terms", corpus_terms, run)
    write_table("themes", model.themes_table(), run)
    write_table("document_themes", model.document_themes_table(), run)
    write_table("section_themes", themes.section_themes(sentences, model), run)
    tables = lexicometry.corpus_lexicometry(candidates, documents, config.themes)
    for name, frame in tables.items():
        write_table(name, frame, run)
    if config.themes.lexicon:
        tags = themes.tag_corpus(lemmas, sentences, config.themes.lexicon)
        write_table("lexicon_tags", tags, run)
    return {"terms": len(terms), "themes": model.n_topics_ if model.nmf_ is not None else 0}


@task(name="proposals", **TASK_OPTIONS)
def proposals_task(run_dir: str, config_json: str, previous_run: str | None) -> dict[str, int]:
    """Cluster the proposals, keeping the ids of clusters that persist from the previous run."""
    from textmine.clustering import cluster_proposals

    config = _config(config_json)
    run = Path(run_dir)
    proposals = _concat_parts(run, "proposals")
    previous = None
    if previous_run:
        from textmine.review import pre_review_proposals

        previous = pre_review_proposals(
            read_table("proposals", Path(previous_run)), read_table("clusters", Path(previous_run))
        )
        if previous.empty:
            previous = None
    entities_json = config.entities.model_dump_json()
    vocab = cached_pipeline(config.nlp.model, entities_json).vocab if len(proposals) else None
    clustered, clusters = cluster_proposals(
        proposals, config.clustering, previous=previous, vocab=vocab
    )
    write_table("proposals", clustered, run)
    write_table("clusters", clusters, run)
    if config.themes.lexicon and len(clustered):
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
    return {"proposals": len(clustered), "clusters": len(clusters)}


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
            write_table(name, read_table(name, run), run, csv=True)
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
            shutil.copytree(path, target, dirs_exist_ok=True)
        else:
            shutil.copy2(path, target)


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
            "ingest", ingest_task, str(corpus_path), str(run), config_json, str(cache_dir)
        )
        keys = pd.read_parquet(run / CACHE_KEYS_FILE)
        corpus_key = content_key(
            sorted(keys.drop(columns=["model"]).itertuples(index=False, name=None)),
            read_table("documents", run)[["doc_id", "status", "error"]].values.tolist(),
            config_json,
            _review_fingerprint(reviews),
            __version__,
        )
        unchanged = (
            not force and previous is not None and previous_manifest.get("corpus_key") == corpus_key
        )
        analysis_stats: list[dict[str, Any]] = []
        if unchanged:
            logger.info("Nothing changed since run %s: reusing its results", previous.name)
            timed("reuse", reuse_task, str(previous), str(run))
        else:
            documents = read_table("documents", run)
            lengths = dict(
                zip(documents["doc_id"], documents["n_chars"].fillna(0).astype(int), strict=True)
            )
            futures = []
            batch_number = 0
            for model, group in keys.groupby("model", sort=True):
                docs = documents[documents["doc_id"].isin(set(group["doc_id"]))]
                for doc_ids in plan_batches(
                    docs, lengths, resolved.nlp.docs_per_task, resolved.nlp.chars_per_task
                ):
                    futures.append(
                        analyze_task.submit(
                            str(run), batch_number, doc_ids, model, config_json, str(cache_dir)
                        )
                    )
                    batch_number += 1
            started = time.perf_counter()
            analysis_stats = [f.result() for f in futures]
            timings["nlp"] = round(time.perf_counter() - started, 3)
            timed("sentences", sentences_task, str(run))
            timed("entities", entities_task, str(run), str(corpus_root), config_json)
            timed("themes", themes_task, str(run), config_json)
            timed(
                "proposals",
                proposals_task,
                str(run),
                config_json,
                str(previous) if previous else None,
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
