"""More mutants for `bench/mutation.py`, beside `bench/mutants.py` (at the 450-line limit):
the tests that guard each file (`TESTS_MORE`, looked up before mutants.py's own) and the
mutants, each (file, old text, new text, what a user would feel). First: the fixes of
2 December (each platform's retries a step, a review follow-up's look after a restore
tried again, Discord stopped while another platform starts, several pretty-printed
accounts, override's platform)."""

from __future__ import annotations

TESTS_MORE: dict[str, tuple[str, ...]] = {
    "whynot/retries.py": ("tests/test_retry_refused.py", "tests/test_max_wait.py"),
    "whynot/reviews.py": (
        "tests/test_restore_sends.py",
        "tests/test_review_followups.py",
        "tests/test_reviews.py",
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
)
