"""A platform, tone or decision written with a capital ("Bluesky", "Polite", "Approve"),
as init takes its platforms: every command reads it as its lower-case name (fifth
walkthrough: `preview --platform Bluesky` was "unknown --platform 'Bluesky'", and
`override`, `audit` and `demo` refused it likewise, after init had taken it)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_capture import bot

ROOT = Path(__file__).resolve().parent.parent
ASKER = {"id": "b1", "handle": "lupita.bsky.social", "posts": [{"text": "hola a todos"}]}


def test_preview_takes_capitals(tmp_path):
    account = tmp_path / "lupita.json"
    account.write_text(json.dumps(ASKER), encoding="utf-8")
    owner = ROOT / "data" / "demo" / "owner.toml"
    code, out, err = bot(
        "preview", "sígueme porfa", "--account", str(account), "--owner-config", str(owner),
        "--platform", "Bluesky", "--tone", "Polite", "--decision", "Approve", "--json",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["platform"], shown["tone"], shown["decision"]) == ("bluesky", "polite", "approve")


def test_override_and_audit_take_capitals(tmp_path, monkeypatch):
    db = str(tmp_path / "bot.db")
    code, out, err = bot(
        "override", "set", "lupita.bsky.social", "Approve", "--platform", "Bluesky",
        "--reason", "es de la comunidad", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("approved bluesky @lupita.bsky.social")
    for name in ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = bot("audit", "--source", "Bluesky", "--db", db)
    assert code == 2 and "--source bluesky needs BLUESKY_HANDLE" in err  # read, then refused
    code, _, err = bot("audit", "--platform", "Bluesky", "--db", db, "--out", str(tmp_path / "o"))
    assert code == 1 and "no cached bluesky accounts" in err
