"""`bot.py reviews [list|show ID]`: the review queue for owners without Discord.

Everyone who answered the bot's reply with "can a person look at this?" (the intent
`review_request`, see `whynot.reviews`) is listed here, open requests first, with how long
they have waited; `show ID` prints what a moderator needs to decide: the asker's words, the
verdict line, the evidence and the reply the bot had sent. A decision is made with
`bot.py override set` (the one moderation path, audited); the running bot then tells the
asker in the same thread, once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from whynot.cli.errors import UsageError, require_database
from whynot.config import ConfigError, load_settings
from whynot.handles import PLATFORM_LABELS
from whynot.store import Store, StoreError
from whynot.store.reviews import ReviewRequest

HELP = "list the askers waiting for a person to review the bot's answer, and show one"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reviews",
        help=HELP,
        description="Review requests: people who asked for a person to look at the bot's "
        "answer. Decide with `bot.py override set HANDLE approve|deny --reason ...`; the "
        "running bot tells the asker in the same thread (once).",
        epilog="examples:\n  bot.py reviews\n  bot.py reviews list --open\n"
        "  bot.py reviews show 3\n  bot.py override set promo deny --reason 'shop links only'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", nargs="?", choices=("list", "show"), default="list")
    p.add_argument("id", nargs="?", help="the request's number (for show)")
    p.add_argument("--open", action="store_true", help="only requests still undecided")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.set_defaults(run=run)


def _when(at: float | None) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC") if at else "-"


def _who(r: ReviewRequest) -> str:
    return f"{PLATFORM_LABELS.get(r.request.platform, r.request.platform)} @{r.subject.handle}"


def _one_line(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_dict(r: ReviewRequest) -> dict:
    return {
        "id": r.id,
        "state": r.state,
        "platform": r.request.platform,
        "handle": r.subject.handle,
        "asker": r.request.author.handle,
        "asked": r.request.text,
        "asked_at": r.created_at,
        "verdict": r.verdict_line,
        "evidence": list(r.evidence),
        "our_reply": r.answer_text,
        "decision": r.decision,
        "decided_by": r.decided_by,
        "note": r.note,
        "follow_up": r.followup_state,
        "follow_up_reason": r.followup_reason,
    }


def list_lines(reviews: list[ReviewRequest], now: float) -> list[str]:
    if not reviews:
        return ["no review requests"]
    lines = []
    for r in sorted(reviews, key=lambda r: (r.decision is not None, r.created_at)):
        waited = f"waiting {(now - r.created_at) / 3600:.0f} h" if r.decision is None else ""
        state = r.state if r.decision is None else f"{r.state} ({r.decision} by {r.decided_by})"
        lines.append(
            f"#{r.id:<4} {state:<28} {_who(r)} {waited}: “{_one_line(r.request.text)}”".rstrip()
        )
    return lines


def show_lines(r: ReviewRequest, now: float) -> list[str]:
    lines = [
        f"review #{r.id}: {r.state}",
        f"account:   {_who(r)}",
        f"asked by:  @{r.request.author.handle} on {_when(r.created_at)}"
        + (f" ({(now - r.created_at) / 3600:.0f} h ago)" if r.decision is None else ""),
        f"they wrote: {_one_line(r.request.text, 300)}",
        f"verdict:   {r.verdict_line}",
    ]
    lines += [f"  - {e}" for e in r.evidence] or ["  (no failed criterion)"]
    lines.append(f"our reply: {_one_line(r.answer_text, 1000) or '(not kept)'}")
    if r.decision is None:
        lines.append(
            f"decide:    bot.py override set {r.subject.handle} approve|deny "
            f"--platform {r.request.platform} --reason '...'"
        )
    else:
        lines.append(
            f"decision:  {r.decision} by {r.decided_by} on {_when(r.decided_at)}: “{r.note}”"
        )
        told = {"sent": "told", "failed": f"not told yet ({r.followup_reason})"}
        lines.append(f"asker:     {told.get(r.followup_state or '', 'to be told by the bot')}")
    return lines


async def _run(path: Path, args: argparse.Namespace) -> list[str]:
    require_database(path, "the bot has not run yet")
    store = await Store.open(path)
    try:
        now = time.time()
        if args.action == "show":
            if not args.id:
                raise UsageError("say which request to show: bot.py reviews show ID (see list)")
            number = args.id.removeprefix("#")  # as the list writes it: "#3"
            if not number.isdigit():
                raise UsageError(
                    f"{args.id!r} is not a request number: bot.py reviews show ID, such as 3 "
                    "(see list)"
                )
            review = await store.reviews.get(int(number))
            if review is None:
                raise UsageError(f"there is no review request #{number} (see bot.py reviews)")
            if args.json:
                return [json.dumps(as_dict(review), ensure_ascii=False)]
            return show_lines(review, now)
        reviews = await store.reviews.listed(open_only=args.open)
        if args.json:
            return [json.dumps(as_dict(r), ensure_ascii=False) for r in reviews]
        return list_lines(reviews, now)
    finally:
        await store.close()


def run(args: argparse.Namespace) -> int:
    if args.action == "list" and args.id:
        raise UsageError("list takes no ID; did you mean: bot.py reviews show " + args.id)
    try:
        path = args.db or load_settings(args.config).db_path
        lines = asyncio.run(_run(path, args))
    except (ConfigError, StoreError) as exc:
        raise UsageError(str(exc)) from None
    if lines:  # --json with nothing to list prints nothing, not an empty line
        print("\n".join(lines))
    return 0
