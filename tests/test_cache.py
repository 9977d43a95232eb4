from pathlib import Path

from textmine.cache import ResultCache, content_key


def test_content_key_is_stable_and_order_insensitive_for_dicts():
    assert content_key({"a": 1, "b": 2}) == content_key({"b": 2, "a": 1})
    assert content_key("x", 1) != content_key("x", 2)


def test_rows_round_trip_and_hit_counting(tmp_path: Path):
    cache = ResultCache(tmp_path)
    assert cache.get_rows("proposals", "k1") is None
    rows = {"proposals": [{"doc_id": "d1", "text": "Créer un guichet unique."}]}
    cache.put_rows("proposals", "k1", rows)
    assert ResultCache(tmp_path).get_rows("proposals", "k1") == rows
    assert (cache.hits, cache.misses) == (0, 1)


def test_a_corrupt_entry_is_a_miss_not_a_crash(tmp_path: Path):
    cache = ResultCache(tmp_path)
    cache.put_rows("terms", "abcd", {"terms": []})
    entry = next(tmp_path.rglob("abcd.pkl"))
    entry.write_bytes(b"\x80garbage")
    assert cache.get_rows("terms", "abcd") is None


def test_docs_round_trip_with_annotations(tmp_path: Path, nlp):
    cache = ResultCache(tmp_path)
    doc = nlp("Akim Oural remet son rapport à la secrétaire d'État.")
    cache.put_doc("p1", doc)
    restored = cache.get_doc("p1", nlp.vocab)
    assert restored is not None and restored.text == doc.text
    assert [t.lemma_ for t in restored] == [t.lemma_ for t in doc]
    assert [(e.text, e.label_) for e in restored.ents] == [(e.text, e.label_) for e in doc.ents]
    assert cache.get_doc("absent", nlp.vocab) is None


def test_prune_keeps_only_listed_keys(tmp_path: Path):
    cache = ResultCache(tmp_path)
    cache.put_rows("terms", "keep", {"terms": []})
    cache.put_rows("terms", "drop", {"terms": []})
    assert cache.prune({"keep"}) == 1
    assert cache.get_rows("terms", "keep") == {"terms": []}
