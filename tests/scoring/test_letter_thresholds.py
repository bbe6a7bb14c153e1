"""The letter's numbers, each with a near miss that passes and one that fails.

The numbers are written here as the letter and CRITERIA.md state them, not imported
from `scoring.thresholds`: a constant moved in the code must make these tests fail.

- meformer: the letter's "80/20 rule": at most 20% of updates about yourself.
- unstaggered: CRITERIA.md, "5 or more posts within 10 minutes" is a burst.
"""

from __future__ import annotations

from datetime import timedelta

from factories import CHATTY, NOW, account, posts

from scoring import OwnerContext, build_owner_index, parse_account
from scoring.criteria import CRITERIA
from scoring.features import account_facts

CHECKS = {c.id: c.check for c in CRITERIA}
NO_OWNER = build_owner_index(None)

LETTER_SELF_SHARE = 0.20  # the letter: the 80/20 rule
POSTS = 50  # enough posts that one post is 2% of them

# Plainly about the poster (Naaman et al.'s "self-promotion": "check out my", "my new").
ABOUT_ME = [
    "Check out my new album!",
    "My new video is live",
    "Buy my book today",
    "Listen to my podcast this week",
    "Subscribe to my newsletter",
]
# Plainly not about the poster: information shared and reposts of others.
ABOUT_THE_WORLD = [
    "RT @cx_weekly: Why empathy matters in customer service",
    "The city council votes on the new bike lanes on Thursday",
    "RT @socialmediatoday: five social media tips for small shops",
    "Rain expected across the north coast this weekend",
    "The museum opens its new wing to the public in March",
]


def meformer(share: float):
    selfish = round(share * POSTS)
    texts = [ABOUT_ME[i % len(ABOUT_ME)] + f" ({i})" for i in range(selfish)]
    texts += [ABOUT_THE_WORLD[i % len(ABOUT_THE_WORLD)] + f" ({i})" for i in range(POSTS - selfish)]
    # interleave so no window of the feed is all one kind
    texts = texts[::2] + texts[1::2]
    return CHECKS["meformer"](account_facts(account(posts=posts(texts)), NOW), NO_OWNER)


def test_meformer_fails_just_over_the_letter_20_percent():
    result = meformer(LETTER_SELF_SHARE + 0.02)  # 11 of 50
    assert not result.passed, result
    assert result.confidence == 1.0
    assert result.evidence[0].startswith("11 of your last 50 posts")
    assert "the 80/20 rule allows 20%" in result.evidence[0]  # the letter's number, shown


def test_meformer_passes_just_under_the_letter_20_percent():
    result = meformer(LETTER_SELF_SHARE - 0.02)  # 9 of 50
    assert result.passed, result
    assert result.confidence == 1.0


def test_meformer_passes_at_exactly_the_letter_20_percent():
    # "At most 20%" (the letter), "above 20%" fails (CRITERIA.md): 10 of 50 keeps the rule,
    # as the reply's own words say ("the 80/20 rule allows 20%").
    result = meformer(LETTER_SELF_SHARE)  # 10 of 50
    assert result.passed, result
    assert result.confidence == 1.0 and 0.45 < result.score < 0.5
    assert result.evidence[0].startswith("10 of your last 50 posts")


def test_meformer_passes_with_a_tenth_and_fails_with_a_third():
    assert meformer(0.10).passed
    assert not meformer(0.34).passed


# --- unstaggered: "5 or more posts within 10 minutes" (CRITERIA.md) -------------------
BURST = 5
WINDOW = timedelta(minutes=10)


