"""When a sentence says its change happens: deadlines, target years, start dates."""

from __future__ import annotations

import pytest

from textmine.proposals.timing import has_deadline, has_start_time, has_target_time


@pytest.mark.parametrize(
    ("sentence", "deadline", "target", "start"),
    [
        ("La commune rénovera ses écoles d'ici 2027.", True, True, False),
        ("La part des bus propres devra atteindre 40 % en 2030.", False, True, False),
        ("À compter du 1er janvier, la carte sera gratuite.", False, False, True),
        ("La commune a rénové ses écoles l'an dernier.", False, False, False),
    ],
)
def test_the_time_a_sentence_gives(nlp, sentence, deadline, target, start):
    sent = next(nlp(sentence).sents)
    assert has_deadline(sent) is deadline
    assert has_target_time(sent) is target
    assert has_start_time(sent) is start
