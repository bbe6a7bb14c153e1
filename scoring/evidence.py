"""The English wording of every fact a criterion can report, keyed by fact name.

Criteria record facts as a key and plain values (counts, names, shares); this phrasebook
turns them into the evidence strings of the verdict. Replies in other languages word the
same keys in their own templates (`templates/<lang>/facts.j2`), from the same values.
Counts agree in number with their nouns and verbs ("1 of your last 50 posts touches",
"your only recent post", "1 burst"), whatever the count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from typing import Any

PHRASES: dict[str, str] = {
    # automated_promo
    "links_in_most_posts": "{posts} {verb} a link",
    "links_to_one_site": "{posts} {verb} to {site}",
    "links_to_own_site": "{posts} {verb} to your own site, {site}",
    "repeated_texts": "{posts} {verb} the words of an earlier one",
    "automation_client": "{posts} {verb} by {client}, an auto-poster",
    "clockwork_schedule": "your posts go out every {interval} like clockwork "
    "(the gaps vary by only {variation:.0%})",
    # meformer
    "self_focused_posts": "{posts} {verb} about you or what you offer "
    "({share:.0%}; the 80/20 rule allows {limit:.0%}), e.g. “{example}”",
    # sporadic
    "long_silence": "your last post was {days_label} ago",
    "rarely_posts": "{count_label} in {weeks_label} ({per_week:.1f} a week)",
    "on_and_off": "a silence of {longest} between posts, against a usual gap of {usual}",
    "barely_used": "{count_label} in {age} since the account was made",
    # unstaggered
    "bursts": "{posts} came in {bursts_label} of {size} or more "
    "within {window} minutes (the largest: {largest} posts in {minutes_label})",
    # one_track
    "news_outlet_exempt": "exempt: a breaking-news outlet the owner follows for news",
    "sales_pitch": "{posts} {verb}",
    "no_variety_of_kinds": "{posts} {verb}: almost no replies, quotes or reposts",
    "one_subject": "{subject} is in {posts}",
    # off_topic
    "few_shared_topics": "{posts} {verb} {topics}",
    # redundant
    "overlaps_followed": "{posts} {verb} links or posts of {account}, an account already followed",
    # follow_for_follow
    "bio_follow_back": "your bio says “{phrase}”",
    "posts_follow_back": "{posts} {verb} follow-backs (“{phrase}”)",
    "mirror_counts": "you follow {following_label} and {followers:,} {follow} you: the "
    "mirror image follow-back trading leaves",
    "mass_following": "you follow {following_label} but {followers_clause}",
    "follow_churn": "the number of accounts you follow swings up and down between snapshots "
    "({path})",
    # bought_followers
    "silent_audience": "{followers_label}, yet {your_posts} {average_verb} "
    "{average:.1f} likes, reposts and replies ({rate:.3%} of your audience)",
    "unlisted_audience": "{followers_label}, yet {lists_clause}",
    "follower_jump": "your followers jumped from {before:,} to {after:,} in {days:.1f} {days_unit}",
}

# Facts whose subject is "N of your last M posts": (which posts, the verb for one post,
# for several, and for none of one). The subject and verb agree with the count, so
# nothing reads "1 of your last 50 posts touch" or "your last 1 posts".
SUBJECTS: dict[str, tuple[str, str, str, str]] = {
    "links_in_most_posts": ("", "carries", "carry", "does not carry"),
    "links_to_one_site": (" with links", "points", "point", "does not point"),
    "links_to_own_site": (" with links", "points", "point", "does not point"),
    "repeated_texts": ("", "repeats", "repeat", "does not repeat"),
    "automation_client": ("", "was sent", "were sent", "was not sent"),
    "self_focused_posts": ("", "is", "are", "is not"),
    "bursts": ("", "", "", ""),
    "sales_pitch": ("", "is a sales pitch", "are sales pitches", "is not a sales pitch"),
    "no_variety_of_kinds": ("", "is a broadcast", "are broadcasts", "is not a broadcast"),
    "one_subject": ("", "", "", ""),
    "few_shared_topics": ("", "touches", "touch", "does not touch"),
    "overlaps_followed": ("", "repeats", "repeat", "does not repeat"),
    "posts_follow_back": ("", "trades", "trade", "does not trade"),
}
# Spans the criteria word in English ("12 days", "1 hours"), kept as values because the
# other languages' templates read them; English fixes the singular when it prints them.
_SPAN_UNITS = ("minutes", "hours", "days", "months", "years")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 post', '2 posts', '1,200 posts'."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def only(n: int, noun: str) -> str:
    """'only 1 post', 'only 3 posts', and 'no posts' (not 'only 0 posts')."""
    return f"only {counted(n, noun)}" if n else f"no {noun}s"


def own_posts(originals: Sized, timeline: int) -> dict[str, bool]:
    """A fact counted over the asker's own posts says so when reposts were left out
    ("14 of your last 42 posts (reposts aside)"): beside "of your last 50 posts" in the same
    reply, a bare 42 reads as a contradiction."""
    return {"own": True} if len(originals) < timeline else {}


def _span(text: object) -> object:
    if isinstance(text, str) and text.startswith("1 ") and text[2:] in _SPAN_UNITS:
        return text[:-1]
    return text


def _posts(count: int, total: int, which: str) -> tuple[str, int]:
    """The subject and which verb form (0 none of one, 1 singular, 2 plural) agrees."""
    if total == 1:
        return f"your only recent post{which}", 1 if count else 0
    # "none of", "all of", "both of" rather than "0 of your last 50", "50 of your last 50"
    many = {0: "none", total: "both" if total == 2 else "all"}.get(count, str(count))
    return f"{many} of your last {total} posts{which}", 1 if count == 1 else 2


def _number_words(key: str, p: dict[str, Any]) -> None:
    if key in SUBJECTS:
        which, one, many, none = SUBJECTS[key]
        which += " (reposts aside)" if p.get("own") else ""
        p["posts"], form = _posts(int(p["count"]), int(p["total"]), which)
        p["verb"] = (none, one, many)[form]
    if key == "bursts":
        p["bursts_label"] = counted(int(p["bursts"]), "burst")
        p["minutes_label"] = counted(int(p["minutes"]), "minute")
    elif key == "long_silence":
        p["days_label"] = counted(round(float(p["days"])), "day")
    elif key == "rarely_posts":
        p["count_label"] = counted(int(p["count"]), "post")
        p["weeks_label"] = counted(round(float(p["weeks"])), "week")
    elif key == "barely_used":  # an account may never have posted: "no posts in 6 years"
        count = int(p["count"])
        p["count_label"] = counted(count, "post") if count else "no posts"
    elif key in ("mirror_counts", "mass_following"):
        following, followers = int(p["following"]), int(p["followers"])
        p["following_label"] = counted(following, "account")
        p["follow"] = "follows" if followers == 1 else "follow"
        p["followers_clause"] = (
            "no one follows you"
            if followers == 0
            else f"only {followers:,} {'follows' if followers == 1 else 'follow'} you"
        )
    elif key in ("silent_audience", "unlisted_audience"):
        p["followers_label"] = counted(int(p["followers"]), "follower")
        if key == "silent_audience":
            single = int(p["count"]) == 1
            p["your_posts"] = "your last post" if single else f"your last {p['count']} posts"
            p["average_verb"] = "averages" if single else "average"
        else:
            listed = int(p["listed"])
            verb = "includes" if listed == 1 else "include"
            p["lists_clause"] = (
                "no list includes you"
                if listed == 0
                else f"only {counted(listed, 'list')} {verb} you"
            )
    elif key == "follower_jump":
        p["days_unit"] = "day" if f"{float(p['days']):.1f}" == "1.0" else "days"
    for name in ("interval", "longest", "usual", "age"):
        if name in p:
            p[name] = _span(p[name])


def phrase(key: str, params: Mapping[str, object]) -> str:
    p = dict(params)
    _number_words(key, p)
    return PHRASES[key].format(**p)
