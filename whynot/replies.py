"""Replies in the letter's voice: choose the template, render it safely, fit the platform.

- Templates live in `templates/<lang>/`, a folder per language holding `replies/` (adding
  a language is adding a folder): a reply per intent, a snippet per criterion, and for
  other languages than English the facts' wording (`facts.j2`); a variety the owner chose
  (`templates/pt-PT/`, `whynot.varieties`) overrides its language's files. Jinja runs with
  StrictUndefined and every `{{ value }}` goes through the platform's escaper
  (`finalize`): names, bios and post snippets are data, never code, markdown or a ping.
- A template renders paragraphs separated by "¶" or blank lines; a reason starts "- ".
- Fitting: X posts hold 280 characters as X counts them (a URL is 23, CJK and emoji 2), a
  reply a thread of at most 3 posts (on X `[x] reply_posts`, since each costs money; one
  that cannot fit the owner's cap takes the full thread), as on Bluesky (300 graphemes)
  and Mastodon (the instance's limit, 500 by default); Discord messages hold 2,000. When
  the richest rendering does not fit, the renderer asks the template for less (fewer
  evidence items, then fewer reasons, the others named by their labels in an "Also:"
  line; each with the full wording, then the short one: `short`), and never cuts a word.
- Short texts outside the replies (what Discord's `/whynot` says to its caller, in
  `templates/<lang>/discord/`) render through the same environments (`ReplyRenderer.line`):
  a language's own file, else the English one; a translation that fails or renders blank
  gives the English text, never an error or an empty message.
- The owner's interests are named in the reply's language where the owner file gives a
  wording in it (`whynot.interest_names`), else as written.
- On X each post costs $0.015, so a reply takes the fewest posts that hold its essentials:
  the worst reason with its evidence and every other reason named. More posts only buy
  more evidence when fewer cannot hold those.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from scoring import Verdict
from whynot.interest_names import named_in
from whynot.models import ANSWERED_INTENTS
from whynot.safe_text import clean
from whynot.threads import (
    BULLET,
    PACKERS,
    X_MAX_POSTS,
    ZWSP,
    Packer,
    ends_on_closing_alone,
    pack_thread,
    unlinked,
)
from whynot.varieties import folders, is_variety_folder, variety_of
from whynot.verdicts import reviewed

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def languages_in(templates: Path) -> tuple[str, ...]:
    """The languages a templates folder has replies for: its subfolders holding `replies/`,
    English (the fallback) first; a variety's folder (`pt-PT`) is not a language."""
    try:
        found = {
            p.name
            for p in templates.iterdir()
            if (p / "replies").is_dir() and not is_variety_folder(p.name)
        }
    except OSError:
        found = set()
    return tuple(sorted(found, key=lambda lang: (lang != "en", lang)))


LANGUAGES = languages_in(TEMPLATES)
TONES = ("polite", "letter")
Platform = Literal["x", "discord", "bluesky", "mastodon"]
Decision = Literal["approve", "deny"]

# From the richest to the leanest rendering: (evidence items per reason, reasons shown,
# whether the reasons not shown are named or only counted). Counting is the last resort:
# eight labels may not fit beside a long opening (a 40-character name, the letter's tone).
DETAIL_LEVELS = (
    *((2, 9, True), (1, 9, True), (1, 4, True), (1, 3, True), (1, 2, True), (1, 1, True)),
    *((0, 1, True), (0, 1, False)),
)
# The renderings that still hold a reply's essentials: the worst reason with its evidence
# and every other reason named. Fewer X posts are taken only at these.
ESSENTIAL_LEVELS = tuple(level for level in DETAIL_LEVELS if level[0] >= 1 and level[2])
Levels = tuple[tuple[int, int, bool], ...]
Rendering = tuple[int, int, bool, bool]  # evidence, reasons shown, name_rest, short
WORDINGS = (False, True)  # `short`: the template's full wording first, then its short one

REPLY_TEMPLATES = (
    *("why_not_followed", "follow_back_request", "unfollow_excuse", "why_unfollowed"),
    *("oversight_notice", "not_reviewed", "moderator_approved", "moderator_denied"),
    "review_requested",  # the answer to a review request: a person will look
    "already_following",  # any answered question from someone the owner does follow
)


# Asking for a follow back, or why there was none, is answered by "I do follow you"
# when the owner does (the unfollow bug, or an app that did not show it); so is "why did
# you unfollow me?" and "I unfollowed you since you never followed back": each rests on a
# follow the owner does not have, and their replies would give reasons for it.
ALREADY_ANSWERED_BY_FOLLOWING = frozenset(
    {"why_not_followed", "follow_back_request", "why_unfollowed", "unfollow_excuse"}
)


