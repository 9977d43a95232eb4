"""Cluster labels and descriptions as written in the members' texts.

- ``find_phrases(texts, terms) -> Occurrences``: where the corpus's key terms (noun phrases found
  with the parse, ``term_candidates``) occur in each text, and how they are written there.
- ``choose_labels(occurrences, classes, ...) -> dict[int, str]``: one label per cluster, unique.
- ``describe(texts, profile) -> str | None``: the sentence of a few central texts that best
  matches a cluster's characteristic words, trimmed.
- ``occurs(label, texts) -> int``: in how many of the texts a label is written.

A label is a noun phrase written in at least two of the cluster's texts (distinct texts, so a
proposal posted twice is one), chosen by class-based TF-IDF over the texts that contain it, in the
form most of those texts write it: "revenu universel" written in 40 texts beats "revenu
universelle" written in 2, both being one phrase whatever their case, accents, gender, number
(``phrases.word_key``). Nothing is parsed again: terms are matched by their words' keys.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from textmine.phrases import StopTerms, is_function_word, word_key

# A word, an elided article or preposition ("d'", "l'") apart, hyphenated words as one.
_TOKEN = re.compile(r"\w+['’](?=\w)|\w+(?:-\w+)*")
# Words of a label, function words included, and content words: "responsable de la sécurité
# des systèmes d'information" is 8 and 4 (cut at 6 it read "... des systèmes"); "accès des
# personnes handicapées aux services publics en ligne" (9, 6) is a sentence, not a label.
MAX_LABEL_WORDS = 8
MAX_LABEL_CONTENT_WORDS = 4
# What before a word makes its capital the sentence's, not the word's.
_SENTENCE_BREAK = re.compile(r"[.!?…:;\n«»\"•*()\[\]]|^\s*[-–—]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
# Letters of the longest acronym kept in capitals ("CNAF"); longer words in capitals are shouting.
_ACRONYM = 5
# A description longer than this is cut at a word: one line of the report (~2 lines at most).
MAX_DESCRIPTION_CHARS = 200
# The number a report or platform puts before a proposal, not part of what it says.
_NUMBERING = re.compile(
    r"^(?:(?:proposition|recommandation|préconisation|mesure|action)\s*(?:n°|no|n\.)?\s*)?"
    r"\d+(?:\.\d+)*\s*[:.)–—-]\s+",
    re.IGNORECASE,
)
# Sentences with fewer content words say too little to describe a cluster ("Merci !").
_MIN_SENTENCE_WORDS = 4


@functools.lru_cache(maxsize=500_000)
def _normal(token: str) -> str:
    """The matching form of a token: function words lowercase, others their word key."""
    lower = token.lower().replace("’", "'")
    return lower if is_function_word(lower) else word_key(lower)


@dataclass
class _Token:
    start: int
    end: int
    normal: str
    content: bool
    joined: bool  # only spaces between it and the previous token: a phrase may go on
    initial: bool  # first of its sentence: its capital is the sentence's


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        word = match.group()
        normal = _normal(word)
        tokens.append(
            _Token(
                match.start(),
                match.end(),
                normal,
                not is_function_word(word.lower().replace("’", "'")),
                bool(tokens) and not gap.strip(),
                not tokens or bool(_SENTENCE_BREAK.search(gap)),
            )
        )
        previous_end = match.end()
    return tokens


def _key(term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(matching form of all its words, of its content words) of a term."""
    tokens = _tokens(term)
    return tuple(t.normal for t in tokens), tuple(t.normal for t in tokens if t.content)


@dataclass
class Occurrences:
    """The terms found in each text: ``found[i]`` maps a phrase key (its content words' keys)
    to the forms written in text ``i``: each lowercase form with its occurrences as written,
    and whether each starts a sentence."""

    found: list[dict[tuple[str, ...], dict[str, list[tuple[str, bool]]]]] = field(
        default_factory=list
    )

    def __len__(self) -> int:
        return len(self.found)


