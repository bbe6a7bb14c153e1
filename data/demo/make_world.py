"""Writes the bundled example world (accounts.jsonl, following.jsonl) deterministically.

    python data/demo/make_world.py

Hand-made personas, one per reason of the letter plus genuine people, so that the
examples and the demo show every criterion. No real account is copied here.
"""

from __future__ import annotations

import json
import random
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def posts(
    texts: list[str], start: datetime, step: timedelta, jitter: bool = True, **extra: object
) -> list[dict]:
    """Posts `step` apart; people get a deterministic jitter of up to half a step."""
    rng = random.Random(f"{texts[:1]}{start}")
    out = []
    for i, text in enumerate(texts):
        when = start + step * i + (step * rng.uniform(-0.5, 0.5) if jitter else timedelta())
        kind = "repost" if text.startswith("RT @") else "reply" if text.startswith("@") else "post"
        post = {
            "id": f"{zlib.crc32(f'{text}|{i}|{start}'.encode()):010d}",
            "text": text,
            "kind": kind,
            "created_at": iso(when),
        }
        post.update(extra)
        out.append(post)
    return out


def account(
    handle: str,
    name: str,
    bio: str,
    counts: tuple[int, int, int, int, int],
    created: str,
    plist: list[dict],
    url: str | None = None,
    **extra: object,
) -> dict:
    followers, following, total, listed, likes = counts
    acc = {
        "id": str(zlib.crc32(handle.encode())),
        "platform": "x",
        "handle": handle,
        "display_name": name,
        "created_at": created,
        "description": bio,
        "url": url,
        "followers_count": followers,
        "following_count": following,
        "posts_count": total,
        "listed_count": listed,
        "likes_count": likes,
        "verified": False,
        "protected": False,
        "observed_at": iso(NOW),
        "posts": plist,
    }
    acc.update(extra)
    return acc


AFTERTHOUGHTS = [
    "",
    " Thoughts?",
    " What a week.",
    " Honestly.",
    " More soon!",
    " Cheers, friends.",
    " Still thinking about it.",
]


