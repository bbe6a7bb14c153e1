"""Replies measured the way the platforms measure them, with the limits written here as
the platforms document them (not imported from `whynot.replies`):

- X: 280 characters as X counts them, the weighted count of X's own open-source
  `twitter-text` library (CJK and emoji weigh 2, a link 23); X refuses a longer post.
  Source: developer.x.com, "Counting characters"; twitter-text v3 configuration.
- Discord: a message's content holds at most 2,000 characters; Discord rejects a longer
  one. Source: discord.com/developers/docs/resources/message#create-message (content).

A reply that breaks these is never delivered, so the asker is never answered.
"""

from __future__ import annotations

from functools import cache

import pytest
from factories import verdicts_by_first_reason
from twitter_text import parse_tweet

from scoring import Verdict
from scoring.models import CriterionResult
from whynot.platforms.discord.common import fit_lines
from whynot.replies import ReplyRenderer, escape_discord, escape_x

X_WEIGHTED_LIMIT = 280  # developer.x.com: "Counting characters"
X_THREAD_POSTS = 3  # README: a reply may become a thread of at most 3 posts
DISCORD_MESSAGE_LIMIT = 2000  # Discord API: message content, max 2000 characters

CRITERIA = (
    "automated_promo",
    "meformer",
    "sporadic",
    "unstaggered",
    "one_track",
    "off_topic",
    "redundant",
    "follow_for_follow",
    "bought_followers",
)


def verdict_with(evidence: str, reasons: int = 9, items: int = 2) -> Verdict:
    failed = tuple(
        CriterionResult(
            cid,
            False,
            0.9 - i * 0.01,
            1.0,
            tuple(f"{evidence} {i}.{k}" for k in range(items)),
            ((cid, 0.9),),
            (),
        )
        for i, cid in enumerate(CRITERIA[:reasons])
    )
    return Verdict("1", "asker", 0.5, False, failed)


def x_weight(post: str) -> int:
    return parse_tweet(post).weightedLength


# Japanese evidence weighs twice its len(): an X post measured by len() would be 2x over.
CJK = "あなたの投稿の多くは自分の店へのリンクです"
LINK = "https://shop.example/" + "a" * 60  # weighs 23 whatever its length


@pytest.mark.parametrize(
    ("tone", "unit"),
    [("polite", CJK), ("letter", "販売" * 3), ("polite", LINK + " " + CJK)],
    ids=["cjk", "cjk-letter", "link-and-cjk"],
)
def test_x_posts_fit_280_as_x_weighs_them(tone, unit):
    renderer = ReplyRenderer(tone)
    heaviest = 0
    for repeat in range(1, 9):
        for reasons in (1, 9):
            reply = renderer.render(
                "why_not_followed",
                platform="x",
                asker="Asker",
                verdict=verdict_with(unit * repeat, reasons),
            )
            assert 1 <= len(reply.posts) <= X_THREAD_POSTS
            for post in reply.posts:
                weight = x_weight(post)
                assert weight <= X_WEIGHTED_LIMIT, (weight, post)
                heaviest = max(heaviest, weight)
    # the sweep did reach the limit, so a wrong count would have shown
    assert heaviest > X_WEIGHTED_LIMIT - 40


def test_a_cjk_post_is_not_measured_by_code_points():
    # 150 kana: len() says 150, X says 300, so it cannot be one post.
    reply = ReplyRenderer().render(
        "why_not_followed", platform="x", asker="A", verdict=verdict_with("あ" * 150, 1, 1)
    )
    assert all(x_weight(p) <= X_WEIGHTED_LIMIT for p in reply.posts)
    assert "あ" * 150 not in "".join(reply.posts) or len(reply.posts) > 1


