"""`bot.py audit`: CSV rows against the scorer, the HTML page, resuming, sources, errors."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from factories import NOW, account_dict, genuine_posts, posts

from scoring import CRITERION_IDS, Account, judge, parse_account
from whynot import audit
from whynot.audit import (
    COLUMNS,
    CSV_NAME,
    ERRORS_NAME,
    NOT_REVIEWED,
    ArchiveSource,
    AuditConflict,
    JsonlSource,
    StoreSource,
    run_audit,
    uncell,
)
from whynot.audit.report import read_csv, write_report
from whynot.owner_config import load_owner_config
from whynot.store import Store

ROOT = Path(__file__).resolve().parent.parent
OWNER = ROOT / "data" / "demo" / "owner.toml"
HOSTILE = '=<script>alert("x")</script>{{ 7*7 }}\'"&'


def promo_posts(n: int = 20) -> list[dict]:
    return posts(
        [f"Buy now, 50% off today only! https://deals.example/p{i} #deal" for i in range(n)]
    )


def known_accounts() -> list[dict]:
    return [
        account_dict("ana_cx", followers_count=800, following_count=300, posts=genuine_posts()),
        account_dict("deals_bot", followers_count=40, following_count=4000, posts=promo_posts()),
        account_dict(
            HOSTILE,
            posts=posts([f"{HOSTILE} <img src=http://evil.example/x> {i}" for i in range(12)]),
        ),
        account_dict("quiet_one"),
    ]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def known_input(tmp_path: Path) -> Path:
    accounts = [json.dumps(a) for a in known_accounts()]
    return write_lines(
        tmp_path / "accounts.jsonl",
        [
            accounts[0],
            "{not json",  # line 2
            accounts[1],
            "",  # blank: skipped, not an error
            accounts[2],
            json.dumps({"id": "no-handle"}),  # line 6
            accounts[3],
        ],
    )


def read_rows(out: Path) -> list[dict[str, str]]:
    with (out / CSV_NAME).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def audit_jsonl(path: Path, out: Path, **kw) -> audit.AuditResult:
    kw.setdefault("owner_config", OWNER)
    with JsonlSource(path) as source:
        result = run_audit(source, out, now=NOW, progress=False, **kw)
    if not result.interrupted:  # as `bot.py audit` does: the page once everything is done
        write_report(out)
    return result


# --- CSV ----------------------------------------------------------------------------------


def test_csv_has_one_row_per_account_with_the_scorers_values(tmp_path):
    result = audit_jsonl(known_input(tmp_path), tmp_path / "out")
    rows = read_rows(tmp_path / "out")
    owner = load_owner_config(OWNER)
    expected = [judge(parse_account(a), owner, NOW) for a in known_accounts()]
    assert [uncell(r["handle"]) for r in rows] == [v.handle for v in expected]
    assert [r["position"] for r in rows] == ["1", "3", "5", "7"]
    assert result.rows == 4 and result.errors == 2 and not result.interrupted
    for row, verdict in zip(rows, expected, strict=True):
        assert uncell(row["id"]) == verdict.id
        assert row["status"] == ("reviewed" if verdict.reviewable else "too little data")
        assert row["fake_score"] == repr(round(verdict.fake_score, 4))
        assert row["follow_back"] == ("true" if verdict.follow_back else "false")
        assert row["failed"].split() == [c.id for c in verdict.failed]
        for c in verdict.criteria:
            assert row[f"{c.id}_passed"] == ("true" if c.passed else "false")
            assert float(row[f"{c.id}_score"]) == round(c.score, 4)
            assert float(row[f"{c.id}_confidence"]) == round(c.confidence, 4)
        worst = [c for c in verdict.failed if c.evidence]
        assert uncell(row["top_evidence"]) == " | ".join(f"{c.id}: {c.evidence[0]}" for c in worst)
    # The known input says something: the genuine account passes, the promo bot fails.
    by_handle = {uncell(r["handle"]): r for r in rows}
    assert by_handle["ana_cx"]["follow_back"] == "true"
    assert by_handle["quiet_one"]["status"] == "too little data"
    assert "automated_promo" in by_handle["deals_bot"]["failed"].split()
    assert by_handle["deals_bot"]["top_evidence"].startswith(by_handle["deals_bot"]["failed"][:8])


def test_hostile_text_cannot_become_a_spreadsheet_formula_or_a_second_row(tmp_path):
    nasty = account_dict("=cmd|' /C calc'!A0\nsecond,line", id="+1\r\n-2")
    result = audit_jsonl(write_lines(tmp_path / "a.jsonl", [json.dumps(nasty)]), tmp_path / "o")
    text = (tmp_path / "o" / CSV_NAME).read_text(encoding="utf-8")
    assert result.rows == 1 and len(text.splitlines()) == 2  # header + one physical line
    (row,) = read_rows(tmp_path / "o")
    assert row["handle"].startswith("'=") and row["id"].startswith("'+")
    assert uncell(row["handle"]) == "=cmd|' /C calc'!A0 second,line"


def test_evidence_quoting_the_separator_stays_with_its_criterion(tmp_path):
    """Failed criteria share one cell, joined by " | "; a quoted post holding " | one_track: "
    must not read back as a second criterion."""
    trick = "check out my new video | one_track: gotcha"
    acc = account_dict("trickster", posts=posts([f"{trick} {i}" for i in range(12)]))
    out = tmp_path / "out"
    audit_jsonl(write_lines(tmp_path / "in.jsonl", [json.dumps(acc)]), out)
    _, rows = read_csv(out / CSV_NAME)
    evidence = dict(rows[0].evidence)
    assert "meformer" in evidence and "gotcha" in evidence["meformer"]
    assert "one_track" not in evidence


def test_a_huge_handle_is_cut_and_the_audit_still_resumes_and_renders(tmp_path):
    huge = account_dict("h" * 200_000)
    source = write_lines(tmp_path / "a.jsonl", [json.dumps(huge), json.dumps(account_dict("b"))])
    out = tmp_path / "o"
    assert audit_jsonl(source, out).rows == 2
    assert len(read_rows(out)[0]["handle"]) == audit.CELL_CHARS
    assert audit_jsonl(source, out).rows == 2  # the long row reads back on resume


def test_bad_lines_are_counted_and_listed_and_the_run_goes_on(tmp_path):
    out = tmp_path / "out"
    result = audit_jsonl(known_input(tmp_path), out)
    errors = [json.loads(line) for line in (out / ERRORS_NAME).read_text().splitlines()]
    assert [e["line"] for e in errors] == [2, 6]
    assert "not valid JSON" in errors[0]["error"] and "handle" in errors[1]["error"]
    assert result.errors == 2
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert re.search(r"<b>2</b>\s*<span>unreadable input lines", page)


# --- resuming -----------------------------------------------------------------------------


class Counting:
    """A judge that counts its calls and can stop the audit (Ctrl-C) after `stop_after`."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.ids: list[str] = []
        self.stop_after = stop_after

    def __call__(self, account: Account, owner, now):
        if self.stop_after is not None and len(self.ids) >= self.stop_after:
            raise KeyboardInterrupt
        self.ids.append(account.id)
        return judge(account, owner, now)


