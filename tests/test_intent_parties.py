"""Issue 14: Spanish "te dejó de seguir" (someone else stopped following the owner) is not
read as the writer's "te dejo de seguir" (I stop following you: an excuse), though
normalisation strips the accent that tells them apart; so for every -ar verb whose preterite
third person differs from the present first person by its accent alone
(`whynot.intent_parties`). The writer's own excuses and questions are still answered.
"""

from __future__ import annotations

import unicodedata

import pytest

from whynot import intent_parties
from whynot.intent_parties import (
    announces_follow,
    not_asking,
    someone_else,
    thanks_for_following,
    third_party,
    to_everyone,
)
from whynot.intent_parties import (
    writer_not_following as not_following,
)
from whynot.intents import classify, prepare
from whynot.prefilter import Hinted

# Spanish preterite third person, told by its accent alone
ACCENTED_THIRD_PERSON = [
    "te dejó de seguir porque no lo seguías",
    "te dejó de seguir porque no le devolviste el follow",
    "creo que te dejó de seguir porque no lo seguías",
    "te paró de seguir porque no lo sigues",
    "te eliminó porque no lo seguías",
    "Te dejó de seguir xq no le seguías, así de simple",
    "dejó de seguirte porque nunca lo seguiste de vuelta",
]

# between the writer and the owner: still answered
WRITER_AND_OWNER = [
    ("te dejo de seguir porque no me sigues", "unfollow_excuse"),
    ("te dejé de seguir porque no me seguías", "unfollow_excuse"),
    ("te deje de seguir xq nunca me seguiste", "unfollow_excuse"),
    ("ya no te sigo porque nunca me seguiste", "unfollow_excuse"),
    ("¿por qué me dejaste de seguir?", "why_unfollowed"),
    ("¿Por qué me dejó de seguir?", "why_unfollowed"),  # usted, as one writes to a brand
    ("por que você deixou de me seguir?", "why_unfollowed"),
    ("I unfollowed you because you never followed back", "unfollow_excuse"),
]


@pytest.mark.parametrize("text", ACCENTED_THIRD_PERSON)
def test_an_accented_third_person_unfollow_of_the_owner_is_not_answered(text: str) -> None:
    assert classify(text).intent == "other"
    decomposed = unicodedata.normalize("NFD", text)  # the accent as a combining mark
    assert classify(decomposed).intent == "other"


@pytest.mark.parametrize("text", ACCENTED_THIRD_PERSON)
def test_the_accent_alone_tells_it(text: str) -> None:
    plain = text.replace("ó", "o")  # the same words unaccented: the writer's, if anyone's
    assert prepare(plain)[1] == prepare(text)[1]  # what the rules and the model read
    assert someone_else(text)
    assert not someone_else(plain)


@pytest.mark.parametrize(("text", "intent"), WRITER_AND_OWNER)
def test_the_writer_and_the_owner_are_still_answered(text: str, intent: str) -> None:
    assert not someone_else(text)
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("¿por qué me dejaste de seguir? mi hermana te lo pidió", "why_unfollowed"),
        ("¿por qué me dejaste de seguir? nadie te preguntó nada, ya sé", "why_unfollowed"),
        ("te dejé de seguir porque no me seguías y nadie te lo pidió", "unfollow_excuse"),
    ],
)
def test_another_accented_verb_beside_the_writers_own_question_leaves_it(text, intent):
    """Only an unfollow by someone else is silenced: any "-ó" verb after "te" ("te lo
    pidió") made the writer's own question beside it `other`."""
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "@fsalas unfollowing, this isn't for me anymore",
        "unfollowing, this isn't for me anymore",
        "I'm unfollowing, too many ads. why do you post so much?",
    ],
)
def test_a_writer_who_says_they_are_unfollowing_is_not_asked_why_they_were(text):
    """Answered before as why the owner unfollowed them: a public misfire."""
    assert classify(text).intent != "why_unfollowed"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("unfollowing me after 3 years?", "why_unfollowed"),
        ("Unfollowing me?? why", "why_unfollowed"),
        ("unfollowing you since it's not mutual", "unfollow_excuse"),
    ],
)
def test_unfollowing_me_is_still_the_question(text, intent):
    assert classify(text).intent == intent


# Someone else's unfollow, or the owner's of someone else, told in words: asks nothing the
# bot answers (its reply would tell the writer why the owner unfollowed *them*).
THIRD_PARTY = [
    "why did he unfollow me",
    "why did she stop following me?",
    "my friend unfollowed me, why?",
    "my bf unfollowed you lol",
    "why did you unfollow my sister?",
    "why did you unfollow him??",
    "por qué él me dejó de seguir",
    "mi novia te dejo de seguir",
    "¿por qué lo dejaste de seguir?",
    "¿por qué dejaste de seguir a mi hermano?",
    "por que ele deixou de me seguir?",
    "minha amiga parou de te seguir",
    "por que você deixou de seguir ela?",
]

