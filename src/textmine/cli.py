"""The ``textmine`` command: run the pipeline (through its Prefect flow), evaluate a run.

Exit status of ``textmine run``:
  0  every document was processed (skipped and duplicate documents are not failures);
  3  the run completed and wrote everything, but some documents could not be read (status error);
  2  the run could not start (bad config, missing corpus, outputs folder in use...);
  1  the run failed unexpectedly (see the Prefect logs; nothing was published as ``latest``);
  4  the disk of the outputs folder filled up during the run: its ``.partial`` folder was removed,
     ``latest`` and the cache are as they were (a disk already too full is refused with 2).
"""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from textmine.config import SET_EXAMPLES, ConfigError, TextmineConfig, load_config

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_CANNOT_START = 2
EXIT_DOCUMENTS_FAILED = 3
EXIT_DISK_FULL = 4

app = typer.Typer(
    help="Text mining of public-policy documents: entities, themes, proposals and their clusters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

SET_HELP = (
    "Override one config key (repeatable): key=value; a list comma-separated or JSON, "
    "a mapping JSON or one entry at a time (examples below)."
)
# Shown under the options of `run` and `config`, one line each.
SET_EPILOG = "Forms of --set (quote the value for your shell):\n" + "\n".join(
    "  " + line for line in SET_EXAMPLES
)
out = Console()


class TaskRunnerChoice(StrEnum):
    default = "default"
    dask = "dask"


# The lines a user reads while a run goes (in French, as the report and the summary).
STAGE_LABELS = {"ingest": "Lecture des documents", "analyze": "Analyse spaCy"}


class RichReporter:
    """Shows each stage as a progress bar (documents) or a spinner (corpus-level stages)."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def _key(self, stage: str) -> str:
        return stage.split(":", 1)[0]

    def start(self, stage: str, total: int | None) -> None:
        key = self._key(stage)
        if key in self.tasks:
            task_id = self.tasks[key]
            current = self.progress.tasks[task_id].total or 0
            self.progress.update(task_id, total=current + (total or 0), visible=True)
            return
        self.tasks[key] = self.progress.add_task(STAGE_LABELS.get(key, key), total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        task_id = self.tasks.get(self._key(stage))
        if task_id is not None:
            self.progress.advance(task_id, amount)

    def finish(self, stage: str) -> None:
        task_id = self.tasks.get(self._key(stage))
        if task_id is not None and self._key(stage) != "analyze":
            task = self.progress.tasks[task_id]
            self.progress.update(task_id, total=task.completed or 1, completed=task.completed or 1)


def _fail(message: str, code: int = EXIT_CANNOT_START) -> typer.Exit:
    # soft_wrap: one line whatever the terminal's width (a log or CI keeps it whole); the
    # message is escaped: a value like '[red]' quoted in it is shown, not taken as markup.
    err.print(f"[bold red]textmine:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _resolve_config(config_file: Path | None, overrides: list[str]) -> TextmineConfig:
    try:
        return load_config(config_file, overrides)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _check_before_start(corpus: Path, out_dir: Path, config: TextmineConfig) -> int:
    """Before Prefect starts, a refused run answers at once, in one line (exit 2): the corpus,
    its table columns, the outputs folder, its free space (returned) and the spaCy pipeline."""
    from textmine.nlp import is_model_installed
    from textmine.preflight import PreflightError, preflight

    try:
        free_at_start = preflight(corpus, out_dir, config.ingest)
    except PreflightError as exc:
        raise _fail(str(exc)) from None
    if not is_model_installed(config.nlp.model):
        raise _fail(
            f"le modèle spaCy « {config.nlp.model} » n'est pas installé : installez le paquet "
            f"« {config.nlp.model.replace('_', '-')} » (les modèles ne sont jamais téléchargés)"
        )
    return free_at_start


def _progress_bars() -> Progress:
    """The stages' progress on stderr (documents as bars, corpus stages as spinners)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
    )