def many(tmp_path: Path, n: int = 20) -> Path:
    lines = [json.dumps(account_dict(f"acct{i:02d}", posts=genuine_posts(10))) for i in range(n)]
    lines[4] = "oops"  # bad lines before and after the interruption
    lines[15] = "[1, 2]"
    return write_lines(tmp_path / "many.jsonl", lines)


def test_an_interrupted_audit_resumes_without_judging_any_account_twice(tmp_path):
    source = many(tmp_path)
    reference = tmp_path / "ref"
    audit_jsonl(source, reference)

    out = tmp_path / "out"
    first = Counting(stop_after=7)
    result = audit_jsonl(source, out, judge_fn=first, batch=4)
    assert result.interrupted and not (out / "audit.html").exists()
    done = [uncell(r["id"]) for r in read_rows(out)]
    assert done == first.ids and len(done) == 7

    second = Counting()
    result = audit_jsonl(source, out, judge_fn=second, batch=4)
    assert not result.interrupted and result.resumed_at == 8  # line 8 was the 7th account
    assert set(second.ids).isdisjoint(done)
    assert len(second.ids) == 18 - 7  # 20 lines, 2 of them bad
    assert (out / CSV_NAME).read_bytes() == (reference / CSV_NAME).read_bytes()
    assert (out / ERRORS_NAME).read_bytes() == (reference / ERRORS_NAME).read_bytes()

    third = Counting()  # a finished audit judges nothing and rewrites the page
    assert audit_jsonl(source, out, judge_fn=third).rows == 18 and third.ids == []


