"""`bot.py demo`: the real pipeline, store and templates on the bundled demo world,
printed as a transcript a newcomer can read."""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

from whynot.cli.errors import UsageError
from whynot.config import ConfigError, load_settings
from whynot.desk import Desk
from whynot.handles import PLATFORM_LABELS
from whynot.models import FollowEvent, Identity, Outcome
from whynot.moderation import ModerationService
from whynot.oversight import was_asked
from whynot.owner_config import OwnerConfigError, load_owner_config
from whynot.platforms.demo import DEMO, DemoError, demo_world, networks, persona
from whynot.replies import ReplyRenderer
from whynot.store import Store, StoreError

WIDTH = 96


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="run the bundled demo world through the real pipeline and print a transcript",
        description="Plays data/demo/script.jsonl (mentions in every intent, English and "
        "Spanish, a bot, a moderator's decisions, two unfollows, a review request from ask "
        "to decision) through the real pipeline, "
        "store and templates, and prints each message, its intent, the verdict in one line "
        "and the reply as it would be posted on X and on Discord. Sends nothing anywhere.",
    )
    p.add_argument("--db", type=Path, help="SQLite file to use (default: a fresh temporary one)")
    p.add_argument(
        "--tone", choices=("polite", "letter"), type=str.lower, help="reply voice (default: config)"
    )
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.set_defaults(run=run)


def _block(label: str, posts: tuple[str, ...]) -> list[str]:
    lines = [f"    {label}:"]
    for i, post in enumerate(posts):
        if i:
            lines.append("      ┄┄┄")
        for para in post.split("\n"):
            wrapped = textwrap.wrap(para, WIDTH - 8) or [""]
            lines += [f"      │ {w}" for w in wrapped]
    return lines


def _transcript(
    number: int, outcome: Outcome, renderer: ReplyRenderer, asked: bool = False
) -> list[str]:
    """One message's lines. `asked`: the asker got the owner's "was it an oversight?"
    notice (the Discord rendering says so as the reply sent did: whynot.oversight)."""
    m = outcome.mention
    lines = [
        f"[{number}] @{m.author.handle}: “{m.text}”",
        f"    intent: {outcome.intent} ({outcome.language})",
    ]
    if outcome.verdict_line:
        lines.append(f"    verdict: {outcome.verdict_line}")
    if outcome.decision:
        lines.append(f"    moderator decision: {outcome.decision} ({outcome.note})")
    if outcome.posts:
        where = PLATFORM_LABELS.get(m.platform, "X")  # the demo network answers as on X
        lines += _block(
            f"reply on {where} ({len(outcome.posts)} post{'s' if len(outcome.posts) > 1 else ''})",
            outcome.posts,
        )
        if outcome.template:
            discord = renderer.render(
                outcome.template,
                platform="discord",
                language=outcome.language,
                asker=m.author.name,
                verdict=outcome.verdict,
                note=outcome.note,
                asked=asked,
                intent=outcome.intent,
            )
            lines += _block("reply on Discord", discord.posts)
    lines.append(f"    → {outcome.state}{': ' + outcome.reason if outcome.reason else ''}")
    return lines


async def play(db_path: Path, tone: str | None, config: Path | None) -> list[str]:
    settings = load_settings(config)
    owner = load_owner_config(DEMO / "owner.toml")
    platform, steps = demo_world()
    elsewhere = networks(platform)
    clock = [steps[0].at if steps else 0.0]
    store = await Store.open(db_path)
    renderer = ReplyRenderer(
        tone or settings.replies.tone,
        offer_review=settings.offers_review,
        x_posts=settings.x.reply_posts,
    )
    desk = Desk(
        store, {"demo": platform, **elsewhere}, renderer, owner, settings, clock=lambda: clock[0]
    )
    moderation = ModerationService(store, lambda: clock[0])
    out = [
        f"whynot demo: answering for @{platform.owner.handle} "
        f"(cares about {', '.join(owner.context.interests)}); database {db_path}",
        "",
    ]
    mentions = iter(platform.inbox)
    answers: dict[int, tuple[str, ...]] = {}  # step -> the ids of our reply to it
    try:
        for number, step in enumerate(steps, start=1):
            clock[0] = step.at
            if step.kind == "mention":
                mention = next(mentions)
                if step.data.get("reply_to") in answers:  # a reply to our answer there
                    mention = replace(mention, reply_to=answers[step.data["reply_to"]][0])
                outcome = await desk.handle(mention)
                if outcome.reply_ids:
                    answers[number] = outcome.reply_ids
                who = outcome.mention.author
                asked = await was_asked(store, outcome.template or "", who, step.at)
                out += _transcript(number, outcome, renderer, asked)
                if outcome.review_id is not None:
                    out.append(f"    review #{outcome.review_id} queued for the owner's team")
            elif step.kind == "override":
                d = step.data
                target = Identity("demo", "", d["handle"], d["handle"])
                await moderation.decide(target, d["decision"], d["reason"], d["moderator"], "demo")
                out.append(
                    f"[{number}] moderator @{d['moderator']} set {d['decision']} for "
                    f"@{d['handle']}: “{d['reason']}” (logged)"
                )
                for told in await desk.reviews.settle():  # askers waiting on a person
                    out.append(f"    review #{told.review_id} decided: the asker is told")
                    out += _transcript(number, told, renderer)[2:]
            else:
                who = persona(platform, step.data["handle"])
                event = FollowEvent("demo", who, "unfollow", step.at)
                event_id = await store.followers.add_event("demo", who, "unfollow", step.at)
                notice = await desk.notice_unfollow(event, event_id)
                out.append(f"[{number}] @{who.handle} unfollowed @{platform.owner.handle}")
                if notice is not None:
                    out += _block("oversight notice (direct message)", notice.posts)
                    out.append(
                        f"    → {notice.state}{': ' + notice.reason if notice.reason else ''}"
                    )
            out.append("")
        counts = await store.messages.state_counts()
        out.append("replies: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        out.append(
            f"moderation log: {len(await moderation.history())} entries; "
            f"X posts sent: {sum(len(s.posts) for s in platform.sent)}; "
            + "; ".join(
                f"{PLATFORM_LABELS[n]} posts sent: {sum(len(s.posts) for s in p.sent)}"
                for n, p in elsewhere.items()
            )
        )
    finally:
        await store.close()
    return out


def run(args: argparse.Namespace) -> int:
    # The transcript shows each review request; the line telling a running bot's owner of
    # one ("bot.py reviews show N") would name the demo's throwaway database.
    # (Put back after: a test playing the demo in-process leaves that logger as it was.)
    reviews_log = logging.getLogger("whynot.reviews")
    level = reviews_log.level
    reviews_log.setLevel(logging.ERROR)
    try:
        if args.db is not None:
            lines = asyncio.run(play(args.db, args.tone, args.config))
        else:
            with tempfile.TemporaryDirectory(prefix="whynot-demo-") as tmp:
                lines = asyncio.run(play(Path(tmp) / "demo.db", args.tone, args.config))
    except (ConfigError, OwnerConfigError, DemoError, StoreError) as exc:
        raise UsageError(str(exc)) from None
    finally:
        reviews_log.setLevel(level)
    print("\n".join(lines))
    return 0