def find_phrases(texts: Sequence[str], terms: Iterable[str]) -> Occurrences:
    """Where the ``terms`` (multi-word noun phrases, e.g. ``term_candidates.term`` and
    ``surface``) occur in each text, function words included ("démarches en ligne" for "démarche
    en ligne", not "démarches pour la ligne"), never across punctuation."""
    full: set[tuple[str, ...]] = set()
    prefixes: set[tuple[str, ...]] = set()
    for term in terms:
        sequence, content = _key(str(term))
        if not 2 <= len(content) <= MAX_LABEL_CONTENT_WORDS or len(sequence) > MAX_LABEL_WORDS:
            continue
        full.add(sequence)
        prefixes.update(sequence[:n] for n in range(1, len(sequence)))
    firsts = {sequence[0] for sequence in full}
    found: list[dict[tuple[str, ...], dict[str, list[tuple[str, bool]]]]] = []
    for text in texts:
        here: dict[tuple[str, ...], dict[str, list[tuple[str, bool]]]] = {}
        found.append(here)
        if not firsts:
            continue
        # Plain lists, not token objects: 100,000 texts take 9 s of CPU with those, ~3 here.
        spans = [m.span() for m in _TOKEN.finditer(text)]
        normals = [_normal(text[a:b]) for a, b in spans]
        n = len(normals)
        for i in range(n):
            if normals[i] not in firsts:
                continue
            sequence = (normals[i],)
            j = i + 1
            while True:
                if sequence in full:
                    _record(here, text, spans, normals, i, j)
                if j >= n or sequence not in prefixes:
                    break
                sequence += (normals[j],)
                j += 1
    return Occurrences(found)


def _record(
    here: dict[tuple[str, ...], dict[str, list[tuple[str, bool]]]],
    text: str,
    spans: list[tuple[int, int]],
    normals: list[str],
    i: int,
    j: int,
) -> None:
    """Record tokens ``i..j-1`` of ``text`` as written, unless punctuation cuts them."""
    if any(text[spans[k - 1][1] : spans[k][0]].strip() for k in range(i + 1, j)):
        return  # only spaces between its words
    written = " ".join(text[spans[i][0] : spans[j - 1][1]].split())
    key = tuple(normal for normal in normals[i:j] if not is_function_word(normal))
    form = written.lower().replace("’", "'")  # one form, either apostrophe
    gap = text[spans[i - 1][1] if i else 0 : spans[i][0]]
    initial = i == 0 or bool(_SENTENCE_BREAK.search(gap))
    here.setdefault(key, {}).setdefault(form, []).append((written, initial))


@dataclass(frozen=True)
class _Candidate:
    score: float
    n_texts: int  # texts of the cluster writing it in this form
    lower: str
    shown: str
    key: tuple[str, ...] = ()


# A phrase is shown as a longer one holding it when that one is written in at least this share
# of its texts: "adulte handicapé" (10 texts on rua) is "allocation adulte handicapé" (8), a
# name cut short otherwise.
_EXTEND_SHARE = 2 / 3
# Candidates of a cluster extended so (the labels come from the first few).
_EXTENDED = 20


def _extended(ranked: list[_Candidate]) -> list[_Candidate]:
    """The first candidates shown as the longest phrase holding them that is written in
    :data:`_EXTEND_SHARE` of their texts (same score); repeated forms dropped."""
    holders: dict[tuple[str, ...], list[_Candidate]] = defaultdict(list)
    for candidate in ranked:
        key = candidate.key
        for size in range(1, len(key)):
            for start in range(len(key) - size + 1):
                holders[key[start : start + size]].append(candidate)
    result: list[_Candidate] = []
    seen: set[str] = set()
    for rank, candidate in enumerate(ranked):
        if rank < _EXTENDED:
            longer = [
                c
                for c in holders.get(candidate.key, [])
                if c.n_texts >= _EXTEND_SHARE * candidate.n_texts
            ]
            if longer:
                best = min(longer, key=lambda c: (-len(c.key), -c.n_texts, c.lower))
                candidate = _Candidate(
                    candidate.score, best.n_texts, best.lower, best.shown, best.key
                )
        if candidate.lower not in seen:
            seen.add(candidate.lower)
            result.append(candidate)
    return result


