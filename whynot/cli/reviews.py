"""`bot.py reviews [list|show ID|resend ID|dismiss ID]`: the review queue for owners
without Discord.

Everyone who answered the bot's reply with "can a person look at this?" (the intent
`review_request`, see `whynot.reviews`) is listed here, open requests first, with how long
they have waited; `show ID` prints what a moderator needs to decide: the asker's words, the
verdict line, the evidence and the reply the bot had sent. A decision is made with
`bot.py override set` (the one moderation path, audited); the running bot then tells the
asker in the same thread, once. A follow-up left failed (its tries ran out, or a crash cut
it short) is `resend` (the running bot sends it at its next cycle, once) or `dismiss`ed
(never sent), with `--reason`, written to the moderation log (`whynot.review_followups`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from whynot.cli.errors import UsageError, require_database
from whynot.cli.override import actor_of
from whynot.config import ConfigError, load_settings
from whynot.handles import PLATFORM_LABELS
from whynot.moderation import REASON_MAX, REASON_MIN, BadReason, clean_reason
from whynot.review_followups import (
    FollowupRefused,
    dismiss_followup,
    resend_followup,
    shown_state,
    where_to_look,
)
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
        "  bot.py reviews show 3\n  bot.py override set promo deny --reason 'shop links only'\n"
        "  bot.py reviews resend 3 --reason 'X was down'\n"
        "  bot.py reviews dismiss 4 --reason 'told her by email'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "action", nargs="?", choices=("list", "show", "resend", "dismiss"), default="list"
    )
    p.add_argument("id", nargs="?", help="the request's number (for show, resend, dismiss)")
    p.add_argument("--reason", help="resend, dismiss: why (kept in the moderation log)")
    p.add_argument("--by", metavar="NAME", help="resend, dismiss: who (default: your user name)")
    p.add_argument(
        "--checked",
        action="store_true",
        help="resend: you looked where the follow-up would be and it is not there (needed "
        "when the bot cannot tell whether a cut-short follow-up went out)",
    )
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
        "state": shown_state(r),
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
        shown = shown_state(r)
        state = shown if r.decision is None else f"{shown} ({r.decision} by {r.decided_by})"
        lines.append(
            f"#{r.id:<4} {state:<28} {_who(r)} {waited}: “{_one_line(r.request.text)}”".rstrip()
        )
    return lines


def show_lines(r: ReviewRequest, now: float) -> list[str]:
    lines = [
        f"review #{r.id}: {shown_state(r)}",
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
        if shown_state(r) == "follow-up failed":
            lines.append(
                f"fix:       look under {where_to_look(r)}; then bot.py reviews resend {r.id} "
                f"--reason '...' (sent once by the running bot) or bot.py reviews dismiss "
                f"{r.id} --reason '...' (never sent)"
            )
    return lines


def _reason(raw: str | None, action: str) -> str:
    try:
        return clean_reason(raw or "")
    except BadReason:
        raise UsageError(
            f"{action} needs --reason saying why in {REASON_MIN} to {REASON_MAX} characters "
            "(kept in the moderation log)"
        ) from None


async def _fix(store: Store, args: argparse.Namespace, number: int, now: float) -> list[str]:
    """resend or dismiss a failed follow-up (audited); one line saying what was done."""
    reason, by = _reason(args.reason, args.action), actor_of(args)
    try:
        if args.action == "resend":
            review = await resend_followup(store, number, by, reason, now, args.checked)
            return [
                f"review #{review.id}: the follow-up to @{review.request.author.handle} will be "
                "sent by the running bot at its next cycle (once)"
            ]
        review = await dismiss_followup(store, number, by, reason, now)
        return [f"review #{review.id}: follow-up dismissed; it will not be sent"]
    except FollowupRefused as exc:
        raise UsageError(str(exc)) from None


async def _run(path: Path, args: argparse.Namespace) -> list[str]:
    require_database(path, "the bot has not run yet")
    store = await Store.open(path)
    try:
        now = time.time()
        if args.action != "list":
            if not args.id:
                raise UsageError(
                    f"say which request to {args.action}: bot.py reviews {args.action} ID "
                    "(see list)"
                )
            number = args.id.removeprefix("#")  # as the list writes it: "#3"
            if not number.isdigit():
                raise UsageError(
                    f"{args.id!r} is not a request number: bot.py reviews {args.action} ID, "
                    "such as 3 (see list)"
                )
            if args.action in ("resend", "dismiss"):
                return await _fix(store, args, int(number), now)
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
