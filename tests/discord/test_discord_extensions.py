"""The cogs are found by walking the `cogs` package (no hand-kept list): every module and
every package with a `setup` is loaded, private names are not, and the bot loads exactly
what the walk finds."""

from __future__ import annotations

import pkgutil

import cogs
from whynot.platforms.discord.bot import extensions


def test_the_walk_finds_every_cog_module_with_the_bot_s_own_first():
    modules = sorted(f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__))
    found = extensions()
    assert sorted(found) == modules and found[0] == "cogs.whynot"


def test_private_modules_and_packages_without_setup_are_skipped(tmp_path, monkeypatch):
    (tmp_path / "whynot.py").write_text("async def setup(bot):\n    pass\n")
    (tmp_path / "alpha.py").write_text("async def setup(bot):\n    pass\n")
    (tmp_path / "_helpers.py").write_text("X = 1\n")
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "__init__.py").write_text("async def setup(bot):\n    pass\n")
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "__init__.py").write_text("")
    monkeypatch.setattr(cogs, "__path__", [str(tmp_path)])
    assert extensions() == ("cogs.whynot", "cogs.alpha", "cogs.bundle")


async def test_the_bot_loads_what_the_walk_finds(world):
    assert tuple(world.bot.extensions) == extensions()
