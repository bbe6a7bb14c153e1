"""README's Discord section says what the slash commands take (second walkthrough): the
`platform:` choices of `/whynot` and `/override` are the ones the table lists."""

from __future__ import annotations

import re
from pathlib import Path

from cogs.moderation import Moderation
from cogs.whynot import WhyNot

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def listed_platforms() -> list[str]:
    found = re.search(r"`/whynot user:@member` or `handle:NAME platform:([a-z\\|]+)`", README)
    assert found is not None
    return found.group(1).split("\\|")


def test_the_readme_lists_every_platform_whynot_takes():
    choices = [c.value for c in WhyNot.whynot._params["platform"].choices]
    assert listed_platforms() == choices


def test_override_takes_the_same_platforms():
    for command in Moderation.override.commands:
        params = getattr(command, "_params", {})
        if "platform" in params:
            assert [c.value for c in params["platform"].choices] == listed_platforms()
