"""Who acts: a public body, a named organisation, a pronoun standing for one."""

from __future__ import annotations

import pytest

from textmine.proposals.subjects import is_public_actor, named_organisation, resolved_subject
from textmine.proposals.syntax import _subject


def _root_subject(nlp, text: str, sentence: int = 0):
    sent = list(nlp(text).sents)[sentence]
    return _subject(sent.root)


@pytest.mark.parametrize(
    ("text", "subject", "public"),
    [
        ("L'État recrutera vingt développeurs en janvier.", "État", True),
        ("Nous ouvrirons trois maisons de santé.", "Nous", True),
        ("Le boulanger ouvrira une seconde boutique.", "boulanger", False),
    ],
)
def test_a_public_actor(nlp, text, subject, public):
    token = next(t for t in nlp(text) if t.text == subject)
    assert is_public_actor(token) is public


def test_a_pronoun_is_resolved_to_the_previous_subject(nlp):
    text = "La Région présente son plan. Elle financera douze lignes de car."
    subject = _root_subject(nlp, text, sentence=1)
    assert subject.lower_ == "elle"
    assert resolved_subject(subject).text == "Région"


def test_a_named_organisation_and_a_speaker_s_own(nlp):
    assert named_organisation(_root_subject(nlp, "Action Logement apportera 1 milliard d'euros."))
    assert not named_organisation(_root_subject(nlp, "Mon allocation augmentera en mai."))
