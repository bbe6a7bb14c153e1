"""The sixth intent, `review_request`, on phrasings written for this test only (none of them
is in the corpus the model was fitted on: checked below), in English, Spanish and
Portuguese: recognised in replies to the bot's answer, never on a message that is not about
our answer. The held-out family figures are in tests/test_intents.py (FAMILY_FLOORS)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from whynot.intents import classify

# Replies to one of our answers that ask for a person (text, language).
ASKS = [
    ("hmm I disagree, could a real human have a look at my profile?", "en"),
    ("yes, I'd like your team to review that please", "en"),
    ("can somebody actually double check this? I reply to people all day", "en"),
    ("yes please, get someone to look", "en"),
    ("I'd want a moderator to go through my account", "en"),
    ("sí, que una persona revise mi perfil por favor", "es"),
    ("¿alguien de tu equipo puede revisar mi perfil otra vez?", "es"),
    ("sí, porfa, quiero que lo revise un humano", "es"),
    ("alguém pode rever minha conta, por favor?", "pt"),
    ("sim, quero que uma pessoa da equipe analise", "pt"),
    ("pode pedir pra alguém revisar isso?", "pt"),
]
# Replies to our answer that ask nothing of a person.
REPLIES_ASKING_NOTHING = [
    "ok thanks, noted",
    "haha fair",
    "thanks for the tips!",
    "that's a bit harsh but ok",
    "no need to review anything, all good",
    "gracias por la respuesta",
    "jaja ok, publicaré más",
    "obrigado, vou melhorar",
    "kkk justo",
]
# Review-like messages that are not about our answer (a plain mention, no reply).
NOT_ABOUT_OUR_ANSWER = [
    "can a human look at this?",
    "yes please",
    "could somebody review my portfolio?",
    "¿puede revisarlo una persona?",
    "pode revisar, por favor?",
    "can your team check my order status",
]


def _corpus_texts() -> set[str]:
    bench = Path(__file__).resolve().parent.parent / "bench"
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))
    import intents_corpus as corpus

    return {e.text.lower() for e in corpus.read_families()}


def test_these_phrasings_are_not_in_the_corpus():
    texts = _corpus_texts()
    unseen = [t for t, _ in ASKS] + REPLIES_ASKING_NOTHING
    assert not [t for t in unseen if t.lower() in texts]


def test_a_reply_asking_for_a_person_is_a_review_request(capsys):
    """Held out, so a floor rather than every item: measured 10 of 11 when written (the
    miss, "I'd want a moderator to go through my account", reads as `other`: the safe
    side). A wrong language or a wrong intent other than `other` fails at once."""
    found = []
    for text, lang in ASKS:
        result = classify(text, about_answer=True)
        assert result.intent in ("review_request", "other"), (text, result)
        if result.intent == "review_request":
            assert result.language == lang and result.rule is not None, (text, result)
            found.append(text)
    with capsys.disabled():
        print(f"\n[review intent] held-out asks recognised: {len(found)} of {len(ASKS)}")
    assert len(found) >= 10


@pytest.mark.parametrize(("text", "lang"), ASKS)
def test_the_same_words_outside_a_reply_to_us_are_not(text, lang):
    assert classify(text).intent == "other"


@pytest.mark.parametrize("text", REPLIES_ASKING_NOTHING)
def test_a_reply_that_asks_nothing_is_other(text):
    assert classify(text, about_answer=True).intent == "other"


@pytest.mark.parametrize("text", NOT_ABOUT_OUR_ANSWER)
def test_never_on_a_message_not_about_our_answer(text):
    result = classify(text)
    assert result.intent == "other", result


# The eighth walkthrough's replies asking to talk to a person (`review.talk_to_person`),
# and chatter with the same words that asks for no one.
TALK_TO_A_PERSON = [
    ("I want to talk to a human", "en"),
    ("can I speak with a real person?", "en"),
    ("I need to speak to a moderator", "en"),
    ("quiero hablar con una persona", "es"),
    ("quero falar com um humano", "pt"),
    ("posso falar com alguém da equipe?", "pt"),
]


@pytest.mark.parametrize(("text", "lang"), TALK_TO_A_PERSON)
def test_a_reply_asking_to_talk_to_a_person_is_a_review_request(text, lang):
    result = classify(text, about_answer=True)
    assert (result.intent, result.language) == ("review_request", lang), result


@pytest.mark.parametrize("text", ["i talk to people daily lol", "i never talk to people here"])
def test_talking_to_people_without_asking_is_not(text):
    assert classify(text, about_answer=True).intent == "other"


def test_a_message_that_names_our_answer_opens_the_gate_without_a_reply():
    named = classify("your bot told me I only post promos, can a person check?")
    assert named.intent == "review_request"
    assert classify("can a person check?").intent == "other"


def test_a_follow_back_question_in_a_reply_keeps_its_intent():
    result = classify("but why didn't you follow me back?", about_answer=True)
    assert result.intent == "why_not_followed"


def test_the_intent_command_reads_messages_as_replies_with_reply(capsys):
    import json

    from whynot.cli import main

    assert main(["intent", "yes please"]) == 0
    assert main(["intent", "--reply", "yes please"]) == 0
    plain, reply = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (plain["intent"], reply["intent"]) == ("other", "review_request")


def test_real_posts_read_as_replies_to_our_answer_seldom_ask_for_a_review():
    """Real posts not about following (pan19, twibot-20; never in the corpus), each read
    as if it replied to one of our answers: none asks a person to review our answer, so
    every review_request is a false one, except that a bare "yes" under our offer does
    accept it. Measured by bench/intents_eval.py (d) on 12,000 posts: 27 before the
    person-and-look rule was limited to short messages, 20 after (0.17%), 14 of them a
    bare yes, yep or do it."""
    bench = Path(__file__).resolve().parent.parent / "bench"
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))
    import intents_eval

    texts = [t for _, t in intents_eval.real_replies(limit=2000)]
    if not texts:
        pytest.skip("shared datasets not found (set WHYNOT_DATASETS)")
    fired = [t for t in texts if classify(t, about_answer=True).intent == "review_request"]
    assert len(fired) <= 0.005 * len(texts), fired
    assert not [t for t in texts if classify(t).intent == "review_request"]