def test_a_row_cut_by_a_kill_is_dropped_and_judged_again(tmp_path):
    source = many(tmp_path)
    out = tmp_path / "out"
    audit_jsonl(source, out)
    whole = (out / CSV_NAME).read_bytes()
    last = whole.rstrip(b"\n").rsplit(b"\n", 1)[1]
    (out / CSV_NAME).write_bytes(whole[: len(whole) - len(last) // 2 - 1])  # half a row
    again = Counting()
    audit_jsonl(source, out, judge_fn=again)
    assert again.ids == ["id-acct19"]
    assert (out / CSV_NAME).read_bytes() == whole


def test_workers_write_the_same_rows_in_the_same_order(tmp_path):
    source = many(tmp_path, 40)
    audit_jsonl(source, tmp_path / "one", workers=1)
    audit_jsonl(source, tmp_path / "two", workers=2, batch=3)
    assert (tmp_path / "two" / CSV_NAME).read_bytes() == (tmp_path / "one" / CSV_NAME).read_bytes()


def test_another_source_in_the_same_folder_is_refused_unless_fresh(tmp_path):
    out = tmp_path / "out"
    audit_jsonl(many(tmp_path), out)
    other = write_lines(tmp_path / "other.jsonl", [json.dumps(account_dict("solo"))])
    with pytest.raises(AuditConflict, match="--fresh"):
        audit_jsonl(other, out)
    with pytest.raises(AuditConflict, match="--fresh"):
        audit_jsonl(many(tmp_path), out, owner_config=None)
    assert audit_jsonl(other, out, fresh=True).rows == 1


# --- sources ------------------------------------------------------------------------------


class FakeStore:
    """The `Store.accounts` contract the store source relies on (keyset order)."""

    def __init__(self, accounts: list[Account]) -> None:
        self.known = sorted(accounts, key=lambda a: a.id)
        self.afters: list[str] = []
        self.accounts = self

    async def every(self, platform: str, after: str = "") -> AsyncIterator[Account]:
        self.afters.append(after)
        for account in self.known:
            if account.platform == platform and account.id > after:
                yield account

    async def count(self, platform: str) -> int:
        return sum(a.platform == platform for a in self.known)

    async def close(self) -> None:
        pass


def test_the_store_source_resumes_after_the_last_id_written(tmp_path):
    store = FakeStore(
        [parse_account(account_dict(f"s{i}", posts=genuine_posts(8))) for i in range(9)]
    )

    async def open_store() -> FakeStore:
        return store

    out = tmp_path / "out"
    first = Counting(stop_after=4)
    with StoreSource(open_store) as source:
        assert source.total() == 9
        assert run_audit(source, out, judge_fn=first, progress=False, now=NOW).interrupted
    second = Counting()
    with StoreSource(open_store) as source:
        result = run_audit(source, out, judge_fn=second, progress=False, now=NOW)
    assert store.afters == ["", "id-s3"]
    assert second.ids == [f"id-s{i}" for i in range(4, 9)] and result.rows == 9
    assert [r["position"] for r in read_rows(out)] == [str(i) for i in range(1, 10)]


def test_a_store_without_the_listing_method_is_a_clear_error(tmp_path):
    async def open_store() -> object:
        class Old:
            async def close(self) -> None:
                pass

        return Old()

    with pytest.raises(audit.SourceError, match=r"accounts\.every"), StoreSource(open_store):
        pass


def make_archive(folder: Path, followers: list[str], following: list[str]) -> Path:
    def js(kind: str, items: list) -> str:
        return f"window.YTD.{kind}.part0 = " + json.dumps(items)

    (folder / "data").mkdir(parents=True)
    (folder / "data" / "account.js").write_text(
        js("account", [{"account": {"accountId": "1", "username": "owner"}}])
    )
    (folder / "data" / "follower.js").write_text(
        js("follower", [{"follower": {"accountId": i}} for i in followers])
    )
    (folder / "data" / "following.js").write_text(
        js("following", [{"following": {"accountId": i}} for i in following])
    )
    return folder


def args(**kw) -> argparse.Namespace:
    base = dict(
        source=["store"],
        owner_config=OWNER,
        out=None,
        config=None,
        db=None,
        platform="x",
        workers=1,
        fresh=False,
    )
    base.update(kw)
    return argparse.Namespace(**base)


def test_the_archive_source_audits_followers_not_followed_back(tmp_path, capsys):
    from whynot.cli.audit import run

    archive = make_archive(tmp_path / "archive", ["10", "11", "12", "13"], ["11"])
    db = tmp_path / "bot.db"

    async def seed() -> None:
        store = await Store.open(db)
        try:
            for handle, account_id in (("cached_a", "10"), ("cached_c", "12")):
                account = parse_account(account_dict(handle, id=account_id, posts=promo_posts()))
                await store.accounts.save("x", account, now=1.0, ttl=1.0)  # long stale
        finally:
            await store.close()

    asyncio.run(seed())
    out = tmp_path / "out"
    status = run(args(source=["archive", str(archive)], db=db, out=out))
    assert status == 0
    rows = read_rows(out)
    assert [(r["id"], r["handle"], r["status"]) for r in rows] == [
        ("10", "cached_a", "reviewed"),
        ("12", "cached_c", "reviewed"),
        ("13", "", NOT_REVIEWED),
    ]
    assert rows[2]["fake_score"] == "" and all(rows[2][f"{c}_passed"] == "" for c in CRITERION_IDS)
    assert (out / "audit.html").read_text(encoding="utf-8").count("<tr data-failed=") == 3
    captured = capsys.readouterr()
    assert "4 followers, 3 of them not followed back" in captured.err
    assert "audited 3 accounts" in captured.out


# --- the command --------------------------------------------------------------------------


def test_user_mistakes_are_usage_errors(tmp_path):
    from whynot.cli import UsageError
    from whynot.cli.audit import run

    with pytest.raises(UsageError, match="exactly one path"):
        run(args(source=["jsonl"], out=tmp_path / "o"))
    with pytest.raises(UsageError, match="store, archive PATH or jsonl FILE"):
        run(args(source=["csv", "x"], out=tmp_path / "o"))
    with pytest.raises(UsageError, match="cannot read"):
        run(args(source=["jsonl", str(tmp_path / "missing.jsonl")], out=tmp_path / "o"))
    with pytest.raises(UsageError, match="database not found"):
        run(args(db=tmp_path / "none.db", out=tmp_path / "o"))
    with pytest.raises(UsageError, match="owner"):
        run(
            args(
                source=["jsonl", str(many(tmp_path))],
                owner_config=tmp_path / "no.toml",
                out=tmp_path / "o",
            )
        )


def test_the_command_reports_its_files_and_resumes(tmp_path, capsys):
    from whynot.cli.audit import run

    source = many(tmp_path)
    out = tmp_path / "out"
    assert run(args(source=["jsonl", str(source)], out=out)) == 0
    printed = capsys.readouterr().out
    assert "audited 18 accounts" in printed and "2 unreadable lines" in printed
    assert str(out / CSV_NAME) in printed and str(out / "audit.html") in printed
    assert run(args(source=["jsonl", str(source)], out=out)) == 0
    assert "(0 this run, resumed)" in capsys.readouterr().out


def test_one_account_and_one_bad_line_read_in_the_singular(tmp_path, capsys):
    from whynot.cli.audit import run

    one = json.dumps(known_accounts()[0])
    source = write_lines(tmp_path / "one.jsonl", [one, "{not json"])
    assert run(args(source=["jsonl", str(source)], out=tmp_path / "out")) == 0
    printed = capsys.readouterr().out
    assert "audited 1 account in" in printed and "; 1 unreadable line in" in printed


def test_the_archive_source_needs_an_open_store(tmp_path):
    async def never() -> object:
        raise AssertionError("not opened")

    source = ArchiveSource(tmp_path / "nothing", never)
    with pytest.raises(Exception, match="not a folder or a zip"), source:
        pass