def varied(topic_lines: list[str], n: int) -> list[str]:
    """Distinct texts from a few lines (people rarely repeat themselves word for word)."""
    return [
        topic_lines[i % len(topic_lines)] + AFTERTHOUGHTS[i // len(topic_lines)] for i in range(n)
    ]


CX = [
    "Customer service is a team sport: the best replies come from people who listen.",
    "@ana_cx totally agree, a quick human reply beats a perfect template",
    "RT @socialmediatoday: 5 ways brands can use social media for customer care",
    "Rainy Monday here. Coffee first, then the support queue.",
    "What is your favourite example of great customer service on social media?",
    "@leo_markets congrats on the launch! the onboarding emails are lovely",
    "Marketing that respects people's time wins in the long run.",
    "Reading about community management this weekend, any book tips?",
    "@fsalas thanks for sharing the open letter, it made me rethink our follow policy",
    "Small wins: closed 30 tickets today and two customers said thank you.",
]


def build() -> tuple[list[dict], list[dict]]:
    hour, day = timedelta(hours=1), timedelta(days=1)
    start = NOW - 20 * day
    world = [
        account(
            "dealsdaily_bot",
            "Deals Daily",
            "Best deals 24/7 - shop now!",
            (40, 4100, 52000, 0, 0),
            "2019-03-01T00:00:00Z",
            posts(
                [
                    "Flash sale! 50% off gadgets today only, shop now "
                    f"https://shop.example/d/{i % 3}"
                    for i in range(30)
                ],
                NOW - 60 * hour,
                2 * hour,
                jitter=False,
                source="IFTTT",
            ),
            url="https://shop.example",
        ),
        account(
            "me_me_maria",
            "Maria Sings",
            "Singer. Songwriter. Stream my new single!",
            (900, 450, 3100, 5, 800),
            "2016-05-10T00:00:00Z",
            posts(
                varied(
                    [
                        "Check out my new single on every platform!",
                        "My new video is up, watch it now",
                        "Buy my album before the tour",
                        "Good morning everyone",
                        "@fan_club thank you so much!",
                        "Listen to my podcast episode today",
                    ],
                    24,
                ),
                start,
                19 * hour,
            ),
        ),
        account(
            "ghost_gary",
            "Gary",
            "",
            (35, 180, 30, 0, 2),
            "2014-02-01T00:00:00Z",
            posts(
                [
                    "hello twitter",
                    "is this thing on",
                    "nice weather",
                    "happy new year",
                    "back again",
                    "watching the game",
                ],
                NOW - 700 * day,
                100 * day,
            ),
        ),
        account(
            "flood_fred",
            "Fred Updates",
            "I post everything I find",
            (300, 280, 9000, 2, 150),
            "2018-01-01T00:00:00Z",
            [
                p
                for b in range(5)
                for p in posts(
                    [f"Interesting read number {b}-{i} about cars and engines" for i in range(8)],
                    start + b * 3 * day,
                    timedelta(seconds=40),
                    jitter=False,
                )
            ],
        ),
        account(
            "salesy_sam",
            "Sam Sells",
            "Premium watches at the best price",
            (1200, 1100, 4000, 3, 20),
            "2017-07-07T00:00:00Z",
            posts(
                varied(
                    [
                        "New watches in stock, buy now with promo code SAM10 #deal",
                        "Limited offer: 30% off every watch this week #deal",
                        "Free shipping on all orders today #deal",
                        "DM to order your watch now #deal",
                    ],
                    24,
                ),
                start,
                15 * hour,
            ),
            url="https://watches.example",
        ),
        account(
            "gamer_gina",
            "Gina",
            "Speedrunner. Pixel art. Cats.",
            (420, 380, 5200, 8, 2300),
            "2015-09-09T00:00:00Z",
            posts(
                varied(
                    [
                        "Just beat my personal best in the speedrun!",
                        "Pixel art of my cat, again",
                        "@pixel_pals that boss fight was brutal",
                        "New retro console arrived",
                        "RT @speedrun_news: records fell this weekend",
                        "Anyone else playing the new platformer?",
                    ],
                    24,
                ),
                start,
                18 * hour,
            ),
        ),
        account(
            "echo_ed",
            "Ed",
            "News about social media",
            (310, 290, 2500, 4, 400),
            "2016-01-01T00:00:00Z",
            posts(
                [
                    f"RT @socialmediatoday: {t}"
                    for t in [
                        "5 ways brands can use social media for customer care",
                        "Marketing trends to watch this year",
                        "How to measure social media ROI",
                        "Customer service on social media: a checklist",
                    ]
                ]
                * 5
                + ["Good read on social media marketing https://socialmediatoday.example/a"] * 4,
                start,
                19 * hour,
            ),
        ),
        account(
            "f4f_frank",
            "Frank",
            "#TeamFollowBack #F4F I always follow back!",
            (5020, 5110, 2300, 1, 40),
            "2020-02-02T00:00:00Z",
            posts(
                varied(
                    [
                        "Follow me and I will follow you back #F4F",
                        "#followback everyone",
                        "Good morning tweeps",
                        "New followers welcome!",
                    ],
                    12,
                ),
                start,
                day,
            ),
        ),
        account(
            "bigshot_bella",
            "Bella",
            "Influencer | Lifestyle | Brand deals",
            (250_000, 300, 1500, 3, 10),
            "2021-01-01T00:00:00Z",
            posts(
                varied(
                    [
                        "Loving this sunny day",
                        "New look for the weekend",
                        "Brunch with friends",
                        "Travel diaries part two",
                    ],
                    16,
                ),
                start,
                day,
                like_count=2,
                repost_count=0,
                reply_count=0,
            ),
            history=[
                {"observed_at": iso(NOW - 40 * day), "followers_count": 20_000},
                {"observed_at": iso(NOW - 37 * day), "followers_count": 240_000},
            ],
        ),
        account(
            "ana_cx",
            "Ana Ruiz",
            "Customer service lead. Community, coffee, kind replies.",
            (1800, 600, 12000, 60, 5400),
            "2012-04-04T00:00:00Z",
            posts(varied(CX, 24), start, 19 * hour),
        ),
        account(
            "leo_markets",
            "Leo",
            "Marketing, social media and bad puns. He/him.",
            (2400, 900, 15000, 80, 7000),
            "2011-11-11T00:00:00Z",
            posts(varied(list(reversed(CX)), 22), start, 21 * hour),
        ),
        account(
            "new_nina",
            "Nina",
            None,
            (3, 20, 2, 0, 1),
            "2026-10-20T00:00:00Z",
            posts(["first post!", "hi all"], NOW - 2 * day, hour),
        ),
    ]
    following = [
        account(
            "socialmediatoday",
            "Social Media Today",
            "News on social media and marketing",
            (900_000, 2000, 80000, 9000, 100),
            "2009-01-01T00:00:00Z",
            posts(
                [
                    "5 ways brands can use social media for customer care",
                    "Marketing trends to watch this year",
                    "How to measure social media ROI",
                    "Customer service on social media: a checklist #socialmedia #marketing",
                    "Community management tips #socialmedia",
                ],
                start,
                day,
            ),
            url="https://socialmediatoday.example",
        ),
        account(
            "cx_weekly",
            "CX Weekly",
            "Customer experience, every week",
            (50_000, 800, 6000, 700, 300),
            "2013-01-01T00:00:00Z",
            posts(
                [
                    "Why empathy is the heart of customer service #cx #socialmedia",
                    "Response times on social media keep falling #cx #marketing",
                ],
                start,
                day,
            ),
        ),
    ]
    return world, following


def script() -> list[dict]:
    """What happens in the demo, in order: mentions (English and Spanish, every intent),
    a bot, the owner itself, a repeat asker, a moderator's decisions, two unfollows, one
    answered with the letter's party-3 excuse, and a review request from ask to decision
    (`reply_to`: the step whose answer it replies to). `at` is minutes after the start."""
    m = "mention"
    return [
        {"type": m, "at": 1, "from": "dealsdaily_bot", "text": "@fsalas follow me back!! #F4F"},
        {
            "type": m,
            "at": 3,
            "from": "me_me_maria",
            "text": "@fsalas hey why didn't you follow me back?? 🙁",
        },
        {"type": m, "at": 4, "from": "ana_cx", "text": "@fsalas loved the open letter, so true 👏"},
        {
            "type": m,
            "at": 6,
            "from": "salesy_sam",
            "text": "@fsalas ¿por qué no me sigues de vuelta? te sigo desde hace meses",
        },
        {"type": m, "at": 8, "from": "gamer_gina", "text": "@fsalas f4f? 🙏 follow back plz"},
        {"type": m, "at": 9, "from": "echo_ed", "text": "@fsalas still no follow back? come on"},
        {
            "type": m,
            "at": 11,
            "from": "f4f_frank",
            "text": "@fsalas I followed you, your turn! #TeamFollowBack",
        },
        {"type": m, "at": 12, "from": "status_bot", "text": "@fsalas follow back? (automated)"},
        {"type": m, "at": 13, "from": "fsalas", "text": "@fsalas why didn't you follow me back"},
        {
            "type": m,
            "at": 15,
            "from": "bigshot_bella",
            "text": "@fsalas sígueme de vuelta porfa, tengo 250k seguidores 😎",
        },
        {"type": m, "at": 16, "from": "new_nina", "text": "@fsalas hi! could you follow me back?"},
        {
            "type": m,
            "at": 18,
            "from": "dealsdaily_bot",
            "text": "@fsalas why won't you follow back??",
        },
        {
            "type": "override",
            "at": 20,
            "handle": "leo_markets",
            "decision": "approve",
            "moderator": "mod_rosa",
            "reason": "Marketing peer, great conversations",
        },
        {
            "type": m,
            "at": 21,
            "from": "leo_markets",
            "text": "@fsalas quick one: why didn't you follow me back? no worries if not!",
        },
        {
            "type": "override",
            "at": 22,
            "handle": "salesy_sam",
            "decision": "deny",
            "moderator": "mod_rosa",
            "reason": "Only sales pitches in the feed",
        },
        {"type": "unfollow", "at": 30, "handle": "ghost_gary"},
        {"type": "unfollow", "at": 31, "handle": "flood_fred"},
        {
            "type": m,
            "at": 40,
            "from": "flood_fred",
            "text": "@fsalas I unfollowed you because you never followed me back. simple.",
        },
        {"type": m, "at": 42, "from": "ghost_gary", "text": "@fsalas why did you unfollow me??"},
        {
            "type": m,
            "at": 44,
            "from": "reposting.bsky.social",
            "platform": "bluesky",
            "text": "@fsalas.bsky.social why don't you follow me back? 🥺",
        },
        {
            "type": m,
            "at": 46,
            "from": "autofeed@toot.example",
            "platform": "mastodon",
            "text": "@fsalas follow back?",
        },
        # a review request: Maria answers the bot's reply (step 2) asking for a person; a
        # moderator decides; she hears back in the same thread
        {
            "type": m,
            "at": 50,
            "from": "me_me_maria",
            "reply_to": 2,
            "text": "@fsalas that's not fair, can a real person look at this?",
        },
        {
            "type": "override",
            "at": 60,
            "handle": "me_me_maria",
            "decision": "approve",
            "moderator": "mod_rosa",
            "reason": "Lots of real conversations lately",
        },
    ]


def main() -> None:
    world, following = build()
    bot = account(
        "status_bot",
        "Status Bot",
        "Automated status updates",
        (10, 10, 500, 0, 0),
        "2022-01-01T00:00:00Z",
        [],
        is_bot_declared=True,
    )
    owner = account(
        "fsalas",
        "Fernando Salas",
        "Social media, marketing, customer service",
        (12000, 900, 30000, 400, 9000),
        "2009-01-01T00:00:00Z",
        [],
    )
    # Askers on Bluesky and Mastodon (issue 19): the same pipeline, each network's own
    # reply limits (300 graphemes; the instance's characters) and threads.
    week = NOW - timedelta(days=7)
    sky = account(
        "reposting.bsky.social",
        "Rita Reposts",
        "Sharing the best deals I find ✨",
        (800, 790, 9000, None, None),
        "2024-02-01T00:00:00Z",
        posts(
            [f"Deal alert: deals.example/{i} 🔥" for i in range(14)],
            week,
            timedelta(hours=11),
            kind="repost",
        )
        + posts(["Good morning everyone!", "Coffee time ☕"], week, timedelta(days=3)),
        platform="bluesky",
        verified=None,
        protected=False,
    )
    toot = account(
        "autofeed@toot.example",
        "Autofeed",
        "New posts from my shop, automatically.",
        (120, 4000, 25000, None, None),
        "2023-05-01T00:00:00Z",
        posts(
            [f"New in the shop: https://shop.example/item/{i} #sale" for i in range(20)],
            week,
            timedelta(hours=6),
            jitter=False,
            source="IFTTT",
        ),
        platform="mastodon",
        verified=None,
    )
    world += [bot, owner, sky, toot]
    rows_by_file = (
        ("accounts.jsonl", world),
        ("following.jsonl", following),
        ("script.jsonl", script()),
    )
    for name, rows in rows_by_file:
        with (HERE / name).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"wrote {len(world)} accounts, {len(following)} followed accounts and the script to {HERE}"
    )


if __name__ == "__main__":
    main()