@pytest.mark.parametrize("tone", ["polite", "letter"])
def test_discord_messages_fit_2000_characters(tone):
    renderer = ReplyRenderer(tone)
    longest = 0
    for size in range(100, 300, 6):
        for reasons in (7, 9):
            reply = renderer.render(
                "why_not_followed",
                platform="discord",
                asker="Asker",
                verdict=verdict_with("word " * (size // 5), reasons),
            )
            assert len(reply.posts) == 1
            assert len(reply.posts[0]) <= DISCORD_MESSAGE_LIMIT, len(reply.posts[0])
            longest = max(longest, len(reply.posts[0]))
    assert longest > DISCORD_MESSAGE_LIMIT - 150  # the sweep reached the limit


def test_moderator_listings_fit_2000_characters():
    lines = [f"- **deny** x @user{i}: “{'reason ' * 12}”" for i in range(200)]
    text = fit_lines("**Decisions in force** (200), newest first:", lines)
    assert len(text) <= DISCORD_MESSAGE_LIMIT
    assert len(text) > DISCORD_MESSAGE_LIMIT - 200  # as many as fit, not a handful


# Line separators a user's text may hold. Unicode (UAX #14) makes each a line break, and
# so do Discord and X clients; left in a value they would break the reply's layout (a
# quoted post could start a line of its own, e.g. a fake "- reason").
SEPARATORS = {
    "LF": "\n",
    "CR": "\r",
    "VT": "\v",
    "FF": "\f",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
    # Python's str.splitlines() (Unicode's line boundaries) also breaks on these:
    "NEXT LINE": "\x85",
    "FILE SEPARATOR": "\x1c",
    "GROUP SEPARATOR": "\x1d",
    "RECORD SEPARATOR": "\x1e",
}


@pytest.mark.parametrize("name", list(SEPARATORS))
@pytest.mark.parametrize("escape", [escape_discord, escape_x])
def test_line_separators_in_user_text_become_spaces(name, escape):
    sep = SEPARATORS[name]
    assert escape(f"first{sep}- second") == "first - second"


@pytest.mark.parametrize("name", list(SEPARATORS))
@pytest.mark.parametrize("platform", ["x", "discord"])
def test_a_reply_quoting_user_text_keeps_its_own_lines(name, platform):
    sep = SEPARATORS[name]
    reply = ReplyRenderer().render(
        "why_not_followed",
        platform=platform,
        asker=f"Pete{sep}the Promoter",
        verdict=verdict_with(f"quoted{sep}- I am not a reason", 2, 1),
    )
    for post in reply.posts:
        assert not any(s in post for s in SEPARATORS.values() if s not in "\n"), repr(post)
        for line in post.split("\n"):
            assert not line.startswith("- I am not a reason"), repr(post)


# X notifies an account for "@name" and for the full-width "＠name" alike (twitter-text's
# atSigns are [@＠]); quoted text must ping no one but the asker.
AT_SIGNS = ("@", "\uff20")


@pytest.mark.parametrize("at", AT_SIGNS, ids=["ascii", "fullwidth"])
def test_quoted_handles_do_not_notify_anyone_on_x(at):
    reply = ReplyRenderer().render(
        "why_not_followed",
        platform="x",
        asker=f"Pete {at}rival",
        verdict=verdict_with(f"as {at}brand_x said", 1, 1),
    )
    for post in reply.posts:
        for sign in AT_SIGNS:
            assert f"{sign}rival" not in post and f"{sign}brand_x" not in post, post


def test_a_long_display_name_does_not_crowd_the_reply():
    # X allows 50-character display names; the reply shows at most 40 of them.
    name = "Pete " + "P" * 45
    reply = ReplyRenderer().render("why_not_followed", platform="x", asker=name)
    assert name not in reply.text
    assert "Pete " + "P" * 34 + "…" in reply.text


@pytest.mark.parametrize("most", [2, 3])
def test_an_x_reply_takes_no_more_posts_than_the_owner_pays_for(most):
    # [x] reply_posts: each X post costs $0.015, so the owner may cap a reply's thread
    renderer = ReplyRenderer("polite", x_posts=most)
    for reasons in (1, 3, 9):
        reply = renderer.render(
            "why_not_followed",
            platform="x",
            asker="Asker",
            verdict=verdict_with("12 of your last 40 posts link to your own shop", reasons),
        )
        assert 1 <= len(reply.posts) <= most
        assert all(x_weight(post) <= X_WEIGHTED_LIMIT for post in reply.posts)
        assert "- " in "\n".join(reply.posts)  # still names a reason
    # a reason whose evidence is long needs the default thread to keep its evidence; a cap
    # of 2 shows less (the headline alone)
    long = "12 of your last 40 posts link to your own shop, e.g. " + "“my shop, my deals” " * 8
    args = {"platform": "x", "asker": "Asker", "verdict": verdict_with(long, 2, items=1)}
    full = ReplyRenderer("polite").render("why_not_followed", **args)
    assert len(full.posts) == X_THREAD_POSTS and long[:40] in full.text
    if most == 2:
        assert len(renderer.render("why_not_followed", **args).posts) == 2


def test_an_x_reply_takes_the_fewest_posts_that_hold_its_essentials():
    # each X post costs $0.015: one post when it holds the worst reason with its evidence
    # and names every other reason; Discord shows every reason with its evidence
    verdict = verdict_with("12 of 40 posts link to a shop", 3, items=1)
    renderer = ReplyRenderer("polite")
    x = renderer.render("why_not_followed", platform="x", asker="Ana", verdict=verdict)
    assert len(x.posts) == 1, x.posts
    assert "a shop 0.0" in x.text and "a shop 2.0" not in x.text
    lines = x.text.splitlines()
    bullets = [line for line in lines if line.startswith("- ")]
    also = next(line for line in lines if line.startswith("Also: "))
    assert len(bullets) + len(also.split("; ")) == 3
    discord = renderer.render("why_not_followed", platform="discord", asker="Ana", verdict=verdict)
    assert all(f"a shop {i}.0" in discord.text for i in range(3))


@cache
def _renderer(tone: str) -> ReplyRenderer:
    """One a tone for the cases below (a new one per reply built its templates again)."""
    return ReplyRenderer(tone)


@pytest.mark.parametrize("reasons", range(1, 10))
def test_every_x_reply_names_every_failed_reason(reasons):
    # shown with its evidence, or named in the "Also:" line: never "and N more"
    for tone in ("polite", "letter"):
        for items in (0, 1, 2):
            text = (
                _renderer(tone)
                .render(
                    "why_not_followed",
                    platform="x",
                    asker="Asker",
                    verdict=verdict_with(
                        "12 of your last 40 posts link to your shop", reasons, items
                    ),
                )
                .text
            )
            lines = [line.removesuffix(")").rstrip("0123456789/ (") for line in text.splitlines()]
            bullets = [line for line in lines if line.startswith("- ")]
            also = [line for line in lines if line.startswith("Also: ")]
            named = also[0].removeprefix("Also: ").removesuffix(".").split("; ") if also else []
            assert len(bullets) + len(named) == reasons, text
            assert "more reason" not in text


def test_a_reply_length_outside_two_to_three_posts_is_refused():
    from whynot.replies import ReplyError

    for most in (1, 4):  # one post cannot hold the opening, a reason and the close
        with pytest.raises(ReplyError, match="2 to 3 posts"):
            ReplyRenderer("polite", x_posts=most)


def test_a_reply_that_cannot_keep_to_the_owners_cap_takes_the_full_thread():
    # a moderator's 240-character note, a 50-character name, nine reasons: at
    # [x] reply_posts = 2 some of these fit no rendering; they must still be answered
    from whynot.replies import LANGUAGES, REPLY_TEMPLATES

    note = "We looked again at your last posts and the links in them. " * 4 + "Sorry."
    name = "N" * 50
    over_cap = 0
    for tone in ("polite", "letter"):
        capped, full = ReplyRenderer(tone, x_posts=2), ReplyRenderer(tone)
        for language in LANGUAGES:
            for template in REPLY_TEMPLATES:
                args = {"platform": "x", "language": language, "asker": name}
                args |= {"verdict": verdict_with("12 of 40", 9), "note": note}
                reply = capped.render(template, **args)
                assert 1 <= len(reply.posts) <= X_THREAD_POSTS
                assert all(x_weight(post) <= X_WEIGHTED_LIMIT for post in reply.posts)
                if len(reply.posts) > 2:
                    over_cap += 1
                    assert reply == full.render(template, **args)  # the full thread, as at 3
    assert over_cap  # the case this guards exists


def test_every_reply_with_any_first_reason_fits_an_x_thread():
    # found by the property test in tests/test_replies.py: a Portuguese letter-tone
    # unfollow_excuse whose first reason was one_track fitted no rendering in 3 posts
    from whynot.replies import LANGUAGES, REPLY_TEMPLATES

    for verdict in verdicts_by_first_reason():
        for tone in ("polite", "letter"):
            renderer = ReplyRenderer(tone)
            for language in LANGUAGES:
                for template in REPLY_TEMPLATES:
                    for asker in ("Ana", "N" * 80):
                        args = {"platform": "x", "language": language, "asker": asker}
                        reply = renderer.render(template, verdict=verdict, **args)
                        assert len(reply.posts) <= X_THREAD_POSTS


def test_an_x_reply_renders_each_rendering_once(monkeypatch):
    # the fewest-posts plans (1 post, 2, then the cap) try the same renderings with more
    # room each time: the template runs once per distinct set of values, not once a plan
    # (447fccc ran it up to 43 times a reply: 44-54% of bench/pipeline.py's time, 18-28% before)
    from jinja2 import Template

    calls: list[tuple] = []
    render = Template.render

    def counted(self, *args, **values):
        shown = tuple(c.id for c in values["reasons"])
        calls.append((shown, values["max_evidence"], values["name_rest"], values["short"]))
        return render(self, *args, **values)

    monkeypatch.setattr(Template, "render", counted)
    long = "12 of your last 40 posts link to your own shop, e.g. " + "“my shop, my deals” " * 8
    for reasons, items, evidence in ((1, 1, long), (2, 1, long), (9, 2, "12 of 40"), (3, 1, "a")):
        for tone in ("polite", "letter"):
            for template in ("why_not_followed", "moderator_denied", "not_reviewed"):
                calls.clear()
                verdict = verdict_with(evidence, reasons, items)
                ReplyRenderer(tone).render(template, platform="x", asker="A", verdict=verdict)
                assert len(calls) == len(set(calls)), (reasons, tone, template, calls)
