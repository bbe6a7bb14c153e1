"""How many of an asker's posts to read: only as many as the verdict needs.

Posts are the main cost on X ($0.005 each). A verdict starts from the newest
`[accounts] posts_per_asker` posts (on X `[x] first_posts`, 5); while it is unsure, and the
account has more, the next read continues where the last one stopped (the platform's
pagination token: nothing is read twice) to the next stage, doubling up to
`posts_when_unsure` (5, 10, 20, 40, 100). When the posts are dated (X, Bluesky, Mastodon
and Discord date every post) the scorer judges only the newest
`scoring.thresholds.ANALYSED_POSTS` (50; `scoring.selection`), so no post past those is
bought: it could never change the verdict (`worth_reading`; the stages are then 5, 10,
20, 50).

"Unsure" is: nothing can be said yet (no criterion failed with confidence and too few
posts to clear them), or a criterion that could judge scored within a margin of its
threshold, where a few more posts can turn it, or over it with too few posts to fail yet
(under `MIN_CONFIDENCE`: on 5 posts, 0.25); not a criterion that the profile alone
already fails (`scoring.criteria.base.settled_by_profile`: no post can clear it). The
margin is `MARGIN` after the first read and shrinks as the square root of the posts held
(`margin_at`): a share measured on four times the posts wanders half as far, so 20 posts
need a score only half as far from the line as 5 posts do to be trusted.
`bench/x_cost.py` measures, on the real timelines of the twibot-20 sample, how often the
verdict from the posts read agrees with the verdict from 100 posts, and what each margin
costs in posts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from scoring import Account, Post, Verdict
from scoring.criteria.base import settled_by_profile
from scoring.thresholds import ANALYSED_POSTS, MIN_CONFIDENCE
from whynot.replies import reviewed

# Score distance from the 0.5 threshold within which a criterion counts as unsure after
# the first read (then shrinking, see margin_at). Chosen with bench/x_cost.py on the
# twibot-20 sample. 0.30 agreed with 100 posts on the failed criteria for 97% / 97% of
# accounts (demo owner / no interests) until the meformer and automated_promo changes of
# 2026-12-01; then 94.9% / 93.9% at 41 / 40 posts: every miss was meformer, where the newest
# 20-40 posts differ from the 100 (a run of posts about oneself, then none). 0.40 agrees for
# 98.0% / 98.0% at 52 / 51 posts ($0.26 an asker on those timelines; the demo world's bill
# is the same at both). Chosen on those 99 accounts; on 300 pan19-bots authors left out of
# the choice it agrees for 96.7% / 97.0% at 57 / 55 posts (0.30: 95.0% / 95.7%). Since
# reading stops at the newest 50 dated posts (`worth_reading`), the same margin agrees for
# 99.0% / 100% at 36 / 35 posts there, and 99.0% / 98.7% at 39 / 38 on pan19 (not re-chosen).
# Those figures are for a first read of 10 posts. The first read of 5 ([x] first_posts, for
# the bill) is in effect a new margin: `margin_at` starts MARGIN at the first read, so at 10
# posts it is 0.28 where it was 0.40 (a first read of 10 with MARGIN 0.28 reads the same
# posts), and the posts saved come from that, not from the 5 (with the demo owner no twibot
# or pan19 asker is answered on 5; with no interests 2 twibot askers are, agreeing with 50).
# It was chosen looking at the twibot sample: 98.0% / 99.0% at 29 / 29 posts there; on the
# 300 pan19 authors it was not chosen on, 98.3% / 98.0% at 31 / 30 (first 10: 99.0% / 98.7%
# at 39 / 38).
MARGIN = 0.40
THRESHOLD = 0.5


def worth_reading(posts: Sequence[Post], most: int) -> int:
    """The most posts worth holding. With every post dated, the verdict is the same from
    the newest `ANALYSED_POSTS` as from any longer timeline; undated posts are sampled by
    the scorer, so more of them can still change it."""
    if posts and all(p.created_at is not None for p in posts):
        return min(most, ANALYSED_POSTS)
    return most


def unsure(verdict: Verdict, margin: float = MARGIN) -> bool:
    """More posts could change the verdict: see the module's docstring. A criterion under
    `MIN_CONFIDENCE` cannot fail whatever its score (on 5 posts a content criterion has
    0.25), so a score over the line is unsure there, not a sure pass: reading stops only
    once it could fail."""
    return not reviewed(verdict) or any(
        c.confidence > 0
        and not settled_by_profile(c)
        and (
            abs(c.score - THRESHOLD) < margin
            or (c.confidence < MIN_CONFIDENCE and c.score >= THRESHOLD)
        )
        for c in verdict.criteria
    )


def margin_at(margin: float, have: int, first: int) -> float:
    """The margin once `have` posts are held: `margin` at the first read, then shrinking
    as 1/sqrt(have), as the standard error of a share does."""
    return margin * math.sqrt(first / have) if have > first > 0 else margin


def stages(first: int, most: int) -> tuple[int, ...]:
    """Posts held after each read: first, doubling while under half of most, then most."""
    first = max(1, min(first, most))
    out = [first]
    while out[-1] * 2 < most / 2:
        out.append(out[-1] * 2)
    if out[-1] < most:
        out.append(most)
    return tuple(out)


def next_read(
    verdict: Verdict, have: int, asked: int, first: int, most: int, margin: float = MARGIN
) -> int | None:
    """How many posts to hold after the next read, or None to stop: the verdict is sure,
    the last read returned fewer than asked (the timeline has no more), or `most` is read."""
    if have < asked or not unsure(verdict, margin_at(margin, have, first)):
        return None
    return next((s for s in stages(first, most) if s > have), None)


def observed(account: Account, now: float) -> Account:
    """The snapshot dated as of its read when the platform gave no date: a snapshot is
    judged as of its fetch, so the same snapshot always gets the same verdict."""
    if account.observed_at is not None:
        return account
    return replace(account, observed_at=datetime.fromtimestamp(now, UTC))
