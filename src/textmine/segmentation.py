"""Sentence boundaries set before the parser: what the text's layout and spelling already say.

spaCy's parser draws sentence boundaries from syntax, and it reads across layout: a heading
glued to the sentence under it ("Des moyens nouveaux\\n\\nL'ARS mobilisera…"), a paragraph run
into the next one, a quote's « left alone; it also cut "Pôle | emploi", "Réuni ce vendredi |
sous la présidence…" and "Faut | -il". P25: 11 of blind5's 36 firm misses (P23) sat in such a
row of ``sentences``. This component, placed before the parser (which keeps the boundaries
already set, both ways), fixes what every stage reads:

- a paragraph break (a blank line) ends a sentence when the next word starts as a sentence
  does (a capital, a digit, an opening quote or bracket, a list mark); not before a lowercase
  word ("Les banques devront garantir⏎⏎aux clients…": a line broken by the export, blind4);
- on the same line, a lowercase word right after a word, a closing quote or bracket, a comma
  or a stop, a word after an opening quote, and a hyphenated clitic ("-il", "-t-elle") never
  start a sentence.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from textmine.doctext import joined_text

COMPONENT = "textmine_sentence_layout"


_OPENING = {"«", "“", "(", "["}
_CLOSING = {"»", "”", ")", "]"}
# punctuation that ends or continues a clause: "Dijon | , le 18 octobre" was cut there (P25)
_TRAILING = {",", ";", ":", ".", "…", "%"}


def _starts_like_a_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in "«“\"'(–—-•*"


@Language.component(COMPONENT)
def sentence_layout(doc: Doc) -> Doc:
    """Set the boundaries the layout gives (see the module's docstring); leave the rest unset.

    It reads offsets and characters of ``doc.text`` instead of ``Token`` objects and writes the
    boundaries with one ``from_array``: a ``Token`` per word cost 10 µs, 4 % of the parse (1.2 of
    31 CPU-s on 124,000 words), which the cold run's throughput ratio could not afford."""
    n = len(doc)
    if n < 2:
        return doc
    text = joined_text(doc)
    columns = doc.to_array([IDX, IS_SPACE, SPACY, SENT_START])
    starts = columns[:, 0].tolist()
    is_space = columns[:, 1].tolist()
    trailing = columns[:, 2].tolist()
    # a token's trailing whitespace is one space or none: the next token starts right after it
    ends = [starts[i + 1] - trailing[i] for i in range(n - 1)] + [len(text) - trailing[-1]]
    sent_starts = columns[:, 3].astype(numpy.int64)  # uint64 from to_array: -1 must fit
    for i in range(1, n):
        if is_space[i]:
            continue
        start, first = starts[i], text[starts[i]]
        if is_space[i - 1]:
            if text.count("\n", starts[i - 1], ends[i - 1]) >= 2 and _starts_like_a_sentence(first):
                sent_starts[i] = 1
            continue
        one_char = ends[i] - start == 1
        previous_last = text[ends[i - 1] - 1]
        if (one_char and (first in _CLOSING or first in _TRAILING)) or (
            ends[i - 1] - starts[i - 1] == 1 and previous_last in _OPENING
        ):
            sent_starts[i] = -1
        elif first == "-" and not trailing[i - 1] and previous_last.isalpha():
            sent_starts[i] = -1  # "Faut-il", "Ira-t-elle"
        elif first.isalpha() and first.islower() and previous_last.isalnum():
            sent_starts[i] = -1  # "Pôle emploi", "ce vendredi sous la présidence"
    doc.from_array([SENT_START], sent_starts.astype(numpy.uint64).reshape(-1, 1))
    return doc


def add_sentence_layout(nlp: Language) -> None:
    """Put the component before the parser (first when the pipeline has none)."""
    if COMPONENT in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    else:
        nlp.add_pipe(COMPONENT, first=True)
