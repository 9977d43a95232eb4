"""The entity filter of citizen contributions: a small logistic regression where rules cannot know.

Contributions capitalise common words for emphasis ("le Revenu Universel", "la Gouvernance"),
write generic acronyms ("CR", "SPL") and products as if they were bodies. A rule cannot tell
"Gouvernance" from "Lens" by its shape alone; what can is a handful of clues weighed together:
the model's label, the word's place (line or sentence start), whether it is a French dictionary
word, whether the same text writes it in lower case, the share of proper-noun tags, its length.
The weights were fitted with scikit-learn on hand-judged predictions of textmine on
contributions (``bench/ner_contribution_filter.py``: the audit's 200 contributions, the dev
gold and 100 contributions judged for training; C and the threshold chosen by grouped
cross-validation) and are stored beside this module (``contribution_filter.json``): nothing is
fitted or downloaded at run time, and the same spans always give the same decision.

It applies to statistical spans only (the EntityRuler's names are lists of the truth) and only
to rows of consultation tables (``ParsedDocument.format`` a table format): on press releases the
rules already meet the issue's bar (bench/RESULTS.md E7, E8).
"""

from __future__ import annotations

import json
import math
import weakref
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from textmine.entities.lexicon import (
    FUNCTION_WORDS,
    KNOWN_ACRONYMS,
    is_head_word,
)
from textmine.entities.precision import (
    WordLexicon,
    base_forms,
    lower_case_words,
    starts_item,
)

MODEL_FILE = Path(__file__).with_name("contribution_filter.json")

FEATURES = (
    "per",  # the model's label (LOC is the reference)
    "org",
    "one_word",
    "log_chars",  # log of the number of letters
    "acronym",  # all capitals, 2 letters or more
    "short_acronym",  # all capitals, 2 or 3 letters: "CR", "DSP", "RIP"
    "known_acronym",  # in lexicon.KNOWN_ACRONYMS
    "caps_word",  # all capitals and a dictionary word ("TELEVISION", "INTEGRER")
    "line_start",  # first word of a line or list item
    "sent_start",  # first word of a sentence
    "common_first",  # the first word is a French dictionary form ("universel", not "paris")
    "all_common",  # every content word is a dictionary word or a form of one
    "lower_in_text",  # the text writes the first word in lower case elsewhere
    "propn_share",  # share of its tokens the tagger calls PROPN
    "head_word",  # starts with an institution head word ("Ministère", "Conseil", "Caisse")
    "inner_capital",  # a capitalised word after the first ("Transparency International")
    "title_mid",  # title case in the middle of a sentence
)

# Weak values: a pipeline that is released (``nlp.release_pipelines``) takes its lexicon with it,
# instead of this table keeping a few hundred MiB of model alive.
_LEXICONS: weakref.WeakValueDictionary[int, WordLexicon] = weakref.WeakValueDictionary()


def register_lexicon(vocab: object, lexicon: WordLexicon) -> None:
    """Remember the pipeline's word lexicon for the Docs of ``vocab`` (set when the institution
    component is built: every Doc textmine extracts from, parsed or read from the cache, shares
    the pipeline's vocab)."""
    _LEXICONS[id(vocab)] = lexicon


def lexicon_for(doc: Doc) -> WordLexicon | None:
    """The word lexicon of the pipeline that owns ``doc.vocab``, or None."""
    lexicon = _LEXICONS.get(id(doc.vocab))
    nlp = getattr(lexicon, "_nlp", None)
    return lexicon if nlp is not None and nlp.vocab is doc.vocab else None


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> dict:
    """The fitted weights: {"features", "coef", "intercept", "threshold", ...}."""
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{path.name}: features {model['features']} are not {FEATURES}")
    return model


def _common(word: str, lexicon: WordLexicon) -> bool:
    return lexicon.is_word(word) or lexicon.is_inflected_word(word)


def features(span: Span, lexicon: WordLexicon, lower_words: set[str]) -> list[float]:
    """The clues of one candidate span, in the order of ``FEATURES``."""
    tokens = [t for t in span if not t.is_punct and not t.is_space]
    if not tokens:
        tokens = list(span)
    first = tokens[0]
    letters = sum(c.isalpha() for c in span.text)
    upper = span.text.isupper() and letters >= 2
    content = [t for t in tokens if t.is_alpha and t.lower_ not in FUNCTION_WORDS]
    first_lower = first.lower_
    at_item = bool(starts_item(first))
    return [
        float(span.label_ == "PER"),
        float(span.label_ == "ORG"),
        float(len(tokens) == 1),
        math.log1p(letters),
        float(upper),
        float(upper and letters <= 3),
        float(span.text.upper() in KNOWN_ACRONYMS),
        float(upper and len(tokens) == 1 and letters >= 4 and _common(first_lower, lexicon)),
        float(at_item),
        float(first.is_sent_start or at_item),
        float(lexicon.is_word(first_lower)),
        float(bool(content) and all(_common(t.lower_, lexicon) for t in content)),
        float(bool(base_forms(first_lower) & lower_words)),
        sum(t.pos_ == "PROPN" for t in tokens) / len(tokens),
        float(is_head_word(first.text)),
        float(any(t.text[:1].isupper() for t in tokens[1:] if t.is_alpha)),
        float(first.is_title and not first.is_sent_start and not at_item),
    ]


def probability(values: list[float], vector: Sequence[float], model: dict) -> float:
    """The fitted probability that a candidate is a name a reader would keep: the clues, and
    the span's word vector (the model's static vectors; the fit read them through the first
    principal components of the vector table, folded here into one weight per dimension)."""
    z = model["intercept"] + sum(c * v for c, v in zip(model["coef"], values, strict=True))
    weights = model["vector_coef"]
    if weights and len(vector) == len(weights):
        z += sum(w * float(v) for w, v in zip(weights, vector, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def keep_in_contribution(span: Span, lexicon: WordLexicon, lower_words: set[str]) -> bool:
    """Whether a statistical PER/ORG/LOC span of a contribution is kept."""
    model = load_model()
    values = features(span, lexicon, lower_words)
    return probability(values, span.vector, model) >= model["threshold"]


def filter_contribution_rows(
    rows: list[dict], doc: Doc, statistical: set[int], lexicon: WordLexicon
) -> list[dict]:
    """``rows`` without the statistical PER/ORG/LOC ones the model does not keep (``statistical``:
    the ids of the rows that came from the statistical NER, not from a list)."""
    lower_words = lower_case_words(doc)
    kept = []
    for row in rows:
        if id(row) in statistical and row["label"] in ("PER", "ORG", "LOC"):
            span = doc.char_span(
                row["start_char"], row["end_char"], label=row["label"], alignment_mode="expand"
            )
            if span is not None and not keep_in_contribution(span, lexicon, lower_words):
                continue
        kept.append(row)
    return kept
