"""`bot.py import-archive` on small archives the tests build (zip and folder)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from whynot.archive import ArchiveError, read_archive
from whynot.owner_config import load_owner_config
from whynot.store import Store

ROOT = Path(__file__).resolve().parent.parent


def js(kind: str, items: list) -> str:
    return f"window.YTD.{kind}.part0 = " + json.dumps(items, indent=2)


def make_archive(folder: Path) -> dict[str, str]:
    tweets = [
        {
            "tweet": {
                "id_str": str(100 + i),
                "full_text": f"Customer care tip {i} #cx #socialmedia",
                "created_at": "Wed Oct 10 20:19:24 +0000 2018",
                "entities": {
                    "hashtags": [{"text": "cx"}, {"text": "socialmedia"}],
                    "urls": [],
                    "user_mentions": [],
                },
            }
        }
        for i in range(3)
    ]
    tweets.append(
        {
            "tweet": {
                "id_str": "200",
                "full_text": "@ana thanks!",
                "in_reply_to_status_id_str": "199",
                "created_at": "Thu Oct 11 08:00:00 +0000 2018",
                "entities": {},
            }
        }
    )
    return {
        "data/account.js": js(
            "account",
            [
                {
                    "account": {
                        "accountId": "783214",
                        "username": "fsalas",
                        "accountDisplayName": "Fernando",
                    }
                }
            ],
        ),
        "data/follower.js": js(
            "follower",
            [
                {"follower": {"accountId": str(i), "userLink": f"https://x.com/i/{i}"}}
                for i in range(1, 1201)
            ],
        ),
        "data/following.js": js(
            "following", [{"following": {"accountId": "42"}}, {"following": {"accountId": "43"}}]
        ),
        "data/tweets.js": js("tweets", tweets),
    }


def test_reads_a_zip_and_a_folder_alike(tmp_path):
    files = make_archive(tmp_path)
    archive_zip = tmp_path / "twitter-2026.zip"
    with zipfile.ZipFile(archive_zip, "w") as zf:
        for name, text in files.items():
            zf.writestr(f"twitter-2026/{name}", text)
    folder = tmp_path / "unpacked"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    for source in (archive_zip, folder):
        archive = read_archive(source)
        assert archive.handle == "fsalas" and archive.account_id == "783214"
        assert len(archive.followers) == 1200 and archive.following == ["42", "43"]
        assert [p["kind"] for p in archive.posts] == ["post", "post", "post", "reply"]
        assert archive.posts[0]["created_at"].startswith("2018-10-10T20:19:24")


def test_not_an_archive_is_a_clear_error(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ArchiveError, match="not a folder or a zip"):
        read_archive(tmp_path / "x.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError, match=r"no data/account\.js"):
        read_archive(tmp_path / "empty")


def test_the_command_seeds_the_snapshot_and_the_owner_files(tmp_path):
    folder = tmp_path / "archive"
    for name, text in make_archive(tmp_path).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    db, out = tmp_path / "bot.db", tmp_path / "seed"
    result = subprocess.run(
        [
            sys.executable,
            "bot.py",
            "import-archive",
            str(folder),
            "--db",
            str(db),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "1,200 followers" in result.stdout

    async def snapshot_size() -> int:
        store = await Store.open(db)
        try:
            assert (
                await store.followers.open_crawl("x", "783214") is None
            )  # finished, ready to diff
            return await store.followers.count(1)
        finally:
            await store.close()

    assert asyncio.run(snapshot_size()) == 1200
    owner = tmp_path / "owner.toml"
    owner.write_text(
        '[owner]\nhandle = "fsalas"\ninterests = ["marketing"]\n'
        f'following = "{out}/following.jsonl"\nown_posts = "{out}/own_posts.jsonl"\n'
    )
    index = load_owner_config(owner)
    assert {t.label for t in index.topics} >= {"marketing", "#cx", "#socialmedia"}
    assert set(index.followed) == {"42", "43"}
    bad = subprocess.run(
        [sys.executable, "bot.py", "import-archive", str(tmp_path / "nope")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
