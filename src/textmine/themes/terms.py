"""Key terms: multi-word noun phrases of each document, scored across the corpus.

Candidates follow the French terminology pattern ``(ADV? ADJ)? NOUN (ADJ | NOUN | PREP DET? NOUN)*``
("très haut débit", "inclusion numérique", "système d'information", "démarches en ligne"). Chains
stop at numbers, dates, URLs, e-mails, punctuation, person/place names and named organisations, so
that boilerplate and entities do not become terms.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Span, Token

from textmine.config import ThemesConfig
from textmine.parsed import ParsedDocument
from textmine.schema import conform, empty
from textmine.themes._text import (
    BOILERPLATE_TERMS,
    GENERIC_ADJECTIVES,
    GENERIC_NOUNS,
    MONTHS,
    WEEKDAYS,
    adjective_form,
    agrees,
    fold,
    is_participle,
    is_word,
    noun_form,
)

# Blocks whose text is not the document's own prose.
SKIPPED_BLOCK_KINDS = frozenset({"front_matter", "page_header", "page_footer", "footnote"})
# Prepositions that may link a noun to its complement, and whether a determiner may follow.
_PREPOSITIONS = {
    "de": True,
    "d'": True,
    "d’": True,
    "à": True,
    "en": False,
    "du": False,
    "des": False,
    "au": False,
    "aux": False,
}
_DETERMINERS = frozenset({"la", "le", "les", "l'", "l’"})
_VERBAL_LINKS = frozenset({*_PREPOSITIONS, "par", "pour", "sur", "avec", "dans", "auprès"})
_INTENSIFIERS = frozenset({"très", "plus", "moins"})
_CONTENT = "content"
# Content words at most in one chain of nouns and adjectives, in units of max_term_words.
_CHAIN_LIMIT = 2


@dataclass(frozen=True, slots=True)
class _Piece:
    token: Token
    role: str  # "content" | "adverb" | "prep" | "det"


def _not_prose(pdoc: ParsedDocument) -> set[int]:
    """Indices of tokens that are neither terms nor topic words: skipped blocks, locutions."""
    return _skipped_block_tokens(pdoc) | locution_tokens(pdoc.doc)


def _blocked_tokens(
    pdoc: ParsedDocument, config: ThemesConfig, tokens: list[Token], not_prose: set[int]
) -> set[int]:
    """Indices of tokens that may not be part of a term: entities and boilerplate blocks."""
    doc = pdoc.doc
    blocked: set[int] = set(not_prose)
    excluded = set(config.exclude_entity_labels)
    for ent in doc.ents:
        if ent.label_ in excluded or (
            ent.label_ == "ORG" and config.exclude_proper_names and _is_named(pdoc, ent)
        ):
            blocked.update(range(ent.start, ent.end))
    if config.exclude_proper_names:
        blocked.update(t.i for t in tokens if _is_capitalised_inside_sentence(pdoc, t))
    return blocked


_OPENERS = frozenset(':«"“(-–—•*>/')


def _is_capitalised_inside_sentence(pdoc: ParsedDocument, token: Token) -> bool:
    """A capitalised word in mid-sentence: in French, part of a name ("ministre de la
    Transformation et de la Fonction publiques", "Entrepreneurs d'Intérêt Général")."""
    if token.is_sent_start or token.i == 0 or not pdoc.text[token.idx : token.idx + 1].isupper():
        return False
    previous = token.doc[token.i - 1]
    between = pdoc.text[previous.idx + len(previous) : token.idx]
    return "\n" not in between and previous.text[-1:] not in _OPENERS and not previous.is_sent_start


def _skipped_block_tokens(pdoc: ParsedDocument) -> set[int]:
    """Indices of tokens inside front matter, page headers/footers and footnotes."""
    skipped: set[int] = set()
    for block in pdoc.blocks:
        if block.kind in SKIPPED_BLOCK_KINDS:
            span = pdoc.doc.char_span(block.start_char, block.end_char, alignment_mode="expand")
            if span is not None:
                skipped.update(range(span.start, span.end))
    return skipped


# Nouns of prepositional locutions, with the words before them: "au sein de", "en matière de",
# "dans le cadre de". They say how, not what: never a theme or part of a term ("cadre de vie"
# and "niveau de vie" still are).
_LOCUTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "sein": (("au",),),
    "matière": (("en",),),
    "cadre": (("dans", "le"),),
    "niveau": (("au",),),
    "faveur": (("en",),),
    "égard": (("à", "l'"),),
    "titre": (("au",),),
    "cours": (("au",),),
    "vue": (("en",),),
    "fonction": (("en",),),
    "rapport": (("par",),),
    "lieu": (("au",),),
    "place": (("à", "la"),),
    "part": (("de", "la"),),
    "moyen": (("au",),),
    "suite": (("à", "la"), ()),
    "raison": (("en",),),
    "terme": (("en",),),
    "termes": (("en",),),
    "base": (("sur", "la"),),
    "échelle": (("à", "l'"),),
    "hauteur": (("à",),),
    "profit": (("au",),),
    "cas": (("en",),),
    "cœur": (("au",),),
    "lumière": (("à", "la"),),
    "regard": (("au",),),
    "biais": (("par", "le"),),
    "occasion": (("à", "l'"),),
    "issue": (("à", "l'"),),
    "instar": (("à", "l'"),),
    "détriment": (("au",),),
}
_LOCUTION_ENDS = frozenset({"de", "d'", "du", "des", "à", "au", "aux"})