@app.command(epilog=SET_EPILOG)
def run(
    corpus: Annotated[
        Path,
        typer.Argument(help="Corpus: a folder (read recursively) or a single file."),
    ] = Path("corpus"),
    out_dir: Annotated[
        Path,
        typer.Option("--out", "-o", help="Outputs folder; each run goes to OUT/runs/<run_id>/."),
    ] = Path("outputs"),
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="Config file (TOML or YAML); see textmine.example.toml."
        ),
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help=SET_HELP,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ignore the cache and recompute every document.")
    ] = False,
    review_dir: Annotated[
        Path | None,
        typer.Option(help="Folder of reviewers' decisions (default: CORPUS/review)."),
    ] = None,
    task_runner: Annotated[
        TaskRunnerChoice,
        typer.Option(help="Where tasks run: in this process (default) or on Dask."),
    ] = TaskRunnerChoice.default,
    dask_address: Annotated[
        str | None,
        typer.Option(help="Scheduler address of an existing Dask cluster (default: a local one)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Run the pipeline on CORPUS and write tables, review sheets and report.html."""
    config = _resolve_config(config_file, overrides or [])
    from textmine.diskspace import partial_run_dirs

    free_at_start = _check_before_start(corpus, out_dir, config)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    from flows.crashed import tagged_at_creation
    from flows.local_server import prefect_using, start_local_server

    # Dask workers talk to the API from their own processes: Prefect's usual server for them.
    server = start_local_server() if task_runner.value == "default" else None
    from flows.pipeline import build_flow
    from textmine.outputs import OutputsLockedError
    from textmine.progress import set_reporter

    flow = build_flow(task_runner.value, dask_address)
    if not verbose:  # the one line below says it: no Prefect traceback first
        from flows.settings import hide_on_console

        hide_on_console(_answered_here)
    reviews = review_dir or (corpus if corpus.is_dir() else corpus.parent) / config.review.folder
    if task_runner.value == "default" and _will_parse(corpus, out_dir, reviews, force):
        _preload_in_background(config)
    progress = _progress_bars()
    set_reporter(RichReporter(progress))
    partials_before = partial_run_dirs(out_dir)
    try:
        # The flow run carries this process's tags from its creation: killed at any moment, the
        # next run can mark it Crashed.
        with prefect_using(server), progress, tagged_at_creation():
            state = flow(
                corpus=str(corpus),
                out=str(out_dir),
                config=config.model_dump(mode="json"),
                force=force,
                review_dir=str(review_dir) if review_dir else None,
                return_state=True,
            )
        result = state.result(raise_on_failure=False)
    except OSError as exc:  # raised outside the flow's tasks
        _exit_if_disk_full(exc, out_dir, partials_before, free_at_start)
        raise
    finally:
        set_reporter(None)
    _exit_if_disk_full(result, out_dir, partials_before, free_at_start)
    if isinstance(result, OutputsLockedError):
        raise _fail(str(result))
    if isinstance(result, BaseException) or not state.is_completed():
        raise _fail(
            f"le passage a échoué : {result!r} (voir les journaux de Prefect)", EXIT_UNEXPECTED
        )
    _print_summary(result)
    if result["n_failed"]:
        raise typer.Exit(EXIT_DOCUMENTS_FAILED)


def _exit_if_disk_full(
    error: Any, out_dir: Path, partials_before: set[Path], free_at_start: int
) -> None:
    """If ``error`` is a write on a full disk: remove this run's ``.partial`` folder and exit
    with EXIT_DISK_FULL and one line saying what was written and what was free."""
    from textmine.diskspace import discard_partial_runs, format_bytes, free_bytes, is_disk_full

    if not isinstance(error, BaseException) or not is_disk_full(error):
        return
    free_at_failure = free_bytes(out_dir)
    written = max(free_at_start - free_at_failure, 0)
    removed, used = discard_partial_runs(out_dir, partials_before, os.getpid())
    folders = ", ".join(f"runs/{p.name}" for p in removed) or "aucun dossier de passage inachevé"
    raise _fail(
        f"le disque de {out_dir} est plein ({_first_line(error)}) : le passage avait écrit "
        f"{format_bytes(written)} des {format_bytes(free_at_start)} libres à son début ; "
        f"supprimé : {folders} ({format_bytes(used)}) ; latest n'a pas changé et le cache ne "
        "garde que des entrées complètes. Libérez de la place ou choisissez un autre dossier "
        "--out, puis relancez.",
        EXIT_DISK_FULL,
    )


def _answered_here(record: logging.LogRecord) -> bool:
    """Whether a log record reports an error this command answers in one line: a write on a
    full disk, an outputs folder taken by another run (its exception, or its message)."""
    from textmine.diskspace import DISK_FULL_TEXT, is_disk_full
    from textmine.outputs import OutputsLockedError

    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, OutputsLockedError) or is_disk_full(error):
        return True
    message = record.getMessage()
    lowered = message.lower()
    return "OutputsLockedError" in message or any(text in lowered for text in DISK_FULL_TEXT)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _will_parse(
    corpus: Path, out_dir: Path, review: Path | None = None, force: bool = False
) -> bool:
    """A cheap guess (file times only) of whether this run will have documents to analyse.

    Files of the reviewers' folder (``review``) do not count: decisions need no parsing.
    ``force`` parses everything again.
    """
    if force:
        return True
    try:
        since = (out_dir / "latest" / "manifest.json").stat().st_mtime
    except OSError:
        return True  # a first run
    files = [corpus] if corpus.is_file() else corpus.rglob("*")
    try:
        return any(
            path.stat().st_mtime > since
            for path in files
            if review is None or not path.is_relative_to(review)
        )
    except OSError:
        return True


def _preload_in_background(config: TextmineConfig) -> None:
    """Import the stages and load the spaCy pipeline while Prefect's server starts.

    The ephemeral server takes seconds to start in its own process; this thread uses that time
    (on the other core) so that the flow finds everything loaded. Only done when some file is
    newer than the last run, or with ``--force``: on an unchanged corpus nothing is loaded.
    """
    import threading

    def preload() -> None:
        try:
            import textmine.clustering
            import textmine.entities
            import textmine.ingest
            import textmine.lexicometry
            import textmine.proposals
            import textmine.report
            import textmine.review
            import textmine.themes  # noqa: F401
            from textmine.nlp import cached_pipeline

            cached_pipeline(config.nlp.model, config.entities.model_dump_json())
        except Exception:  # the flow loads what it needs itself, and reports errors
            pass

    threading.Thread(target=preload, name="textmine-preload", daemon=True).start()


def _print_summary(summary: dict[str, Any]) -> None:
    """The run's summary in a few French lines (the Prefect artifact says the same, longer)."""
    from textmine.run_summary import embeddings_warning, fallback_line, statuses_in_french

    counts = summary["counts"]
    if summary.get("previous_fallback"):
        err.print(f"[yellow]{escape(fallback_line(summary['previous_fallback']))}[/]")
    if summary["unchanged"]:
        out.print("Rien n'a changé depuis le passage précédent : ses résultats sont repris.")
    out.print(
        f"{summary['n_documents']} documents ({statuses_in_french(summary['statuses'])}) ; "
        f"{counts.get('proposals', 0)} propositions en {summary['n_clusters']} groupes "
        f"({summary['n_unclustered']} non regroupées), {summary.get('n_groups', 0)} grands "
        f"groupes ; {counts.get('entity_index', 0)} entités ; {counts.get('themes', 0)} thèmes."
    )
    out.print(f"Dossier du passage : {summary['run_dir']}")
    if summary.get("report"):
        out.print(f"Rapport :            {summary['report']}")
    if summary["n_failed"]:
        err.print(
            f"[yellow]{summary['n_failed']} document(s) illisible(s) : la raison et que faire "
            "sont dans le rapport (Aperçu) et dans documents.csv (status = error).[/]"
        )
    if warning := embeddings_warning(summary):
        err.print(f"[yellow]{escape(warning)}[/]")


@app.command()
def evaluate(
    run_dir: Annotated[
        Path, typer.Argument(help="A run folder (or the outputs folder: its latest run).")
    ],
    gold: Annotated[
        Path,
        typer.Argument(help="CSV with an id column (documents' source_id) and a label column."),
    ],
    id_column: Annotated[
        str | None, typer.Option(help="Id column of GOLD (auto-detected).")
    ] = None,
    label_column: Annotated[
        str | None, typer.Option(help="Label column of GOLD (auto-detected).")
    ] = None,
) -> None:
    """Compare a run's proposal clusters with gold labels: NMI, ARI, homogeneity, completeness."""
    from textmine.evaluation import EvaluationError, evaluate_run
    from textmine.outputs import latest_run_dir, write_json

    if (run_dir / "latest").exists():
        run_dir = latest_run_dir(run_dir) or run_dir
    if not (run_dir / "proposals.parquet").exists():
        raise _fail(
            f"ce n'est pas un dossier de passage textmine (pas de proposals.parquet) : {run_dir}"
        )
    if not gold.is_file():
        raise _fail(f"fichier de référence introuvable : {gold}")
    try:
        scores = evaluate_run(run_dir, gold, id_column=id_column, label_column=label_column)
    except EvaluationError as exc:
        raise _fail(str(exc)) from None
    for key, value in scores.items():
        out.print(f"{key:>14}: {value:.4f}" if isinstance(value, float) else f"{key:>14}: {value}")
    write_json(run_dir / "evaluation.json", scores)
    _add_evaluation_to_report(run_dir, scores | {"gold": str(gold)})


def _add_evaluation_to_report(run_dir: Path, scores: dict[str, Any]) -> None:
    """Record the scores in the run's manifest and show them in its report."""
    import json

    from textmine import schema
    from textmine.outputs import read_table, write_json
    from textmine.report import write_report

    manifest_path = run_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["evaluation"] = scores
    write_json(manifest_path, manifest)
    tables = {name: read_table(name, run_dir) for name in schema.TABLES}
    report = write_report(tables, manifest, run_dir / "report.html")
    out.print(f"Rapport mis à jour : {report}")


@app.command("config", epilog=SET_EPILOG)
def show_config(
    config_file: Annotated[
        Path | None, typer.Option("--config", "-c", help="Config file (TOML or YAML).")
    ] = None,
    overrides: Annotated[list[str] | None, typer.Option("--set", "-s", help=SET_HELP)] = None,
) -> None:
    """Print the resolved configuration as TOML (with no options: every default, documented).

    Check a config file or --set values here before a run: an unknown key names the nearest valid one, a wrong value is a one-line error (exit status 2).
    """
    from textmine.config import to_toml

    typer.echo(to_toml(_resolve_config(config_file, overrides or [])), nl=False)


@app.command("prune-cache")
def prune_cache(
    out_dir: Annotated[
        Path, typer.Argument(help="Outputs folder whose cache to prune (default: outputs).")
    ] = Path("outputs"),
) -> None:
    """Delete cache entries of documents that are no longer in the latest run's corpus."""
    import contextlib

    import pandas as pd

    from textmine.cache import ResultCache
    from textmine.outputs import OutputsLock, OutputsLockedError, latest_run_dir

    latest = latest_run_dir(out_dir)
    if latest is None or not (latest / "cache_keys.parquet").exists():
        raise _fail(
            f"aucun passage terminé dans {out_dir} : rien n'indique quelles entrées du cache "
            "servent encore"
        )
    keys = pd.read_parquet(latest / "cache_keys.parquet")
    keep = {
        str(v) for column in keys.columns if column not in {"doc_id", "model"} for v in keys[column]
    }
    # The sentence embeddings are cached per text: the run's analysis table names their keys.
    embeddings = latest / "analysis" / "proposal_embeddings.parquet"
    with contextlib.suppress(OSError, ValueError, KeyError):  # no table or column: none embedded
        keep |= set(pd.read_parquet(embeddings, columns=["embedding_key"])["embedding_key"])
    try:
        with OutputsLock(out_dir):
            removed = ResultCache(out_dir / ".cache").prune(keep)
    except OutputsLockedError as exc:
        raise _fail(str(exc)) from None
    out.print(
        f"{removed} entrées du cache supprimées ; celles du passage {latest.name} sont gardées."
    )


def main() -> None:
    """Entry point of the ``textmine`` command."""
    try:
        app()
    except KeyboardInterrupt:
        err.print(
            "interrompu : le dossier du passage reste en .partial ; le prochain passage reprendra "
            "depuis le cache"
        )
        sys.exit(130)


if __name__ == "__main__":
    main()
