"""Every threshold and weight the scorer uses (`scoring.thresholds`), with the reason for
each number.

One place to read and tune. Criteria import from here; no other module in `scoring/`
holds a magic number. "Letter" below means `shared/letter/open-letter.txt`;
"CRITERIA" means `shared/CRITERIA.md`.
"""

from __future__ import annotations

from typing import Final

# --- When a criterion may fail at all -------------------------------------------------
# A criterion fails only when its score reaches FAIL_SCORE *and* it is this sure.
# 0.5 is the natural midpoint of a [0, 1] score; 0.5 confidence means "at least half
# the data we would like to have", below which the reply says "could not review yet".
FAIL_SCORE: Final = 0.5
MIN_CONFIDENCE: Final = 0.5

# Posts needed for full confidence in a content criterion. Twenty is the "last 20 posts"
# a person scrolling a profile would read; fewer scale confidence down linearly, and
# below MIN_POSTS a content criterion does not judge at all (confidence 0).
FULL_CONFIDENCE_POSTS: Final = 20
MIN_POSTS: Final = 5
# Only the newest posts are judged: 50 is two and a half times what full confidence needs,
# what a careful reviewer scrolls through, and it bounds the cost of an account however
# long its timeline (every post is still validated). Older behaviour is not held against
# anyone who has changed.
ANALYSED_POSTS: Final = 50

# --- automated_promo ------------------------------------------------------------------
# A person shares links sometimes; a promo robot links in nearly every original post.
# Link share counts from 0.5 (half the posts) and saturates at 0.9.
PROMO_LINK_SHARE_FROM: Final = 0.5
PROMO_LINK_SHARE_FULL: Final = 0.9
# Of the links, the share that goes to one domain (or the profile's own site).
# Two out of three links to one place is a campaign, not curation.
PROMO_DOMAIN_SHARE_FROM: Final = 0.4
PROMO_DOMAIN_SHARE_FULL: Final = 0.8
# Near-duplicate texts: a human rarely posts the same words twice; 20% repeats is a feed.
PROMO_DUPLICATE_SHARE_FULL: Final = 0.3
# Posting gaps whose coefficient of variation is below this are clock-driven (cron).
# Human gaps are bursty, with CV well above 1; 0.25 leaves room for jittered schedulers.
PROMO_REGULAR_CV: Final = 0.25
PROMO_REGULAR_MIN_GAPS: Final = 8
# Weights of the signals inside the criterion (rspamd style: they add, capped at 1).
# Links alone cannot fail it (0.45 < FAIL_SCORE): the letter's robot posts *promotional
# links to its own website*, so concentration, duplication or automation must join in.
PROMO_WEIGHTS: Final = {
    "links_in_most_posts": 0.45,
    "links_to_one_site": 0.35,
    "repeated_texts": 0.45,
    "automation_client": 0.55,
    "clockwork_schedule": 0.35,
}
# "Actual interactivity with real individuals" counts in favour: the score is scaled by
# (1 - share of replies * this), so an account that mostly converses cannot fail.
PROMO_REPLY_RELIEF: Final = 1.0
# Posting clients that post without a person (feeds, recipes). Buffer and Hootsuite are
# deliberately absent: the letter recommends Buffer for staggering by hand-picked posts.
AUTOMATION_CLIENTS: Final = (
    "ifttt",
    "dlvr.it",
    "twitterfeed",
    "rss",
    "zapier",
    "botize",
    "roundteam",
    "socialoomph",
    "twittbot",
    "autopost",
    "auto post",
)
URL_SHORTENERS: Final = frozenset(
    {
        "t.co",
        "bit.ly",
        "ow.ly",
        "buff.ly",
        "goo.gl",
        "tinyurl.com",
        "dlvr.it",
        "ift.tt",
        "fb.me",
        "lnkd.in",
        "trib.al",
        "is.gd",
        "amzn.to",
        "youtu.be",
    }
)

# --- meformer -------------------------------------------------------------------------
# The letter's 80/20 rule: at most 20% of updates about yourself (CRITERIA.md: a share
# "above 20%" fails). The score rises to just under FAIL_SCORE at exactly 20%, crosses it
# above, and saturates at twice that.
MEFORMER_SHARE_LIMIT: Final = 0.2

