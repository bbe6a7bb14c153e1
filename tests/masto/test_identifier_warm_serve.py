"""A long-running `bot.py run` loads the language identifier at start in a worker thread,
whatever the platforms: a reply rendered before any mention is read (a moderator's deny
follow-up naming the owner's interests in the reply's language) would otherwise load it
on the event loop (about a second of CPU). `run --once` does not (a cron cycle loads it
only if a mention needs it)."""

from __future__ import annotations

import threading

from tests.masto.fake_mastodon import TOKEN
from tests.serve_cycles import serve_cycles
from whynot.cli import run as run_module
from whynot.config import MastodonSettings, Secret, Settings


def mastodon_alone(fake, tmp_path) -> Settings:
    fake.streaming = False
    return Settings(
        db_path=tmp_path / "bot.db",
        owner_config=None,
        mastodon=MastodonSettings(watch_followers=False),
        secrets={"MASTODON_BASE_URL": Secret(fake.base), "MASTODON_ACCESS_TOKEN": Secret(TOKEN)},
    )


async def test_a_long_run_warms_the_identifier_in_a_worker_thread(fake, tmp_path, monkeypatch):
    settings = mastodon_alone(fake, tmp_path)
    on_main: list[bool] = []

    def warm() -> None:
        on_main.append(threading.current_thread() is threading.main_thread())

    monkeypatch.setattr(run_module, "warm", warm, raising=False)
    await serve_cycles(settings, settings.mastodon.poll_seconds, lambda: None, cycles=2)
    assert on_main == [False]  # once, not on the event loop's thread


async def test_a_cron_cycle_does_not(fake, tmp_path, monkeypatch):
    called: list[bool] = []
    monkeypatch.setattr(run_module, "warm", lambda: called.append(True), raising=False)
    await run_module.serve(mastodon_alone(fake, tmp_path), once=True, dry_run=False)
    assert called == []
