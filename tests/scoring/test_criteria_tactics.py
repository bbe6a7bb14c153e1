"""The letter's two shortcuts, follow-for-follow and bought followers: accounts that fail
each, ones that pass, and ones they cannot judge (the helpers are test_criteria's)."""

from __future__ import annotations

from datetime import timedelta

from factories import NOW, account, genuine_posts, iso, posts
from test_criteria import assert_fails, assert_passes, assert_unjudged, check


class TestFollowForFollow:
    def test_fails_on_bio_tags(self):
        result = check(
            "follow_for_follow", account(description="#TeamFollowBack I follow back 100%")
        )
        assert not result.passed and result.confidence == 1.0
        assert "teamfollowback" in result.evidence[0]

    def test_a_bio_phrase_counts_even_inside_a_link_or_mention(self):
        for bio in ("Fan of @f4f", "visit https://f4f.example"):
            result = check("follow_for_follow", account(description=bio))
            assert not result.passed and "f4f" in result.evidence[0]

    def test_fails_on_mass_following(self):
        result = check("follow_for_follow", account(followers_count=40, following_count=2000))
        assert_fails(result)
        assert "you follow 2,000 accounts but only 40 follow you" in result.evidence

    def test_fails_on_churn_between_snapshots(self):
        history = [
            {"observed_at": iso(NOW - timedelta(days=d)), "following_count": c}
            for d, c in ((30, 3000), (20, 900), (10, 3100))
        ]
        acc = account(history=history, following_count=1000, followers_count=1100, description="hi")
        result = check("follow_for_follow", acc)
        assert not result.passed
        assert "follow_churn" in dict(result.signals)

    def test_passes_normal_counts(self):
        assert_passes(
            check(
                "follow_for_follow",
                account(followers_count=300, following_count=280, description="I like plants"),
            )
        )

    def test_unjudged_with_nothing_known(self):
        assert_unjudged(check("follow_for_follow", account()))

    # CRITERIA.md / scoring config: "mass following (following far above followers)":
    # ten to one fails, and only with at least 200 accounts followed.
    def test_mass_following_ten_to_one_fails_nine_to_one_passes(self):
        ten = check("follow_for_follow", account(followers_count=200, following_count=2000))
        assert_fails(ten)
        assert "mass_following" in dict(ten.signals)
        nine = check("follow_for_follow", account(followers_count=223, following_count=2000))
        assert nine.passed, nine

    def test_mirror_counts_need_both_counts_from_2000(self):
        # Following ~= followers "with both large" (CRITERIA): 2,000 each and within 10%.
        both = check("follow_for_follow", account(followers_count=2100, following_count=2000))
        assert_fails(both)
        assert "mirror_counts" in dict(both.signals)
        one = check("follow_for_follow", account(followers_count=2050, following_count=1950))
        assert one.passed and "mirror_counts" not in dict(one.signals)

    def test_mirror_counts_within_ten_percent(self):
        near = check("follow_for_follow", account(followers_count=2200, following_count=2000))
        assert "mirror_counts" in dict(near.signals)
        apart = check("follow_for_follow", account(followers_count=2250, following_count=2000))
        assert apart.passed and "mirror_counts" not in dict(apart.signals)

    def test_reposting_someone_asking_for_follow_backs_is_not_asking(self):
        texts = [f"RT @trainer{i}: follow back everyone #f4f" for i in range(10)]
        texts += [p["text"] for p in genuine_posts(10)]
        result = check("follow_for_follow", account(posts=posts(texts)))
        assert result.passed and "follow_back_phrases" not in dict(result.signals)

    def test_mass_following_needs_200_followed(self):
        assert_fails(check("follow_for_follow", account(followers_count=10, following_count=200)))
        assert check("follow_for_follow", account(followers_count=10, following_count=199)).passed

    @staticmethod
    def _churn(*following: int):
        history = [
            {
                "observed_at": iso(NOW - timedelta(days=10 * (len(following) - i))),
                "following_count": c,
            }
            for i, c in enumerate(following)
        ]
        acc = account(history=history, following_count=following[-1], followers_count=900)
        return check("follow_for_follow", acc)

    def test_a_single_pruning_of_the_following_list_is_not_churn(self):
        # One clean-up (3,000 -> 1,000) is housekeeping, not a follow/unfollow scheme.
        result = self._churn(3000, 1000, 1000)
        assert result.passed, result
        assert "follow_churn" not in dict(result.signals)

    def test_churn_needs_swings_of_more_than_30_percent(self):
        # 1,000 -> 1,450: a 31% swing each way; 1,000 -> 1,400: 28.6%.
        over = self._churn(1000, 1450, 1000)
        assert not over.passed and "follow_churn" in dict(over.signals)
        under = self._churn(1000, 1400, 1000)
        assert under.passed and "follow_churn" not in dict(under.signals)

    def test_a_small_account_swinging_is_not_churn(self):
        # Churn counts only from 200 followed, like mass following.
        result = self._churn(150, 40, 150, 40)
        assert result.passed and "follow_churn" not in dict(result.signals)


