"""The flow's tasks: each reads the tables it names, calls one library function, writes its tables.

Two-line adapters in spirit, as spaCy's ``pipeline/factories.py`` are: the logic lives in the
library. Tasks exchange Parquet tables in the run folder (``_work/`` for intermediate ones), never
large Python objects, so the same tasks run in one process or on a Dask cluster.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import settings as _settings  # noqa: F401
from textmine import schema
from textmine.analysis import PER_DOCUMENT_TABLES, analyze_documents
from textmine.background import collect_background, start_beside, wait_beside
from textmine.cache import ResultCache
from textmine.config import TextmineConfig
from textmine.corpus_tables import documents_from_tables, texts_frame
from textmine.diskspace import is_disk_full
from textmine.document_keys import document_keys
from textmine.embeddings import EMBEDDINGS_TABLE
from textmine.embeddings import wanted as wanted_embeddings
from textmine.incremental import MODE_FOLD_IN, FitState
from textmine.ingest import STATUS_OK, blocks_frame, documents_frame, variables_frame
from textmine.ingest.cached import ingest_corpus_cached
from textmine.manifest import corpus_fingerprint
from textmine.nlp import cached_pipeline, model_version
from textmine.outputs import (
    publish_table,
    read_table,
    write_csv_copy,
    write_table,
)
from textmine.progress import stage_progress
from textmine.runs import (
    ANALYSIS_DIR,
    CACHE_KEYS_FILE,
    TEXTS_FILE,
    analysis_path,
    analysis_table,
    carry_over_rows,
    collect_parts,
    reuse_previous_run,
    work_dir,
    write_rows_part,
)

# The tables report.html shows (the maps, entity_cooccurrences and run_changes once the schema
# has them: a table the schema lacks is skipped, and the report hides its chart).
REPORT_TABLES = (
    "documents",
    "blocks",
    "sentences",
    "entities",
    "entity_index",
    "cooccurrences",
    "entity_cooccurrences",
    "proposal_map",
    "cluster_map",
    "run_changes",
    "themes",
    "theme_selection",
    "document_themes",
    "sub_themes",
    "document_sub_themes",
    "corpus_terms",
    "specificities",
    "proposals",
    "clusters",
    "cluster_groups",
    "review_log",
)


def _is_transient_io_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only I/O errors that may pass (not missing files, not bad content)."""
    try:
        state.result()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return False
    except (OSError, TimeoutError) as error:
        return not is_disk_full(error)  # a full disk does not pass in 10 s
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
    write_table("variables", variables_frame(documents), run)
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
    from textmine.clustering.maps import POSITIONS_FILE, RowsCollector, map_positions

    config, run = _config(config_json), Path(run_dir)
    previous = None
    if previous_run:
        try:
            previous = previous_clustering(
                read_table("proposals", Path(previous_run)),
                read_table("clusters", Path(previous_run)),
                read_table("cluster_groups", Path(previous_run)),
            )
        except (OSError, ValueError):  # a damaged table: clusters get new ids
            previous = None
    proposals = analysis_table(run, "proposals")
    # The key terms and their written forms are the labels' phrases; read only when needed.
    terms = ["term", "surface", "count"]
    candidates = (
        pd.read_parquet(analysis_path(run, "term_candidates"), columns=terms)
        if len(proposals)
        else pd.DataFrame(columns=terms)
    )
    embeddings = None
    if wanted_embeddings(config.clustering) and len(proposals):
        try:  # the vectors, not the texts again: raw float32 bytes, one row per proposal
            embeddings = pd.read_parquet(analysis_path(run, EMBEDDINGS_TABLE))
        except (OSError, ValueError):  # missing or damaged: the lexical representation
            embeddings = None
    entities_json = config.entities.model_dump_json()
    rows = RowsCollector()
    clustered, clusters, groups, state = cluster_stage(
        proposals,
        candidates,
        config.clustering_stage(),
        config.nlp.model,
        previous,
        previous_state,
        _run_id(run),
        force,
        vocab=lambda: cached_pipeline(config.nlp.model, entities_json).vocab,
        embeddings=embeddings,
        on_rows=rows,
    )
    write_table("proposals", clustered, run)
    write_table("clusters", clusters, run)
    write_table("cluster_groups", groups, run)
    previous_map = _previous_table("proposal_map", previous_run)
    positions = map_positions(rows, previous_map, state.mode == MODE_FOLD_IN, config.explore)
    positions.to_parquet(work_dir(run) / POSITIONS_FILE, index=False)
    return {"proposals": len(clustered), "clusters": len(clusters)}, state.as_dict()