# --- sporadic -------------------------------------------------------------------------
# "Posting quite sporadically and NOT necessarily active": silent for a month, or fewer
# than one post a week over the window, or (profile only) fewer than one post every
# ten days over the account's life.
SPORADIC_SILENT_DAYS_FROM: Final = 30.0
SPORADIC_SILENT_DAYS_FULL: Final = 120.0
SPORADIC_WEEKLY_POSTS_MIN: Final = 1.0
SPORADIC_LIFETIME_DAILY_MIN: Final = 0.1
# A lifetime average says less than dated posts do, so it is only this sure.
SPORADIC_PROFILE_CONFIDENCE: Final = 0.6
SPORADIC_WEIGHTS: Final = {
    "long_silence": 0.7,
    "rarely_posts": 0.6,
    "on_and_off": 0.4,
    "barely_used": 0.6,
}
# Long silences between bursts: the longest gap this many times the median gap
# (and at least two weeks) means on-and-off use.
SPORADIC_GAP_RATIO: Final = 20.0
SPORADIC_GAP_MIN_DAYS: Final = 14.0
SPORADIC_MIN_TIMED_POSTS: Final = 3
# Few posts are the very symptom here, so confidence also grows with how far back the
# dated posts reach: three months of timeline shows the rhythm, however few posts it holds.
SPORADIC_FULL_SPAN_DAYS: Final = 90.0

# --- unstaggered ----------------------------------------------------------------------
# CRITERIA: 5 or more posts within 10 minutes is a burst that floods a newsfeed.
BURST_POSTS: Final = 5
BURST_WINDOW_SECONDS: Final = 600
# Share of posts that sit in bursts: fails at 20%, saturates at 40%.
UNSTAGGERED_SHARE_LIMIT: Final = 0.2
UNSTAGGERED_MIN_TIMED_POSTS: Final = 10

# --- one_track ------------------------------------------------------------------------
# Sales pitches (the letter's "incessant online sales pitch") in 40% of posts fail on
# their own; from 10% they count, and fail only with other signs of a single track.
ONE_TRACK_SALES_SHARE_FROM: Final = 0.1
ONE_TRACK_SALES_SHARE_FULL: Final = 0.4
# Variety of kinds: at least 10% replies/quotes/reposts is "a little variety".
ONE_TRACK_KIND_MIX_MIN: Final = 0.1
# Topic concentration: the most common hashtag/domain in more than 60% of posts.
ONE_TRACK_TOP_TERM_SHARE: Final = 0.6
ONE_TRACK_WEIGHTS: Final = {
    "sales_pitch": 0.7,
    "no_variety_of_kinds": 0.25,
    "one_subject": 0.35,
}
ONE_TRACK_MIN_POSTS: Final = 10

# --- off_topic ------------------------------------------------------------------------
# Share of posts that touch any of the owner's interests. One post in five on the owner's
# topics is plenty (score 0); the score rises as that share falls and fails below one in
# ten, where the asker's feed is about other things.
OFF_TOPIC_SHARE_OK: Final = 0.2
# Hashtags the accounts the owner follows use most also count as the owner's topics.
OFF_TOPIC_FOLLOWING_TAGS: Final = 20

# --- redundant ------------------------------------------------------------------------
# Half of the asker's posts repeating one followed account's links, texts or reposts
# means the owner already gets this content.
REDUNDANT_SHARE_FROM: Final = 0.25
REDUNDANT_SHARE_FULL: Final = 0.75

# --- follow_for_follow ----------------------------------------------------------------
FF_WEIGHTS: Final = {
    "follow_back_phrases": 0.6,
    "mirror_counts": 0.5,
    "mass_following": 0.6,
    "follow_churn": 0.5,
}
# Following ~= followers with both large is what follow-back trading leaves behind.
FF_MIRROR_MIN: Final = 2000
FF_MIRROR_TOLERANCE: Final = 0.1
# Following far above followers: ten to one fails, five to one starts to count; only
# with at least 200 followed (so a new account that follows its first friends is fine).
FF_MASS_RATIO_FROM: Final = 5.0
FF_MASS_RATIO: Final = 10.0
FF_MASS_MIN_FOLLOWING: Final = 200
# Churn: following count swinging by more than 30% between snapshots.
FF_CHURN_SWING: Final = 0.3
# Profile counts alone are decent evidence of mass following, but not certain.
FF_COUNTS_CONFIDENCE: Final = 0.8

