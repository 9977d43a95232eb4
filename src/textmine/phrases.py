"""Readable forms of lemma n-grams, for the top terms and labels of themes and clusters.

Topic models and cluster labels count n-grams of content lemmas: "démarche ligne", "zone rural",
"informatique sein". Some are noun phrases with their function words and agreement removed
("démarches en ligne", "zones rurales"); others only join the end of one phrase to the start of
the next ("services informatiques au sein de"). A :class:`PhraseIndex`, built from the corpus's
key-term candidates (noun phrases found with the parse, ``term_candidates``), tells them apart:
an n-gram whose words are those of a corpus term is shown as that term ("démarche en ligne",
"zone rurale"); one that matches no term is not a phrase of the corpus, and is not shown.
:class:`StopTerms` says which terms the configured ``stop_terms`` keep out of what is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from textmine.textnorm import ascii_fold

# Words a term may hold between its content words ("jeu de données", "impôt sur le revenu"):
# stop words, which lemma n-grams leave out.
_ARTICLES = frozenset({"la", "le", "les", "l", "un", "une", "et", "ou"})
_PREPOSITIONS = frozenset(
    {"de", "d", "du", "des", "en", "à", "a", "au", "aux", "sur", "sous", "pour", "par", "avec"}
    | {"dans", "entre", "contre", "vers", "chez", "sans"}
)
_FUNCTION_WORDS = _ARTICLES | _PREPOSITIONS
_INTENSIFIERS = frozenset({"très", "plus", "moins"})
# Feminine endings mapped to the masculine, after accents and plural are removed: "publique" ->
# "public", "blanche" -> "blanc", "européenne" -> "europeen", "première" -> "premier".
_FEMININE = (
    ("euse", "eur"),
    ("ive", "if"),
    ("enne", "en"),
    ("elle", "el"),
    ("ere", "er"),
    ("que", "c"),
    ("che", "c"),
)
# Then what differs between a participle, its infinitive (spaCy gives "priver" as the lemma of
# "privée") and the feminine: "privee", "prive", "priver" -> "priv"; "rurale" -> "rural".
_FINAL = (("ee", ""), ("er", ""), ("e", ""))


def _strip_ending(word: str, endings: tuple[tuple[str, str], ...]) -> str:
    for ending, replacement in endings:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


# Memoised: the clustering's labels and phrase index key the same words again and again (0.55 of
# the bench corpus's fold-in clustering's 6.5 CPU-s went to indexing its key terms, O13).
@functools.lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """A form of a word shared by its lemma and its inflections: no case, accents, gender or
    number ("rurales", "rural" -> "rural"; "données", "donnée" -> "donn")."""
    folded = ascii_fold(word)
    if len(folded) > 4 and folded.endswith("aux"):
        folded = folded[:-3] + "al"
    if len(folded) > 3 and folded[-1] in "sx":
        folded = folded[:-1]
    folded = _strip_ending(folded, _FEMININE)
    return _strip_ending(folded, _FINAL)


def _words(term: str) -> list[tuple[str, str]]:
    """A term's words, each with what follows it: "système d'information" ->
    [("système", " "), ("d'", ""), ("information", "")]."""
    words: list[tuple[str, str]] = []
    for chunk in term.replace("’", "'").split():
        elided, _, rest = chunk.rpartition("'")
        if elided and rest:
            words.append((elided + "'", ""))
            chunk = rest
        words.append((chunk, " "))
    if words:
        words[-1] = (words[-1][0], "")
    return words


def is_function_word(word: str) -> bool:
    """Whether a lowercase word is an article or preposition a term may hold ("de", "d'")."""
    return word.rstrip("'’") in _FUNCTION_WORDS


def _is_content(word: str) -> bool:
    return word.rstrip("'") not in _FUNCTION_WORDS


def content_words(term: str) -> list[str]:
    """The words of a term other than its prepositions and articles, lowercase."""
    return [word.lower() for word, _ in _words(term) if _is_content(word)]


def phrase_key(words: Iterable[str]) -> tuple[str, ...]:
    """The key of a sequence of content words (lemmas or a term's words)."""
    return tuple(word_key(w) for w in words)


@dataclass
class PhraseIndex:
    """The corpus's multi-word terms, by the keys of their content words; ``written`` holds
    every distinct term and written form (``surface``) of the candidates, for finding them as
    written in texts (:mod:`textmine.clustering.written`)."""

    terms: dict[tuple[str, ...], str] = field(default_factory=dict)
    written: tuple[str, ...] = ()

    @classmethod
    def from_candidates(cls, candidates: pd.DataFrame) -> PhraseIndex:
        """Index key-term candidates (``term`` and ``count`` columns, as in the per-document
        ``term_candidates``). A key maps to the term with exactly these content words if
        there is one, else to a part of a longer term ("haut débit" in "très haut débit"); the
        most frequent first, then alphabetical. A ``surface`` column (the form written in
        the document) is kept in ``written`` with the terms."""
        if candidates.empty or "term" not in candidates.columns:
            return cls()
        forms = [candidates["term"]]
        if "surface" in candidates.columns:
            forms.append(candidates["surface"])
        written = tuple(sorted({str(f) for column in forms for f in column.dropna()}))
        counts = (
            candidates.assign(count=candidates.get("count", 1))
            .groupby("term", sort=True)["count"]
            .sum()
        )
        # A term itself is preferred to a part of a longer one, then the most frequent.
        best: dict[tuple[str, ...], tuple[bool, int, str]] = {}
        for term, count in counts.items():
            for key, phrase in _sub_phrases(str(term)):
                rank = (phrase != term, -int(count), phrase)
                if key not in best or rank < best[key]:
                    best[key] = rank
        return cls({key: phrase for key, (_, _, phrase) in best.items()}, written)

    def __len__(self) -> int:
        return len(self.terms)

    def readable(self, ngram: str) -> str | None:
        """How to show a lemma n-gram: a single word as it is, a longer one as the corpus term
        with the same words, or None when it is not a phrase of the corpus."""
        words = ngram.split()
        if len(words) < 2:
            return ngram
        return self.terms.get(phrase_key(words))


@dataclass(frozen=True)
class StopTerms:
    """The configured ``stop_terms``, compared by the keys of their content words.

    A term is stopped when its content words hold a stop term's, in order and side by side,
    whatever its case, accents, gender, number or articles ("Revenus universels", "revenu
    universelle d'activité" for "revenu universel"), and a single word when it is one of the
    content words of a multi-word stop term ("revenu" alone for "revenu universel"): shown
    alone, it stands for the term itself.
    """

    keys: tuple[tuple[str, ...], ...] = ()
    words: frozenset[str] = frozenset()

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> StopTerms:
        keys = sorted({phrase_key(content_words(t)) for t in terms} - {()})
        words = frozenset(w for key in keys if len(key) > 1 for w in key)
        return cls(tuple(keys), words)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def stops_key(self, key: Sequence[str]) -> bool:
        """Whether a sequence of word keys (:func:`phrase_key`) is stopped."""
        if len(key) == 1 and key[0] in self.words:
            return True
        return any(
            key[i : i + len(stop)] == stop
            for stop in self.keys
            for i in range(len(key) - len(stop) + 1)
        )

    def stops(self, term: str) -> bool:
        """Whether a term (a lemma n-gram or a phrase as written) is stopped."""
        return bool(self.keys) and self.stops_key(phrase_key(content_words(term)))


def top_terms(
    order: Sequence[int],
    weights: np.ndarray,
    vocabulary: Sequence[str],
    n: int,
    phrases: PhraseIndex | None = None,
    stop: StopTerms | None = None,
) -> list[str]:
    """The ``n`` best terms shown for a topic or a cluster, from its terms ranked by ``order``
    (indices into ``weights`` and ``vocabulary``, best first; the selection stops at the first
    non-positive weight).

    A word is shown through a bigram holding it, among the first ``4 n`` ranked, when that
    bigram weighs at least half as much ("intelligence artificielle" rather than "artificielle"
    then "intelligence"), and not repeated alone once a bigram has shown it. With ``phrases``, a
    bigram is shown as its corpus term, or not at all when it is no phrase of the corpus. A
    term that ``stop`` stops is never shown, nor through a longer one.
    """

    def readable(term: str) -> str | None:
        if stop and stop.stops(term):
            return None
        return phrases.readable(term) if phrases is not None else term

    bigrams = [
        i
        for i in order[: 4 * n]
        if weights[i] > 0 and " " in vocabulary[i] and readable(str(vocabulary[i])) is not None
    ]
    chosen: list[str] = []
    covered: set[str] = set()  # the words of the terms chosen
    for index in order:
        if weights[index] <= 0 or len(chosen) >= n:
            break
        term = str(vocabulary[index])
        if " " not in term:
            if term in covered:
                continue
            term = next(
                (
                    str(vocabulary[b])
                    for b in bigrams
                    if weights[b] >= weights[index] / 2 and term in str(vocabulary[b]).split()
                ),
                term,
            )
        shown = readable(term)
        if shown is not None and shown not in chosen:
            chosen.append(shown)
            covered.update(term.split())
    return chosen


def _sub_phrases(term: str) -> list[tuple[tuple[str, ...], str]]:
    """The phrases a term holds, with their keys: the term itself, its beginning up to a
    preposition ("zone blanche" in "zone blanche de la téléphonie mobile") and its end from a
    preposition, article or intensifier on ("téléphonie mobile", "haut débit" in "très haut
    débit"). A piece from the middle ("blanche de la téléphonie") is not a phrase."""
    words = _words(term)
    content = [i for i, (word, _) in enumerate(words) if _is_content(word)]
    if len(content) < 2:
        return []

    def phrase(first: int, last: int) -> tuple[tuple[str, ...], str]:
        start, end = content[first], content[last]
        text = "".join(
            word + (glue if i < end else "")
            for i, (word, glue) in enumerate(words[start : end + 1], start=start)
        )
        return phrase_key(words[i][0] for i in content[first : last + 1]), text

    last = len(content) - 1
    phrases = [phrase(0, last)]
    for end in range(1, last):
        if not _is_content(words[content[end] + 1][0]):
            phrases.append(phrase(0, end))
    for begin in range(1, last):
        before = words[content[begin] - 1][0].lower()
        if not _is_content(before) or before in _INTENSIFIERS:
            phrases.append(phrase(begin, last))
    return phrases
