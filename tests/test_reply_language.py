"""The reply language of a message in a language the classifier does not read
(whynot/reply_language.py): English, or the asker's own where templates/ has it; the
classifier's choice among English, Spanish and Portuguese untouched."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from factories import account, account_dict, posts
from test_watch import DAY, world  # noqa: F401  (the fixture)

from scoring import parse_account
from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.intents import classify
from whynot.models import Identity, Mention
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import TEMPLATES, ReplyRenderer
from whynot.reply_language import in_language, reply_language
from whynot.store import Store
from whynot.textnorm import guess_language

OURS = ("en", "es", "pt")
ELSEWHERE = [
    "pourquoi tu ne me suis pas en retour ? je te suis depuis longtemps",
    "perché non mi segui? io ti seguo da tanto tempo",
    "warum folgst du mir nicht zurück? ich folge dir schon lange",
    "почему ты не подписался на меня в ответ?",
    "なんでフォロバしてくれないの？ずっと待ってるのに",
]
OWN = [
    ("why didn't you follow me back?", "en"),
    ("¿por qué no me sigues de vuelta? te sigo hace meses", "es"),
    ("por que você não me segue de volta? te sigo faz tempo", "pt"),
    ("seguime de vuelta porfa", "es"),
    ("me segue de volta?", "pt"),
    ("follow back pls", "en"),
]


@pytest.mark.parametrize("text", ELSEWHERE)
def test_another_language_is_answered_in_english(text):
    read = classify(text)
    assert reply_language(text, read.language, OURS) == "en"


@pytest.mark.parametrize(("text", "language"), OWN)
def test_the_classifiers_own_languages_stand(text, language):
    read = classify(text)
    assert read.language == language
    assert reply_language(text, read.language, OURS) == language


def test_a_language_with_templates_is_answered_in_it():
    text = ELSEWHERE[0]
    assert reply_language(text, "es", (*OURS, "fr")) == "fr"


@pytest.mark.parametrize(
    ("text", "folder"),
    [
        ("为什么你不回关我？我关注你很久了", "zh-TW"),  # a region's folder (Discord's zh-TW)
        ("защо не ме последва обратно? следвам те от месеци", "bg"),  # not a CANDIDATE
        ("zašto me ne pratiš natrag? pratim te već mjesecima", "hr"),
    ],
)
def test_any_language_with_templates_is_answered_in_it(text, folder):
    """templates/zh-TW/ answers a Chinese asker (in English before: no "zh" folder), and
    templates/bg/ a Bulgarian one (among CANDIDATES the identifier was unsure, Russian
    0.73, so the classifier's Portuguese stood)."""
    assert reply_language(text, classify(text).language, (*OURS, folder)) == folder


def test_a_templates_folder_the_identifier_does_not_know_is_no_error():
    text = ELSEWHERE[0]  # French: no "fr" folder, so English
    assert reply_language(text, "es", (*OURS, "tlh", "x-pirate")) == "en"


def test_a_neighbour_with_templates_stays_the_classifiers():
    text = "per què no em segueixes de tornada? fa mesos que et segueixo"  # Catalan
    read = classify(text).language
    assert read in OURS and reply_language(text, read, (*OURS, "ca")) == read


def test_a_message_not_answered_keeps_the_language_a_later_note_is_written_in():
    """A French message the bot does not answer is still kept as not Spanish: the "was
    it an oversight?" note to its author is written in the language kept with it."""
    text = "bonjour à tous, quelle belle journée au bord de la mer aujourd'hui"
    read = classify(text)
    assert read.intent == "other"
    assert in_language(read, text, OURS).language == "en"


async def test_the_oversight_note_to_a_french_unfollower_is_not_spanish(world):  # noqa: F811
    platform, store, watch, clock, feed = world
    watch.settings = XSettings(notices_enabled=True)
    french = ["Quelle belle journée au bord de la mer avec les enfants aujourd'hui"] * 5
    judged = account("user40", posts=posts(french))
    assert guess_language(" ".join(french).lower()) != "en"  # what chose the note before
    await store.accounts.save("x", replace(judged, id="40"), clock() - 90 * DAY, 3600.0)
    await store.followers.add_event("x", Identity("x", "40", "user40"), "unfollow", clock() - DAY)
    await watch.announce()
    notes = {to.handle: text for to, text in platform.dms}
    assert notes["user40"].startswith("Hi")


ASKER = account_dict("jean_dupont", display_name="Jean", posts=posts(["Bonjour"] * 20))


async def _answer(tmp_path: Path, text: str, templates: Path = TEMPLATES, asker_dict=ASKER):
    asker = parse_account(asker_dict)
    platform = MemoryPlatform(
        owner=Identity("x", "0", "fsalas"), name="x", reply_format="x", accounts={asker.id: asker}
    )
    store = await Store.open(tmp_path / "w.db")
    try:
        renderer = ReplyRenderer("polite", templates=templates)
        desk = Desk(store, {"x": platform}, renderer, None, Settings(), dry_run=True)
        who = Identity("x", asker.id, asker.handle, asker.display_name or "Jean")
        return await desk.handle(Mention("x", "m1", who, text))
    finally:
        await store.close()


async def test_the_desk_answers_a_french_asker_in_english_not_spanish(tmp_path):
    text = "pourquoi tu ne me follow back pas ? je te suis depuis longtemps"
    assert classify(text).language != "en"  # what it was answered in before
    outcome = await _answer(tmp_path, text)
    assert outcome.intent != "other" and outcome.posts
    assert outcome.language == "en"
    assert outcome.posts[0].startswith("Hi Jean")


async def test_the_desk_answers_in_french_once_templates_fr_exists(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(templates / "es", templates / "fr")  # stands for a translation
    outcome = await _answer(
        tmp_path, "pourquoi tu ne me follow pas en retour ? je te suis", templates
    )
    assert outcome.language == "fr" and outcome.posts


def test_an_identifier_that_cannot_load_leaves_the_classifiers_language(monkeypatch, caplog):
    """An owner who pulled the upgrade without reinstalling requirements.txt: replies go
    on in the classifier's language, with one warning, instead of failing every mention."""
    import builtins

    import whynot.reply_language as rl

    real_import = builtins.__import__

    def no_py3langid(name, *args, **kwargs):
        if name.startswith("py3langid"):
            raise ModuleNotFoundError("No module named 'py3langid'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_py3langid)
    rl._model.cache_clear(), rl._identifier.cache_clear()
    try:
        assert reply_language(ELSEWHERE[0], "es", OURS) == "es"
        assert reply_language(ELSEWHERE[1], "es", OURS) == "es"
    finally:
        rl._model.cache_clear(), rl._identifier.cache_clear()
    warnings = [r for r in caplog.records if "did not load" in r.getMessage()]
    assert len(warnings) == 1 and "reinstall requirements.txt" in warnings[0].getMessage()