def locution_tokens(doc: Doc) -> set[int]:
    """Indices of the nouns of prepositional locutions ("au sein de", "dans le cadre de")."""
    found: set[int] = set()
    for token in doc:
        lefts = _LOCUTIONS.get(token.lower_)
        if lefts is None or token.i + 1 >= len(doc):
            continue
        if doc[token.i + 1].lower_.replace("’", "'") not in _LOCUTION_ENDS:
            continue
        for left in lefts:
            start = token.i - len(left)
            words = [t.lower_.replace("’", "'") for t in doc[max(start, 0) : token.i]]
            if start >= 0 and tuple(words) == left:
                found.add(token.i)
                break
    return found


def _is_named(pdoc: ParsedDocument, ent: Span) -> bool:
    """An organisation written as a proper name (capitalised, acronym, proper noun).

    spaCy also labels plain noun phrases ORG ("l'inclusion numérique" at times): those stay
    candidate terms; "Direction interministérielle du numérique" does not.
    """
    for token in ent:
        surface = pdoc.text[token.idx : token.idx + len(token)]
        if token.pos_ == "PROPN" or (surface[:1].isupper() and not token.is_sent_start):
            return True
    return False


def _breaks(token: Token, blocked: set[int]) -> bool:
    """Tokens that can never be inside a term."""
    lower = token.text.lower()
    return (
        token.i in blocked
        or token.like_url
        or token.like_email
        or token.like_num
        or lower in MONTHS
        or lower in WEEKDAYS
        or not is_word(token.text)
    )


def _is_noun(token: Token, blocked: set[int]) -> bool:
    return token.pos_ == "NOUN" and not token.is_stop and not _breaks(token, blocked)


def _is_modifier(token: Token, blocked: set[int]) -> bool:
    """An adjective (or adjectival participle) after the noun it qualifies."""
    if _breaks(token, blocked) or token.lemma_.lower() in GENERIC_ADJECTIVES:
        return False
    if token.text.lower() in GENERIC_ADJECTIVES:
        return False
    if token.pos_ == "ADJ":
        return True
    if is_participle(token):
        # Verbal when it takes a complement ("chargés d'une mission", "menée par"), except
        # "en" + bare noun ("démarches simplifiées en ligne").
        doc = token.doc
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is None or not (
            following.pos_ == "ADP" or following.text.lower() in _VERBAL_LINKS
        ):
            return True
        after = doc[token.i + 2] if token.i + 2 < len(doc) else None
        return following.text.lower() == "en" and after is not None and after.pos_ == "NOUN"
    return False


class _TokenTable:
    """What the chain scanner asks of each token, computed once per document.

    ``doc[i]`` builds a new ``Token`` object on every access, and the scanner looks at each
    token several times (as a head, a modifier, a complement): reading the attributes once
    makes key-term extraction about twice as fast.
    """

    def __init__(self, tokens: list[Token], blocked: set[int]):
        self.tokens = tokens
        self.lower = [t.text.lower() for t in self.tokens]
        pos = [t.pos_ for t in self.tokens]
        self.adjective = [p == "ADJ" for p in pos]
        # _is_modifier is False for anything but adjectives and (participle) verbs.
        self.modifier = [
            p in ("ADJ", "VERB") and _is_modifier(t, blocked)
            for t, p in zip(self.tokens, pos, strict=True)
        ]
        self.noun = [
            p == "NOUN" and _is_noun(t, blocked) and t.lemma_.lower() not in GENERIC_NOUNS
            for t, p in zip(self.tokens, pos, strict=True)
        ]
        self.blocked = blocked