def _shown(lower: str, written: Sequence[tuple[str, bool]]) -> str:
    """The form shown: each word lowercase unless written with a capital (or in capitals, an
    acronym: "RSA") in at least two thirds of its occurrences inside sentences, and at least
    twice: a sentence's first capital is the sentence's, and users capitalise at will ("Salaire
    Minimum", 1 in 2 here). Words in capitals longer than an acronym are shouting, not casing."""
    words = lower.split()
    forms = [form.replace("’", "'").split() for form, initial in written if not initial]
    forms = [form for form in forms if len(form) == len(words)]
    shown = []
    for k, word in enumerate(words):
        variants = Counter(
            form[k] for form in forms if not (form[k].isupper() and len(form[k]) > _ACRONYM)
        )
        best, count = min(variants.items(), key=lambda v: (-v[1], v[0]), default=(word, 0))
        total = sum(variants.values())
        keep = best != word and count >= 2 and 3 * count >= 2 * total
        shown.append(best if keep else word)
    return " ".join(shown)


def _candidates(
    occurrences: Occurrences,
    classes: Sequence[int],
    rows_of: Mapping[int, Sequence[int]],
    stop: StopTerms,
) -> dict[int, list[_Candidate]]:
    """Each cluster's phrases written in at least two of its texts, best first.

    Score: the share of the cluster's texts that contain the phrase times
    ``log(1 + N / n)``, ``N`` texts in all and ``n`` those containing it (class-based TF-IDF on
    texts rather than counts, so that one long text repeating a phrase does not make a label).
    """
    n_total = max(len(occurrences), 1)
    containing = Counter(key for here in occurrences.found for key in here)
    result: dict[int, list[_Candidate]] = {}
    for cid in classes:
        rows = rows_of.get(cid, [])
        keys: Counter[tuple[str, ...]] = Counter()
        forms: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        cased: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for row in rows:
            for key, written in occurrences.found[row].items():
                keys[key] += 1
                for lower, occurrences_here in written.items():
                    forms[key][lower] += 1
                    cased[lower].extend(occurrences_here)
        ranked = []
        for key, n_key in keys.items():
            if n_key < 2 or stop.stops_key(key):
                continue
            lower, n_form = min(forms[key].items(), key=lambda item: (-item[1], item[0]))
            if n_form < 2:
                continue  # written in two texts, but never twice alike
            shown = _shown(lower, cased[lower])
            score = n_key / max(len(rows), 1) * math.log1p(n_total / containing[key])
            ranked.append(_Candidate(score, n_form, lower, shown, key))
        ranked.sort(key=lambda c: (-c.score, -c.n_texts, c.lower))
        result[cid] = _extended(ranked)
    return result


