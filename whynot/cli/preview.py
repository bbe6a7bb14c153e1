"""`bot.py preview "MENTION TEXT" --account FILE`: what the bot would answer, sending nothing.

It owns the preview's options, its reading of the asker's account file and its two outputs
(text for a person, `--json` for tests and benchmarks). The decisions themselves are the
desk's own: the same classifier, the same `judge`, the same template choice and renderer,
so what is printed is exactly what would be posted. No store, platform or credential is
touched.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scoring import Account, OwnerIndex, Verdict, judge
from whynot.asker_language import own_posts_language, unsure
from whynot.cli.errors import UsageError
from whynot.intents import IntentResult, classify
from whynot.jsonl import read_one_account
from whynot.models import ANSWERED_INTENTS
from whynot.replies import TONES, Reply, ReplyError, ReplyRenderer, choose_template, thread_format
from whynot.reply_language import in_language
from whynot.safe_text import clean
from whynot.threads import (
    BLUESKY_LIMIT,
    DISCORD_LIMIT,
    MASTODON_LIMIT,
    MASTODON_MENTION_ROOM,
    X_LIMIT,
    X_MAX_POSTS,
    graphemes,
    x_length,
)
from whynot.verdicts import verdict_line

if TYPE_CHECKING:
    from whynot.config import Settings

PLATFORMS = ("x", "discord", "mastodon", "bluesky")


def measure(
    platform: str, mastodon_limit: int = MASTODON_LIMIT
) -> tuple[Callable[[str], int], int, str]:
    """How `platform` counts a post, its limit, and the words for the count. Mastodon: the
    instance's limit (a default instance's unless --mastodon-limit; the running bot reads
    the instance's own) less the room for the "@asker " the bot puts first."""
    room = mastodon_limit - MASTODON_MENTION_ROOM
    measures: dict[str, tuple[Callable[[str], int], int, str]] = {
        "x": (x_length, X_LIMIT, "as X counts"),
        "discord": (len, DISCORD_LIMIT, "characters"),
        "bluesky": (graphemes, BLUESKY_LIMIT, "graphemes"),
        "mastodon": (len, room, "characters, then the bot puts @asker first"),
    }
    return measures[platform]


def reply_format(platform: str, mastodon_limit: int = MASTODON_LIMIT) -> str:
    """The format the running bot renders in (Mastodon: on an instance of that limit, as
    the adapter registers it at sign-in)."""
    if platform == "mastodon":
        room = mastodon_limit - MASTODON_MENTION_ROOM
        return thread_format(f"mastodon-{mastodon_limit}", room)
    return platform


DECISIONS = ("approve", "deny")

HELP = """\
Show what the bot would answer to one mention, without sending anything: the intent it
reads (with the rule that decided and its confidence, and the language of the reply), the
verdict on the asker's account, and the exact reply posts for the platform (on X the
fewest posts of 280 characters that hold the worst reason with its evidence and name the
others, up to [x] reply_posts, 3 when it cannot fit them; or one Discord message).
Nothing is stored or sent and no credentials are needed.

The asker is the account in FILE (docs/schema/account.schema.json: one JSON object, or a
JSON Lines file holding one account, or several and --handle naming the asker). The
owner's interests, news outlets and followed accounts come from --owner-config, by
default the owner_config of --config (as `run` would use); the tone is --tone, by default
the config's.

Exit status 0 when the preview is shown (also when the bot would stay silent: it says
why), 2 with one line on stderr when an input cannot be used.

Examples:
  python bot.py preview "why didn't you follow me back?" --account asker.json
  python bot.py preview "por que você não me segue de volta?" --account asker.json \\
      --platform discord --tone letter --json
  python bot.py preview "follow back?" --account data/demo/accounts.jsonl --handle me_me_maria
"""