# the writer's own question or excuse, even beside a third party
STILL_BETWEEN_US = [
    ("he unfollowed me and you unfollowed me too, why?", "why_unfollowed"),
    ("why did you unfollow my art page?", "why_unfollowed"),  # the writer's own account
    ("why'd u unfollow me", "why_unfollowed"),
    ("¿por qué me dejaste de seguir a mí?", "why_unfollowed"),
    ("por que você deixou de me seguir?", "why_unfollowed"),
    ("I unfollowed you because you never followed back", "unfollow_excuse"),
]


@pytest.mark.parametrize("text", THIRD_PARTY)
def test_a_third_party_unfollow_told_in_words_is_not_answered(text: str) -> None:
    assert third_party(prepare(text)[1])
    assert classify(text).intent == "other"


@pytest.mark.parametrize(("text", "intent"), STILL_BETWEEN_US)
def test_the_writers_own_unfollow_beside_a_third_party_is_answered(
    text: str, intent: str
) -> None:
    assert not third_party(prepare(text)[1])
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("why are you unfollowing me? someone removed me from your list", "why_unfollowed"),
        (
            "por que deixou de me seguir? meu amigo disse que você deixou de seguir ele",
            "why_unfollowed",
        ),
        ("por que me deixou de seguir? ela disse que vc parou de seguir ela", "why_unfollowed"),
        ("I unfollowed you because my friend unfollowed you", "unfollow_excuse"),
        ("i stopped following you because my sister stopped following you", "unfollow_excuse"),
        ("eu parei de te seguir porque minha amiga parou também", "unfollow_excuse"),
        ("Te dejé de seguir porque mi novio te dejó de seguir", "unfollow_excuse"),
    ],
)
def test_the_writers_own_question_or_excuse_in_other_words_is_answered(text, intent):
    """083ea39's veto read these as someone else's unfollow and silenced them: "you ...
    unfollowing me", Portuguese without "você", and an excuse whose writer says they
    unfollowed the owner ("I unfollowed you") while naming someone else who did too."""
    assert classify(text).intent == intent



