""""Why did you unfollow me?" from an account too thin to review is not told that the owner
does not follow back automatically (a non-sequitur to someone the owner did follow): the
desk and `preview` give the shared "not reviewed" reply the mention's intent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import account_dict, posts

from scoring import parse_account
from whynot.cli import main
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.owner_config import load_owner_config
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store

OWNER_TOML = Path(__file__).resolve().parent.parent / "data" / "demo" / "owner.toml"
THIN = account_dict(
    "pixelpanda",
    posts=posts(["LIVE NOW come hang", "gg", "speedrun attempts tonight"]),
    followers_count=240,
    following_count=1900,
)
AUTOMATIC = "follow back automatically"


async def desk_reply(tmp_path, text: str) -> tuple[str, str]:
    asker = parse_account(THIN)
    platform = MemoryPlatform(
        owner=Identity("x", "0", "fsalas"), name="x", reply_format="x", accounts={asker.id: asker}
    )
    store = await Store.open(tmp_path / "w.db")
    try:
        desk = Desk(
            store, {"x": platform}, ReplyRenderer(), load_owner_config(OWNER_TOML), Settings(),
            dry_run=True,
        )  # fmt: skip
        who = Identity("x", asker.id, asker.handle)
        outcome = await desk.handle(Mention("x", "m1", who, text))
    finally:
        await store.close()
    return outcome.template, " ".join(outcome.posts)


@pytest.mark.parametrize(
    ("text", "said"),
    [("why did you unfollow me?", False), ("follow back please?", True)],
)
async def test_the_desk_answers_the_question_asked(tmp_path, text, said):
    template, reply = await desk_reply(tmp_path, text)
    assert template == "not_reviewed" and "couldn't review your account" in reply
    assert (AUTOMATIC in reply) is said


def test_preview_says_the_same(tmp_path, capsys):
    path = tmp_path / "asker.json"
    path.write_text(json.dumps(THIN), encoding="utf-8")
    code = main(["preview", "why did you unfollow me?", "--account", str(path), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    reply = json.loads(out)["reply"]
    assert reply["template"] == "not_reviewed" and AUTOMATIC not in " ".join(reply["posts"])
