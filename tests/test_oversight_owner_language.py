"""The "was it an oversight?" note to someone the bot never read (no message to the owner,
no judged posts) was English whatever the owner's audience spoke: a Spanish owner's
unfollowers got "Hi ..., I noticed you unfollowed me". It now speaks the owner's language:
the owner file's `language`, else the owner's own posts', else the interests' as written
(when sure), else English. Someone the bot has read still gets their own language."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from factories import Clock, account

from whynot.config import Settings, XSettings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.owner_config import OwnerConfigError, load_owner_config
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.watch import Watch

DAY = 86_400.0
ENGLISH_INTERESTS = '["social media", "marketing", "customer service"]'


def owner_file(tmp_path: Path, lines: str, own_posts: list[str] | None = None) -> Path:
    path = tmp_path / "owner.toml"
    if own_posts is not None:
        posts = [{"id": f"o{i}", "text": text} for i, text in enumerate(own_posts)]
        line = {"id": "1", "handle": "dueña", "posts": posts}
        (tmp_path / "own.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
        lines += '\nown_posts = "own.jsonl"'
    path.write_text(f'[owner]\nhandle = "duena"\n{lines}\n', encoding="utf-8")
    return path


async def notes_to_strangers(tmp_path: Path, owner: Path, read_in_pt: bool = False) -> dict:
    """The notes the watch sends to two unfollowers: user1, never read; user2, who wrote
    to the owner in Portuguese once (when `read_in_pt`)."""
    clock = Clock(1_800_000_000.0)
    platform = MemoryPlatform(owner=Identity("x", "0", "duena"), name="x")
    for i in ("1", "2"):
        platform.accounts[i] = replace(account(f"user{i}"), id=i)
    store = await Store.open(tmp_path / "w.db")
    try:
        index = load_owner_config(owner)
        desk = Desk(store, {"x": platform}, ReplyRenderer(), index, Settings(), clock=clock)
        watch = Watch(store, desk, platform, XSettings(notices_enabled=True), clock=clock)
        if read_in_pt:
            asked = Mention("x", "m1", Identity("x", "2", "user2"), "por que você não me segue?")
            await store.messages.record_skip(asked, "why_not_followed", "pt", "test", clock())
        for i in ("1", "2"):
            await store.followers.add_event(
                "x", Identity("x", i, f"user{i}"), "unfollow", clock() - DAY
            )
        await watch.announce()
        return {to.handle: text for to, text in platform.dms}
    finally:
        await store.close()


async def test_the_owner_files_language_speaks_to_someone_never_read(tmp_path):
    owner = owner_file(tmp_path, f'interests = {ENGLISH_INTERESTS}\nlanguage = "es"')
    notes = await notes_to_strangers(tmp_path, owner, read_in_pt=True)
    assert notes["user1"].startswith("Hola") and "dejaste de seguirme" in notes["user1"]
    assert notes["user2"].startswith("Olá")  # read: their own language, not the owner's


async def test_without_a_language_the_owners_own_posts_tell(tmp_path):
    mine = [
        "Hoy abrimos la nueva tienda en el centro, gracias a todos por venir",
        "Mañana hablamos de atención al cliente en la radio de la ciudad",
        "Qué buena semana tuvimos con el equipo, seguimos creciendo juntos",
    ]
    owner = owner_file(tmp_path, f"interests = {ENGLISH_INTERESTS}", own_posts=mine)
    notes = await notes_to_strangers(tmp_path, owner)
    assert notes["user1"].startswith("Hola")


async def test_without_posts_the_interests_as_written_tell(tmp_path):
    interests = '["atendimento ao cliente", "redes sociais", "marketing"]'
    notes = await notes_to_strangers(tmp_path, owner_file(tmp_path, f"interests = {interests}"))
    assert notes["user1"].startswith("Olá") and "deixou de me seguir" in notes["user1"]


async def test_english_interests_and_nothing_else_stay_english(tmp_path):
    owner = owner_file(tmp_path, f"interests = {ENGLISH_INTERESTS}")
    notes = await notes_to_strangers(tmp_path, owner)
    assert notes["user1"].startswith("Hi")


@pytest.mark.parametrize("value", ['"Spanish"', "3", '"es_ES"'])
def test_a_language_that_is_not_a_code_is_refused_with_one_line(tmp_path, value):
    with pytest.raises(OwnerConfigError, match=r"\[owner\] language must be a language code"):
        load_owner_config(owner_file(tmp_path, f"language = {value}"))


@pytest.mark.parametrize(("code", "hello"), [("pt-BR", "Olá"), ("es-MX", "Hola")])
async def test_a_language_with_its_region_speaks_that_languages_notes(tmp_path, code, hello):
    # "pt-BR" passes the owner file's check; the templates are folders by language (pt),
    # and the renderer wrote English for a name it has no folder of.
    owner = owner_file(tmp_path, f'interests = {ENGLISH_INTERESTS}\nlanguage = "{code}"')
    notes = await notes_to_strangers(tmp_path, owner)
    assert notes["user1"].startswith(hello)


def test_a_language_names_its_templates_folder():
    from whynot.oversight import folder_of

    assert folder_of("pt-BR", ("en", "es", "pt")) == "pt"
    assert folder_of("zh", ("en", "zh-TW")) == "zh-TW"
    assert folder_of("pt", ("en", "pt")) == "pt"
    assert folder_of("fr", ("en", "es", "pt")) == "fr"  # none: the renderer's English
