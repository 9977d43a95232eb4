import pandas as pd

from textmine.ingest import documents_frame, ingest_corpus

BASE = (
    "Le Conseil national du numérique recommande de garantir la loyauté des plateformes envers "
    "leurs utilisateurs, de renforcer la transparence des algorithmes de classement et de "
    "favoriser la portabilité des données personnelles entre services concurrents. "
)


def test_exact_and_near_duplicates(corpus, config):
    (corpus / "a.txt").write_text(BASE * 2, encoding="utf-8")
    (corpus / "b.txt").write_text("  " + (BASE * 2).replace(". ", ".\n"), encoding="utf-8")
    (corpus / "c.txt").write_text(BASE * 2 + "Version révisée le 3 mars 2016.", encoding="utf-8")
    (corpus / "d.txt").write_text(
        "Les collectivités territoriales déploient la fibre optique dans les zones rurales "
        "grâce au plan France très haut débit, avec le soutien financier de l'État." * 3,
        encoding="utf-8",
    )
    docs = {d.path: d for d in ingest_corpus(corpus, config)}
    assert docs["a.txt"].status == "ok"
    assert (
        docs["b.txt"].status == "duplicate" and docs["b.txt"].duplicate_of == docs["a.txt"].doc_id
    )
    assert docs["c.txt"].status == "ok"
    assert docs["c.txt"].near_duplicate_of == docs["a.txt"].doc_id
    assert docs["c.txt"].near_duplicate_similarity >= 0.9
    assert docs["d.txt"].near_duplicate_of is None
    # The table names the document repeated by its title (the reader does not know its id).
    table = documents_frame(list(docs.values())).set_index("path")
    title = docs["a.txt"].title or "a.txt"
    assert table.loc["b.txt", "duplicate_of_title"] == title
    assert table.loc["c.txt", "near_duplicate_of_title"] == title
    assert pd.isna(table.loc["a.txt", "duplicate_of_title"])


def test_near_duplicates_from_known_counts_match_a_full_pass(corpus, config):
    """A rerun passes the 4-gram counts of unchanged texts: same marks, new texts counted."""
    from textmine.ingest.duplicates import mark_near_duplicates

    (corpus / "a.txt").write_text(BASE * 2, encoding="utf-8")
    (corpus / "c.txt").write_text(BASE * 2 + "Version révisée le 3 mars 2016.", encoding="utf-8")
    (corpus / "d.txt").write_text(
        "Les collectivités territoriales déploient la fibre optique dans les zones rurales. " * 4,
        encoding="utf-8",
    )
    docs = ingest_corpus(corpus, config, mark_duplicates=False)
    first = mark_near_duplicates(docs, config.near_duplicate_threshold)
    assert len(first.digests) == 3 and first.matrix.shape[0] == 3

    (corpus / "e.txt").write_text(BASE * 2 + "Mise à jour du 4 avril 2016.", encoding="utf-8")
    full = ingest_corpus(corpus, config)
    again = ingest_corpus(corpus, config, mark_duplicates=False)
    counts = mark_near_duplicates(again, config.near_duplicate_threshold, known_counts=first)
    assert len(counts.digests) == 4
    row = counts.rows()
    for digest, i in first.rows().items():  # the known texts' counts were reused as they were
        assert (counts.matrix[row[digest]] != first.matrix[i]).nnz == 0
    marks = [(d.path, d.near_duplicate_of, d.near_duplicate_similarity) for d in again]
    assert marks == [(d.path, d.near_duplicate_of, d.near_duplicate_similarity) for d in full]
    e = next(d for d in again if d.path == "e.txt")
    assert e.near_duplicate_of == next(d.doc_id for d in again if d.path == "a.txt")


def test_counts_signatures_and_pairs_by_chunks_give_the_same_marks(corpus, config, monkeypatch):
    """Texts are counted, signed and their pairs scored a chunk at a time (bounded memory):
    chunk sizes change nothing, even with an empty text between the chunks' rows."""
    from textmine.ingest.duplicates import mark_near_duplicates

    for i in range(4):
        (corpus / f"v{i}.txt").write_text(BASE * 2 + f"Version {i} du 3 mars 2016.", "utf-8")
    (corpus / "other.txt").write_text("La fibre optique arrive dans les communes. " * 6, "utf-8")
    (corpus / "u.txt").write_text("— " * 120, "utf-8")  # long enough, but no 4-gram at all

    def marks() -> list[tuple[str, str | None, float | None]]:
        docs = ingest_corpus(corpus, config, mark_duplicates=False)
        counts = mark_near_duplicates(docs, config.near_duplicate_threshold)
        assert counts.matrix.shape[0] == 6 and counts.matrix.dtype == "float32"
        return sorted((d.path, d.near_duplicate_of, d.near_duplicate_similarity) for d in docs)

    whole = marks()
    monkeypatch.setattr("textmine.ingest.duplicates._PAIRS_PER_CHUNK", 1)
    monkeypatch.setattr("textmine.ingest.duplicates._BATCH", 2)
    monkeypatch.setattr("textmine.similarity._SIGNATURE_BLOCK_ROWS", 2)
    assert marks() == whole
    assert sum(of is not None for _, of, _ in whole) == 3


def test_counts_saved_by_a_run_are_read_back_by_the_next(corpus, config, tmp_path):
    from textmine.ingest.duplicates import NgramCounts, mark_near_duplicates

    (corpus / "a.txt").write_text(BASE * 2, encoding="utf-8")
    counts = mark_near_duplicates(ingest_corpus(corpus, config, mark_duplicates=False), 0.9)
    counts.save(tmp_path / "analysis")
    again = NgramCounts.load(tmp_path / "analysis")
    assert again.digests == counts.digests and (again.matrix != counts.matrix).nnz == 0
    assert NgramCounts.load(tmp_path / "absent") is None