# --- bought_followers -----------------------------------------------------------------
# Engagement per post against audience size: real audiences of 10k+ leave at least
# ~0.05% interactions per post; bought ones do not interact at all.
BOUGHT_MIN_FOLLOWERS: Final = 10_000
BOUGHT_ENGAGEMENT_RATE_MIN: Final = 0.0005
# Lists: people list accounts they value; real audiences list ~1 in 1,000 or more, so
# fewer than 1 in 5,000 starts to count and 1 in 20,000 counts fully.
BOUGHT_LISTED_PER_FOLLOWER_MIN: Final = 0.0002
BOUGHT_LISTED_PER_FOLLOWER_NONE: Final = 0.00005
# A follower jump of +50% and at least 5,000 within a week of snapshots.
BOUGHT_JUMP_RATIO: Final = 0.5
BOUGHT_JUMP_MIN: Final = 5000
BOUGHT_JUMP_DAYS: Final = 7.0
BOUGHT_WEIGHTS: Final = {
    "silent_audience": 0.6,
    "unlisted_audience": 0.3,
    "follower_jump": 0.6,
}
BOUGHT_PROFILE_CONFIDENCE: Final = 0.6
# Small accounts: counts alone cannot tell a few bought followers from real ones.
BOUGHT_SMALL_ACCOUNT_CONFIDENCE: Final = 0.3

# --- fake_score -----------------------------------------------------------------------
# The signals are named in scoring/fake_signals.py; their weights are fitted offline by
# `python bench/fit_fake_score.py --write` on every labelled set in shared/datasets and
# shipped as plain data in scoring/fake_model.json. The hinges below are the values a
# person would check on a profile; none was tuned on a held-out set.
# Fewer than 30 followers: the best single rule of the fake-follower literature (Cresci et
# al. 2015, "Fame for sale", followers >= 30 is genuine).
FAKE_FEW_FOLLOWERS: Final = 30
# Following more than twice as many as follow back: people's lists are roughly balanced;
# mass following is the follow-for-follow tactic the letter condemns (CRITERIA).
FAKE_MASS_FOLLOWING_TIMES: Final = 2.0
# Following fewer than 20 accounts: a feed that broadcasts and never listens.
FAKE_FOLLOWS_FEW: Final = 20
# Fewer than 20 likes given: "actual interactivity with real individuals" (the letter).
FAKE_FEW_LIKES: Final = 20
# Fewer than 100 posts ever: an account that exists but is barely used (CRITERIA).
FAKE_FEW_POSTS: Final = 100
# More than ten posts per follower: talks a lot, nobody listens.
FAKE_POSTS_PER_FOLLOWER: Final = 10.0
# A bio under 30 characters and no location given: two of the human-profile checks of
# Camisani-Calzolari (2012), the rule set Cresci et al. 2015 ("Fame for sale") tested
# ("a biography with at least 30 characters", "the profile contains an address").
FAKE_SHORT_BIO_CHARS: Final = 30
# More than 1,000 followers: an audience that large is rarely all bought or all bots.
FAKE_BIG_AUDIENCE: Final = 1000
# With no profile and too few posts to read (a Discord member), start from this prior:
# most people who ask a question are people (logit -2 ~ 0.12).
FAKE_PRIOR_LOGIT: Final = -2.0
# Each fitted part alone never makes the scorer more than ~98% sure either way (logit 4):
# a logistic model extrapolates on values far outside its training range, and the other
# part must always be able to speak.
FAKE_PART_LOGIT_CAP: Final = 4.0
# Between these the verdict says it is unsure rather than guessing (issue 12); the
# reliability table of bench/evaluate.py shows how often each band is right.
FAKE_UNSURE_FROM: Final = 0.35
FAKE_UNSURE_TO: Final = 0.65
# Evidence no labelled set can teach (no labelled set has posting times or clients):
# how strongly the automation and shortcut criteria fired, added to the logit per unit
# of (criterion score x confidence). Five lets a certain failure overturn the profile's
# strongest "genuine" (-4 -> +1).
FAKE_POST_WEIGHTS: Final = {
    "automated_promo": 5.0,
    "unstaggered": 1.0,
    "follow_for_follow": 5.0,
    "bought_followers": 5.0,
}
# Criterion signals the fitted model already weighs (links, repeats, mass following),
# not counted twice.
FAKE_SKIP_SIGNALS: Final = frozenset(
    {"mass_following", "links_in_most_posts", "links_to_one_site", "repeated_texts"}
)
# A platform's own "this is a bot" flag settles it.
FAKE_DECLARED_BOT: Final = 0.95
