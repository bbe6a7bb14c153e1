"""`bot.py override set|clear|list|history`: moderator decisions for owners who run no
Discord server. Decided and cleared through the same service as `/override` on Discord
(`whynot.moderation`), recorded the same way in the moderation log (source "cli"; the
actor is `--by NAME` or the operating-system user).

A decision is about an account on a platform (its handle, and its id where the bot has met
it: then it follows the account through a change of handle) and applies to every later
answer about that account, on every platform.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from whynot.cli.errors import UsageError, container_hint, require_database
from whynot.config import PLATFORMS, ConfigError, Settings, load_settings
from whynot.handles import PLATFORM_LABELS, clean_handle, split_target
from whynot.models import Identity
from whynot.moderation import (
    REASON_MAX,
    REASON_MIN,
    BadHandle,
    BadReason,
    ModerationError,
    ModerationService,
    clean_reason,
    log_record,
    replaced_words,
    target_handle,
)
from whynot.store import Store, StoreError


def add_parser(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="SQLite file (default: db_path from the config)")
    common.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument(
        "--platform",
        choices=PLATFORMS,
        type=str.lower,  # "Bluesky", as init takes it
        help="where the handle lives (default: the one platform this bot serves; asked "
        "when it serves several; x when none is set up)",
    )
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--by", metavar="NAME", help="who decides (default: your user name)")

    p = sub.add_parser(
        "override",
        help="approve or deny an account by hand (logged); list and review decisions",
        description="A moderator's decision over the verdict: the bot then tells that account "
        "it was approved (or not) whatever the criteria say, on every platform. Every change "
        "is written to the moderation log with who, when and why. The same decisions as /override "
        "on Discord.",
        epilog="examples:\n"
        "  bot.py override set promo approve --reason 'runs our partner shop'\n"
        "  bot.py override set ana deny --platform discord --reason 'only ads' --by rosa\n"
        "  bot.py override clear promo --reason 'asked to be reviewed again'\n"
        "  bot.py override clear x:promo --id 42 --reason 'decided on a former holder'\n"
        "  bot.py override list\n"
        "  bot.py override history promo\n"
        "  bot.py override history x:promo --id 42",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    s = actions.add_parser(
        "set", parents=[common, who, by], help="approve or deny an account, with a reason"
    )
    s.add_argument("handle", help="the account's handle, with or without @")
    s.add_argument("decision", choices=("approve", "deny"), type=str.lower)
    s.add_argument(
        "--reason",
        required=True,
        help="why (kept in the moderation log, and shown to the account as the team's note)",
    )

    c = actions.add_parser(
        "clear", parents=[common, who, by], help="remove a decision; the verdict speaks again"
    )
    c.add_argument("handle", help="the account's handle, with or without @")
    c.add_argument(
        "--reason", default="cleared from the command line", help="why (kept in the moderation log)"
    )
    c.add_argument(
        "--id",
        metavar="ID",
        help="the account's id: clears the decision about that account, such as one that had "
        "the handle before (a plain clear refuses to remove it, and names its id)",
    )

    ls = actions.add_parser("list", parents=[common], help="every decision in force")
    ls.add_argument("--json", action="store_true", help="one JSON object per line")

    h = actions.add_parser(
        "history", parents=[common, who], help="the moderation log, for one account or for all"
    )
    h.add_argument("handle", nargs="?", help="the account's handle (default: every account)")
    h.add_argument(
        "--id",
        metavar="ID",
        help="with the handle: the log of the account with that id (such as one that had the "
        "handle before, whose decision `override clear --id` cleared)",
    )
    h.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line (at, when, action, platform, handle, account_id, actor, "
        'source, detail; account_id is "" where the bot had not met the account): the whole '
        "audit trail, for a spreadsheet or an archive",
    )
    p.set_defaults(run=run)


def _handle(platform: str, raw: str) -> str:
    try:
        return target_handle(platform, raw)
    except BadHandle as exc:
        raise UsageError(str(exc) + _elsewhere(platform, raw)) from None


def _elsewhere(platform: str, raw: str) -> str:
    """A hint when the handle is plainly another platform's: Mastodon's user@instance,
    or Bluesky's domain name (an owner of those often leaves out the platform)."""
    text = raw.strip().lstrip("@")
    guess = "mastodon" if "@" in text else "bluesky" if "." in text else None
    handle = clean_handle(guess, text) if guess and guess != platform else None
    if guess is None or handle is None:
        return ""
    return f"; a {PLATFORM_LABELS[guess]} account? write {guess}:{handle} or add --platform {guess}"


def _reason(raw: str) -> str:
    try:
        return clean_reason(raw)
    except BadReason:
        raise UsageError(
            f"--reason must say why in {REASON_MIN} to {REASON_MAX} characters"
        ) from None


def actor_of(args: argparse.Namespace) -> str:
    if args.by:
        return " ".join(args.by.split())
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


