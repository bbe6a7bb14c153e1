"""`bot.py init --watch-followers` says what the follower watch costs and counts what it
may take out of the budget before saying what is left for answers. Before, an owner with
$20.00 and the watch on read "100 mentions a day take about $15.00 of the $20.00 a month,
leaving $5.00: 16 to 100 answers", while the watch may spend its $5.00 ([x]
watch_budget_usd, part of the monthly budget) too: nothing was left for answers."""

from __future__ import annotations

from tests.test_init import init


def cost_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("cost: ")]


def test_the_watch_says_its_cost_and_the_answers_get_the_rest(tmp_path):
    flags = ("--handle", "cafe_lanube", "--interests", "café", "--budget", "60")
    code, out, err = init(tmp_path, *flags, "--watch-followers")
    assert code == 0, err
    watch, answers, mentions = cost_lines(out)
    assert watch == (
        "cost: the follower watch reads every follower on each crawl at $0.001 each (10,000 "
        "followers: $10.00 a crawl), every 24 hours, up to $5.00 a month ([x] "
        "watch_budget_usd) of the $60.00: $55.00 is left for mentions and answers; a crawl "
        "must fit in a month's $5.00, so it watches up to 5,000 followers (more: raise "
        "watch_budget_usd to your follower count x $0.001, else it reads nothing and says so)"
    )
    assert "$55.00 a month answers" in answers
    # answers beyond their mention: $0.050 to $0.305, so $40.00 buys 131 to 800
    assert mentions.endswith("$15.00 of the $55.00 a month, leaving $40.00: 131 to 800 answers")


def test_a_watch_that_leaves_too_little_says_so(tmp_path):
    flags = ("--handle", "cafe_lanube", "--interests", "café", "--watch-followers")
    code, out, err = init(tmp_path, *flags)  # the default $20.00
    assert code == 0, err
    mentions = cost_lines(out)[-1]
    assert "about $15.00 a month, all of the $15.00 the follower watch leaves" in mentions


def test_without_the_watch_nothing_changes(tmp_path):
    code, out, err = init(tmp_path, "--handle", "cafe_lanube", "--budget", "60")
    assert code == 0, err
    assert len(cost_lines(out)) == 2
    assert cost_lines(out)[1].endswith(
        "$15.00 of the $60.00 a month, leaving $45.00: 147 to 900 answers"
    )


def test_the_watch_says_how_many_followers_its_budget_covers(tmp_path):
    # A crawl dearer than the watch's month is never read (whynot.watch): an owner of
    # 400,000 followers learns at init that $5.00 covers 5,000, not after the first run.
    flags = ("--handle", "cafe_lanube", "--interests", "café", "--budget", "100")
    code, out, err = init(tmp_path, *flags, "--watch-followers")
    assert code == 0, err
    assert "so it watches up to 5,000 followers" in cost_lines(out)[0]
