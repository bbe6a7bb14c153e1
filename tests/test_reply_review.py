"""CRITERIA.md, "What the bot must never do": judge without data. "Too few posts gives
low confidence, and the reply says the account could not be reviewed yet instead of
inventing reasons." A criterion is sure from half the posts it wants (10 of the 20 a
person scrolls), so a clean verdict from fewer is no review at all."""

from __future__ import annotations

from factories import NOW, account, genuine_posts

from scoring import build_owner_index, judge
from whynot.replies import choose_template


def verdict_from(n_posts: int):
    acc = account(posts=genuine_posts(n_posts)[:n_posts], followers_count=300)
    return judge(acc, build_owner_index(None), NOW)


def test_a_clean_account_read_from_nine_posts_was_not_reviewed_yet():
    verdict = verdict_from(9)
    assert not verdict.failed
    assert choose_template("why_not_followed", verdict, None) == "not_reviewed"


def test_a_clean_account_read_from_ten_posts_gets_the_real_answer():
    verdict = verdict_from(10)
    assert choose_template("why_not_followed", verdict, None) == "why_not_followed"
