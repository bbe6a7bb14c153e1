"""More mutants for `bench/mutation.py`, beside `bench/mutants.py` (at the 450-line limit):
the tests that guard each file (`TESTS_MORE`, looked up before mutants.py's own) and the
mutants, each (file, old text, new text, what a user would feel). First: the fixes of
2 December (each platform's retries a step, a review follow-up's look after a restore
tried again, Discord stopped while another platform starts, several pretty-printed
accounts, override's platform). Then (140 on) the fixes of the same day's later session,
one mutant each, undoing its key line. A file mutants.py lists too is keyed here by a
shorter prefix ("whynot/desk."): the same key in both dicts would take mutants.py's tests."""

from __future__ import annotations

TESTS_MORE: dict[str, tuple[str, ...]] = {
    "whynot/backoff.py": ("tests/test_desk.py", "tests/test_retry_refused.py"),
    "whynot/retries.py": (
        "tests/test_retry_refused.py",
        "tests/test_max_wait.py",
        "tests/test_poll_too_late.py",
    ),
    "whynot/reviews.py": (
        "tests/test_restore_sends.py",
        "tests/test_review_followups.py",
        "tests/test_reviews.py",
        "tests/test_review_thread_rest.py",
    ),
    "whynot/platforms/x_http.py": (  # mutants.py's "whynot/platforms/x" ones, and the clock's
        "tests/x/test_x_clock_off.py",
        "tests/x/test_x_adapter.py",
        "tests/x/test_recorded.py",
        "tests/x/test_run_once.py",
        "tests/x/test_identify.py",
        "tests/x/test_write_access.py",
    ),
    "whynot/platforms/discord/keep.py": (
        "tests/discord/test_discord_gateway_close.py",
        "tests/x/test_discord_stopped_x_goes_on.py",
    ),
    "whynot/jsonl.py": ("tests/test_pretty_account.py", "tests/test_one_account_lines.py"),
    "whynot/cli/override.py": (
        "tests/test_override_platform_hint.py",
        "tests/test_cli_missing_db.py",
        "tests/test_override_unknown_handle.py",
    ),
    "whynot/config.py": ("tests/test_env_pasted.py",),
    "whynot/thread_rest.py": ("tests/test_thread_rest.py", "tests/x/test_x_thread_rest.py"),
    "whynot/recovery.py": (  # mutants.py's, and the cut thread's
        "tests/test_desk.py",
        "tests/faults/test_kill.py",
        "tests/test_thread_rest.py",
        "tests/x/test_x_thread_rest.py",
    ),
    "whynot/platforms/mastodon/": (
        "tests/masto/test_mastodon_review_answer.py",
        "tests/masto/test_mastodon_thread_rest.py",
    ),
    "whynot/cli/errors.py": ("tests/test_container_setup_mistake.py",),
    "whynot/cli/run_report.py": (
        "tests/faults/test_store_faults.py",
        "tests/x/test_x_revoked_mid_run.py",
    ),
    "whynot/cli/run.py": ("tests/test_retry_refused.py",),
    # --- the later session's fixes (140 on): mutants.py's lists, and the fix's own test ---
    "whynot/desk.": (
        "tests/test_desk.py",
        "tests/test_max_wait.py",
        "tests/test_desk_dry_run.py",
        "tests/test_watch.py",
        "tests/x/test_identify.py",
        "tests/x/test_write_access.py",
        "tests/bluesky/test_bluesky_followed.py",
        "tests/test_other_copy.py",
        "tests/test_not_reviewed_unfollowed.py",
    ),
    "whynot/watch.": (
        "tests/test_watch.py",
        "tests/test_watch_mass_unfollow.py",
        "tests/test_watch_rate_limited.py",
        "tests/test_watch_never_finishes.py",
        "tests/x/test_bill.py",
    ),
    "whynot/store/followers.py": (
        "tests/test_store.py",
        "tests/test_watch.py",
        "tests/test_desk.py",
        "tests/faults/test_store_faults.py",
        "tests/x/test_identify.py",
        "tests/test_watch_mass_unfollow.py",
    ),
    "whynot/platforms/discord/platform.": (
        "tests/discord/test_discord_platform.py",
        "tests/discord/test_discord_mentions.py",
        "tests/discord/test_discord_whynot.py",
        "tests/discord/test_discord_no_send_permission.py",
    ),
    "whynot/platforms/x_payloads.py": (
        "tests/x/test_x_escaped_text.py",
        "tests/x/test_x_adapter.py",
        "tests/x/test_recorded.py",
        "tests/x/test_run_once.py",
        "tests/x/test_identify.py",
        "tests/x/test_write_access.py",
    ),
    "cogs/feed.py": (
        "tests/discord/test_discord_feed_no_permission.py",
        "tests/discord/test_discord_feed.py",
    ),
    "bot.py": ("tests/test_python_too_old.py",),
    "whynot/cli/cost.py": ("tests/test_cost_pace_watch.py", "tests/test_cost_pace.py"),
    "whynot/owner_config.py": ("tests/test_replies_pt_pt.py", "tests/test_owner_nfc.py"),
    "scoring/quotations.py": (
        "tests/scoring/test_about_poster_round6.py",
        "tests/scoring/test_about_poster.py",
    ),
    "scoring/about_poster.py": (
        "tests/scoring/test_about_poster_round6.py",
        "tests/scoring/test_about_poster.py",
    ),
}

