"""What ``textmine run`` checks before it starts Prefect: each answers in one line (exit 2).

The corpus (it exists and can be read), the columns the config names for its tables (they
exist), the outputs folder (no other run holds it) and the free space on its file system
(:mod:`textmine.diskspace`). Each check costs milliseconds (the corpus
size is a walk of file sizes), whereas Prefect's start-up costs seconds and, for a run refused
inside the flow, prints tracebacks before the message.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from textmine.config import IngestConfig
from textmine.diskspace import format_bytes, free_bytes, required_free_bytes
from textmine.outputs import outputs_in_use


class PreflightError(RuntimeError):
    """A run that cannot start; the message is for the user, on one line."""


def check_corpus(corpus: Path) -> int:
    """Raise unless ``corpus`` exists and can be read; return the size of its files in bytes."""
    corpus = Path(corpus)
    if not corpus.exists():
        raise PreflightError(f"corpus introuvable : {corpus}")
    try:
        if corpus.is_file():
            with corpus.open("rb") as handle:
                handle.read(1)
            return corpus.stat().st_size
        with os.scandir(corpus):
            pass
    except OSError as exc:
        raise PreflightError(
            f"corpus illisible : {corpus} ({exc.strerror or exc}) ; vérifiez vos droits de lecture"
        ) from None
    total = 0
    for root, _dirs, files in os.walk(corpus):  # unreadable subfolders are reported by the run
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return total


def check_table_columns(corpus: Path, config: IngestConfig) -> None:
    """Raise when a column the config names is missing, naming the columns found: the text
    and id columns must be in every table, the title column, the ``ingest.consultation``
    columns and the ``ingest.variables`` in one table at least.

    Without this check a misspelt column made every row an error: a run of 11 s on the rua
    consultation, exit 3, the reason only in ``documents.csv``.
    """
    from textmine.ingest.discover import discover, file_format
    from textmine.ingest.tables import TABLE_FORMATS, table_columns

    configured = {
        "text_column": config.text_column,
        "id_column": config.id_column,
        "title_column": config.title_column,
    }
    configured = {key: value for key, value in configured.items() if value}
    # a role or declared variable names a column of some tables only (arguments have no votes)
    in_one_table = {f"consultation.{role}": column for role, column in config.consultation.items()}
    in_one_table |= {f"variables[{i}]": column for i, column in enumerate(config.variables)}
    if not configured and not in_one_table:
        return
    sources, _ = discover(Path(corpus), config)
    found: dict[str, list[str]] = {}
    for source in sources:
        fmt = file_format(source.rel_path)
        if fmt not in TABLE_FORMATS:
            continue
        try:
            found[source.rel_path] = table_columns(
                source.path.read_bytes(), fmt, config.max_archive_bytes
            )
        except Exception:  # an unreadable table is reported by the run, with its reason
            continue
    for key, column in (configured | in_one_table).items():
        lacking = [path for path, columns in found.items() if column not in columns]
        # a table without titles (arguments, comments) is fine: the title column need only exist
        in_every_table = key in {"text_column", "id_column"}
        if lacking and (in_every_table or len(lacking) == len(found)):
            path = lacking[0]
            raise PreflightError(
                f"ingest.{key} « {column} » n'est pas une colonne de {path} "
                f"(ses colonnes : {', '.join(found[path])}) : indiquez l'une d'elles dans "
                f"ingest.{key}, ou ne réglez pas ingest.{key} pour qu'elle soit détectée"
            )


def check_outputs_free(out_dir: Path) -> None:
    """Raise when another textmine run holds the outputs folder."""
    message = outputs_in_use(Path(out_dir))
    if message:
        raise PreflightError(message)


def check_free_space(out_dir: Path, corpus_bytes: int) -> int:
    """Raise when the outputs folder's file system has less than the run needs at least.

    Returns the free space (bytes), which the command reports if the run fills the disk anyway.
    """
    free = free_bytes(Path(out_dir))
    needed = required_free_bytes(corpus_bytes)
    if free < needed:
        raise PreflightError(
            f"pas assez de place pour les résultats dans {out_dir} : {format_bytes(free)} "
            f"libres, un passage sur ce corpus ({format_bytes(corpus_bytes)}) demande au moins "
            f"{format_bytes(needed)} ; libérez de la place ou choisissez un autre dossier --out"
        )
    return free


def preflight(corpus: Path, out_dir: Path, ingest: IngestConfig | None = None) -> int:
    """All the checks, in the order a user fixes them; returns the free space of the outputs."""
    corpus_bytes = check_corpus(corpus)
    if ingest is not None:
        check_table_columns(corpus, ingest)
    check_outputs_free(out_dir)
    return check_free_space(out_dir, corpus_bytes)
