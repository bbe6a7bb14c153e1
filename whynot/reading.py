"""How many of an asker's posts to read: only as many as the verdict needs.

Posts are the main cost on X ($0.005 each). A verdict starts from the newest
`[accounts] posts_per_asker` posts (10); while it is unsure, and the account has more, the
next read continues where the last one stopped (the platform's pagination token: nothing
is read twice) to the next stage, doubling up to `posts_when_unsure` (10, 20, 40, 100).

"Unsure" is: nothing can be said yet (no criterion failed with confidence and too few
posts to clear them), or a criterion that could judge scored within `MARGIN` of its
threshold, where a few more posts can turn it. `bench/x_cost.py` measures, on the real
timelines of the twibot-20 sample, how often the verdict from the posts read agrees with
the verdict from 100 posts, and what each margin costs in posts.
"""

from __future__ import annotations

from scoring import Verdict
from whynot.replies import reviewed

# Score distance from the 0.5 threshold within which a criterion counts as unsure. Chosen
# with bench/x_cost.py on the twibot-20 sample (demo owner): 0.15 agreed with 100 posts on
# the failed criteria for 93% of accounts, 0.25 for 97%, 0.30 for 99% at ~25% more posts.
MARGIN = 0.25
THRESHOLD = 0.5


def unsure(verdict: Verdict, margin: float = MARGIN) -> bool:
    return not reviewed(verdict) or any(
        c.confidence > 0 and abs(c.score - THRESHOLD) < margin for c in verdict.criteria
    )


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
    if have < asked or not unsure(verdict, margin):
        return None
    return next((s for s in stages(first, most) if s > have), None)