MUTANTS_MORE: tuple[tuple[str, str, str, str], ...] = (
    (
        "whynot/retries.py",
        "await desk.store.messages.due_retries(now, platform)",
        "await desk.store.messages.due_retries(now)",
        "each platform's retries step tries every platform's: one refusing its sign-in fails "
        "them all, and the others' 'retries: N done' lines are hidden again",
    ),
    (
        "whynot/reviews.py",
        "        if unsure and retry_at is None:",
        "        if unsure:",
        "after a restore, a follow-up whose look hit a network fault is retried without "
        "looking: the asker may be told the decision twice",
    ),
    (
        "whynot/platforms/discord/keep.py",
        "        if not running and not waiting:",
        "        if not running:",
        "a Discord token reset ends the whole run while X, still in its start-up backoff, "
        "was about to answer",
    ),
    (
        "whynot/jsonl.py",
        "        at = _past_space(text, at)\n",
        "",
        "score on what `jq .` wrote: the first account judged, the rest one 'not valid JSON'",
    ),
    (
        "whynot/jsonl.py",
        'lines = account_lines(raw.encode("utf-8").splitlines(keepends=True))',
        "lines = raw.splitlines()",
        "preview --account on what `jq .` wrote says 'line 1: not valid JSON'",
    ),
    (
        "whynot/cli/override.py",
        "    if len(served) <= 1:",
        "    if served:",
        "an owner of Discord and Bluesky: 'override set ana.bsky.social deny' is decided for "
        "Discord without asking; the Bluesky asker is still judged by the verdict",
    ),
    (
        "whynot/cli/run.py",
        "for name in [*platforms, *(n for n in PLATFORM_LABELS if n not in platforms)]:",
        "for name in list(platforms):",
        "a question whose platform did not load (sign-in refused, X paused) waits on past "
        "max_wait_days, never given up nor said",
    ),
    # --- the review of the sixth walkthrough's fixes (2 December) ---
    (
        "whynot/config.py",
        "secrets={k: Secret(v) for k, v in env.items() if k in SECRET_NAMES and v},",
        "secrets={k: Secret(dotenv_value(v)) for k, v in env.items() if k in SECRET_NAMES and v},",
        "a password quoted in .env because it holds a quote or ' #' is cut when read a second "
        "time: the sign-in fails with a .env that is right",
    ),
    (
        "whynot/cli/errors.py",
        '" to .env, `docker rm -f whynot` and the same `docker run`: only it reads --env-file)"',
        '" to .env, the same)"',
        "in the container, the owner who filled in .env is told to docker restart, which keeps "
        "the old values: the same line again, forever",
    ),
    (
        "whynot/cli/run_report.py",
        "then restart the bot: a reply the full disk cut off is settled at a start",
        "the bot goes on by itself once there is",
        "after a full disk the owner frees room and waits: a question claimed when it filled "
        "is never answered by the running bot",
    ),
    (
        "whynot/cli/override.py",
        "    if not made and not await store.accounts.known(",
        "    if not await store.accounts.known(",
        "override set on the host (the bot in a container) also says to check a spelling that "
        "is right, beside the real cause",
    ),
    (
        "whynot/reviews.py",
        "then bot.py override set %s:%s approve|deny",
        "then bot.py override set %s%s approve|deny",
        "the review request's line tells a Discord and Bluesky owner a command refused as typed "
        "('which platform is ...?')",
    ),
    (
        "whynot/platforms/x_http.py",
        "(said if said.tzinfo else said.replace(tzinfo=UTC))",
        "said",
        "on a server at UTC+1, a Date without a zone reads a right clock as an hour ahead: a "
        "revoked token's 401 sends the owner to set the clock",
    ),
    (
        "whynot/cli/override.py",
        "`bot.py override clear {args.platform}:{handle}`",
        "`bot.py override clear {handle}`",
        "the note on a mistyped handle gives a Discord and Bluesky owner a clear refused as "
        "typed ('which platform is ...?')",
    ),
    (
        "whynot/thread_rest.py",
        "ids = await platform.reply(to, planned[len(made) :], under=made[-1])",
        "ids = await platform.reply(to, planned, under=made[-1])",
        "the rest of a cut thread posts the whole thread again under its first post: the asker "
        "reads post 1 twice",
    ),
    (
        "whynot/recovery.py",
        "if found and len(found) < len(row.planned):",
        "if False:",
        "a thread cut by a restart is marked sent with its first post: '(1/2)' in public for good",
    ),
    (
        "whynot/platforms/mastodon/platform.py",
        "ours = str(author.get(\"id\")) == (await self.me()).id",
        "ours = False",
        "the team's answer to a review request is addressed to the owner: the asker never sees it",
    ),
    (
        "whynot/platforms/mastodon/payloads.py",
        "reply_to=str(replied) if replied else None,",
        "reply_to=None,",
        "a Mastodon reply to our answer asking for a person is read as a new question",
    ),
    # --- the later session's fixes (2 December), one each (140 on) ---
    (
        "whynot/store/followers.py",
        "AND e.kind = 'unfollow' \"\n                \"AND e.status <> 'bulk') \"",
        "AND e.kind = 'unfollow') \"",
        "a list X cut short and whole again next crawl: thousands of 'they came back' refollows "
        "in the team's feed, one message a person (a898eb4)",
    ),
    (
        "whynot/watch.py",
        "most = max(MASS_FLOOR, MASS_SHARE * before)",
        "most = min(MASS_FLOOR, MASS_SHARE * before)",
        "a small account's ordinary unfollows (3 of 100 followers) are set aside as a list gone "
        "wrong: nobody who left is ever checked or shown (e55faff)",
    ),
    (
        "whynot/spend.py",
        "self.platform, kind, ids, PRICES[kind], note, self.platform_time(now)",
        "self.platform, kind, ids, PRICES[kind], note, now",
        "a clock a month behind: every post and user read is dated before the month counted, "
        "so the budget never runs out (96f61bf)",
    ),
    (
        "whynot/spend.py",
        "per_kind = await self.store.spend.since(self.platform, self.month(now))\n"
        "        return sum(",
        "per_kind = await self.store.spend.since(self.platform, month_start(now))\n"
        "        return sum(",
        "a clock a month ahead reads an empty month's ledger: up to twice the budget spent in "
        "one real month (75bd44c)",
    ),
    (
        "whynot/desk.py",
        'getattr(platform, "looks_free", False)',
        'getattr(platform, "look_free", False)',
        "the bot on the host and in a container: every Mastodon and Bluesky asker is answered "
        "twice, and the owner is never told why (015fb35)",
    ),
    (
        "cogs/feed.py",
        'log.warning("could not post to the feed channel %s: %s%s", where, exc, fix)',
        'log.warning("could not post to the feed channel %s: %s", where, exc)',
        "the team sees no feed and the log says only '403 Forbidden: Missing Permissions', "
        "not what to give the bot's role in #team-feed (2a17135)",
    ),
    (
        "whynot/reviews.py",
        "        if (await desk.access_paused(platform.name, now))[0] > now:  # refused "
        "replies: it\n"
        "            return None  # waits, the platform not asked, as a question's reply does\n",
        "",
        "while X refuses writes, each due review follow-up calls X, is refused again and "
        "spends a try: the asker may never hear the decision (89638f3)",
    ),
    (
        "bot.py",
        "import sys\n\nMINIMUM",
        "import sys\n\nfrom whynot.cli import main\n\nMINIMUM",
        "the imports tidied to the top: a Mac's python3.9 ends in a traceback ('cannot import "
        "name UTC from datetime') before the one line naming the fix (c96115a)",
    ),
    (
        "whynot/retries.py",
        "now - mention.created_at <= days * 86_400",
        "mention.created_at - now <= days * 86_400",
        "after two weeks off, the first poll answers every question since, weeks late, in "
        "public and at $0.19 an asker on X (68f1bf8)",
    ),
    (
        "whynot/cli/override.py",
        'f"runs with this database{container_hint()}"',
        '"runs with this database (in the container: docker exec whynot .venv/bin/python "\n'
        '            "bot.py override ...)"',
        "override run inside the container, on a new database, tells the owner to docker exec "
        "into the container they are in (651f3c0)",
    ),
    (
        "whynot/platforms/discord/platform.py",
        "            posts,\n            channel,\n",
        "            posts,\n",
        "a member asking in #rules gets nothing, and the owner's log says only 'Discord 403: "
        "Missing Permissions', not which channel nor what to give (0e25e0c)",
    ),
    (
        "whynot/cli/cost.py",
        "pace = projection(spent, budget_usd, since, now, watch, watch_cap)",
        "pace = projection(spent, budget_usd, since, now)",
        "bot.py cost after a day's crawl: 'the month would take $113.30, more than the $50.00 "
        "budget': a false alarm on which the owner raises the budget (d2675d8)",
    ),
    (
        "whynot/reviews.py",
        "if found and not review.followup_planned:",
        "if found and review.followup_planned:",
        "after a restore whose backup predates a follow-up's texts, its first post found is "
        "taken as the whole answer: the asker sees '(1/2)' for good (e1f25fc)",
    ),
    (
        "whynot/recovery.py",
        'cut = f"{incomplete(len(row.reply_ids), len(row.planned))}: " if row.reply_ids else ""',
        'cut = ""',
        "a cut thread whose retry died is left failed as 'interrupted between claim and send': "
        "the owner is not told the asker saw only post 1 of 3 (663b2de)",
    ),
    (
        "whynot/watch.py",
        'if getattr(exc, "reset", None) is None:',
        'if getattr(exc, "retry_after", None) is None:',
        "a big account's crawl at X's rate limit logs 'follower crawl failed' each cycle and "
        "run --once exits 1: cron mails every 5 minutes for hours (e7da642)",
    ),
    (
        "whynot/watch.py",
        "if cost <= min(x.watch_budget_usd, lean_line):",
        "if cost <= max(x.watch_budget_usd, lean_line):",
        "a watch capped only by the lean line buys part of a crawl each month that never "
        "finishes: money spent, no unfollow ever found (40a1986)",
    ),
    (
        "whynot/thread_rest.py",
        "    until, why = await desk.access_paused(mention.platform, now)\n"
        "    if until > now:  # its replies are refused (no write access): it waits, X not asked\n"
        "        why = paused(why, len(owed.sent), len(planned))\n"
        "        outcome.state, outcome.reason, outcome.quiet = ReplyState.FAILED, why, True\n"
        "        await desk.store.messages.defer(mention, owed.intent, owed.language, why, "
        "until, now)\n"
        "        return outcome\n",
        "",
        "while X refuses writes, the rest of each cut thread calls X, is refused again and "
        "spends a try (21cd0d7)",
    ),
    (
        "whynot/platforms/x_payloads.py",
        "        text=post_text(tweet),",
        '        text=str(tweet.get("text", "")),',
        "a public reply quotes the asker's 'Tom &amp; Jerry' as evidence, and the criteria read "
        "'&lt;3' (b9c65a1)",
    ),
    (
        "whynot/desk.py",
        "            asked=asked,\n            intent=intent.intent,\n",
        "            asked=asked,\n",
        "'why did you unfollow me?' from a thin account is told 'I don't follow back "
        "automatically': a non-sequitur to someone the owner did follow (b5ae737)",
    ),
    (
        "whynot/owner_config.py",
        "if kind and value is not None and named and named != kind:",
        "if kind and value is None and named and named != kind:",
        'language = "pt-PT" with portuguese = "pt-BR": one silently wins, and an owner in '
        "Portugal gets Brazilian replies (0a69838)",
    ),
    (
        "whynot/watch.py",
        '            PRICES["user_read"],\n',
        "            price,\n",
        "the watch's cost line says each unfollow found costs $0.001: a big account losing 300 "
        "followers a day expects $0.30 a day and pays $3 (8067e3f)",
    ),
    (
        "scoring/quotations.py",
        'return name[0].lower().rstrip(".") not in NOT_SPEAKERS',
        'return name[0].rstrip(".") not in NOT_SPEAKERS',
        "'Update: I'm finally home' is read as someone else's words: an account's own news no "
        "longer counts as about the poster (357aec3)",
    ),
    (
        "scoring/about_poster.py",
        'if mine == {"mine"} or (mine == {"yo"} and not SPANISH_RE.search(lowered)):',
        'if mine == {"mine"} or mine == {"yo"}:',
        "'yo no sé qué hacer' is no longer about the poster: a Spanish speaker's own posts "
        "count as sharing (357aec3)",
    ),
)