class ReplyError(ValueError):
    """A reply cannot be made (unknown template, language, tone or platform)."""


@dataclass(frozen=True, slots=True)
class Reply:
    template: str
    language: str
    platform: str
    posts: tuple[str, ...]  # X: a thread of 1..3 posts; Discord: one message
    variety: str = ""  # the language's variety spoken ("pt-BR", "pt-PT"), "" if it has none

    @property
    def text(self) -> str:
        return "\n\n".join(self.posts)


# --- escaping user-controlled text --------------------------------------------------
_DISCORD_MARKDOWN = re.compile(r"([\\*_~`|>\[\]])")
_DISCORD_PINGS = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>", re.IGNORECASE)
_X_MENTION = re.compile(r"([@＠])(?=\w)")


# Every boundary str.splitlines() knows: \x1c-\x1e and U+0085 (NEL) break lines too.
_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


# Bidi controls (U+202A-E, U+2066-9) left open in a name or quote reorder our sentence.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def inline(value: object) -> str:
    """A value as it stands inside a sentence: encodable, on one line (a line break from a
    user's text would otherwise start a new paragraph of the reply), and unable to turn
    the direction of the text after it (bidi controls dropped)."""
    return _BIDI_CONTROLS.sub("", _LINE_BREAKS.sub(" ", clean(value)))


_DISCORD_LINE_START = re.compile(r"^(\s*)(#|-#|[-+]|\d+\.)(?=\s)")


def escape_discord(value: object) -> str:
    """Markdown shown as typed, and no @everyone/@here, user, role or channel pings."""
    text = _DISCORD_MARKDOWN.sub(r"\\\1", inline(value))
    # A value may open a line (a quoted message in the feed): no headings or lists.
    return _DISCORD_PINGS.sub(_unping, _DISCORD_LINE_START.sub(_unlist, text))


def _unlist(m: re.Match[str]) -> str:
    token = m.group(2)
    return m.group(1) + (token[:-1] + "\\." if token.endswith(".") else "\\" + token)


def _unping(m: re.Match[str]) -> str:
    return f"@{ZWSP}{m.group(1)}" if m.group(1) else f"<{m.group(2)}{ZWSP}{m.group(3)}>"


def escape_x(value: object) -> str:
    """On X an @handle notifies that account: break the link so no third party is pinged.
    A URL or a bare domain in a value (a quoted post's link, the site its links point to,
    an auto-poster named by its domain, such as dlvr.it) is shown but not linked: X would
    link it, and price the post at $0.200 instead of $0.015."""
    return unlinked(_X_MENTION.sub(lambda m: m.group(1) + ZWSP, inline(value)))


# On Bluesky an @handle is plain text unless a facet links it, but Mastodon links (and
# notifies) @user@domain written in the text: both break @ as X does.
ESCAPERS: dict[str, Callable[[object], str]] = {
    "x": escape_x,
    "discord": escape_discord,
    "bluesky": escape_x,
    "mastodon": escape_x,
}


def thread_format(name: str, limit: int, length: Callable[[str], int] = len) -> str:
    """Register a threaded reply format of `limit` (say a Mastodon instance's own
    character limit) and return its name; @mentions are broken as on X."""
    ESCAPERS.setdefault(name, escape_x)
    PACKERS.setdefault(name, lambda paragraphs: pack_thread(paragraphs, length, limit))
    return name


PARAGRAPH = "¶"  # ends a paragraph wherever it stands (robust to Jinja whitespace control)
# A "¶" inside a value (a quoted post, a name) is text, not the template's paragraph mark:
# values carry it as this private-use character until the paragraphs are found.
_VALUE_PILCROW = "\ue0b6"


def _finalizer(platform: str) -> Callable[[object], str]:
    escape = ESCAPERS[platform]
    return lambda value: escape(value).replace(PARAGRAPH, _VALUE_PILCROW)


def _paragraphs(rendered: str) -> list[str]:
    """ "¶" (anywhere), a blank line or a bullet starts a paragraph; the lines inside one
    are joined, so templates may wrap their text freely."""
    paragraphs: list[list[str]] = []
    for chunk in rendered.split(PARAGRAPH):
        fresh = True
        # Only real newlines end a line: str.splitlines would also split on separators
        # such as \x1c-\x1e or \u2028 that user text may hold.
        for raw in re.split(r"\r\n|\n|\r", chunk):
            line = raw.strip()
            if not line:
                fresh = True
                continue
            if fresh or line.startswith(BULLET):
                paragraphs.append([])
            paragraphs[-1].append(line)
            fresh = False
    return [" ".join(lines).replace(_VALUE_PILCROW, PARAGRAPH) for lines in paragraphs]


