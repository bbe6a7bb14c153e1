"""`bot.py init` says what a typical answer costs, not only the cheapest and the dearest.
Before, a $50 budget "answers 161 to 909": the 909 is every asker clear-cut on 5 posts,
while a real timeline is read for about 30 (bench/x_cost.py: 29.2 on the twibot-20
sample, 30.8 on pan19), so an owner reading the line planned for several times the
answers the money buys."""

from __future__ import annotations

from dataclasses import replace

from whynot.cli.init_cost import answer_cost_line
from whynot.config import Settings


def settings(budget: float, first_posts: int = 5) -> Settings:
    base = Settings()
    return replace(base, x=replace(base.x, monthly_budget_usd=budget, first_posts=first_posts))


def test_the_line_says_what_a_typical_answer_costs_and_how_many_the_budget_buys():
    # the mention and 30 posts at $0.005, the profile $0.010, 1.5 reply posts at $0.015
    typical = 0.005 * 31 + 0.010 + 0.015 * 1.5
    assert round(typical, 4) == 0.1875
    line = answer_cost_line(settings(50.0))
    assert line.endswith(
        "$50.00 a month answers 161 to 909; a typical asker on a real timeline is read for "
        f"about 30 posts, $0.19 an answer: about {int(50 / typical)} a month"
    )
    assert int(50 / typical) == 266


def test_a_first_read_above_thirty_posts_is_the_typical_read():
    # 0.005 * 51 + 0.010 + 0.015 * 1.5 = $0.2875: $20 buys 69
    line = answer_cost_line(settings(20.0, first_posts=50))
    assert "is read for about 50 posts, $0.29 an answer: about 69 a month" in line