def _head(table: _TokenTable, i: int, end: int) -> tuple[list[_Piece], int] | None:
    """``(ADV? ADJ)? NOUN`` starting at ``i``: the pieces and the index after them."""
    pieces: list[_Piece] = []
    j = i
    if j < end and table.lower[j] in _INTENSIFIERS and j + 2 < end:
        pieces.append(_Piece(table.tokens[j], "adverb"))
        j += 1
    if j < end and table.adjective[j] and table.modifier[j] and j + 1 < end:
        pieces.append(_Piece(table.tokens[j], _CONTENT))
        j += 1
    elif pieces:
        return None
    if j < end and table.noun[j]:
        pieces.append(_Piece(table.tokens[j], _CONTENT))
        return pieces, j + 1
    return None


def _complement(table: _TokenTable, i: int, end: int) -> tuple[list[_Piece], int] | None:
    """``PREP DET? (ADJ)? NOUN`` starting at ``i``."""
    prep = table.lower[i]
    if prep not in _PREPOSITIONS or i in table.blocked:
        return None
    pieces = [_Piece(table.tokens[i], "prep")]
    j = i + 1
    if _PREPOSITIONS[prep] and j < end and table.lower[j] in _DETERMINERS:
        pieces.append(_Piece(table.tokens[j], "det"))
        j += 1
    if j < end and table.adjective[j] and table.modifier[j]:
        pieces.append(_Piece(table.tokens[j], _CONTENT))
        j += 1
    if j < end and table.noun[j]:
        pieces.append(_Piece(table.tokens[j], _CONTENT))
        return pieces, j + 1
    return None


def _phrases(
    doc: Doc, tokens: list[Token], blocked: set[int], max_words: int
) -> Iterable[list[_Piece]]:
    """Maximal noun-phrase chains, sentence by sentence (``tokens`` is ``list(doc)``).

    A complement is added while the chain stays within ``max_words`` content words; nouns and
    adjectives after it still are ("données à caractère personnel"), up to twice that: a longer
    run (a keyword list, a table flattened into text) is not one phrase, and its sub-terms would
    grow with the square of its length.
    """
    table = _TokenTable(tokens, blocked)
    for sent in doc.sents:
        i, end = sent.start, sent.end
        while i < end:
            head = _head(table, i, end)
            if head is None:
                i += 1
                continue
            pieces, i = head
            n_words = _n_words(pieces)
            while i < end:
                if table.modifier[i] or table.noun[i]:
                    if n_words >= _CHAIN_LIMIT * max_words:
                        break
                    pieces.append(_Piece(table.tokens[i], _CONTENT))
                    n_words += 1
                    i += 1
                    continue
                complement = _complement(table, i, end)
                if complement is None or n_words + _n_words(complement[0]) > max_words:
                    break
                pieces.extend(complement[0])
                n_words += _n_words(complement[0])
                i = complement[1]
            yield pieces


def _n_words(pieces: list[_Piece]) -> int:
    return sum(p.role == _CONTENT for p in pieces)


