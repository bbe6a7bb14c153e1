"""README's Discord section says what the slash commands take (second walkthrough): the
`platform:` choices of `/whynot` and `/override` are the ones the table lists. Read from
the bot's own command tree (importing the cogs here would leave a second copy of their
modules behind, which other tests' monkeypatching would then miss)."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def listed_platforms() -> list[str]:
    found = re.search(r"`/whynot user:@member` or `handle:NAME platform:([a-z\\|]+)`", README)
    assert found is not None
    return found.group(1).split("\\|")


def platform_choices(command) -> list[str]:
    return [c.value for c in command.get_parameter("platform").choices]


async def test_the_readme_lists_every_platform_whynot_takes(world):
    assert listed_platforms() == platform_choices(world.bot.tree.get_command("whynot"))


async def test_override_takes_the_same_platforms(world):
    group = world.bot.tree.get_command("override")
    with_platform = [c for c in group.commands if c.get_parameter("platform") is not None]
    assert {c.name for c in with_platform} == {"set", "clear", "history"}
    for command in with_platform:
        assert platform_choices(command) == listed_platforms()
