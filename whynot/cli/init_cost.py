"""What an X answer costs, as `bot.py init` says it before anything is spent: what the
follower watch, when chosen, takes of the budget (`watch_cost_line`), the cheapest, dearest
and typical answered mention and what the rest buys (`answer_cost_line`), and what reading
every mention, a question or not, leaves of it (`mention_cost_line`); every price read from
`whynot.spend.PRICES`, the ledger's.
"""

from __future__ import annotations

from scoring.thresholds import ANALYSED_POSTS
from whynot.config import Settings
from whynot.spend import PRICES, WATCH_KIND, answer_cost, watch_month, watch_month_words
from whynot.threads import X_MAX_POSTS

# Said with the X set-up steps when the follower watch is chosen (priced as the watch pays).
WATCH_TOO = (
    f" (the follower watch's first crawl too: every follower, ${PRICES[WATCH_KIND]:.3f} each)"
)

# A real asker is read for about 30 posts before the verdict settles (bench/x_cost.py on
# real timelines: 29.2 on the twibot-20 sample, 30.8 on 300 pan19 authors; the demo
# world's askers take fewer) and is answered in about 1.5 posts (1.43 on the demo world).
TYPICAL_POSTS, TYPICAL_REPLY_POSTS = 30, 1.5


def _posts_read(settings: Settings) -> tuple[int, int]:
    """The fewest and the most posts an X asker is read for."""
    # X dates every post, so no more are read than the scorer judges (whynot.reading;
    # load_settings keeps [x] first_posts within that).
    first = settings.x.first_posts
    return first, min(max(first, settings.accounts.posts_when_unsure), ANALYSED_POSTS)


def _answer_range(settings: Settings) -> tuple[float, float]:
    """The cheapest and the dearest answered X mention."""
    first, most = _posts_read(settings)
    # The asker's profile is one user read (XPlatform.identify). The dearest: a reply that
    # cannot fit [x] reply_posts took a full thread.
    return answer_cost(first, 1), answer_cost(most, X_MAX_POSTS)


def typical_cost(settings: Settings) -> tuple[int, float]:
    """The posts a typical real asker is read for, and what their answer costs."""
    first, most = _posts_read(settings)
    posts = min(max(first, TYPICAL_POSTS), most)
    reply = PRICES["post_create"] * TYPICAL_REPLY_POSTS
    return posts, answer_cost(posts, 0) + reply


def for_answers(settings: Settings) -> float:
    """The month's budget less what the follower watch, when on, may take of it."""
    x = settings.x
    watch = watch_month(x.monthly_budget_usd, x.watch_budget_usd) if x.watch_followers else 0.0
    return x.monthly_budget_usd - watch


def watch_cost_line(settings: Settings) -> str | None:
    """What the follower watch costs, when chosen, and what it leaves of the budget."""
    x = settings.x
    if not x.watch_followers:
        return None
    each = PRICES[WATCH_KIND]
    cap = watch_month(x.monthly_budget_usd, x.watch_budget_usd)  # as the run lets it spend
    more = "watch_budget_usd to your follower count x $0.001"
    if cap < x.watch_budget_usd:  # the lean line stops the crawl first; past it, the cap
        more = (
            "monthly_budget_usd to your follower count x $0.001 / 0.75 and watch_budget_usd "
            "to at least your follower count x $0.001"
        )
    return (
        f"cost: the follower watch reads every follower on each crawl at ${each:.3f} each "
        f"(10,000 followers: ${10_000 * each:.2f} a crawl), every {x.crawl_interval_hours:g} "
        f"hours, up to {watch_month_words(x.monthly_budget_usd, x.watch_budget_usd)} of the "
        f"${x.monthly_budget_usd:.2f}: ${for_answers(settings):.2f} "
        f"is left for mentions and answers; a crawl must fit in a month's ${cap:.2f}, so it "
        f"watches up to {int(cap / each + 1e-9):,} followers (more: raise {more}, else it "
        "reads nothing and says so)"
    )


def answer_cost_line(settings: Settings) -> str:
    """What an answered X mention costs, cheapest to dearest, what the budget buys, and
    what it buys at a typical real asker's cost (the cheapest is a clear-cut asker)."""
    cheap, dear = _answer_range(settings)
    first, most = _posts_read(settings)
    budget = for_answers(settings)
    posts, typical = typical_cost(settings)
    return (
        f"cost: on X an answered mention costs ${cheap:.3f} to ${dear:.3f} (the "
        f"mention, the asker's profile ${PRICES['user_read']:.3f}, {first} to "
        f"{most} of their posts at ${PRICES['post_read']:.3f}, "
        f"more only while the verdict is unsure, and 1 to {X_MAX_POSTS} reply posts at "
        f"${PRICES['post_create']:.3f}): ${budget:.2f} a month answers "
        f"{int(budget / dear)} to {int(budget / cheap)}; a typical asker on a real timeline "
        f"is read for about {posts} posts, ${typical:.2f} an answer: about "
        f"{int(budget / typical)} a month"
    )


def mention_cost_line(settings: Settings, per_day: int = 100) -> str:
    """Every mention is read, question or not: on a busy account that is most of the bill,
    so the line says what it leaves of the budget for answers."""
    month, budget = per_day * 30 * PRICES["post_read"], for_answers(settings)
    watching = budget < settings.x.monthly_budget_usd
    read = f"cost: every mention is read, a question or not, at ${PRICES['post_read']:.3f}: "
    if budget <= 0:
        return f"{read}a $0.00 budget reads none, so nothing on X is answered (raise --budget)"
    head = f"{read}{per_day} mentions a day take about ${month:.2f} of the ${budget:.2f} a month"
    left = budget - month
    if left <= 0:  # not "$15.00 of the $12.50": more than all of it (or all of $15.00)
        than = "more than" if left < -0.005 else "all of"
        return (
            f"{read}{per_day} mentions a day would take about ${month:.2f} a month, {than} "
            f"the ${budget:.2f} {'the follower watch leaves' if watching else 'budget'}: it "
            "runs out before the month does (the bot goes lean, "
            "then reads nothing on X until the month turns; `cost` shows the mode)"
        )
    # An answer's own mention is among those already paid for.
    cheap, dear = (cost - PRICES["post_read"] for cost in _answer_range(settings))
    return f"{head}, leaving ${left:.2f}: {int(left / dear)} to {int(left / cheap)} answers"