def _sub_terms(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Nested terms of a chain: every run of its prepositional segments, and the prefixes of
    each segment ("données publiques" inside "données publiques ouvertes").

    "accessibilité des sites internet" gives itself and "sites internet"; "priorités de la
    direction interministérielle du numérique" also gives "direction interministérielle du
    numérique" and "direction interministérielle".
    """
    cuts = [k for k, p in enumerate(pieces) if p.role == "prep"]
    bounds = [0, *cuts, len(pieces)]
    segments = [_strip_link(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
    found: list[list[_Piece]] = []
    for a in range(len(segments)):
        head = segments[a]
        if a > 0 and not _agreeing(head):
            continue  # "chiffre d'affaires annuel": "annuel" goes with "chiffre", not "affaires"
        for b in range(a + 1, len(segments) + 1):
            found.append(_strip_link(pieces[bounds[a] : bounds[b]]))
        found.extend(head[: k + 1] for k in range(1, len(head) - 1) if head[k].role == _CONTENT)
    return [sub for sub in found if _n_words(sub) >= 2 and sub[-1].role == _CONTENT]


def _agreeing(segment: list[_Piece]) -> bool:
    """The adjectives of a complement agree with its noun, so it may stand alone."""
    nouns = [p.token for p in segment if p.token.pos_ == "NOUN"]
    if not nouns:
        return False
    return all(agrees(nouns[0], p.token) for p in segment if p.token.pos_ in ("ADJ", "VERB"))


def _strip_link(pieces: list[_Piece]) -> list[_Piece]:
    """Without the leading preposition and determiner of a complement."""
    k = 0
    while k < len(pieces) and pieces[k].role in ("prep", "det"):
        k += 1
    return pieces[k:]


def _key(pieces: list[_Piece]) -> str:
    """Readable normal form: head nouns singular, adjectives singular in their gender; the
    prepositional complement as written (lowercase)."""
    words: list[str] = []
    in_head = True
    for k, piece in enumerate(pieces):
        token = piece.token
        if piece.role == "prep":
            in_head = False
        if not in_head or piece.role != _CONTENT:
            word = token.text.lower().replace("’", "'")
        elif token.pos_ == "NOUN":
            word = noun_form(token)
        else:
            word = adjective_form(token)
        glue = "" if k == len(pieces) - 1 or not token.whitespace_ else " "
        words.append(word + glue)
    return "".join(words)


def _is_boilerplate(key: str, folded_stop_terms: Iterable[str]) -> bool:
    """Whether ``key`` contains a stop term (given folded and padded: " term ")."""
    folded = f" {fold(key)} "
    return any(term in folded for term in folded_stop_terms)


def extract_terms(
    pdoc: ParsedDocument, config: ThemesConfig, not_prose: set[int] | None = None
) -> list[dict]:
    """Candidate key terms of one document: ``{doc_id, term, surface, count}`` rows.

    ``term`` is the readable normal form shared across documents, ``surface`` the form most often
    written in this document (taken from ``pdoc.text``), ``count`` its occurrences.
    ``not_prose`` is ``_not_prose(pdoc)`` when the caller has it already.
    """
    doc = pdoc.doc
    tokens = list(doc)
    blocked = _blocked_tokens(
        pdoc, config, tokens, _not_prose(pdoc) if not_prose is None else not_prose
    )
    stop_terms = [f" {fold(term)} " for term in (*BOILERPLATE_TERMS, *config.stop_terms)]
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for phrase in _phrases(doc, tokens, blocked, config.max_term_words):
        for sub in {_key(s): s for s in _sub_terms(phrase)}.items():
            key, pieces = sub
            if _is_boilerplate(key, stop_terms):
                continue
            start, end = pieces[0].token.idx, pieces[-1].token.idx + len(pieces[-1].token)
            surface = " ".join(pdoc.text[start:end].split())
            counts[key] += 1
            surfaces.setdefault(key, Counter())[surface] += 1
    return [
        {
            "doc_id": pdoc.doc_id,
            "term": key,
            "surface": surfaces[key].most_common(1)[0][0],
            "count": count,
        }
        for key, count in sorted(counts.items())
    ]


def _tfidf(terms: pd.DataFrame) -> pd.Series:
    """Sublinear tf x smoothed idf, damped for terms of more than three words (which are
    mostly one-off descriptions rather than terms)."""
    n_docs = terms["doc_id"].nunique()
    df = terms.groupby("term")["doc_id"].transform("nunique")
    idf = ((1 + n_docs) / (1 + df)).map(math.log) + 1.0
    tf = 1.0 + terms["count"].astype(float).map(math.log)
    n_words = terms["term"].str.count(r"\s+|'") + 1
    length = 1.0 / (1.0 + 0.15 * (n_words - 3).clip(lower=0))
    return tf * idf * length


_LINK_WORDS = frozenset({*_PREPOSITIONS, *_DETERMINERS, "très", "plus", "moins"})


def _centrality(terms: pd.DataFrame) -> pd.Series:
    """1 to 1.5: how much a term's words recur in its document's other candidates.

    Breaks the many ties between terms seen once in one document in favour of those on the
    document's subject ("dossiers déposés" in a release about a filing platform).
    """
    contents = [
        [w for w in term.replace("'", "' ").split() if w not in _LINK_WORDS]
        for term in terms["term"].tolist()
    ]
    counts = terms["count"].astype(int).tolist()
    weights = [1.0] * len(contents)
    positions = terms.groupby("doc_id", sort=False).indices  # row positions per document
    for rows in positions.values():
        counter: Counter[str] = Counter()
        for i in rows:
            for word in set(contents[i]):
                counter[word] += counts[i]
        top = max(counter.values(), default=1)
        for i in rows:
            content = contents[i]
            if content:
                weights[i] = 1.0 + 0.5 * sum(counter[w] for w in content) / len(content) / top
    return pd.Series(weights, index=terms.index)


def nested_terms(counts: dict[str, int]) -> set[str]:
    """Terms never seen outside a longer term: ``t`` when a term containing it (as whole words)
    is at least as frequent ("personne en situation" inside "personne en situation de
    handicap")."""
    nested: set[str] = set()
    for term, count in counts.items():
        words = term.replace("'", "' ").split()
        for size in range(1, len(words)):
            for i in range(len(words) - size + 1):
                inner = " ".join(words[i : i + size]).replace("' ", "'")
                if inner in counts and counts[inner] <= count:
                    nested.add(inner)
    return nested


def _candidates(terms: pd.DataFrame) -> pd.DataFrame:
    """Candidates summed per (doc_id, term), whatever duplicates the input holds."""
    terms = terms.dropna(subset=["doc_id", "term"])
    terms = terms[terms["term"].astype(str).str.strip() != ""]
    if "surface" not in terms.columns:
        terms = terms.assign(surface=terms["term"])
    terms = terms.assign(count=terms["count"].fillna(1).astype(int) if "count" in terms else 1)
    return (
        terms.sort_values(["doc_id", "term", "count"], ascending=[True, True, False])
        .groupby(["doc_id", "term"], as_index=False, sort=True)
        .agg(surface=("surface", "first"), count=("count", "sum"))
    )


def score_terms(terms: pd.DataFrame, config: ThemesConfig) -> pd.DataFrame:
    """The ``terms`` table: each document's candidates scored against the corpus (tf-idf), its
    ``terms_per_document`` best kept, best first."""
    if terms.empty:
        return empty("terms")
    scored = _candidates(terms)
    scored["score"] = (_tfidf(scored) * _centrality(scored)).round(6)
    names, counts = scored["term"].tolist(), scored["count"].tolist()
    keep = np.ones(len(scored), dtype=bool)
    for rows in scored.groupby("doc_id", sort=False).indices.values():
        nested = nested_terms({names[i]: counts[i] for i in rows})
        if nested:
            keep[[i for i in rows if names[i] in nested]] = False
    scored = scored[keep]
    scored = scored.sort_values(["doc_id", "score", "term"], ascending=[True, False, True])
    scored = scored.groupby("doc_id", sort=False).head(config.terms_per_document)
    return conform("terms", scored.reset_index(drop=True))


def corpus_terms(terms: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The ``corpus_terms`` table: terms ranked for the whole corpus.

    ``terms`` are all candidates (from :func:`extract_terms`, not only the top per document).
    ``score`` sums the per-document tf-idf: a term counts when it is salient in many documents,
    but one present everywhere (the issuer's name) is damped by its idf.
    """
    if terms.empty:
        return empty("corpus_terms")
    candidates = _candidates(terms)
    candidates["score"] = _tfidf(candidates)
    surface = (
        candidates.groupby(["term", "surface"], as_index=False)["count"]
        .sum()
        .sort_values(["term", "count", "surface"], ascending=[True, False, True])
        .drop_duplicates("term")
        .set_index("term")["surface"]
    )
    ranked = candidates.groupby("term").agg(
        count=("count", "sum"), n_documents=("doc_id", "nunique"), score=("score", "sum")
    )
    ranked["surface"] = surface
    ranked = ranked.drop(index=list(nested_terms(ranked["count"].to_dict())))
    ranked["score"] = ranked["score"].round(6)
    ranked = ranked.reset_index().sort_values(["score", "term"], ascending=[False, True])
    if limit is not None:
        ranked = ranked.head(limit)
    return conform("corpus_terms", ranked.reset_index(drop=True))


def terms_and_lemmas(pdoc: ParsedDocument, config: ThemesConfig) -> tuple[list[dict], str]:
    """``extract_terms`` and ``doc_lemmas`` of one document, sharing what both compute."""
    not_prose = _not_prose(pdoc)
    return extract_terms(pdoc, config, not_prose), doc_lemmas(pdoc, not_prose)


def doc_lemmas(pdoc: ParsedDocument, not_prose: set[int] | None = None) -> str:
    """The content words of a document as readable lemmas, space-joined: the topic-model input.

    Nouns are lemmatised, adjectives singularised in their gender, proper nouns lowercased;
    verbs (too generic to tell topics apart: "développer", "lancer"), stop words, numbers,
    punctuation, URLs, dates, person names and the nouns of locutions ("au sein de") are left
    out.
    """
    doc = pdoc.doc
    blocked = set(_not_prose(pdoc) if not_prose is None else not_prose)
    for ent in doc.ents:
        if ent.label_ == "PER":
            blocked.update(range(ent.start, ent.end))
    words: list[str] = []
    for token in doc:
        if token.is_stop or token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        if _breaks(token, blocked):
            continue
        if token.pos_ == "NOUN":
            word = noun_form(token)
        elif token.pos_ == "ADJ":
            word = adjective_form(token)
        else:
            word = token.text.lower()
        word = word.replace("’", "'")
        if is_word(word):
            words.append(word)
    return " ".join(words)