def _when(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


async def _set(store: Store, args: argparse.Namespace) -> list[str]:
    handle, reason = _handle(args.platform, args.handle), _reason(args.reason)
    actor = actor_of(args)
    target = Identity(args.platform, "", handle, handle)
    moderation = ModerationService(store, time.time)
    try:
        change = await moderation.decide(target, args.decision, reason, actor, "cli")
    except ModerationError as exc:  # another account's decision is in the way: one line
        raise UsageError(str(exc)) from None
    verb = "approved" if args.decision == "approve" else "denied"
    said = (
        f"{verb} {args.platform} @{handle} by {actor}: “{reason}” (written to the moderation log)"
    )
    made = getattr(args, "made", False)  # a new database has met no one: _run says why
    if not made and not await store.accounts.known(args.platform, handle):  # a typo?
        said += (
            f"; no question from @{handle} has reached the bot yet: if the handle is mistyped, "
            f"`bot.py override clear {args.platform}:{handle}` and set the right one"
        )
    if change.replaced is not None:  # another moderator's decision, maybe a minute ago
        words = replaced_words(change, _when)  # last: it ends in a full stop
        said += "; " + words[0].lower() + words[1:]
    return [said]


async def _clear(store: Store, args: argparse.Namespace) -> list[str]:
    handle, reason = _handle(args.platform, args.handle), _reason(args.reason)
    actor, given = actor_of(args), (args.id or "").strip()
    target = Identity(args.platform, given, handle, handle)
    try:
        cleared = await ModerationService(store, time.time).clear(
            target, reason, actor, "cli", by_id=bool(given)
        )
    except ModerationError as exc:  # only another account's decision is there: one line
        raise UsageError(str(exc)) from None
    about = f" (id {given})" if given else ""
    if cleared is None:
        raise UsageError(f"there is no decision on {args.platform} @{handle}{about} to clear")
    was = replaced_words(cleared, _when)
    return [
        f"cleared the decision on {args.platform} @{handle}{about} (written to the moderation "
        "log); " + was[0].lower() + was[1:]
    ]


async def _list(store: Store, args: argparse.Namespace) -> list[str]:
    overrides = await ModerationService(store, time.time).in_force()
    if args.json:
        return [
            json.dumps(
                {
                    "platform": o.platform,
                    "handle": o.handle,
                    "now_handle": o.now_handle or o.handle,
                    "account_id": o.account_id,
                    "decision": o.decision,
                    "reason": o.reason,
                    "moderator": o.moderator,
                    "created_at": o.created_at,
                },
                ensure_ascii=False,
            )
            for o in overrides
        ]
    if not overrides:
        return ["no decisions in force"]
    return [
        f"{o.decision:<7} {o.platform:<7} @{o.handle}"
        + (f" (now @{o.now_handle})" if o.now_handle else "")
        + f": “{o.reason}” "
        f"(by {o.moderator}, {_when(o.created_at)})"
        for o in overrides
    ]


async def _history(store: Store, args: argparse.Namespace) -> list[str]:
    handle = _handle(args.platform, args.handle) if args.handle else None
    given = (args.id or "").strip()
    if given and handle is None:
        raise UsageError("--id needs the handle too: override history x:promo --id 42")
    moderation = ModerationService(store, time.time)
    platform = args.platform if handle else None
    entries = await moderation.history(platform, handle, given, by_id=bool(given))
    if args.json:
        return [json.dumps(log_record(e), ensure_ascii=False) for e in entries]
    if not entries:
        about = f" about {args.platform} @{handle}" if handle else ""
        return [f"nothing in the moderation log{about}{f' (id {given})' if given else ''}"]
    return [
        f"{_when(e.at)}  {e.action:<7} {e.platform} @{e.handle} by {e.actor} via {e.source}"
        + (f": {e.detail}" if e.detail else "")
        for e in entries
    ]


ACTIONS: dict[str, Callable[[Store, argparse.Namespace], Awaitable[list[str]]]] = {
    "set": _set,
    "clear": _clear,
    "list": _list,
    "history": _history,
}


def owner_platform(settings: Settings, raw: str) -> str:
    """The platform of a handle given without one: the one this bot serves (its
    credentials); x when none is set up; with several, UsageError asking which."""
    served = settings.served
    if len(served) <= 1:
        return served[0] if served else "x"
    text = raw.strip().lstrip("@")
    # the form to suggest: a platform served that takes the handle, by its shape first
    shaped = "mastodon" if "@" in text else "bluesky" if "." in text else None
    fits = [name for name in served if clean_handle(name, text)]
    guess = shaped if shaped in fits else fits[0] if fits else None
    form = f", or write it as {guess}:{clean_handle(guess, text)}" if guess else ""
    raise UsageError(
        f"which platform is {raw.strip()} on? this bot serves {', '.join(served)}: add "
        f"--platform {'|'.join(served)}{form}"
    )


async def _run(path: Path, args: argparse.Namespace) -> list[str]:
    if args.action != "set":  # a mistyped --db: not "no decisions in force"
        require_database(
            path, "no decision was made with it (check --db, or db_path in the config)"
        )
    new = args.made = not path.exists()
    store = await Store.open(path)
    try:
        lines = await ACTIONS[args.action](store, args)
    finally:
        await store.close()
    if new:  # set on the host while the bot runs in a container: a decision it never reads
        lines[-1] += (
            f"; {path} was not there, so it was made: the bot reads the decision only if it "
            f"runs with this database{container_hint()}"
        )
    return lines


def run(args: argparse.Namespace) -> int:
    try:
        settings = None if args.db else load_settings(args.config)
        path = args.db if settings is None else settings.db_path
        if getattr(args, "handle", None):  # "bluesky:ana.bsky.social" names its platform
            named, args.handle = split_target(args.handle, "")
            if named:
                args.platform = named
            elif args.platform is None:  # with --db, the config only to know what is served
                settings = settings or load_settings(args.config)
                args.platform = owner_platform(settings, args.handle)
        lines = asyncio.run(_run(path, args))
    except (ConfigError, StoreError) as exc:
        raise UsageError(str(exc)) from None
    if lines:  # --json with nothing to list prints nothing, not an empty line
        print("\n".join(lines))
    return 0