# --- the renderer -----------------------------------------------------------------
def _thousands(value: object, sep: str = ",") -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.0f}".replace(",", sep)


ASKER_MAX = 40  # X allows 50-character names; a reply should not be mostly a name


def _short_name(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= ASKER_MAX else name[: ASKER_MAX - 1].rstrip() + "…"


# A name that already ends a sentence ("Kai T.") takes no second full stop from the
# template ("Good question, {{ asker }}."): the asker value carries this private-use mark
# after its own stop, and a template "." right after the mark is dropped with it.
_NAME_END = "\ue0a5"


def _asker_value(name: str) -> str:
    name = _short_name(name.replace(_NAME_END, ""))
    return name + _NAME_END if name.endswith((".", "…")) else name


def _without_name_end(rendered: str) -> str:
    return rendered.replace(_NAME_END + ".", "").replace(_NAME_END, "")


def _period(text: object) -> str:
    """End a sentence once: evidence that already ends in punctuation gets no extra dot.
    Spanish (RAE) ends the sentence after a closing «quote», always, and the quote loses a
    full stop of its own: «... friends»., «¿Vienes?»."""
    text = str(text).rstrip()
    if text.endswith("»"):
        inner = text[:-1]
        return (inner[:-1] if inner.endswith(".") and not inner.endswith("..") else inner) + "»."
    return text if text.endswith((".", "!", "?", "…", "”", '"')) else text + "."


class ReplyRenderer:
    """Renders replies for one tone. Environments are built once per (language, platform)."""

    def __init__(
        self,
        tone: str = "polite",
        templates: Path = TEMPLATES,
        offer_review: bool = True,
        x_posts: int = X_MAX_POSTS,
        varieties: Mapping[str, str] | None = None,
    ) -> None:
        if tone not in TONES:
            raise ReplyError(f"unknown tone {tone!r}; choose one of {', '.join(TONES)}")
        if not 2 <= x_posts <= X_MAX_POSTS:  # one post cannot hold a reason and the close
            raise ReplyError(f"an X reply takes 2 to {X_MAX_POSTS} posts, not {x_posts}")
        self.tone, self.x_posts = tone, x_posts  # x_posts: [x] reply_posts (each costs)
        self.offer_review = offer_review  # False: no review channel, no reply promises one
        self.templates = templates
        self.varieties = dict(varieties or {})  # the owner's: {"pt": "pt-PT"} (varieties.py)
        self.languages = LANGUAGES if templates == TEMPLATES else languages_in(templates)
        self._envs: dict[tuple[str, str], Environment] = {}

    def _env(self, language: str, platform: str) -> Environment:
        key = (language, platform)
        if key not in self._envs:
            env = Environment(
                loader=FileSystemLoader(
                    [self.templates / name for name in folders(language, self.varieties)]
                ),
                undefined=StrictUndefined,
                auto_reload=False,  # templates do not change while the bot runs
                autoescape=False,  # not HTML: escaping is the platform's, via finalize
                finalize=_finalizer(platform),
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
            )
            env.filters["thousands"] = _thousands
            env.filters["period"] = _period
            env.filters["headline"] = lambda text: text[:1].upper() + text[1:]
            env.filters["pct"] = lambda v, digits=0: f"{float(v) * 100:.{digits}f}%"
            self._envs[key] = env
        return self._envs[key]

    def render(
        self,
        template: str,
        *,
        platform: str,
        language: str = "en",
        asker: str = "",
        verdict: Verdict | None = None,
        note: str = "",
        asked: bool = False,
        intent: str = "",
    ) -> Reply:
        """`asked`: the asker got the owner's "was it an oversight?" notice (an unfollow
        excuse's reply refers to it only then). `intent`: what the mention asked, for a
        reply several intents share (`not_reviewed` does not tell someone the owner
        unfollowed that it does not follow back automatically)."""
        if template not in REPLY_TEMPLATES:
            raise ReplyError(f"unknown reply template {template!r}")
        if platform not in PACKERS:
            raise ReplyError(f"unknown platform {platform!r}; choose {', '.join(PACKERS)}")
        language = language if language in self.languages else "en"
        asker = _asker_value(asker)
        env = self._env(language, platform)
        reasons = named_in(verdict.failed, language, self.languages) if verdict else []
        tmpl = env.get_template(f"replies/{template}.j2")
        values: dict[str, Any] = {
            "tone": self.tone,
            "platform": platform,
            "asker": asker,
            "note": note,
            "asked": asked,
            "intent": intent,
        }
        shell = Reply(template, language, platform, (), variety_of(language, self.varieties))
        renderings: dict[Rendering, list[str]] = {}  # shared by the plans: each runs once
        for pack, levels in self._plans(platform):
            reply = self._fit(tmpl, reasons, values, shell, pack, levels, renderings)
            if reply is not None:
                return reply
        raise ReplyError(f"{template} does not fit {platform} even at its shortest")

    def line(self, name: str, /, *, platform: str, language: str = "en", **values: Any) -> str:
        """The text of `templates/<language>/<name>.j2` (a command's words, such as
        "discord/cooldown"), escaped for `platform`, its lines joined as a reply's
        paragraphs are (`name` is positional: a template may take a value called name).
        English where the language has no such file; and English, with a warning, where
        its file fails to render or says nothing (a translator's slip must not leave a
        member with an error or a blank message). English must render."""
        if language != "en" and language in self.languages:
            try:
                text, why = self._line(name, platform, language, values), "says nothing"
            except Exception as exc:  # a translation's slip: its syntax, a value it misnames
                text, why = "", f"failed ({exc})"
            if text:
                return text
            log.warning("templates/%s/%s.j2 %s: said in English", language, name, why)
        text = self._line(name, platform, "en", values)
        if not text:
            raise ReplyError(f"templates/en/{name}.j2 says nothing")
        return text

    def _line(self, name: str, platform: str, language: str, values: dict[str, Any]) -> str:
        rendered = self._env(language, platform).get_template(f"{name}.j2").render(**values)
        return "\n\n".join(_paragraphs(_without_name_end(rendered)))

    def _plans(self, platform: str) -> list[tuple[Packer, Levels]]:
        """How to pack a reply, in order of preference, and the renderings each may use.
        On X: the fewest posts that hold the essentials, up to the owner's cap ([x]
        reply_posts); at the cap any rendering; then the full thread rather than no answer."""
        if platform != "x":
            return [(PACKERS[platform], DETAIL_LEVELS)]
        plans: list[tuple[Packer, Levels]] = [
            (partial(pack_thread, posts_at_most=n), ESSENTIAL_LEVELS)
            for n in range(1, self.x_posts)
        ]
        for most in dict.fromkeys((self.x_posts, X_MAX_POSTS)):
            plans.append((partial(pack_thread, posts_at_most=most), DETAIL_LEVELS))
        return plans

    def _fit(
        self,
        tmpl: Template,
        reasons: list[Any],
        values: dict[str, Any],
        shell: Reply,
        pack: Packer,
        levels: Levels,
        renderings: dict[Rendering, list[str]],
    ) -> Reply | None:
        """The richest rendering of `levels` that `pack` fits into the platform's posts.
        `renderings` keeps each rendering's paragraphs: the template runs once per distinct
        set of values in a reply (the X plans try the same ones with more posts each)."""
        # A thread that would end on its closing line alone is kept only as a fallback: one
        # evidence item fewer may let the line join the post before, but never a reason
        # fewer, nor the last evidence (a reason the asker could not check, to save a post).
        fallback: tuple[Reply, int, int] | None = None
        for evidence, limit, name_rest in levels:
            shown, rest = reasons[:limit], reasons[limit:]
            if fallback is not None and (len(shown) < fallback[1] or evidence < 1 <= fallback[2]):
                return fallback[0]
            for short in WORDINGS:
                key = (evidence, len(shown), name_rest, short)
                if key not in renderings:
                    rendered = tmpl.render(
                        **values,
                        reasons=shown,
                        rest=rest,
                        name_rest=name_rest,
                        max_evidence=evidence,
                        short=short,
                        label=False,
                        review=self.offer_review,
                    )
                    renderings[key] = _paragraphs(_without_name_end(rendered))
                posts = pack(list(renderings[key]))
                if posts is None:
                    continue
                reply = replace(shell, posts=tuple(posts))
                if not ends_on_closing_alone(posts):
                    return reply
                fallback = fallback or (reply, len(shown), evidence)
        return fallback[0] if fallback is not None else None


def choose_template(
    intent: str, verdict: Verdict | None, decision: str | None, followed: bool = False
) -> str:
    """Which reply answers this intent, given the verdict, any moderator decision, and
    whether the owner already follows the asker (`followed`: known to be so)."""
    if intent not in ANSWERED_INTENTS:
        raise ReplyError(f"no reply for intent {intent!r}")
    if followed and intent in ALREADY_ANSWERED_BY_FOLLOWING and decision is None:
        return "already_following"
    if decision == "approve":
        return "moderator_approved"
    if decision == "deny":
        return "moderator_denied"
    if verdict is None or not reviewed(verdict):
        return "not_reviewed"
    return intent
