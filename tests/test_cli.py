"""The command's behaviour before any flow runs: help, bad input, exit statuses."""

from pathlib import Path

from typer.testing import CliRunner

from textmine.cli import EXIT_CANNOT_START, app

runner = CliRunner()


def test_help_explains_each_option():
    result = runner.invoke(app, ["run", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in ("--out", "--config", "--set", "--force", "--task-runner"):
        assert option in result.output


def test_missing_corpus_is_a_one_line_error(tmp_path: Path):
    result = runner.invoke(app, ["run", str(tmp_path / "absent"), "--out", str(tmp_path)])
    assert result.exit_code == EXIT_CANNOT_START
    assert "corpus introuvable" in result.output
    assert "Traceback" not in result.output


def test_unknown_config_key_is_a_one_line_error(tmp_path: Path):
    config = tmp_path / "bad.toml"
    config.write_text("[clustering]\nnclusters = 3\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path), "--config", str(config)])
    assert result.exit_code == EXIT_CANNOT_START
    assert "clustering.nclusters : clé inconnue" in result.output


def test_bad_override_value(tmp_path: Path):
    result = runner.invoke(app, ["run", str(tmp_path), "--set", "nlp.batch_size=-3"])
    assert result.exit_code == EXIT_CANNOT_START
    assert "nlp.batch_size" in result.output


def test_missing_model_is_reported_not_downloaded(tmp_path: Path):
    result = runner.invoke(app, ["run", str(tmp_path), "--set", "nlp.model=fr_core_news_xxl"])
    assert result.exit_code == EXIT_CANNOT_START
    assert "n'est pas installé" in result.output and "jamais téléchargés" in result.output


def test_preload_only_when_some_corpus_file_is_newer_than_the_last_run(tmp_path: Path):
    import os

    from textmine.cli import _will_parse

    corpus, out = tmp_path / "corpus", tmp_path / "outputs"
    (corpus / "sub").mkdir(parents=True)
    note = corpus / "sub" / "note.txt"
    note.write_text("Il est proposé de créer un guichet unique.", encoding="utf-8")
    assert _will_parse(corpus, out)  # first run
    run = out / "runs" / "r1"
    run.mkdir(parents=True)
    (run / "manifest.json").write_text("{}", encoding="utf-8")
    (out / "latest").symlink_to(Path("runs") / "r1")
    os.utime(note, (1_000_000, 1_000_000))
    assert not _will_parse(corpus, out)  # nothing newer: nothing preloaded
    assert _will_parse(corpus, out, force=True)  # --force parses everything again
    decisions = corpus / "review" / "proposals_review.csv"
    decisions.parent.mkdir()
    decisions.write_text("proposal_id;decision\n", encoding="utf-8")
    assert not _will_parse(corpus, out, corpus / "review")  # no parsing
    os.utime(note, None)
    assert _will_parse(corpus, out, corpus / "review")


def test_run_and_config_help_show_each_form_of_set():
    for command in (["run", "--help"], ["config", "--help"]):
        result = runner.invoke(app, command, terminal_width=200)
        assert result.exit_code == 0
        assert "--set clustering.n_clusters=12" in result.output
        assert "themes.stop_terms=revenu universel,activité" in result.output
        assert 'themes.stop_terms=["revenu universel", "activité"]' in result.output
        assert 'themes.lexicon={"emploi": ["chômage", "travail"]}' in result.output
        assert "themes.lexicon.emploi=chômage,travail" in result.output


def test_config_command_applies_lists_and_mappings_from_set():
    result = runner.invoke(
        app,
        [
            "config",
            "--set",
            "themes.stop_terms=revenu universel,activité",
            "--set",
            'themes.lexicon={"emploi": ["chômage", "travail"]}',
        ],
    )
    assert result.exit_code == 0
    assert 'stop_terms = ["revenu universel", "activité"]' in result.output
    assert 'lexicon = { "emploi" = ["chômage", "travail"] }' in result.output


def test_unknown_key_names_the_nearest_one_on_one_line():
    result = runner.invoke(app, ["config", "--set", "clustering.nb_clusters=3"], terminal_width=40)
    assert result.exit_code == EXIT_CANNOT_START
    assert result.output.strip() == (
        "textmine: configuration invalide : clustering.nb_clusters : clé inconnue ; "
        "vouliez-vous dire clustering.n_clusters ?"
    )


def test_a_value_that_looks_like_markup_is_shown_as_written():
    result = runner.invoke(app, ["config", "--set", "themes.lexicon=[bold]x"])
    assert result.exit_code == EXIT_CANNOT_START
    assert "« [bold]x »" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_errors_the_command_answers_itself_are_kept_off_prefects_console():
    import errno
    import logging

    from textmine.cli import _answered_here
    from textmine.outputs import OutputsLockedError

    def record(message: str, error: BaseException | None = None) -> logging.LogRecord:
        exc_info = (type(error), error, None) if error else None
        return logging.LogRecord("prefect.flow_runs", logging.ERROR, "", 0, message, (), exc_info)

    full = OSError(errno.ENOSPC, "No space left on device")
    assert _answered_here(record("Task run failed with exception", full))
    assert _answered_here(record("Finished in state Failed('... No space left on device')"))
    assert _answered_here(record("Encountered exception", OutputsLockedError("in use")))
    assert not _answered_here(record("Task run failed with exception", ValueError("bad")))