# The checks after the model that only ever silence: each kind below was answered in public
# before its check (hand probes and the second review's cases), as if the writer had asked
# what the answer says. `check` is the check that reads it (None: read by the intent alone).
SILENCED = [
    # a follow swap put to everyone: a follow train, not a request to the owner
    (to_everyone, "anyone up for a follow swap?"),
    (to_everyone, "f4f anyone? 🙋"),
    (to_everyone, "alguém aí quer trocar follow? sdv"),
    (to_everyone, "who wants to follow me back? 🙋"),
    (to_everyone, "hey who wants to follow me back"),
    # thanks for a follow the writer has: told why the owner did not follow them back
    (thanks_for_following, "I appreciate you following me ❤️"),
    (thanks_for_following, "appreciate you following me back"),
    (thanks_for_following, "love that you follow me 🥰"),
    (thanks_for_following, "honored that you follow me"),
    (thanks_for_following, "te agradezco que me sigas"),
    (thanks_for_following, "agradeço por me seguir de volta"),
    # the writer finds they no longer follow the owner: told why the owner unfollowed them
    (not_following, "just noticed I'm not following you anymore, weird, twitter glitch?"),
    (not_following, "why am I not following you anymore?"),
    (not_following, "wait why am i not following you?? twitter must have unfollowed you for me"),
    (not_following, "I'm not following you anymore?? must be a bug"),
    # an unfollow by mistake: lectured with the excuse's answer ("no hard feelings, ...")
    (None, "sorry I unfollowed you, it was a mistake"),
    (None, "unfollowed you by mistake sorry"),
    (None, "te dejé de seguir sin querer, perdón"),
    # a follow announced without an ask
    (announces_follow, "done, followed you 👍"),
    (announces_follow, "I followed you"),
    (announces_follow, "i have now followed you"),
    (announces_follow, "Followed you too! 😊"),
    (announces_follow, "just followed you back, love it"),
    # a follow elsewhere, the owner's own follow asked about, whether to follow
    (not_asking, "follow me on tiktok pls"),
    (not_asking, "follow me on ig and I'll follow back"),
    (not_asking, "follow me back on insta too pls"),
    (not_asking, "did you just follow me?? omg"),
    (not_asking, "should I follow you? 🤔"),
    # advice asked on being followed by others
    (not_asking, "How do I get people to follow me back?"),
    (not_asking, "how can I get more followers to follow me back on here"),
    (not_asking, "¿cómo hago para que la gente me siga?"),
    (not_asking, "como faço pra as pessoas me seguirem de volta?"),
]
# ... and the writer's own words beside the same cues, still answered.
REQ, WHY_NOT, WHY_UNF, EXCUSE = (
    "follow_back_request", "why_not_followed", "why_unfollowed", "unfollow_excuse"
)  # fmt: skip
KEPT = [
    (to_everyone, "anyone up for a follow? you maybe?", REQ),
    (to_everyone, "I'd follow back anyone who follows me, so follow me?", REQ),
    (to_everyone, "why won't you follow back anyone small like me?", WHY_NOT),
    (to_everyone, "follow me back pls", REQ),
    (to_everyone, "a loyal customer who wants a follow back", REQ),
    (to_everyone, "just a girl who wants a follow back", REQ),
    (thanks_for_following, "would be so glad if you followed me back", REQ),
    (thanks_for_following, "I'd be happy if you follow me", REQ),
    (thanks_for_following, "I appreciate you, please follow me back", REQ),
    (thanks_for_following, "grateful for you! can you follow me back?", REQ),
    (thanks_for_following, "happy birthday! hope you follow me back", REQ),
    (thanks_for_following, "happy friday, wish you followed me back", REQ),
    (thanks_for_following, "gracias, espero que me sigas", REQ),
    (thanks_for_following, "grato, me segue", REQ),
    (thanks_for_following, "happy you follow me, now follow me back", REQ),
    (thanks_for_following, "i appreciate you following me, follow me back", REQ),
    (thanks_for_following, "I'm glad you follow me but why don't you follow me back", WHY_NOT),
    (thanks_for_following, "agradezco que me sigas pero sígueme de vuelta", REQ),
    (not_following, "you're not following me anymore?", WHY_UNF),
    (not_following, "why aren't you following me anymore?", WHY_UNF),
    (not_following, "why did you unfollow me? i still follow you", WHY_UNF),
    (not_following, "why did u drop me? i'm not following u anymore either", WHY_UNF),
    (not_following, "hey why did you unfollow?? i'm not following you back now", WHY_UNF),
    (not_following, "why did you stop following? im not following you either now", WHY_UNF),
    (None, "I unfollowed you and not by mistake: you never follow back", EXCUSE),
    (None, "te dejé de seguir y no fue sin querer, nunca me seguiste", EXCUSE),
    (None, "I unfollowed you because you never followed back", EXCUSE),
    (None, "I unfollowed you. Following you was a mistake.", EXCUSE),
    (None, "I unfollowed you because supporting you was a mistake", EXCUSE),
    (announces_follow, "followed you, follow back?", REQ),
    (announces_follow, "Followed you, hope you follow back 😊", REQ),
    (announces_follow, "done ✅ followed you, now you", REQ),
    (announces_follow, "I followed you weeks ago and still nothing", WHY_NOT),
    (announces_follow, "i followed you ages ago and you never followed back", WHY_NOT),
    (announces_follow, "I followed you, return the favor", REQ),
    (announces_follow, "followed you, f4f", REQ),
    (announces_follow, "followed you, sdv", REQ),
    (announces_follow, "I just followed you, hoping for a follow", REQ),
    (announces_follow, "i followed you, i'd love a follow", REQ),
    (not_asking, "follow me back pls", REQ),
    (not_asking, "why don't you follow me on here?", WHY_NOT),
    (not_asking, "follow me back, I'm on insta too", REQ),
    (not_asking, "follow me back on here pls, I'm your biggest fan on tiktok", REQ),
    (not_asking, "I follow you on twitch and youtube, why not follow me back here?", WHY_NOT),
    (not_asking, "how do I get you to follow me back?", WHY_NOT),
    (not_asking, "How do I get people to follow me back? Why didn't you follow me back?", WHY_NOT),
    (not_asking, "como faço pra as pessoas me seguirem? por que você não me segue?", WHY_NOT),
    pytest.param(
        not_asking,
        "me segue de volta, te sigo no insta",
        REQ,
        # the check keeps it, but since the second new hand's families (which read "follow
        # me on insta" as `other`) the model is unsure (0.43): silent, the safer mistake
        marks=pytest.mark.xfail(strict=True, reason="the model reads the insta as elsewhere"),
    ),
]


@pytest.mark.parametrize(("check", "text"), SILENCED)
def test_each_check_silences_its_kind(check, text: str) -> None:
    if check is not None:
        assert check(prepare(text)[1])
    assert classify(text).intent == "other"


@pytest.mark.parametrize(("check", "text", "intent"), KEPT)
def test_the_writers_own_words_stay_answered(check, text: str, intent: str) -> None:
    if check is not None:
        assert not check(prepare(text)[1])
    assert classify(text).intent == intent


def test_every_check_on_the_prepared_string_answers_as_its_plain_pattern() -> None:
    """The checks' patterns are `Hinted` (speed: a message without their literals is not
    scanned); each finds what its plain regex finds (span and groups), on every message of
    this file, prepared and as written (lower-cased)."""
    texts = [*ACCENTED_THIRD_PERSON, *THIRD_PARTY, *(t for t, _ in WRITER_AND_OWNER)]
    kept = [getattr(case, "values", case) for case in KEPT]  # a pytest.param holds its values
    texts += [t for _, t in SILENCED] + [t for _, t, _ in kept] + [t for t, _ in STILL_BETWEEN_US]
    strings = [prepare(t)[1] for t in texts] + [t.lower() for t in texts]
    hinted = [p for p in vars(intent_parties).values() if isinstance(p, Hinted)]
    assert len(hinted) >= 14
    found = [(h, s, h.search(s), h.pattern.search(s)) for h in hinted for s in strings]
    wrong = [
        (h.pattern.pattern[:40], s)
        for h, s, a, b in found
        if (a and (a.span(), a.groups())) != (b and (b.span(), b.groups()))
    ]
    assert not wrong, wrong[:5]
    assert any(b is not None for *_, b in found)  # the patterns do match some of them