def unstaggered(burst_size: int, spread: timedelta, bursts: int = 4):
    """`bursts` groups of `burst_size` posts, each group spread over `spread`, groups a
    day apart, in a feed of 20 posts otherwise spaced hours apart."""
    texts, stamps = [], []
    start = NOW - timedelta(days=10)
    for b in range(bursts):
        for i in range(burst_size):
            stamps.append(start + timedelta(days=b) + spread * i / max(burst_size - 1, 1))
    spaced = 20 - len(stamps)
    for i in range(spaced):
        stamps.append(start + timedelta(days=5, hours=9 * i))
    for i, _ in enumerate(stamps):
        texts.append(f"Note number {i} about the garden")
    data = posts(texts)
    for post, at in zip(data, sorted(stamps), strict=True):
        post["created_at"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return CHECKS["unstaggered"](account_facts(account(posts=data), NOW), NO_OWNER)


def test_five_posts_within_ten_minutes_are_a_burst():
    result = unstaggered(BURST, WINDOW - timedelta(seconds=30))
    assert not result.passed, result


def test_five_posts_in_exactly_ten_minutes_are_a_burst():
    assert not unstaggered(BURST, WINDOW).passed


def test_four_posts_within_ten_minutes_are_not_a_burst():
    result = unstaggered(BURST - 1, WINDOW - timedelta(seconds=30), bursts=5)
    assert result.passed, result


def test_five_posts_over_more_than_ten_minutes_are_not_a_burst():
    result = unstaggered(BURST, WINDOW + timedelta(minutes=1))
    assert result.passed, result


# --- automated_promo: the letter's robot posts "mere promotional links to your website" -
def test_links_alone_do_not_make_a_robot():
    # A person who shares a link in every post, to many sites, by hand, talking to no one
    # in particular: links alone are not the letter's robot.
    sites = ["news.example", "blog.example", "museum.example", "city.example", "rain.example"]
    own = [t for t in CHATTY if not t.startswith(("@", "RT @"))]
    texts = [f"{text} https://{sites[i % 5]}/s/{i}" for i, text in enumerate(own)]
    result = CHECKS["automated_promo"](account_facts(account(posts=posts(texts)), NOW), NO_OWNER)
    assert result.passed, result
    assert "links_in_most_posts" in dict(result.signals)


def dated(texts_at: list[tuple[str, float]]) -> list[dict]:
    """Posts with the given texts, each `hours` before NOW."""
    data = posts([t for t, _ in texts_at])
    for post, (_, hours) in zip(data, texts_at, strict=True):
        post["created_at"] = (NOW - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return data


def bursts_share(burst_sizes: list[int], total: int = 50):
    """A feed of `total` posts, 9 hours apart, except the bursts (a post a minute)."""
    items: list[tuple[str, float]] = []
    hours = 1.0
    for size in burst_sizes:
        for i in range(size):
            items.append((f"Garden note {len(items)}", hours - i / 60))
        hours += 9
    while len(items) < total:
        items.append((f"Garden note {len(items)}", hours))
        hours += 9
    return CHECKS["unstaggered"](account_facts(account(posts=dated(items)), NOW), NO_OWNER)


def test_unstaggered_fails_when_over_a_fifth_of_posts_are_in_bursts():
    # scoring/thresholds: bursts in 20% of posts fail. 6 + 5 of 50 posts = 22%.
    result = bursts_share([6, 5])
    assert not result.passed, result
    assert result.evidence[0].startswith("11 of your last 50 posts came in 2 bursts")


def test_unstaggered_passes_with_under_a_fifth_of_posts_in_bursts():
    assert bursts_share([9]).passed  # 18%


# --- one_track: "incessant online sales pitch"; scoring/thresholds: 40% fails on its own ---
SALES = ["Huge discount on watches, buy now", "Limited offer 30% off", "Free shipping today"]
PLAIN = [t for t in CHATTY if not t.startswith("RT @")][:20]


def sales_share(pitches: int):
    texts = [SALES[i % 3] + f" ({i})" for i in range(pitches)] + PLAIN[: 20 - pitches]
    return CHECKS["one_track"](account_facts(account(posts=posts(texts)), NOW), NO_OWNER)


def test_sales_pitches_in_40_percent_of_posts_fail_on_their_own():
    result = sales_share(8)
    assert not result.passed, result
    assert set(dict(result.signals)) == {"sales_pitch"}


def test_sales_pitches_in_30_percent_of_posts_do_not_fail_alone():
    result = sales_share(6)
    assert result.passed, result


# --- sporadic: "silent for a month" starts to count (scoring/thresholds) ---------------------
def silent_for(days: float):
    items = [(f"Diary {i}", days * 24 + i * 30) for i in range(12)]
    return CHECKS["sporadic"](account_facts(account(posts=dated(items)), NOW), NO_OWNER)


def test_a_month_of_silence_starts_to_count():
    assert "long_silence" in dict(silent_for(31).signals)
    assert "long_silence" not in dict(silent_for(29).signals)


# --- too few posts: a content criterion does not judge below 5 posts --------------------
def test_content_criteria_judge_from_five_posts():
    few = [f"{SALES[i % 3]} https://shop.example/{i}" for i in range(5)]
    promo = CHECKS["automated_promo"]
    four = promo(account_facts(account(posts=posts(few[:4])), NOW), NO_OWNER)
    assert four.confidence == 0.0 and four.evidence[0].startswith("only 4"), four
    five = promo(account_facts(account(posts=posts(few)), NOW), NO_OWNER)
    assert five.confidence == 5 / 20, five  # 20 posts for full confidence


# --- off_topic: one post in five on the owner's topics is plenty; fails below one in ten -
GARDENER = build_owner_index(
    OwnerContext(
        interests=("gardening",),
        following=(parse_account({"id": "f1", "handle": "newsdesk", "posts": posts(["hi"])}),),
    )
)
ELSEWHERE = [f"Speedrun attempt number {i} on the retro console" for i in range(20)]


def on_topic(count: int):
    texts = [f"Gardening notes, week {i}" for i in range(count)] + ELSEWHERE[: 20 - count]
    return CHECKS["off_topic"](account_facts(account(posts=posts(texts)), NOW), GARDENER)


def test_one_post_in_ten_on_the_owner_topics_fails():
    result = on_topic(2)
    assert not result.passed, result
    assert result.evidence[0].startswith("2 of your last 20 posts touch gardening")


def test_three_posts_in_twenty_on_the_owner_topics_pass():
    assert on_topic(3).passed


# --- redundant: half of the posts repeating one followed account ------------------------
def repeating(count: int):
    texts = [f"RT @newsdesk: story {i}" for i in range(count)] + ELSEWHERE[: 20 - count]
    return CHECKS["redundant"](account_facts(account(posts=posts(texts)), NOW), GARDENER)


def test_half_the_posts_repeating_a_followed_account_fail():
    result = repeating(10)
    assert not result.passed, result
    assert "newsdesk" in result.evidence[0]


def test_under_half_repeating_a_followed_account_pass():
    assert repeating(9).passed


# --- sporadic from the profile: an account under a month old is too young to judge ------
def profile_only(age_days: float):
    created = (NOW - timedelta(days=age_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    acc = account(created_at=created, posts_count=0)
    return CHECKS["sporadic"](account_facts(acc, NOW), NO_OWNER)


def test_a_new_account_with_no_posts_is_not_called_sporadic():
    assert profile_only(29).passed


def test_a_month_old_account_with_no_posts_is_barely_used():
    result = profile_only(31)
    assert not result.passed and "barely_used" in dict(result.signals)


def test_one_holiday_in_a_daily_habit_is_not_on_and_off_use():
    # 15 days away once; otherwise a post a day: the longest gap is 15 times the usual,
    # under the 20 times that makes use "on and off" (scoring/thresholds).
    items = [(f"Daily sketch {i}", 24.0 * i) for i in range(30)]
    items += [(f"Daily sketch {30 + i}", 24.0 * (30 + 15 + i)) for i in range(30)]
    result = CHECKS["sporadic"](account_facts(account(posts=dated(items)), NOW), NO_OWNER)
    assert "on_and_off" not in dict(result.signals), result


# --- only the newest 50 posts are read: "older behaviour is not held against anyone who
# has changed" (scoring/thresholds) ------------------------------------------------------------
def test_an_account_that_stopped_spamming_is_judged_by_what_it_posts_now():
    old = [(f"Deal {i}: https://shop.example/{i}", 24.0 * (200 - i)) for i in range(50)]
    seasons = ("spring", "summer", "autumn")
    now = [
        (f"{CHATTY[i % 20]}, {seasons[i // 20]}", 24.0 * (50 - i) + (i * 7) % 11) for i in range(50)
    ]
    data = dated(old + now)
    for post in data[:50]:
        post["source"] = "IFTTT"
    result = CHECKS["automated_promo"](account_facts(account(posts=data), NOW), NO_OWNER)
    assert result.passed, result


# --- "throw in a little variety": a feed of nothing but one's own posts -------------------
OWN_POSTS = [t for t in CHATTY if not t.startswith(("@", "RT @"))]


def pitches_with_replies(replies: int):
    texts = [SALES[i % 3] + f" ({i})" for i in range(6)]  # 30% sales: not enough alone
    texts += [f"@friend{i} thanks, that helped" for i in range(replies)]
    texts += OWN_POSTS[: 20 - len(texts)]
    return CHECKS["one_track"](account_facts(account(posts=posts(texts)), NOW), NO_OWNER)


def test_sales_pitches_and_no_variety_of_kinds_fail_together():
    result = pitches_with_replies(0)
    assert not result.passed, result
    assert "no_variety_of_kinds" in dict(result.signals)


def test_a_tenth_of_replies_is_a_little_variety():
    result = pitches_with_replies(2)  # 10% replies (scoring/thresholds)
    assert result.passed and "no_variety_of_kinds" not in dict(result.signals), result


# --- never judge without data (CRITERIA): a criterion fails only with half the posts it
# wants for full confidence (20 posts, the "last 20 posts" a person scrolls) ---------------
def promo_feed(n: int):
    texts = [f"Today's offer #{i}: https://shop.example/item/{i}" for i in range(n)]
    data = posts(texts, source="IFTTT")
    return CHECKS["automated_promo"](account_facts(account(posts=data), NOW), NO_OWNER)


def test_a_promo_feed_of_ten_posts_fails():
    result = promo_feed(10)
    assert not result.passed and result.confidence == 0.5


def test_a_promo_feed_of_nine_posts_is_not_yet_judged():
    result = promo_feed(9)
    assert result.passed and result.score >= 0.5 and result.confidence < 0.5, result