@dataclass(frozen=True, slots=True)
class Preview:
    """Everything the desk would decide for one mention, and the reply it would post."""

    text: str
    intent: IntentResult
    platform: str
    tone: str
    account: Account
    verdict: Verdict | None
    skipped: str  # why the bot would not answer; "" when it answers
    reply: Reply | None
    decision: str | None = None
    note: str = ""
    mastodon_limit: int = MASTODON_LIMIT

    def to_dict(self) -> dict[str, object]:
        length, limit, _ = measure(self.platform, self.mastodon_limit)
        return {
            "text": self.text,
            "intent": {
                "intent": self.intent.intent,
                "confidence": self.intent.confidence,
                "language": self.intent.language,
                "rule": self.intent.rule,
            },
            "asker": {
                "handle": self.account.handle,
                "name": self.account.display_name or self.account.handle,
            },
            "platform": self.platform,
            "tone": self.tone,
            "decision": self.decision,
            "verdict": None
            if self.verdict is None
            else {**self.verdict.to_dict(), "summary": verdict_line(self.verdict)},
            "answered": self.reply is not None,
            "skipped": self.skipped or None,
            "reply": None
            if self.reply is None
            else {
                "template": self.reply.template,
                "language": self.reply.language,
                "variety": self.reply.variety or None,
                "posts": list(self.reply.posts),
                "lengths": [length(p) for p in self.reply.posts],
                "limit": limit,
            },
            "sent": False,
        }


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "preview",
        help="show the reply the bot would give to a mention, sending nothing",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "text", nargs="?", metavar="MENTION TEXT", help="the message, as the asker wrote it"
    )
    p.add_argument(
        "--account",
        type=Path,
        metavar="FILE",
        help="the asker's account (profile and recent posts) as one JSON object, or a JSON "
        "Lines file of one account or of several with --handle; '-' reads standard input "
        "(required)",
    )
    p.add_argument(
        "--owner-config",
        type=Path,
        metavar="PATH",
        help="owner context TOML (default: owner_config of the config file)",
    )
    p.add_argument(
        "--platform",
        default="x",
        type=str.lower,  # "Bluesky", as init takes it
        metavar="x|discord|mastodon|bluesky",
        help="where the reply would be posted: x (280-character posts, the fewest that "
        "hold the reply, up to [x] reply_posts, 3 unless set or when a reply cannot fit) "
        "discord (one message of up to 2,000), mastodon (500-character posts, a default "
        "instance's, or --mastodon-limit) or bluesky (300-grapheme posts, up to 3); default x",
    )
    p.add_argument(
        "--mastodon-limit",
        type=int,
        metavar="N",
        help="with --platform mastodon: your instance's post limit in characters (the "
        "running bot reads it from the instance at sign-in); default 500",
    )
    p.add_argument(
        "--tone",
        type=str.lower,
        metavar="polite|letter",
        help="reply voice (default: the config's tone)",
    )
    p.add_argument(
        "--decision",
        type=str.lower,
        metavar="approve|deny",
        help="preview as if a moderator had made this decision about the asker",
    )
    p.add_argument("--note", default="", help="the moderator's note, with --decision")
    p.add_argument(
        "--reply-to-answer",
        action="store_true",
        help="read the message as a reply to one of the bot's answers (where a request for "
        "a person's review is recognised)",
    )
    p.add_argument(
        "--handle",
        metavar="NAME",
        help="with a JSON Lines file of several accounts: the asker's handle among them",
    )
    p.add_argument(
        "--config", type=Path, metavar="PATH", help="config file (default data/config.toml)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(run=run)


# --- inputs -----------------------------------------------------------------------
def _one_line(message: str) -> str:
    return " ".join(message.split())


def _printable(text: str) -> str:
    """Command-line text as valid UTF-8: undecodable bytes and lone surrogates become
    U+FFFD (so the JSON and the terminal can carry it)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return clean(text)


# --- the preview ------------------------------------------------------------------
def make_preview(
    text: str,
    account: Account,
    *,
    owner: OwnerIndex | None,
    platform: str = "x",
    tone: str = "polite",
    decision: str | None = None,
    note: str = "",
    now: datetime | None = None,
    reply_to_answer: bool = False,
    offer_review: bool = True,
    x_posts: int = X_MAX_POSTS,
    mastodon_limit: int = MASTODON_LIMIT,
    varieties: Mapping[str, str] | None = None,
) -> Preview:
    """The desk's decisions for one mention from `account`, without store or platform.
    `reply_to_answer`: the message replies to one of our answers; `offer_review`: a review
    channel is configured (`[replies] review_channel` is not "none"); `x_posts`: the most
    posts an X reply takes (`[x] reply_posts`); `varieties`: the owner file's ({"pt": "pt-PT"})."""
    renderer = ReplyRenderer(tone, offer_review=offer_review, x_posts=x_posts, varieties=varieties)
    intent = in_language(classify(text, reply_to_answer), text, renderer.languages)
    verdict = judge(account, owner, now or datetime.now(UTC))
    skipped = ""
    me = owner.context.handle.lower() if owner is not None else ""
    if me and account.handle.lower().lstrip("@") == me:
        skipped = "our own message"  # the desk never answers the owner
    elif account.is_bot_declared:
        skipped = "sent by a bot"  # the desk never answers bots
    elif intent.intent == "review_request" and not offer_review:
        skipped = "no review channel is configured ([replies] review_channel = none)"
    elif intent.intent not in ANSWERED_INTENTS and intent.intent != "review_request":
        skipped = "not a question this bot answers"
    reply = None
    if not skipped and intent.intent == "review_request":
        # the desk's acknowledgement: the request itself goes to the owner's review queue
        reply = renderer.render(
            "review_requested",
            platform=reply_format(platform, mastodon_limit),
            language=intent.language,
            asker=account.display_name or account.handle,
        )
    elif not skipped:
        template = choose_template(intent.intent, verdict, decision)
        # as the desk: a message that leaves its language open is answered in the asker's
        own = own_posts_language(account, renderer.languages) if unsure(text) else ""
        reply = renderer.render(
            template,
            platform=reply_format(platform, mastodon_limit),
            language=own or intent.language,
            asker=account.display_name or account.handle,
            verdict=verdict,
            note=note if decision else "",
            intent=intent.intent,
        )
    fields = (text, intent, platform, tone, account, verdict, skipped, reply, decision, note)
    return Preview(*fields, mastodon_limit=mastodon_limit)


def write_text(preview: Preview, out: TextIO) -> None:
    i = preview.intent
    rule = i.rule or "none"
    out.write(f"mention:  “{preview.text}”\n")
    out.write(
        f"intent:   {i.intent} (language {i.language}, confidence {i.confidence:.2f}, "
        f"rule {rule})\n"
    )
    who = preview.account
    name = f" ({who.display_name})" if who.display_name else ""
    out.write(f"asker:    {who.handle}{name}\n")
    out.write(f"verdict:  {verdict_line(preview.verdict)}\n")
    if preview.decision:
        note = f": {preview.note}" if preview.note else ""
        out.write(f"decision: {preview.decision} (as if a moderator decided{note})\n")
    if preview.reply is None:
        out.write(f"reply:    none ({preview.skipped})\n")
    else:
        r = preview.reply
        count = len(r.posts)
        out.write(
            f"reply:    {r.template} in {r.variety or r.language}, {preview.tone} tone, "
            f"{count} {'post' if count == 1 else 'posts'} on {preview.platform}\n"
        )
        length, limit, unit = measure(preview.platform, preview.mastodon_limit)
        for n, post in enumerate(r.posts, start=1):
            size = f"{length(post)}/{limit} {unit}"
            out.write(f"--- post {n} of {count} ({size}) ---\n{post}\n")
    out.write("(preview: nothing was sent)\n")


def _say_owner_file(path: Path, config: Path) -> None:
    """The config's owner file: one that is not there names `init`; the demo owner's (no
    config yet) is said on stderr, as its interests judge the asker."""
    from whynot.config import DEFAULT_OWNER

    if not path.exists():
        raise UsageError(
            f"the owner file {path} (owner_config in {config}) does not exist: run `python "
            "bot.py init`, or give --owner-config"
        )
    if path.resolve() == DEFAULT_OWNER.resolve():
        print(
            f"note: judged with the demo owner's interests ({path}); `python bot.py init` "
            "writes yours",
            file=sys.stderr,
        )


def _settings(args: argparse.Namespace) -> Settings:
    """The settings `run` would use (owner config, tone, review offer, X reply length)."""
    from whynot.config import ConfigError, load_settings

    try:
        # No .env: a preview reads no secrets.
        return load_settings(args.config, dotenv=None)
    except ConfigError as exc:
        raise UsageError(_one_line(str(exc))) from None


def run(args: argparse.Namespace) -> int:
    from whynot.owner_config import OwnerConfigError, load_owner

    if args.text is None or not args.text.strip():
        raise UsageError('give the mention text, e.g. preview "why no follow back?" --account F')
    if args.account is None:
        raise UsageError("--account FILE is required: the asker's account (one JSON object)")
    if args.platform not in PLATFORMS:
        raise UsageError(f"unknown --platform {args.platform!r}; choose {', '.join(PLATFORMS)}")
    if args.tone is not None and args.tone not in TONES:
        raise UsageError(f"unknown --tone {args.tone!r}; choose {' or '.join(TONES)}")
    if args.decision is not None and args.decision not in DECISIONS:
        raise UsageError(f"unknown --decision {args.decision!r}; choose approve or deny")
    if args.note and args.decision is None:
        raise UsageError("--note goes with --decision (a moderator's note)")
    mastodon_limit = MASTODON_LIMIT if args.mastodon_limit is None else args.mastodon_limit
    if args.mastodon_limit is not None and args.platform != "mastodon":
        raise UsageError("--mastodon-limit goes with --platform mastodon")
    if mastodon_limit <= MASTODON_MENTION_ROOM * 2:  # the adapter's own floor
        raise UsageError(f"--mastodon-limit must be more than {MASTODON_MENTION_ROOM * 2}")
    try:
        account = read_one_account(args.account, args.handle)
    except ValueError as exc:
        raise UsageError(_one_line(str(exc))) from None
    settings = _settings(args)
    owner_path = args.owner_config or settings.owner_config
    tone = args.tone or settings.replies.tone
    owner, varieties = None, dict[str, str]()
    if owner_path is not None and args.owner_config is None:
        _say_owner_file(owner_path, settings.config_path)
    if owner_path is not None:
        try:
            owner, varieties = load_owner(owner_path)
        except OwnerConfigError as exc:
            raise UsageError(_one_line(str(exc))) from None
    try:
        preview = make_preview(
            _printable(args.text),
            account,
            owner=owner,
            platform=args.platform,
            tone=tone,
            decision=args.decision,
            note=args.note,
            reply_to_answer=args.reply_to_answer,
            offer_review=settings.offers_review,
            x_posts=settings.x.reply_posts,
            mastodon_limit=mastodon_limit,
            varieties=varieties,
        )
    except ReplyError as exc:
        raise UsageError(_one_line(str(exc))) from None
    if args.json:
        sys.stdout.write(json.dumps(preview.to_dict(), ensure_ascii=False) + "\n")
    else:
        write_text(preview, sys.stdout)
    sys.stdout.flush()
    return 0
