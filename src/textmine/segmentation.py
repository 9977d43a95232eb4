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

from spacy.language import Language
from spacy.tokens import Doc

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
    """Set the boundaries the layout gives (see the module's docstring); leave the rest unset."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space:
            continue
        if previous.is_space:
            if previous.text.count("\n") >= 2 and _starts_like_a_sentence(token.text):
                token.is_sent_start = True
            continue
        if "\n" in previous.whitespace_:
            continue  # a line break: the parser decides (a wrapped line or a heading)
        if token.text in _CLOSING or previous.text in _OPENING or token.text in _TRAILING:
            token.is_sent_start = False
        elif (
            token.text.startswith("-") and not previous.whitespace_ and previous.text[-1:].isalpha()
        ):
            token.is_sent_start = False  # "Faut-il", "Ira-t-elle"
        elif token.text[:1].isalpha() and token.text[:1].islower() and previous.text[-1:].isalnum():
            token.is_sent_start = False  # "Pôle emploi", "ce vendredi sous la présidence"
    return doc


def add_sentence_layout(nlp: Language) -> None:
    """Put the component before the parser (first when the pipeline has none)."""
    if COMPONENT in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    else:
        nlp.add_pipe(COMPONENT, first=True)
