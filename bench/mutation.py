"""Mutation check: plant plausible bugs one at a time and see whether the tests catch them.

    python bench/mutation.py [--ref HEAD] [--only SUBSTRING] [--numbers 3,17] [--list] [--keep]

Each mutant is one small textual replacement in one file (a flipped comparison, a moved
limit, a dropped guard), listed below with what a user would feel. The committed tree
(`git archive REF`, HEAD by default) is unpacked into a throwaway directory, so the
working tree, where others may be editing, is never touched. For each mutant the file
is changed there, only the tests relevant to that file run (`pytest -x`, under
`nice -n 10`, with a time limit), and the file is restored. A mutant is killed when the
tests fail; it survives when they pass. Before the mutants, each test selection runs
once unmutated and must pass, or the score would mean nothing.

Prints one line per mutant, then the score and the survivors. Exit status 0 when at
least 90% are killed, 1 otherwise. A mutant whose text is no longer found exactly once
(the code moved on) is reported as stale and left out of the score.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
TARGET = 0.90
BASELINE_TIMEOUT = 1200  # seconds for an unmutated selection (a busy machine is slow)
# A mutant's tests may take this many times their unmutated run (at least 2 minutes); a
# mutant that makes them hang is counted as killed, and reported as timed out.
TIMEOUT_FACTOR = 5

SCORING = ("tests/scoring/test_criteria.py", "tests/scoring/test_letter_thresholds.py")
DISCORD = "tests/discord/"
# The first prefix that matches a mutant's file names its tests.
TESTS: dict[str, tuple[str, ...]] = {
    "scoring/selection.py": (*SCORING, "tests/scoring/test_fast_paths.py"),
    "scoring/fake": ("tests/scoring/test_fake.py",),
    "scoring/": SCORING,
    "whynot/desk.py": ("tests/test_desk.py", "tests/test_watch.py"),
    "whynot/store/": (
        "tests/test_store.py",
        "tests/test_watch.py",
        "tests/test_desk.py",
        "tests/faults/test_store_faults.py",
    ),
    # The quicker, more pointed file first: -x stops at the first failure.
    "whynot/replies.py": (
        "tests/test_reply_limits.py",
        "tests/test_reply_review.py",
        "tests/test_replies.py",
    ),
    "whynot/watch.py": ("tests/test_watch.py",),
    "whynot/spend.py": ("tests/test_spend.py", "tests/x/test_x_adapter.py"),
    "whynot/platforms/x": (
        "tests/x/test_x_adapter.py",
        "tests/x/test_recorded.py",
        "tests/x/test_run_once.py",
    ),
    "whynot/platforms/discord/platform.py": (
        DISCORD + "test_discord_platform.py",
        DISCORD + "test_discord_mentions.py",
        DISCORD + "test_discord_whynot.py",
    ),
    "whynot/platforms/discord/common.py": (
        DISCORD + "test_discord_mentions.py",
        DISCORD + "test_discord_platform.py",
        DISCORD + "test_discord_feed.py",
    ),
    "whynot/platforms/discord/checks.py": (
        DISCORD + "test_discord_moderation.py",
        DISCORD + "test_discord_settings.py",
    ),
    "cogs/moderation.py": (DISCORD + "test_discord_moderation.py",),
}


@dataclass(frozen=True)
class Mutant:
    path: str
    old: str
    new: str
    what: str  # the bug, as a user would feel it

    def tests(self) -> tuple[str, ...]:
        for prefix, tests in TESTS.items():
            if self.path.startswith(prefix):
                return tests
        raise KeyError(f"no tests listed for {self.path}")


M = Mutant
CFG = "scoring/config.py"
TACTICS = "scoring/criteria/tactics.py"
MUTANTS: tuple[Mutant, ...] = (
    # --- scoring: the letter's numbers (config) ------------------------------------------
    M(CFG, "MEFORMER_SHARE_LIMIT: Final = 0.2", "MEFORMER_SHARE_LIMIT: Final = 0.24",
      "meformer's 80/20 limit moved from 20% to 24%"),
    M(CFG, "FF_MASS_RATIO: Final = 10.0", "FF_MASS_RATIO: Final = 12.0",
      "mass following fails at 12:1 instead of the 10:1 stated"),
    M(CFG, "FF_MASS_MIN_FOLLOWING: Final = 200", "FF_MASS_MIN_FOLLOWING: Final = 100",
      "a new account following its first 100 friends counts as mass following"),
    M(CFG, "FF_CHURN_SWING: Final = 0.3", "FF_CHURN_SWING: Final = 0.5",
      "follow churn needs 50% swings instead of 30%"),
    M(CFG, "BOUGHT_JUMP_RATIO: Final = 0.5", "BOUGHT_JUMP_RATIO: Final = 0.6",
      "a follower jump needs +60% instead of +50%"),
    M(CFG, "BOUGHT_JUMP_DAYS: Final = 7.0", "BOUGHT_JUMP_DAYS: Final = 10.0",
      "a follower jump over 10 days counts as sudden (a week stated)"),
    M(CFG, "BURST_POSTS: Final = 5", "BURST_POSTS: Final = 6",
      "a burst needs 6 posts instead of CRITERIA's 5"),
    M(CFG, "BURST_WINDOW_SECONDS: Final = 600", "BURST_WINDOW_SECONDS: Final = 900",
      "a burst window of 15 minutes instead of CRITERIA's 10"),
    M(CFG, "FAIL_SCORE: Final = 0.5", "FAIL_SCORE: Final = 0.6",
      "criteria fail only from score 0.6"),
    M(CFG, "MIN_CONFIDENCE: Final = 0.5", "MIN_CONFIDENCE: Final = 0.3",
      "criteria fail on a third of the data they need"),
    M(CFG, "MIN_POSTS: Final = 5", "MIN_POSTS: Final = 3",
      "content judged from 3 posts"),
    M(CFG, "SPORADIC_SILENT_DAYS_FROM: Final = 30.0", "SPORADIC_SILENT_DAYS_FROM: Final = 60.0",
      "silence counts from two months, not one"),
    M(CFG, '"links_in_most_posts": 0.45,', '"links_in_most_posts": 0.55,',
      "links alone fail automated_promo (the letter's robot links to its own site)"),
    M(CFG, "UNSTAGGERED_SHARE_LIMIT: Final = 0.2", "UNSTAGGERED_SHARE_LIMIT: Final = 0.3",
      "bursty posting fails from 30% of posts in bursts"),
    M(CFG, "ONE_TRACK_SALES_SHARE_FULL: Final = 0.4", "ONE_TRACK_SALES_SHARE_FULL: Final = 0.6",
      "sales pitches must fill 60% of posts to fail alone"),
    M(CFG, "OFF_TOPIC_SHARE_OK: Final = 0.2", "OFF_TOPIC_SHARE_OK: Final = 0.1",
      "off_topic fails only below one post in twenty on the owner's topics"),
    M(CFG, "REDUNDANT_SHARE_FROM: Final = 0.25", "REDUNDANT_SHARE_FROM: Final = 0.5",
      "redundant needs far more overlap with a followed account"),
    M(CFG, "FF_MIRROR_MIN: Final = 2000", "FF_MIRROR_MIN: Final = 200",
      "a small account with similar counts is called a follow-back trader"),
    M(CFG, "BOUGHT_MIN_FOLLOWERS: Final = 10_000", "BOUGHT_MIN_FOLLOWERS: Final = 1_000",
      "engagement judged against audiences of 1,000"),
    M(CFG, "BOUGHT_SMALL_ACCOUNT_CONFIDENCE: Final = 0.3",
      "BOUGHT_SMALL_ACCOUNT_CONFIDENCE: Final = 0.5",
      "small accounts judged on counts alone, with confidence"),
    # --- scoring: the criteria ---------------------------------------------------------
    M(TACTICS, "            and b - a >= cfg.BOUGHT_JUMP_MIN\n", "",
      "12 -> 30 followers is a bought-followers jump, with full confidence"),
    M(TACTICS, "    if len(swings) < 2:", "    if len(swings) < 1:",
      "one pruning of the following list is follow/unfollow churn"),
    M(TACTICS, "    if following >= cfg.FF_MASS_MIN_FOLLOWING:",
      "    if following > cfg.FF_MASS_MIN_FOLLOWING:",
      "following exactly 200 is exempt from mass following"),
    M(TACTICS, "0 <= days <= cfg.BOUGHT_JUMP_DAYS", "0 <= days",
      "a jump over years counts as sudden"),
    M(TACTICS, "    big = min(followers, following) >= cfg.FF_MIRROR_MIN",
      "    big = max(followers, following) >= cfg.FF_MIRROR_MIN",
      "mirror counts judged when only one count is large"),
    M(TACTICS, 'asking = [p for p in facts.posts if p.follow_back and p.post.kind != "repost"]',
      "asking = [p for p in facts.posts if p.follow_back]",
      "reposting someone's follow-back post counts against you (behaviour-neutral today: "
      "features.py never marks a repost as asking; kept so the two stay in step)"),
    M("scoring/criteria/base.py",
      "failed = score >= cfg.FAIL_SCORE and confidence >= cfg.MIN_CONFIDENCE",
      "failed = score >= cfg.FAIL_SCORE or confidence >= cfg.MIN_CONFIDENCE",
      "a confident clean account fails"),
    M("scoring/criteria/base.py", "    if n < min_posts:\n        return 0.0",
      "    if n <= min_posts:\n        return 0.0", "exactly 5 posts cannot be judged"),
    M("scoring/criteria/base.py", "    score = sum(value for value, _ in parts)",
      "    score = max((value for value, _ in parts), default=0.0)",
      "signals no longer add up (rspamd model): only the strongest counts"),
    M("scoring/criteria/activity.py", "    if age_days < 30:", "    if age_days < 3:",
      "a week-old account is called sporadic"),
    M("scoring/criteria/activity.py",
      "if times[i + k - 1] - times[i] <= cfg.BURST_WINDOW_SECONDS:",
      "if times[i + k - 1] - times[i] < cfg.BURST_WINDOW_SECONDS:",
      "five posts in exactly 10 minutes are not a burst"),
    M("scoring/criteria/activity.py",
      "if longest >= cfg.SPORADIC_GAP_MIN_DAYS * DAY and longest",
      "if longest >= cfg.SPORADIC_GAP_MIN_DAYS * DAY or longest",
      "any two-week break is on-and-off use"),
    M("scoring/criteria/promo.py",
      "    scale = max(0.0, 1.0 - reply_share * cfg.PROMO_REPLY_RELIEF)", "    scale = 1.0",
      "conversation no longer counts in the asker's favour"),
    M("scoring/criteria/promo.py", "    if cv >= cfg.PROMO_REGULAR_CV:",
      "    if cv <= cfg.PROMO_REGULAR_CV:", "human, bursty posting called clockwork"),
    M("scoring/criteria/promo.py", "if any(k in s.lower() for k in cfg.AUTOMATION_CLIENTS)",
      "if any(k in s for k in cfg.AUTOMATION_CLIENTS)", "IFTTT (upper case) not recognised"),
    M("scoring/criteria/variety.py", "    if facts.account.handle.lower() in owner.news_outlets:",
      "    if facts.account.handle in owner.news_outlets:",
      "a news outlet whose handle has capitals (CNN) loses its exemption"),
    M("scoring/criteria/variety.py", "    if mixed / n < cfg.ONE_TRACK_KIND_MIX_MIN:",
      "    if mixed / n > cfg.ONE_TRACK_KIND_MIX_MIN:",
      "a varied feed is called one track"),
    M("scoring/criteria/relevance.py",
      "    return None if found is None or found.lower() == self_handle else found",
      "    return found", "an account is redundant with itself"),
    M("scoring/criteria/relevance.py", "    score = ramp(share, cfg.OFF_TOPIC_SHARE_OK, 0.0)",
      "    score = ramp(share, 0.0, cfg.OFF_TOPIC_SHARE_OK)",
      "on-topic accounts called off topic"),
    M("scoring/selection.py", "        dated = dated[-limit:]", "        dated = dated[:limit]",
      "the oldest posts are judged instead of the newest"),
    # --- scoring: fake_score ------------------------------------------------------------
    M("scoring/fake_signals.py", "    return max(0.0, _LOG(limit) - _LOG(count or 0))",
      "    return max(0.0, _LOG(limit) - _LOG(count or 0) + 0.1)",
      "every 'fewer than' hinge fires at its limit too (30 followers is 'fewer than 30')"),
    M("scoring/fake_signals.py",
      '    known = {k for k in PROFILE_INPUTS if k != "bio" and getattr(account, k) is not None}',
      '    known = {k for k in PROFILE_INPUTS if k != "bio"}',
      "an unknown count is read as zero"),
    M("scoring/fake.py", "    if score < cfg.FAKE_UNSURE_TO:",
      "    if score <= cfg.FAKE_UNSURE_TO:", "0.65 is called unsure"),
    M("scoring/fake.py", '    return [*part, (name, min(cap, max(-cap, total)) - total)]',
      "    return part", "no cap on a fitted part: counts far outside the fit decide alone"),
    # --- the pipeline ------------------------------------------------------------------
    M("whynot/desk.py", "        if author.is_bot:\n", "        if author.is_bot and False:\n",
      "bots are answered (bot loops)"),
    M("whynot/desk.py", "and now - last_reply < self.settings.replies.cooldown_hours * HOUR",
      "and now - last_reply > self.settings.replies.cooldown_hours * HOUR",
      "the cooldown per asker is inverted"),
    M("whynot/desk.py", "        if sent_last_hour >= self.settings.replies.max_per_hour:",
      "        if sent_last_hour > self.settings.replies.max_per_hour:",
      "one reply more than the hourly cap"),
    M("whynot/desk.py", "if known in (ReplyState.SENT, ReplyState.SKIPPED, ReplyState.CLAIMED):",
      "if known in (ReplyState.SENT, ReplyState.SKIPPED):",
      "a message being answered is taken up again"),
    M("whynot/desk.py", "        if transient and attempt < replies.max_attempts:",
      "        if transient and attempt <= replies.max_attempts:",
      "one retry more than max_attempts"),
    M("whynot/desk.py", "delay = min(replies.retry_cap_seconds,",
      "delay = max(replies.retry_cap_seconds,", "retries wait the cap at least (hours)"),
    M("whynot/desk.py", "and mention.created_at < oldest:", "and mention.created_at > oldest:",
      "the first run lectures people about old mentions"),
    M("whynot/desk.py",
      '        if self.dry_run:\n            outcome.reason = "dry run: not sent"\n'
      "            return outcome\n        if not await self.store.followers.mark_notified",
      "        if not await self.store.followers.mark_notified",
      "a dry run sends unfollow notices (second line of defence)"),
    M("whynot/desk.py", "c.confidence > 0 and abs(c.score - 0.5) < 0.15",
      "c.confidence > 0 and abs(c.score - 0.5) < 0.0",
      "an unsure verdict is not re-read with more posts"),
    # --- the store -------------------------------------------------------------------
    M("whynot/store/followers.py", '"WHERE id = ? AND notified_at IS NULL",', '"WHERE id = ?",',
      "an unfollow notice can be claimed (sent) twice"),
    M("whynot/store/followers.py", "AND r.at <= follow_events.at + 86400)",
      "AND r.at <= follow_events.at + 68400)",
      "a refollow 19-24 h later is no flap: the person gets a notice"),
    M("whynot/store/accounts.py", '"handle = excluded.handle, fetched_at = excluded.fetched_at, "',
      '"handle = excluded.handle, "',
      "a re-fetched account stays stale: read and paid for again on every question"),
    M("whynot/store/accounts.py", "AND {match} AND a.fetched_at + a.ttl_seconds > ? ",
      "AND {match} AND a.fetched_at + 2 * a.ttl_seconds > ? ",
      "cached accounts are used twice as long as configured"),
    M("whynot/store/messages.py", '"AND sent_at > ? LIMIT ?))",', '"AND sent_at < ? LIMIT ?))",',
      "the hourly cap counts the wrong replies"),
    M("whynot/store/messages.py",
      "reason = excluded.reason, next_attempt_at = NULL, updated_at = excluded.updated_at "
      '"\n            "WHERE messages.state = \'failed\'",',
      'reason = excluded.reason, next_attempt_at = NULL, updated_at = excluded.updated_at",',
      "a skip overwrites a sent message's record"),
    M("whynot/store/followers.py", '"AND notified_at >= ?",', '"AND notified_at <= ?",',
      "the daily notice cap counts the wrong notices"),
    M("whynot/store/followers.py", "e.account_id = n.account_id AND e.kind = 'unfollow') ",
      "e.account_id = n.account_id AND e.kind = 'follow') ",
      "a returning follower is not recognised as a refollow"),
    M("whynot/store/messages.py", "AND messages.next_attempt_at <= excluded.claimed_at AND {room} ",
      "AND messages.next_attempt_at >= excluded.claimed_at AND {room} ",
      "failed messages are retried before they are due, never after"),
    # --- replies -----------------------------------------------------------------------
    M("whynot/replies.py",
      'that may hold an emoji; otherwise the same rules are applied directly."""\n',
      'that may hold an emoji; otherwise the same rules are applied directly."""\n'
      "    return len(text)\n",
      "X posts measured by len(): CJK or link evidence makes posts X refuses"),
    M("whynot/replies.py", "DISCORD_LIMIT = 2000", "DISCORD_LIMIT = 2400",
      "Discord messages up to 2,400 characters (Discord rejects them)"),
    M("whynot/replies.py",
      r'_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")',
      r'_LINE_BREAKS = re.compile("\r\n|[\r\n]")',
      "\\v, \\f, U+2028, U+2029 in user text break the reply's lines"),
    M("whynot/replies.py", "X_MAX_POSTS = 3", "X_MAX_POSTS = 4", "threads of four posts"),
    M("whynot/replies.py", 'X_MENTION = re.compile(r"([@＠])(?=\\w)")',
      'X_MENTION = re.compile(r"([@])(?=\\w)")',
      "a full-width ＠handle in quoted text pings a third party on X"),
    M("whynot/replies.py", "ASKER_MAX = 40", "ASKER_MAX = 60",
      "long display names crowd the reply"),
    M("whynot/replies.py", '    if decision == "approve":\n        return "moderator_approved"',
      '    if decision == "deny":\n        return "moderator_approved"',
      "a denied account is told it was approved"),
    M("whynot/replies.py",
      "return any(c.confidence >= MIN_CONFIDENCE for c in verdict.criteria if c.id in",
      "return any(c.confidence > 0 for c in verdict.criteria if c.id in",
      "an account barely read is told it was reviewed"),
    # --- the watch ---------------------------------------------------------------------
    M("whynot/watch.py", "        if self.desk.dry_run:\n            return []\n", "",
      "a dry run marks unfollows confirmed unsent: the real run never sends them"),
    M("whynot/watch.py", "settled = await self.store.followers.settle_unfollows(name, now - DAY)",
      "settled = await self.store.followers.settle_unfollows(name, now)",
      "unfollows spoken of before they settle for a day (flaps become notices)"),
    M("whynot/watch.py", "and sent_today < self.settings.notices_per_day",
      "and sent_today <= self.settings.notices_per_day", "one notice a day over the cap"),
    M("whynot/watch.py", 'or status.status != "active":', 'or status.status == "gone":',
      "a protected account is treated as an unfollow"),
    M("whynot/watch.py", "< self.settings.crawl_interval_hours * 3600",
      "< self.settings.crawl_interval_hours * 60", "followers crawled (and paid for) hourly"),
    # --- spend -------------------------------------------------------------------------
    M("whynot/spend.py", "        if left < LEAN_BELOW * self.monthly_usd:",
      "        if left < LEAN_BELOW:", "lean mode never starts"),
    M("whynot/spend.py", "        if left <= 0:", "        if left < 0:",
      "a spent budget is lean, not exhausted"),
    M("whynot/spend.py", "if await self.spent(now) + cost > self.monthly_usd:",
      "if await self.spent(now) + cost >= self.monthly_usd:",
      "the last cent of the budget cannot be used"),
    M("whynot/spend.py", "    return datetime(t.year, t.month, 1, tzinfo=UTC).timestamp()",
      "    return datetime(t.year, 1, 1, tzinfo=UTC).timestamp()",
      "the whole year's spend counts against the month"),
    M("whynot/spend.py", '"follower_read": 0.010,', '"follower_read": 0.001,',
      "follower reads priced at a tenth of X's price"),
    # --- the X adapter -----------------------------------------------------------------
    M("whynot/platforms/x.py", "LEAN_POSTS = 5", "LEAN_POSTS = 10",
      "lean mode reads 10 posts per asker"),
    M("whynot/platforms/x.py", "        if await self.budget.mode(now) is not Mode.NORMAL:",
      "        if await self.budget.mode(now) is Mode.EXHAUSTED:",
      "follower crawl goes on in lean mode"),
    M("whynot/platforms/x.py",
      'kind = "post_create_link" if extract_urls_with_indices(text) else "post_create"',
      'kind = "post_create"', "posts with links charged at the plain price"),
    M("whynot/platforms/x.py", "            if not exc.transient:\n                return None",
      "            if exc.transient:\n                return None",
      "a suspended account is an error, not 'cannot review'"),
    M("whynot/platforms/x.py", "for _ in range(MAX_MENTION_PAGES if since_id else 1):",
      "for _ in range(1):", "mentions beyond the first page are never answered"),
    M("whynot/platforms/x.py", 'r.get("type") == "replied_to" and str(r.get("id")) == to.id',
      'r.get("type") == "quoted" and str(r.get("id")) == to.id',
      "our earlier reply is not found after a restart"),
    M("whynot/platforms/x_payloads.py",
      '_KINDS = {"retweeted": "repost", "quoted": "quote", "replied_to": "reply"}',
      '_KINDS = {"retweeted": "repost", "quoted": "quote", "replied_to": "post"}',
      "replies read as the asker's own posts (conversation not credited)"),
    M("whynot/platforms/x_payloads.py", 'str(u.get("expanded_url") or u.get("url"))',
      'str(u.get("url") or u.get("expanded_url"))',
      "links judged by t.co, never the real site"),
    # --- the Discord adapter and moderation checks ---------------------------------------
    M("whynot/platforms/discord/platform.py",
      "        if any(len(p) > DISCORD_LIMIT for p in posts):",
      "        if False:", "an over-long message is sent (second line of defence)"),
    M("whynot/platforms/discord/platform.py",
      "if message.author.id == user_id and not (me and me in message.mentions):",
      "if message.author.id == user_id:",
      "questions to the bot are judged as the member's posts"),
    M("whynot/platforms/discord/common.py",
      "ONLY_ASKER = discord.AllowedMentions(everyone=False, users=False, roles=False, "
      "replied_user=True)",
      "ONLY_ASKER = discord.AllowedMentions(everyone=False, users=True, roles=False, "
      "replied_user=True)",
      "a reply may ping any user named in it"),
    M("whynot/platforms/discord/checks.py",
      ") -> bool:\n    if permissions.manage_guild or permissions.administrator:",
      ") -> bool:\n    if permissions.manage_guild:",
      "an administrator without Manage Server is refused"),
    M("whynot/platforms/discord/checks.py",
      "return role is not None and isinstance(user, discord.Member) and user.get_role(role)"
      " is not None",
      "return role is not None",
      "any member is a moderator once a moderator role is set"),
    M("whynot/platforms/discord/checks.py",
      "    if control and interaction.guild_id not in control:",
      "    if False:", "any server the bot is in may decide for every platform"),
    M("whynot/platforms/discord/checks.py",
      "    if await interaction.client.is_owner(interaction.user):",
      "    if True:", "anyone may change the server's bot settings"),
    M("cogs/moderation.py", "    @moderator_only()\n    async def clear(", "    async def clear(",
      "any member can wipe moderators' decisions"),
    M("cogs/moderation.py", "    @moderator_only()\n    async def list_(", "    async def list_(",
      "any member can read every decision and its reason"),
    M("cogs/moderation.py", "    @moderator_only()\n    async def history(",
      "    async def history(", "any member can read an account's audit log"),
    M("cogs/moderation.py", "    @moderator_only()\n    async def set_(", "    async def set_(",
      "any member can approve or deny"),
    M("cogs/moderation.py", "    if len(text) < 3:", "    if len(text) < 1:",
      "a one-letter reason is shown to the account"),
)