def _word_candidates(
    texts: Sequence[str], top_words: Sequence[str], stop: StopTerms
) -> list[_Candidate]:
    """The fallback of a cluster with no phrase written in two of its texts: its most
    characteristic words (``top_words``, lemmas best first) as written in at least two texts."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    cased: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for text in texts:
        seen: set[str] = set()
        for token in _tokens(text):
            word = text[token.start : token.end]
            if token.content:
                cased[word.lower()].append((word, token.initial))
                if word.lower() not in seen:
                    seen.add(word.lower())
                    by_key[token.normal][word.lower()] += 1
    result = []
    for rank, lemma in enumerate(top_words):
        if " " in lemma or stop.stops(lemma):
            continue
        forms = by_key.get(word_key(lemma))
        if not forms:
            continue
        lower, n_form = min(forms.items(), key=lambda item: (-item[1], item[0]))
        if n_form >= 2:
            result.append(_Candidate(-rank, n_form, lower, _shown(lower, cased[lower])))
    return result


def choose_labels(
    occurrences: Occurrences,
    texts: Sequence[str],
    rows_of: Mapping[int, Sequence[int]],
    classes: Sequence[int],
    top_words: Mapping[int, Sequence[str]],
    stop: StopTerms,
    taken: Iterable[str] = (),
) -> dict[int, str]:
    """A label for each of ``classes`` (cluster ids), unique and none of ``taken`` (case aside).

    ``occurrences`` are :func:`find_phrases` over ``texts``; ``rows_of`` gives each cluster's
    rows in them (every text of the run, so that the score compares clusters). Phrases go to
    the clusters they describe best: all (cluster, phrase) pairs are taken by decreasing score,
    each cluster keeping the first phrase still free. A cluster left without a phrase gets its
    most characteristic word written in two of its texts (``top_words``, lemmas by class-based
    TF-IDF), else ``groupe N``.
    """
    written = {cid: [texts[r] for r in rows_of.get(cid, [])] for cid in classes}
    ranked = _candidates(occurrences, classes, rows_of, stop)
    used = {t.lower() for t in taken}
    labels: dict[int, str] = {}
    pairs = sorted(
        ((c.score, c.n_texts, c.lower, cid, c) for cid in classes for c in ranked[cid]),
        key=lambda p: (-p[0], -p[1], p[2], p[3]),
    )
    for _, _, lower, cid, candidate in pairs:
        if cid not in labels and lower not in used:
            labels[cid] = candidate.shown
            used.add(lower)
    for cid in classes:
        if cid in labels:
            continue
        words = _word_candidates(written[cid], top_words.get(cid, []), stop)
        free = [c for c in words if c.lower not in used]
        label = free[0].shown if free else f"groupe {cid}"
        labels[cid] = label
        used.add(label.lower())
    return labels


def occurs(label: str, texts: Iterable[str]) -> int:
    """In how many distinct ``texts`` the label is written (case, spaces and the apostrophe's
    shape aside)."""
    words = label.replace("’", "'").split()
    pattern = re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE
    )
    return sum(1 for text in set(texts) if pattern.search(text.replace("’", "'")))


def sentences(text: str) -> list[str]:
    """The sentences of a text (split after . ! ? … and at line breaks)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def describe(texts: Sequence[str], profile: Mapping[str, float]) -> str | None:
    """The sentence of ``texts`` (a cluster's most central texts, best first) that best matches
    ``profile`` (word key -> weight: the cluster's characteristic words), trimmed.

    A sentence scores the weights of its distinct words over the square root of its number of
    words (a long sentence is not better for holding more words); sentences of fewer than four
    words, or written in capitals, are taken only when there is nothing else. Ties go to the more
    central text.
    """
    best: tuple[float, int, str] | None = None
    for rank, text in enumerate(texts):
        for sentence in sentences(text):
            words = [t.normal for t in _tokens(sentence) if t.content]
            if not words:
                continue
            score = sum(profile.get(w, 0.0) for w in set(words)) / math.sqrt(len(words))
            if len(words) < _MIN_SENTENCE_WORDS or _shouted(sentence):
                score -= 1e6  # only when there is nothing better
            key = (score, -rank, sentence)
            if best is None or key[:2] > best[:2]:
                best = key
    return None if best is None else _trim(best[2])


def _shouted(sentence: str) -> bool:
    """Mostly written in capitals (more than half of its letters)."""
    letters = [c for c in sentence if c.isalpha()]
    return bool(letters) and 2 * sum(c.isupper() for c in letters) > len(letters)


def _trim(sentence: str) -> str:
    """One line: spaces collapsed, list marks and numbering ("Proposition n° 4 :") removed, cut
    at a word with an ellipsis."""
    line = " ".join(sentence.split()).lstrip("-–—•*· ").strip()
    line = _NUMBERING.sub("", line) or line
    if len(line) <= MAX_DESCRIPTION_CHARS:
        return line
    cut = line[: MAX_DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
