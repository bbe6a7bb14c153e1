"""`bot.py audit --source bluesky`: the owner's Bluesky followers not followed back, read
live from the local service and judged into audit.csv (a real process)."""

from __future__ import annotations

import asyncio
import csv
import os
import sys
from pathlib import Path

from tests.bluesky.conftest import SECRETS
from tests.bluesky.fake_pds import post_view, profile

ROOT = Path(__file__).resolve().parents[2]


async def test_audit_reads_followers_not_followed_back(fake, tmp_path):
    for i in range(6):
        did = f"did:plc:follower{i:016d}"
        fake.profiles[did] = who = profile(did, f"fan{i}.bsky.social")
        fake.feeds[did] = [
            {"post": post_view(f"at://{did}/app.bsky.feed.post/3k{n}", who, f"post {n}")}
            for n in range(5)
        ]
        fake.followers.append(did)
    fake.followers.append("did:plc:deleted000000000000001")  # listed, its profile gone
    fake.followed_back = {fake.followers[0], fake.followers[1]}
    owner = tmp_path / "owner.toml"
    owner.write_text('[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n')
    env = {
        **os.environ,
        "WHYNOT_BLUESKY_SERVICE": fake.base,
        "WHYNOT_DB": str(tmp_path / "bot.db"),
        **{k: v.reveal() for k, v in SECRETS.items()},
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "audit",
        "--source",
        "bluesky",
        "--out",
        str(tmp_path / "out"),
        "--owner-config",
        str(owner),
        "--workers",
        "1",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
    text = out.decode()
    assert proc.returncode == 0, text
    with (tmp_path / "out" / "audit.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5  # 7 followers, 2 followed back
    handles = {r.get("handle") for r in rows}
    assert {"fan2.bsky.social", "fan5.bsky.social"} <= handles
    assert "fan0.bsky.social" not in handles


async def test_audit_without_bluesky_credentials_is_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLUESKY_")}
    env["WHYNOT_DB"] = str(tmp_path / "bot.db")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "audit",
        "--source",
        "bluesky",
        "--out",
        str(tmp_path / "o"),
        "--owner-config",
        str(tmp_path / "none.toml"),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 2
    assert err.decode().strip().splitlines() == [
        "bot.py audit: --source bluesky needs BLUESKY_HANDLE and BLUESKY_APP_PASSWORD "
        "(the environment or .env)"
    ]
