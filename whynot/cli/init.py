"""`bot.py init`: set the bot up for a real owner, by flags or by questions.

Writes three files and never a secret: `data/owner.toml` (the owner's handle, interests
with their other wordings, news outlets), `data/config.toml` (the shipped
`data/config.example.toml` with its comments, pointing at that owner file, with the tone
and budget chosen) and `.env.example` (the variable names the chosen platforms need,
empty). A file that already exists is left alone unless `--force`, and then kept beside as
`NAME.YYYYmmdd-HHMMSS.bak` (the owner's own edits are never lost). Both TOML files are
read back with the same readers `run` uses before init reports success.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from whynot.cli.errors import UsageError
from whynot.cli.init_cost import WATCH_TOO, answer_cost_line, mention_cost_line, watch_cost_line
from whynot.cli.init_owner import (
    PORTUGUESE_QUESTION,
    check_portuguese,
    owner_text,
    portuguese_choice,
    speaks_portuguese,
    toml_str,
)
from whynot.config import (
    BLUESKY_SECRETS,
    MASTODON_SECRETS,
    ROOT,
    X_SECRETS,
    ConfigError,
    Settings,
    load_settings,
)
from whynot.handles import HANDLE_SHAPES, PLATFORM_LABELS, clean_handle
from whynot.owner_config import OwnerConfigError, read_owner_file
from whynot.safe_text import clean

CONFIG_TEMPLATE = ROOT / "data" / "config.example.toml"
PLATFORMS = ("x", "discord", "mastodon", "bluesky")
TONES = ("polite", "letter")


@dataclass(slots=True)
class Answers:
    handle: str = ""
    interests: list[str] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    news_outlets: list[str] = field(default_factory=list)
    tone: str = "polite"
    budget: float = 20.0
    platforms: list[str] = field(default_factory=lambda: ["x"])
    watch_followers: bool = False
    portuguese: str = ""  # "pt-PT" or "pt-BR" as chosen; "" leaves the default (pt-BR)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "init",
        help="set the bot up for your account: writes data/owner.toml, data/config.toml "
        "and .env.example",
        description="Asks for (or takes as flags) your handle, interests and their other "
        "wordings, news outlets, reply tone, monthly X budget and platforms, and writes "
        "data/owner.toml, data/config.toml and .env.example (variable names only: init "
        "never writes a secret). With --handle nothing is asked; without it each question "
        "is asked in turn (Enter keeps the default). Existing files are kept unless --force.",
    )
    p.add_argument("--handle", help="your handle, without @ (your X handle if you use X)")
    p.add_argument(
        "--interests", help='what you post about, comma-separated: "social media, marketing"'
    )
    p.add_argument(
        "--synonyms",
        action="append",
        default=[],
        metavar="INTEREST=WORDING,...",
        help='other wordings of one interest (translations), e.g. "customer service='
        'atendimento ao cliente, atención al cliente"; repeat for each interest',
    )
    p.add_argument("--news-outlets", help='breaking-news handles, comma-separated: "cnn, tmz"')
    p.add_argument("--tone", choices=TONES, type=str.lower, help="reply voice (default polite)")
    p.add_argument("--budget", type=float, help="monthly X budget in US dollars (default 20)")
    p.add_argument(
        "--platforms",
        help="comma-separated, any of: x, discord, mastodon, bluesky (default x)",
        default=None,
    )
    p.add_argument(
        "--watch-followers",
        action="store_true",
        help="crawl your X followers to notice unfollows (paid per follower; off by default)",
    )
    p.add_argument(
        "--portuguese",
        metavar="pt-BR|pt-PT",
        help="the Portuguese replies speak: pt-BR (Brazil, the default) or pt-PT (Portugal)",
    )
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    p.add_argument(
        "--dir",
        type=Path,
        default=ROOT,
        help="the checkout to write into (default: this one): DIR/data/owner.toml, "
        "DIR/data/config.toml, DIR/.env.example",
    )
    p.set_defaults(run=run)


def text_of(value: str) -> str:
    """Typed text as valid UTF-8 in NFC: bytes the terminal could not decode (surrogate
    escapes) and lone surrogates become U+FFFD, so the files written are always valid
    UTF-8; an accent typed as a combining mark is composed, as posts write it."""
    try:
        text = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = clean(value)
    return unicodedata.normalize("NFC", text)


def split_list(text: str | None) -> list[str]:
    """'a, b,,c ' -> ['a', 'b', 'c'], each made safe and de-duplicated in order."""
    seen: dict[str, None] = {}
    for part in (text or "").split(","):
        item = text_of(part).strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def parse_synonyms(items: Sequence[str], interests: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in items:
        interest, sep, wordings = item.partition("=")
        interest = text_of(interest).strip()
        if not sep or not interest:
            raise UsageError(f'--synonyms {item!r}: expected "INTEREST=wording, wording"')
        if interest not in interests:
            raise UsageError(
                f"--synonyms names {interest!r}, which is not one of the interests "
                f"({', '.join(interests) or 'none given'})"
            )
        found[interest] = split_list(wordings)
    return found


def check_answers(answers: Answers) -> None:
    """Every value usable, or one line saying which is not."""
    check_platforms(answers)
    check_handle(answers)
    check_tone(answers)
    check_answers_budget(answers)
    check_portuguese(answers)
    answers.news_outlets = [h.lstrip("@") for h in answers.news_outlets]


def check_tone(answers: Answers) -> None:
    if answers.tone not in TONES:
        raise UsageError(f"tone must be polite or letter, got {answers.tone!r}")


def check_answers_budget(answers: Answers) -> None:
    if not answers.budget >= 0 or answers.budget == float("inf"):
        raise UsageError(f"the budget must be a number of dollars >= 0, got {answers.budget}")


def check_platforms(answers: Answers) -> None:
    bad = [p for p in answers.platforms if p not in PLATFORMS]
    if bad or not answers.platforms:
        raise UsageError(
            f"platforms must be among {', '.join(PLATFORMS)} (comma-separated), "
            f"got {', '.join(bad) or 'none'}"
        )
    if answers.watch_followers and "x" not in answers.platforms:  # a paid crawl, unasked
        raise UsageError("--watch-followers crawls your X followers: add x to --platforms")


def check_handle(answers: Answers) -> None:
    # The handle is checked on X when X is chosen (run compares it with the X account),
    # else it must be a handle on one of the platforms chosen.
    kinds = ["x"] if "x" in answers.platforms else [p for p in PLATFORMS if p in answers.platforms]
    handle = next((h for k in kinds if (h := clean_handle(k, answers.handle))), None)
    if not handle:
        where = " or ".join(f"{PLATFORM_LABELS[k]} ({HANDLE_SHAPES[k]})" for k in kinds)
        raise UsageError(f"{answers.handle!r} is not a valid handle on {where}")
    answers.handle = handle


def from_flags(args: argparse.Namespace) -> Answers:
    answers = Answers(
        handle=text_of(args.handle or "").strip(),
        interests=split_list(args.interests),
        news_outlets=split_list(args.news_outlets),
        tone=args.tone or "polite",
        budget=20.0 if args.budget is None else args.budget,
        platforms=split_list(args.platforms.lower()) if args.platforms else ["x"],
        watch_followers=args.watch_followers,
        portuguese=portuguese_choice(args.portuguese or ""),
    )
    answers.synonyms = parse_synonyms(args.synonyms, answers.interests)
    return answers


def ask(args: argparse.Namespace, prompt: Callable[[str], str]) -> Answers:
    """Each question in turn; Enter keeps the default shown in brackets."""

    def question(text: str, default: str = "") -> str:
        shown = f" [{default}]" if default else ""
        try:
            reply = text_of(prompt(f"{text}{shown}: ")).strip()
        except EOFError:
            raise UsageError(
                "init needs answers: run it in a terminal, or give them as flags "
                "(--handle NAME at least; see bot.py init --help)"
            ) from None
        return reply or default

    def until_valid(read: Callable[[], None], check: Callable[[Answers], None]) -> None:
        """A mistake is said at once and the question asked again, not after the rest."""
        while True:
            read()
            try:
                return check(answers)
            except UsageError as exc:
                print(f"{exc}; try again", file=sys.stderr)

    answers = Answers()

    def read_platforms() -> None:
        platforms = question("Platforms (any of x, discord, mastodon, bluesky)", "x")
        answers.platforms = split_list(platforms.lower().replace(" and ", ","))

    def read_handle() -> None:
        on_x = "x" in answers.platforms
        answers.handle = question(f"Your handle{' on X' if on_x else ''} (without @)")

    until_valid(read_platforms, check_platforms)
    until_valid(read_handle, check_handle)
    answers.interests = split_list(
        question("What you post about, comma-separated (e.g. social media, marketing)")
    )
    for interest in answers.interests:
        wordings = split_list(
            question(f'Other wordings of "{interest}" (translations), comma-separated')
        )
        if wordings:
            answers.synonyms[interest] = wordings

    def read_portuguese() -> None:
        answers.portuguese = question(PORTUGUESE_QUESTION, "pt-BR")

    if speaks_portuguese(answers):  # the default of the file either way: asked only here
        until_valid(read_portuguese, check_portuguese)
    answers.news_outlets = split_list(question("Breaking-news handles, comma-separated"))

    def read_tone() -> None:
        answers.tone = question("Reply tone (polite or letter)", "polite").lower()

    until_valid(read_tone, check_tone)
    if "x" not in answers.platforms:  # nothing else costs money: no budget to ask
        return answers
    typed = ""

    def read_budget() -> None:
        nonlocal typed
        typed = question("Monthly X budget in US dollars", "20")

    def check_budget(answers: Answers) -> None:
        try:
            answers.budget = float(typed.lstrip("$"))
        except ValueError:
            raise UsageError(
                f"the budget must be a number of dollars (cents after a point: 12.50), got "
                f"{typed!r}"
            ) from None
        check_answers_budget(answers)

    until_valid(read_budget, check_budget)
    watch = question("Watch your X followers for unfollows (paid per follower) y/n", "n")
    answers.watch_followers = watch.lower().startswith("y")
    return answers


def config_text(a: Answers, template: str) -> str:
    """The shipped config with its comments, and the values init chose set in place."""
    values = {
        ("whynot", "owner_config"): toml_str("owner.toml"),
        ("replies", "tone"): toml_str(a.tone),
        ("x", "monthly_budget_usd"): repr(float(a.budget)),
        ("x", "watch_followers"): "true" if a.watch_followers else "false",
    }
    done: set[tuple[str, str]] = set()
    section = ""
    out = []
    for line in template.splitlines():
        header = re.fullmatch(r"\[([a-z_.]+)\]\s*", line)
        if header:
            section = header.group(1)
        key = re.match(r"([a-z_]+)\s*=", line)
        if key and (section, key.group(1)) in values:
            line = f"{key.group(1)} = {values[(section, key.group(1))]}"
            done.add((section, key.group(1)))
        out.append(line)
    missing = set(values) - done
    if missing:  # the shipped template lost a setting init writes: a bug, not a user error
        raise RuntimeError(f"{CONFIG_TEMPLATE} lacks {sorted(missing)}")
    return "\n".join(out) + "\n"


def env_text(a: Answers) -> str:
    lines = [
        "# Copy to .env (git-ignored, next to bot.py) and fill in; never commit .env.",
        "# Where each value comes from: docs/operations.md. Values here are never logged.",
    ]
    if "x" in a.platforms:
        lines += [
            "",
            f"# X: all five. The access token and secret must be @{a.handle}'s, generated",
            "# after the app's permissions were set to Read and write.",
            *(f"{name}=" for name in X_SECRETS),
        ]
    if "discord" in a.platforms:
        lines += [
            "",
            "# Discord: the bot token (developer portal, Bot, Reset Token).",
            "DISCORD_TOKEN=",
        ]
    if "mastodon" in a.platforms:
        lines += [
            "",
            "# Mastodon: your instance's address (https://mastodon.social, no path) and an",
            "# access token (Preferences, Development, New application; scopes read and",
            "# write:statuses).",
            *(f"{name}=" for name in MASTODON_SECRETS),
        ]
    if "bluesky" in a.platforms:
        lines += [
            "",
            "# Bluesky: your handle (you.bsky.social) and an app password (Settings, Privacy",
            "# and security, App passwords), never the account password.",
            *(f"{name}=" for name in BLUESKY_SECRETS),
        ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    answers = from_flags(args) if args.handle is not None else ask(args, input)
    check_answers(answers)
    target: Path = args.dir
    files = {
        target / "data" / "owner.toml": owner_text(answers),
        target / "data" / "config.toml": config_text(
            answers, CONFIG_TEMPLATE.read_text(encoding="utf-8")
        ),
        target / ".env.example": env_text(answers),
    }
    present = [str(path) for path in files if path.exists()]
    if present and not args.force:
        raise UsageError(
            f"{', '.join(present)} already exist{'s' if len(present) == 1 else ''}: "
            "pass --force to replace (init never touches .env)"
        )
    kept, stamp = [], time.strftime("%Y%m%d-%H%M%S")
    try:
        (target / "data").mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            if path.exists() and path.read_bytes() != text.encode():  # --force: edits kept
                kept.append(path.replace(path.with_name(f"{path.name}.{stamp}.bak")))
            path.write_text(text, encoding="utf-8")
    except OSError as exc:  # a read-only checkout, a folder owned by another user
        where = exc.filename or target
        raise UsageError(
            f"cannot write {where} ({exc.strerror or exc}): run init as the user who owns "
            "the checkout, or choose another --dir"
        ) from None
    config = target / "data" / "config.toml"
    try:  # read back with run's own readers: what init wrote, run accepts
        settings = load_settings(config, env={}, dotenv=None)
        if settings.owner_config is not None:
            read_owner_file(settings.owner_config)
    except (ConfigError, OwnerConfigError) as exc:
        raise UsageError(f"init wrote a file run cannot read ({exc}); please report this") from None
    print("".join(f"kept the file it replaced as {backup}\n" for backup in kept), end="")
    report(answers, files, sys.stdout, settings)
    return 0


def report(a: Answers, files: dict[Path, str], out: TextIO, settings: Settings) -> None:
    names = ", ".join(str(p) for p in files)
    lines = [f"wrote {names} (no secrets)."]
    if not a.interests:
        lines.append("note: no interests, so off_topic cannot judge; add some to data/owner.toml")
    if "x" in a.platforms:
        watch = watch_cost_line(settings)
        lines += [watch] if watch else []
        lines += [answer_cost_line(settings), mention_cost_line(settings)]
    lines.append("Next:")
    step = 1
    lines.append(
        f"  {step}. cp .env.example .env && chmod 600 .env, then fill in the tokens "
        "(the comments there and docs/operations.md say where each comes from)"
    )
    if "x" in a.platforms:
        step += 1
        lines.append(
            f"  {step}. python bot.py run --once --dry-run   "
            "(checks the X credentials and shows what it would answer, posting nothing; "
            f"its reads are paid, as above{WATCH_TOO if a.watch_followers else ''}, and it "
            "says what it spent)"
        )
    elif {"mastodon", "bluesky"} & set(a.platforms):
        step += 1
        lines.append(
            f"  {step}. python bot.py run --once --dry-run   "
            "(checks the credentials and shows what it would answer, posting nothing; "
            "reading Mastodon and Bluesky is free)"
        )
    if "discord" in a.platforms:
        step += 1
        lines.append(f"  {step}. python bot.py sync-commands --guild YOUR_SERVER_ID")
    step += 1
    lines.append(
        f"  {step}. python bot.py run   (a service: docs/operations.md section 4 has a systemd"
        " unit, and a launchd job for a Mac)"
    )
    print("\n".join(lines), file=out)
