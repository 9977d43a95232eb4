"""Reading a corpus again: files and duplicate marks come from the cache when unchanged."""

from __future__ import annotations

from pathlib import Path

from textmine.cache import ResultCache
from textmine.config import TextmineConfig
from textmine.ingest.cached import ingest_corpus_cached
from textmine.ingest.duplicates import NGRAM_FILES
from textmine.runs import ANALYSIS_DIR

RAPPORT = (
    "Paris, le 6 avril 2017. La mission recommande de mutualiser les services numériques des "
    "communes rurales et de former les secrétaires de mairie aux outils en ligne. "
)


def test_a_second_reading_comes_from_the_cache_with_the_same_documents(
    corpus: Path, tmp_path: Path
):
    (corpus / "rapport.txt").write_text(RAPPORT * 3, encoding="utf-8")
    (corpus / "copie.txt").write_text(RAPPORT * 3, encoding="utf-8")
    config, cache = TextmineConfig(), ResultCache(tmp_path / "cache")
    first_run, second_run = tmp_path / "r1", tmp_path / "r2"
    files: list[int] = []
    first, keys = ingest_corpus_cached(
        corpus, config, cache, first_run, None, lambda: files.append(1)
    )
    assert len(files) == 3 and set(keys) == {d.doc_id for d in first}
    assert sorted(d.status for d in first) == ["duplicate", "ok", "ok"]
    assert all((first_run / ANALYSIS_DIR / name).exists() for name in NGRAM_FILES)

    misses = cache.misses
    second, _ = ingest_corpus_cached(corpus, config, cache, second_run, first_run)
    assert cache.misses == misses  # every file and the duplicate marks were cache hits
    assert [(d.doc_id, d.status, d.duplicate_of) for d in second] == [
        (d.doc_id, d.status, d.duplicate_of) for d in first
    ]
    # The counts the next run may need are carried along.
    assert all((second_run / ANALYSIS_DIR / name).exists() for name in NGRAM_FILES)

    # A first run killed after it cached the marks: no previous run to take the counts from,
    # so the next one computes them (the same marks) instead of leaving them out.
    third_run = tmp_path / "r3"
    third, _ = ingest_corpus_cached(corpus, config, cache, third_run, None)
    assert [(d.doc_id, d.status) for d in third] == [(d.doc_id, d.status) for d in first]
    assert all((third_run / ANALYSIS_DIR / name).exists() for name in NGRAM_FILES)


def test_a_file_that_failed_is_read_again(corpus: Path, tmp_path: Path):
    (corpus / "faux.pdf").write_bytes(b"not a pdf at all")
    config, cache = TextmineConfig(), ResultCache(tmp_path / "cache")
    ingest_corpus_cached(corpus, config, cache, tmp_path / "r1", None)
    misses = cache.misses
    documents, _ = ingest_corpus_cached(corpus, config, cache, tmp_path / "r2", None)
    assert cache.misses > misses
    assert any(d.status == "error" for d in documents)


def test_a_new_reader_version_reads_every_file_again(corpus: Path, tmp_path: Path, monkeypatch):
    import textmine.ingest.cached as cached

    config, cache = TextmineConfig(), ResultCache(tmp_path / "cache")
    ingest_corpus_cached(corpus, config, cache, tmp_path / "r1", None)
    misses = cache.misses
    ingest_corpus_cached(corpus, config, cache, tmp_path / "r2", None)
    assert cache.misses == misses
    monkeypatch.setattr(cached, "INGEST_VERSION", cached.INGEST_VERSION + 1)
    ingest_corpus_cached(corpus, config, cache, tmp_path / "r3", None)
    assert cache.misses > misses


def test_counts_that_lack_a_text_are_computed_again(corpus: Path, tmp_path: Path):
    """A run killed after it cached the marks leaves counts without its new texts: the next run
    must not pass those on as if they were complete."""
    import pandas as pd

    from textmine.ingest.duplicates import NgramCounts

    (corpus / "rapport.txt").write_text(RAPPORT * 3, encoding="utf-8")
    (corpus / "note.txt").write_text(
        RAPPORT.replace("communes", "départements") * 4, encoding="utf-8"
    )
    config, cache = TextmineConfig(), ResultCache(tmp_path / "cache")
    ingest_corpus_cached(corpus, config, cache, tmp_path / "r1", None)
    previous = tmp_path / "r1" / ANALYSIS_DIR
    full = NgramCounts.load(previous)
    NgramCounts(full.digests[:1], full.matrix[:1]).save(previous)  # one text missing
    ingest_corpus_cached(corpus, config, cache, tmp_path / "r2", tmp_path / "r1")
    again = pd.read_parquet(tmp_path / "r2" / ANALYSIS_DIR / NGRAM_FILES[1])["sha256"]
    assert sorted(again) == sorted(full.digests)
    assert len(full.digests) == 2


def test_a_new_ingest_version_reads_cached_files_again(corpus: Path, tmp_path: Path, monkeypatch):
    """What an older reader cached (English messages before version 4) is not served again: the
    file is read anew (a cache miss) and gets the current message."""
    from textmine.ingest import cached

    (corpus / "vide.csv").write_text("id,texte\n1,\n", encoding="utf-8")
    config, cache = TextmineConfig(), ResultCache(tmp_path / "cache")
    monkeypatch.setattr(cached, "INGEST_VERSION", cached.INGEST_VERSION - 1)
    old, _ = ingest_corpus_cached(corpus, config, cache, tmp_path / "r1", None)
    empty = next(d for d in old if d.path == "vide.csv")
    assert empty.status == "empty"  # an empty row is cached (only errors are read again)
    monkeypatch.undo()
    misses = cache.misses
    new, _ = ingest_corpus_cached(corpus, config, cache, tmp_path / "r2", None)
    assert cache.misses > misses
    row = next(d for d in new if d.path == "vide.csv")
    assert row.error_code == "row_empty_text" and "Colonne de texte « texte » vide" in row.error