def unpack(ref: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def run_tests(tree: Path, tests: tuple[str, ...], timeout: float) -> tuple[bool, float, str]:
    """(passed, seconds, last lines of output) for one selection of tests in `tree`."""
    start = time.monotonic()
    command = ["nice", "-n", "10", str(PYTHON), "-m", "pytest", "-x", "-q", "-p",
               "no:cacheprovider", "-W", "ignore::DeprecationWarning", *tests]
    # No bytecode caches: a mutant of the same size written within the same second as the
    # original could otherwise be run from the original's cached bytecode.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - start, "timed out"
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-3:])
    return done.returncode == 0, time.monotonic() - start, tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to mutate (default HEAD)")
    parser.add_argument("--only", default="", help="only mutants whose file contains this")
    parser.add_argument("--numbers", default="", help="only these mutants (numbers of --list)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--keep", action="store_true", help="keep the temporary tree")
    args = parser.parse_args()
    numbers = {int(n) for n in args.numbers.split(",") if n.strip()}
    chosen = [
        (i, m)
        for i, m in enumerate(MUTANTS, 1)
        if args.only in m.path and (not numbers or i in numbers)
    ]
    if args.list:
        for i, m in chosen:
            print(f"{i:3d} {m.path}: {m.what}")
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="whynot-mutation-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still clean up on kill
    try:
        return _run(args.ref, chosen, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(ref: str, chosen: list[tuple[int, Mutant]], tmp: Path) -> int:
    mutants = [m for _, m in chosen]
    tree = tmp / "tree"
    unpack(ref, tree)
    print(f"{len(mutants)} mutants of {ref} in {tree}", flush=True)
    # The selections must pass unmutated, or a "kill" would mean nothing.
    limits: dict[tuple[str, ...], float] = {}
    for tests in sorted({m.tests() for m in mutants}):
        ok, seconds, tail = run_tests(tree, tests, BASELINE_TIMEOUT)
        limits[tests] = max(120.0, TIMEOUT_FACTOR * seconds)
        print(f"baseline {'ok' if ok else 'FAILS'} ({seconds:.0f}s): {' '.join(tests)}", flush=True)
        if not ok:
            print(tail)
            return 2
    killed, survivors, stale, timeouts = 0, [], [], 0
    for i, m in chosen:
        target = tree / m.path
        original = target.read_text(encoding="utf-8")
        if original.count(m.old) != 1:
            stale.append(m)
            print(f"{i:3d} STALE    {m.path}: {m.what} (text found {original.count(m.old)}x)")
            continue
        target.write_text(original.replace(m.old, m.new), encoding="utf-8")
        try:
            ok, seconds, tail = run_tests(tree, m.tests(), limits[m.tests()])
        finally:
            target.write_text(original, encoding="utf-8")
        if ok:
            survivors.append(m)
        else:
            killed += 1
        state = "SURVIVED" if ok else "killed  "
        extra = " (timed out)" if tail == "timed out" else ""
        timeouts += bool(extra)
        print(f"{i:3d} {state} {m.path}: {m.what} [{seconds:.0f}s]{extra}", flush=True)
    scored = killed + len(survivors)
    score = killed / scored if scored else 0.0
    print(f"\nscore: {killed}/{scored} killed ({score:.0%}); target {TARGET:.0%}")
    if timeouts:
        print(f"of the killed, {timeouts} by a time-out rather than a failing test")
    if stale:
        print(f"stale (text not found once, not scored): {len(stale)}")
    if survivors:
        print("survivors:")
        for m in survivors:
            print(f"  - {m.path}: {m.what}\n      {m.old.strip()!r} -> {m.new.strip()!r}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