@task(name="proposals", **TASK_OPTIONS)
def proposals_task(
    run_dir: str,
    config_json: str,
    previous_run: str | None,
    previous_state: dict[str, Any] | None,
    force: bool,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Cluster the proposals (or collect the clustering started in a process of its own), add
    their consultation support and the titles duplicates repeat, then tag them with the user's
    lexicon."""
    config, run = _config(config_json), Path(run_dir)
    result = collect_background(run_dir, warn=get_run_logger().warning)
    if result is None:
        result = cluster_run(run_dir, config_json, previous_run, previous_state, force)
    from textmine.consultation import consultation_support
    from textmine.proposals import with_duplicate_titles

    documents = read_table("documents", run)
    supported, clusters = consultation_support(
        read_table("proposals", run), read_table("clusters", run), documents
    )
    write_table("proposals", with_duplicate_titles(supported, documents), run)
    write_table("clusters", clusters, run)
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


def review_sheets_key(run_dir: str) -> str:
    """The key under which :func:`review_task` writes the sheets beside the next tasks."""
    return f"{run_dir}:review-sheets"


@task(name="review", **TASK_OPTIONS)
def review_task(
    run_dir: str, review_dir: str, config_json: str, beside: bool = False
) -> dict[str, int]:
    """Apply the reviewers' saved decisions, then write fresh review sheets for this run.

    ``beside``: the sheets are written by a forked process while the next tasks run (the flow
    waits for it with ``wait_beside(review_sheets_key(run_dir))`` before committing the run).
    """
    from textmine import review

    config, run = _config(config_json), Path(run_dir)
    done = review.run_review(
        {name: read_table(name, run) for name in review.REVIEWED_TABLES},
        Path(review_dir),
        None,
    )
    for name, frame in done.tables.items():
        write_table(name, frame, run)
    sheets = partial(
        review.write_review_sheets,
        excerpt_chars=config.review.excerpt_chars,
        csv_delimiter=config.review.csv_delimiter,
    )
    key = review_sheets_key(run_dir)
    start_beside(key, sheets, done.tables, run / "review", done.review_log, fork=beside)
    return done.counts()


def _previous_table(name: str, previous_run: str | None) -> pd.DataFrame | None:
    """A table of the previous run; None without one, or when it is unreadable."""
    if not previous_run:
        return None
    try:
        return read_table(name, Path(previous_run))
    except (OSError, ValueError):  # a damaged table: as if there were none
        return None


@task(name="maps", **TASK_OPTIONS)
def maps_task(run_dir: str) -> dict[str, int]:
    """The proposal and cluster maps: the clustering's positions, the reviewed clusters."""
    from textmine.clustering.maps import POSITIONS_FILE, map_tables

    run = Path(run_dir)
    path = work_dir(run) / POSITIONS_FILE
    positions = pd.read_parquet(path) if path.exists() else pd.DataFrame()
    tables = map_tables(positions, read_table("proposals", run), read_table("clusters", run))
    for name, frame in tables.items():
        write_table(name, frame, run)
    return {name: len(frame) for name, frame in tables.items()}


@task(name="entity-network", **TASK_OPTIONS)
def entity_network_task(run_dir: str, config_json: str) -> dict[str, int]:
    """The entity co-occurrence network, from the reviewed mentions and index."""
    from textmine.entities.network import entity_cooccurrences

    config, run = _config(config_json), Path(run_dir)
    table = entity_cooccurrences(
        read_table("entities", run),
        read_table("entity_index", run),
        unit=config.explore.entity_unit,
        top=config.explore.entity_top,
        max_pairs=config.explore.entity_pairs,
    )
    write_table("entity_cooccurrences", table, run)
    return {"entity_cooccurrences": len(table)}


@task(name="run-changes", **TASK_OPTIONS)
def changes_task(
    run_dir: str, previous_run: str | None, config_json: str, unchanged: bool = False
) -> dict[str, int]:
    """What changed since the previous run. ``unchanged``: the run reuses the previous one's
    tables (whose clusters' statuses are the previous run's): no change, and the CSV copy is
    written now (the others are the previous run's)."""
    from textmine.changes import run_changes

    config, run = _config(config_json), Path(run_dir)
    names = ("documents", "proposals", "clusters")
    compared = None if unchanged else previous_run
    before = {name: _previous_table(name, compared) for name in names}
    previous = None if any(t is None for t in before.values()) else before
    table = run_changes(*(read_table(name, run) for name in names), previous)
    write_table("run_changes", table, run)
    if unchanged and config.output.csv:
        write_csv_copy("run_changes", run)
    return {"run_changes": len(table)}


def _csv_copies(run_dir: str) -> None:
    for name in schema.TABLES:
        write_csv_copy(name, Path(run_dir))


@task(name="report", **TASK_OPTIONS)
def report_task(
    run_dir: str,
    manifest: dict[str, Any],
    config_json: str,
    write_csv: bool = True,
    beside: bool = False,
) -> str:
    """CSV copies of every table (unless reused as they are) and the self-contained report.

    ``beside``: the CSV copies are written by a forked process while the report is made.
    """
    from textmine.report import write_report

    config, run = _config(config_json), Path(run_dir)
    key = f"{run_dir}:csv"
    if config.output.csv and write_csv:
        start_beside(key, _csv_copies, run_dir, fork=beside and config.output.report)
    path = ""
    if config.output.report:
        tables = {name: read_table(name, run) for name in REPORT_TABLES if name in schema.TABLES}
        path = str(write_report(tables, manifest, run / "report.html"))
    wait_beside(key, warn=get_run_logger().warning)
    return path


@task(name="reuse-previous-run", **TASK_OPTIONS)
def reuse_task(previous_run: str, run_dir: str) -> None:
    """Nothing changed: the corpus-level tables of the previous run are this run's tables."""
    reuse_previous_run(previous_run, run_dir)
