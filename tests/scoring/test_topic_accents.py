"""Topics match with or without accents (scoring.text.fold): people often leave them out,
so "cafe de especialidad" touches an owner's "café de especialidad", and a decomposed
"é" (as some editors save it) reads as the composed one."""

from __future__ import annotations

import unicodedata

import pytest
from factories import NOW, account, posts

from scoring import OwnerContext, build_owner_index
from scoring.criteria import CRITERIA
from scoring.features import account_facts
from scoring.text import fold

OFF_TOPIC = next(c.check for c in CRITERIA if c.id == "off_topic")


def off_topic(interest: str, text: str):
    owner = build_owner_index(OwnerContext(handle="cafe_lanube", interests=(interest,)))
    texts = [text] * 5 + [f"Hoy fue un día tranquilo en la playa {i}" for i in range(15)]
    return OFF_TOPIC(account_facts(account(posts=posts(texts)), NOW), owner)


@pytest.mark.parametrize(
    ("interest", "text"),
    [
        ("café de especialidad", "Probando un cafe de especialidad de Huila"),
        ("cafe de especialidad", "Probando un café de especialidad de Huila"),
        ("atención al cliente", "Consejos de atencion al cliente para tiendas pequeñas"),
        ("atendimento ao cliente", "Dicas de atendimento ao cliente, sem acentuação"),
        ("café de especialidad", unicodedata.normalize("NFD", "Un café de especialidad hoy")),
    ],
)
def test_a_topic_matches_with_or_without_accents(interest, text):
    result = off_topic(interest, text)
    assert result.facts[0].values["count"] == 5, result.evidence


def test_other_words_still_do_not_match():
    assert off_topic("café de especialidad", "Un té verde muy rico").facts[0].values["count"] == 0


def test_fold_keeps_ascii_and_drops_only_accents():
    assert fold("marketing") == "marketing"
    assert fold("atenção") == "atencao" and fold("ñandú") == "nandu"