class TestBoughtFollowers:
    def test_fails_on_silent_audience(self):
        acc = account(
            followers_count=200_000,
            listed_count=5,
            posts=posts(
                [p["text"] for p in genuine_posts()], like_count=1, repost_count=0, reply_count=0
            ),
        )
        result = check("bought_followers", acc)
        assert_fails(result)
        assert "200,000 followers" in result.evidence[0]

    def test_fails_on_follower_jump(self):
        history = [{"observed_at": iso(NOW - timedelta(days=3)), "followers_count": 1000}]
        result = check("bought_followers", account(followers_count=40_000, history=history))
        assert_fails(result)
        assert "jumped from 1,000 to 40,000" in result.evidence[0]

    def test_passes_engaged_audience(self):
        acc = account(
            followers_count=50_000,
            listed_count=400,
            posts=posts(
                [p["text"] for p in genuine_posts()],
                like_count=300,
                repost_count=20,
                reply_count=15,
            ),
        )
        assert_passes(check("bought_followers", acc))

    def test_unjudged_without_follower_count(self):
        assert_unjudged(check("bought_followers", account()))

    def test_small_account_is_not_judged_confidently(self):
        assert_unjudged(check("bought_followers", account(followers_count=150)))

    @staticmethod
    def _jump(before: int, after: int, days: float = 3.0):
        history = [{"observed_at": iso(NOW - timedelta(days=days)), "followers_count": before}]
        return check("bought_followers", account(followers_count=after, history=history))

    def test_a_small_account_gaining_a_few_followers_is_not_accused(self):
        # 12 -> 30 is +150%, but 18 people: friends finding an account, not a purchase.
        result = self._jump(12, 30)
        assert result.passed, result
        assert "follower_jump" not in dict(result.signals)

    def test_a_jump_must_be_at_least_5000_followers(self):
        # CRITERIA: "sudden follower jumps"; config: +50% and at least 5,000 within a week.
        assert_fails(self._jump(10_000, 15_000))
        assert self._jump(10_000, 14_999).passed

    def test_a_jump_must_be_at_least_half_again(self):
        assert_fails(self._jump(20_000, 30_000))
        assert self._jump(20_000, 29_999).passed

    @staticmethod
    def _silent(followers: int):
        acc = account(
            followers_count=followers,
            listed_count=0,
            posts=posts(
                [p["text"] for p in genuine_posts()], like_count=0, repost_count=0, reply_count=0
            ),
        )
        return check("bought_followers", acc)

    def test_a_silent_audience_is_judged_from_10000_followers(self):
        # config: "real audiences of 10k+ leave at least ~0.05% interactions per post";
        # below that size nobody's posts are expected to draw replies.
        assert_fails(self._silent(10_000))
        assert self._silent(9_999).passed

    def test_a_jump_counts_within_a_week(self):
        assert_fails(self._jump(1000, 40_000, days=7.0))
        assert self._jump(1000, 40_000, days=7.5).passed


# --- settled by the profile (whynot.reading stops reading for these) -------------------


def test_a_failure_from_the_counts_alone_is_settled_whatever_the_posts():
    from scoring.criteria.base import settled_by_profile

    # following 4,100 with 40 followers: mass_following alone (0.6) reaches the fail line
    for n in (0, 10, 40):
        result = check(
            "follow_for_follow",
            account(followers_count=40, following_count=4100, posts=genuine_posts(n)),
        )
        assert_fails(result)
        assert settled_by_profile(result)


def test_a_failure_that_rests_on_posts_is_not_settled():
    from scoring.criteria.base import settled_by_profile

    asking = posts([f"follow back please #followtrain {i}" for i in range(20)])
    result = check(
        "follow_for_follow", account(followers_count=300, following_count=310, posts=asking)
    )
    assert_fails(result)
    assert not settled_by_profile(result)  # more posts could dilute the share that asks
    passed = check("follow_for_follow", account(followers_count=300, following_count=280))
    assert not settled_by_profile(passed)


def test_every_profile_fact_is_a_declared_fact():
    from scoring.criteria import CRITERIA
    from scoring.criteria.base import PROFILE_FACTS

    declared = {key for criterion in CRITERIA for key in criterion.facts}
    assert declared >= PROFILE_FACTS
