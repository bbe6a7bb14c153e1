"""The English wording of every fact a criterion can report, keyed by fact name.

Criteria record facts as a key and plain values (counts, names, shares); this phrasebook
turns them into the evidence strings of the verdict. Replies in other languages word the
same keys in their own templates (`templates/<lang>/facts.j2`), from the same values.
"""

from __future__ import annotations

from collections.abc import Mapping

PHRASES: dict[str, str] = {
    # automated_promo
    "links_in_most_posts": "{count} of your last {total} posts carry a link",
    "links_to_one_site": "{count} of your last {total} posts with links point to {site}",
    "links_to_own_site": "{count} of your last {total} posts with links point to your own "
    "site, {site}",
    "repeated_texts": "{count} of your last {total} posts repeat the words of an earlier one",
    "automation_client": "{count} of your last {total} posts were sent by {client}, an auto-poster",
    "clockwork_schedule": "your posts go out every {interval} like clockwork "
    "(the gaps vary by only {variation:.0%})",
    # meformer
    "self_focused_posts": "{count} of your last {total} posts are about you or what you offer "
    "({share:.0%}; the 80/20 rule allows {limit:.0%}), e.g. “{example}”",
    # sporadic
    "long_silence": "your last post was {days:.0f} days ago",
    "rarely_posts": "{count} posts in {weeks:.0f} weeks ({per_week:.1f} a week)",
    "on_and_off": "a silence of {longest} between posts, against a usual gap of {usual}",
    "barely_used": "{count:,} posts in {age} since the account was made",
    # unstaggered
    "bursts": "{count} of your last {total} posts came in {bursts_label} of {size} or more "
    "within {window} minutes (the largest: {largest} posts in {minutes} minutes)",
    # one_track
    "news_outlet_exempt": "exempt: a breaking-news outlet the owner follows for news",
    "sales_pitch": "{count} of your last {total} posts are sales pitches",
    "no_variety_of_kinds": "{count} of your last {total} posts are broadcasts: almost no "
    "replies, quotes or reposts",
    "one_subject": "{subject} is in {count} of your last {total} posts",
    # off_topic
    "few_shared_topics": "{count} of your last {total} posts touch {topics}",
    # redundant
    "overlaps_followed": "{count} of your last {total} posts repeat links or posts of "
    "{account}, an account already followed",
    # follow_for_follow
    "bio_follow_back": "your bio says “{phrase}”",
    "posts_follow_back": "{count} of your last {total} posts trade follow-backs (“{phrase}”)",
    "mirror_counts": "you follow {following:,} accounts and {followers:,} follow you: the "
    "mirror image follow-back trading leaves",
    "mass_following": "you follow {following:,} accounts but only {followers:,} follow you",
    "follow_churn": "the number of accounts you follow swings up and down between snapshots "
    "({path})",
    # bought_followers
    "silent_audience": "{followers:,} followers, yet your last {count} posts average "
    "{average:.1f} likes, reposts and replies ({rate:.3%} of your audience)",
    "unlisted_audience": "{followers:,} followers, yet only {listed:,} lists include you",
    "follower_jump": "your followers jumped from {before:,} to {after:,} in {days:.1f} days",
}


def phrase(key: str, params: Mapping[str, object]) -> str:
    if key == "bursts":  # the one plural English needs spelled out
        n = params["bursts"]
        params = {**params, "bursts_label": f"{n} burst" if n == 1 else f"{n} bursts"}
    return PHRASES[key].format(**params)
