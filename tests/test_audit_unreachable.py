"""`bot.py audit --source bluesky|mastodon` when the service does not answer (no network,
the service down): exit 1 and a line saying to run it again, where it resumes; it was
exit 2, the status of a set-up mistake, and a failure mid-list named no next step. A
refusal of the credentials stays a set-up mistake (2)."""

from __future__ import annotations

import pytest

from whynot.cli import main
from whynot.platform import PlatformError
from whynot.platforms.bluesky.platform import BlueskyPlatform


@pytest.fixture
def bluesky_owner(tmp_path, monkeypatch):
    monkeypatch.setenv("BLUESKY_HANDLE", "me.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")
    monkeypatch.setenv("WHYNOT_DB", str(tmp_path / "bot.db"))
    owner = tmp_path / "owner.toml"
    owner.write_text('[owner]\nhandle = "me.bsky.social"\ninterests = ["comunidad"]\n')
    return ["audit", "--source", "bluesky", "--out", str(tmp_path / "out"),
            "--owner-config", str(owner), "--workers", "1"]  # fmt: skip


def audit(argv, capsys) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def test_a_service_that_does_not_answer_is_a_wait_not_a_mistake(bluesky_owner, monkeypatch, capsys):
    async def unreachable(self):
        raise PlatformError("Bluesky unavailable for createSession: no answer", transient=True)

    monkeypatch.setattr(BlueskyPlatform, "me", unreachable)
    code, err = audit(bluesky_owner, capsys)
    assert code == 1 and err.count("\n") == 1, err
    assert "then audit again" in err


def test_a_drop_mid_list_says_to_run_again_where_it_resumes(bluesky_owner, monkeypatch, capsys):
    async def me(self):
        return None

    async def dropped(self, cursor):
        raise PlatformError("Bluesky unavailable for getFollowers: no answer", transient=True)

    monkeypatch.setattr(BlueskyPlatform, "me", me)
    monkeypatch.setattr(BlueskyPlatform, "not_followed_back", dropped)
    code, err = audit(bluesky_owner, capsys)
    assert code == 1 and err.count("\n") == 1, err
    assert "run the same command again: it resumes" in err


def test_refused_credentials_stay_a_set_up_mistake(bluesky_owner, monkeypatch, capsys):
    async def refused(self):
        raise PlatformError("Bluesky refused createSession: 401", transient=False)

    monkeypatch.setattr(BlueskyPlatform, "me", refused)
    code, err = audit(bluesky_owner, capsys)
    assert code == 2 and "BLUESKY_APP_PASSWORD" in err
