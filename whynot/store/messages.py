"""Messages the bot has seen and their reply state (claimed, sent, failed, skipped), the
claim that makes a reply go out at most once, the hourly cap and each asker's cooldown
(kept by a trigger when a reply is marked sent). Owned by the desk."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from whynot.models import WAITING_FOR_ACCESS, Identity, Mention, ReplyState
from whynot.store.cursors import RESTORED_AT_SQL
from whynot.store.db import Connection


@dataclass(frozen=True, slots=True)
class Claim:
    """The result of trying to claim a message: `won` means this worker must answer it."""

    won: bool
    attempt: int
    state: str  # the state found or set ("" when the message was not recorded)
    capped: bool = False  # refused only because the hourly cap is full


@dataclass(frozen=True, slots=True)
class MessageRow:
    mention: Mention
    state: str
    reason: str
    attempts: int
    next_attempt_at: float | None
    intent: str | None
    template: str | None
    reply_ids: tuple[str, ...]
    # Due again, and untouched since `bot.py restore` put back a copy made before: the
    # file it replaced may have answered it since (`due_retries`; `Desk.retry_due` looks).
    before_restore: bool = False
    planned: tuple[str, ...] = ()  # the texts of a thread, kept before its first post (`plan`)


@dataclass(frozen=True, slots=True)
class Owed:
    """A reply thread cut after some of its posts (`Messages.owed`): the posts planned,
    the ids of those made, and what the row keeps to send the rest (whynot.thread_rest)."""

    planned: tuple[str, ...]
    sent: tuple[str, ...]
    template: str
    intent: str
    language: str


# A word to read a language by: two letters or more.
_WORDS = re.compile(r"[^\W\d_]{2,}")

# Sets the author's handle and name (two parameters) unless the mention has none: a row
# claimed before its X author was named keeps them from the send or failure after.
_NAMED = (
    "author_handle = COALESCE(NULLIF(?, ''), author_handle), "
    "author_name = COALESCE(NULLIF(?, ''), author_name), "
    "author_followed = COALESCE(?, author_followed)"
)


def _named(author: Identity) -> tuple[object, ...]:
    """The parameters of `_NAMED`, in order."""
    return author.handle, author.display_name, author.followed


def _message_fields(mention: Mention, intent: str, language: str) -> tuple[object, ...]:
    """The columns platform .. language of a messages row, in that order."""
    a = mention.author
    return (
        mention.platform,
        mention.id,
        a.id,
        a.handle,
        a.display_name,
        mention.channel_id,
        mention.text,
        intent,
        language,
    )


def _message(row: aiosqlite.Row, before_restore: bool = False) -> MessageRow:
    followed = row["author_followed"]
    author = Identity(
        row["platform"], row["author_id"], row["author_handle"], row["author_name"],
        followed=None if followed is None else bool(followed),
    )  # fmt: skip
    mention = Mention(
        row["platform"], row["message_id"], author, row["text"], channel_id=row["channel_id"]
    )
    return MessageRow(
        mention,
        row["state"],
        row["reason"],
        row["attempts"],
        row["next_attempt_at"],
        row["intent"],
        row["template"],
        tuple(json.loads(row["reply_ids"])),
        before_restore,
        tuple(json.loads(row["planned_posts"] or "[]")),
    )


class Messages:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def precheck(
        self, mention: Mention, since: float, cap: int
    ) -> tuple[str | None, float | None, int]:
        """In one round trip: this message's state (None if new), when its author last got
        a reply, and how many replies were sent after `since`, counted up to `cap` only."""
        row = await self._db.row(
            "SELECT (SELECT state FROM messages WHERE platform = ? AND message_id = ?), "
            "(SELECT last_reply_at FROM cooldowns WHERE platform = ? AND user_id = ?), "
            "(SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE sent_at IS NOT NULL "
            "AND sent_at > ? LIMIT ?))",
            (mention.platform, mention.id, mention.platform, mention.author.id, since, cap),
        )
        assert row is not None  # a SELECT of scalars always yields a row
        return row[0], row[1], int(row[2])

    async def claim(
        self,
        mention: Mention,
        intent: str,
        language: str,
        now: float,
        hourly: tuple[float, int] | None = None,
    ) -> Claim:
        """Take a message for answering, atomically (one statement). A new message, or a
        failed one whose retry is due, is won; anything else (sent, skipped, claimed,
        failed and not yet due, failed for good) is not.

        `hourly` = (since, cap): the claim is also refused, with `capped` set, while `cap`
        replies were sent after `since` or are being sent (claimed). Counting in the same
        statement is what holds the cap when many askers are answered at once."""
        since, cap = hourly if hourly is not None else (0.0, -1)
        # Claims count only while recent: one left behind by a dead process (its platform
        # not loaded to recover it) must not hold a place for ever.
        room = (
            "(? < 0 OR (SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE (state = 'claimed' "
            "AND claimed_at > ?) OR (sent_at IS NOT NULL AND sent_at > ?) LIMIT ?)) < ?)"
        )
        row = await self._db.durable_row(  # on disk before the reply is sent
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "channel_id, text, intent, language, state, attempts, claimed_at, updated_at, "
            f"seen_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'claimed', 1, ?, ?, ? WHERE {room} "
            "ON CONFLICT (platform, message_id) DO UPDATE SET state = 'claimed', "
            "attempts = attempts + 1, claimed_at = excluded.claimed_at, "
            "updated_at = excluded.updated_at "
            "WHERE messages.state = 'failed' AND messages.next_attempt_at IS NOT NULL "
            f"AND messages.next_attempt_at <= excluded.claimed_at AND {room} "
            "RETURNING attempts",
            (
                *_message_fields(mention, intent, language),
                now,
                now,
                now,
                *(cap, since, since, max(cap, 0), cap),
                *(cap, since, since, max(cap, 0), cap),
            ),
        )
        if row is not None:
            return Claim(True, int(row[0]), ReplyState.CLAIMED)
        found = await self._db.row(
            "SELECT state, attempts, next_attempt_at FROM messages "
            "WHERE platform = ? AND message_id = ?",
            (mention.platform, mention.id),
        )
        if found is None:  # a new message is refused only by the cap
            return Claim(False, 0, "", capped=True)
        due = found[0] == "failed" and found[2] is not None and found[2] <= now
        return Claim(False, int(found[1]), found[0], capped=due and hourly is not None)

    async def mark_sent(
        self, mention: Mention, reply_ids: Sequence[str], template: str, now: float
    ) -> None:
        """Record the reply; the asker's cooldown starts in the same statement (trigger).
        The author's handle and name are kept when the mention has them and the row did
        not (an X mention is read with its author's id only)."""
        a = mention.author
        await self._db.execute(
            "UPDATE messages SET state = 'sent', sent_at = ?, reply_ids = ?, template = ?, "
            f"reason = '', next_attempt_at = NULL, updated_at = ?, {_NAMED} "
            "WHERE platform = ? AND message_id = ?",
            (
                now,
                json.dumps(list(reply_ids)),
                template,
                now,
                *_named(a),
                mention.platform,
                mention.id,
            ),
        )

    async def plan(self, mention: Mention, posts: Sequence[str], template: str) -> None:
        """Keep a thread's texts (and template) with its claimed row, on disk before its
        first post is sent: if it is cut midway, the rest is known without rendering again."""
        await self._db.durable_row(
            "UPDATE messages SET planned_posts = ?, template = ? "
            "WHERE platform = ? AND message_id = ? RETURNING 1",
            (json.dumps(list(posts)), template, mention.platform, mention.id),
        )

    async def keep_posts(self, mention: Mention, reply_ids: Sequence[str], now: float) -> None:
        """The posts of a thread cut midway, kept while the rest is owed (the row stays
        failed, or claimed until `mark_failed`; `mark_sent` records the whole thread). The
        asker was answered in public: their cooldown starts and the posts are ours, as
        `mark_sent`'s triggers do (else a second mention is answered in full meanwhile, and
        a reply under post 1 is not known as one to our answer)."""
        ids = json.dumps(list(reply_ids))
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE messages SET reply_ids = ?, updated_at = ? "
                "WHERE platform = ? AND message_id = ?",
                (ids, now, mention.platform, mention.id),
            )
            await self._db.execute(
                "INSERT INTO cooldowns (platform, user_id, last_reply_at) VALUES (?, ?, ?) "
                "ON CONFLICT (platform, user_id) DO UPDATE SET last_reply_at = "
                "excluded.last_reply_at",
                (mention.platform, mention.author.id, now),
            )
            await self._db.execute(
                "INSERT OR IGNORE INTO reply_posts (platform, post_id, message_id) "
                "SELECT ?, value, ? FROM json_each(?)",
                (mention.platform, mention.id, ids),
            )

    async def planned(self, mention: Mention) -> tuple[str, ...]:
        """The texts of the thread planned for this message (`plan`), () when none."""
        row = await self._db.row(
            "SELECT planned_posts FROM messages WHERE platform = ? AND message_id = ?",
            (mention.platform, mention.id),
        )
        return tuple(json.loads(row[0] or "[]")) if row is not None else ()

    async def owed(self, mention: Mention) -> Owed | None:
        """The rest of a reply thread owed on this failed message: some of its planned
        posts made, not all (`keep_posts`); None for any other message."""
        row = await self._db.row(
            "SELECT planned_posts, reply_ids, template, intent, language FROM messages "
            "WHERE platform = ? AND message_id = ? AND state = 'failed' "
            "AND planned_posts IS NOT NULL AND reply_ids != '[]'",
            (mention.platform, mention.id),
        )
        if row is None:
            return None
        planned, sent = tuple(json.loads(row[0])), tuple(json.loads(row[1]))
        if not sent or len(sent) >= len(planned):
            return None
        return Owed(planned, sent, row[2] or "", row[3] or "other", row[4] or "en")

    async def mark_failed(
        self, mention: Mention, reason: str, retry_at: float | None, now: float
    ) -> None:
        """A send failed: retry at `retry_at`, or never (None) and stay visible as failed.
        The author's handle and name are kept as by `mark_sent`: a retry is not named (a
        paid read on X) again."""
        a = mention.author
        await self._db.execute(
            "UPDATE messages SET state = 'failed', reason = ?, next_attempt_at = ?, "
            f"updated_at = ?, {_NAMED} WHERE platform = ? AND message_id = ?",
            (reason, retry_at, now, *_named(a), mention.platform, mention.id),
        )

    async def record_skip(
        self, mention: Mention, intent: str, language: str, reason: str, now: float
    ) -> bool:
        """Remember a message deliberately not answered (also one that was waiting for a
        retry). False if it was already settled."""
        cur = await self._db.execute(
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "channel_id, text, intent, language, state, reason, updated_at, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'skipped', ?, ?, ?) "
            "ON CONFLICT (platform, message_id) DO UPDATE SET state = 'skipped', "
            "reason = excluded.reason, next_attempt_at = NULL, updated_at = excluded.updated_at "
            "WHERE messages.state = 'failed'",
            (*_message_fields(mention, intent, language), reason, now, now),
        )
        return cur.rowcount == 1

    async def wait(self, mention: Mention, reason: str, retry_at: float, now: float) -> str:
        """A claimed message that waits for the owner (money, write access): failed and due
        again at `retry_at`, its claim not counted as an attempt (never given up for it).
        Returns the reason it had before (the desk tells the owner of a wait once)."""
        a = mention.author
        before = await self._reason(mention)
        await self._db.execute(
            "UPDATE messages SET state = 'failed', reason = ?, next_attempt_at = ?, "
            f"attempts = MAX(attempts - 1, 0), updated_at = ?, {_NAMED} "
            "WHERE platform = ? AND message_id = ?",
            (reason, retry_at, now, *_named(a), mention.platform, mention.id),
        )
        return before

    async def _reason(self, mention: Mention) -> str:
        row = await self._db.row(
            "SELECT reason FROM messages WHERE platform = ? AND message_id = ?",
            (mention.platform, mention.id),
        )
        return str(row[0] or "") if row is not None else ""

    async def defer(
        self, mention: Mention, intent: str, language: str, reason: str, retry_at: float, now: float
    ) -> str:
        """Not now, later: a new message waits as failed-and-due-at `retry_at`; a waiting
        one keeps its attempts and moves its due time (its last change too, unless it is
        untouched since a restore: then it stays so, `due_retries`). One given up for good
        (failed, due never) stays given up: met again, it is not revived. Returns the
        reason it had before ("" if new), so a wait is told once, not at every retry."""
        before = await self._reason(mention)
        await self._db.execute(
            "INSERT INTO messages (platform, message_id, author_id, author_handle, author_name, "
            "channel_id, text, intent, language, state, reason, next_attempt_at, updated_at, "
            "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'failed', ?, ?, ?, ?) "
            "ON CONFLICT (platform, message_id) DO UPDATE SET reason = excluded.reason, "
            "next_attempt_at = excluded.next_attempt_at, updated_at = CASE WHEN "
            # one the restore brought back stays so until claimed (and looked for then)
            f"messages.updated_at <= {RESTORED_AT_SQL} THEN messages.updated_at ELSE "
            "excluded.updated_at END "
            "WHERE messages.state = 'failed' AND messages.next_attempt_at IS NOT NULL",
            (*_message_fields(mention, intent, language), reason, retry_at, retry_at, now),
        )
        return before

    async def give_up_late(
        self, seen_before: float, now: float, dry_run: bool = False, platform: str | None = None
    ) -> list[MessageRow]:
        """Questions still waiting to be tried again (for money, write access, room in the
        hour, a fault's retry) that were first seen before `seen_before` (of `platform`
        only, if given): given up, and returned, rather than answered that late; the
        reason starts "given up" (the run's line counts it failed, not still waiting). A
        dry run only reads them (unchanged)."""
        late = "WHERE state = 'failed' AND next_attempt_at IS NOT NULL AND seen_at < ? "
        late += "AND (? IS NULL OR platform = ?) "
        if dry_run:
            rows = await self._db.execute_fetchall(
                f"SELECT * FROM messages {late}", (seen_before, platform, platform)
            )
            return [_message(r) for r in rows]
        rows = await self._db.execute_fetchall(
            "UPDATE messages SET next_attempt_at = NULL, updated_at = ?, "
            "reason = 'given up, waited too long to be answered this late (was: ' || reason "
            "|| ')' "
            f"{late}RETURNING *",
            (now, seen_before, platform, platform),
        )
        return [_message(r) for r in rows]

    async def language_of(self, platform: str, author_id: str) -> str | None:
        """The language the bot read in the author's latest message it classified that has
        words to read it by (an emoji alone reads as English: "nothing tells"), if any: the
        latest seen, not the latest touched (a retry of an older one updates that)."""
        rows = await self._db.execute_fetchall(
            "SELECT language, text FROM messages WHERE platform = ? AND author_id = ? "
            "AND intent IS NOT NULL AND intent != '' AND language != '' "
            "ORDER BY COALESCE(seen_at, updated_at) DESC, rowid DESC LIMIT 20",
            (platform, author_id),
        )
        return next((str(r[0]) for r in rows if len(_WORDS.findall(r[1] or "")) >= 2), None)

    async def state(self, platform: str, message_id: str) -> str | None:
        row = await self._db.row(
            "SELECT state FROM messages WHERE platform = ? AND message_id = ?",
            (platform, message_id),
        )
        return row[0] if row else None

    async def rows(self, states: Iterable[str] | None = None) -> list[MessageRow]:
        """Every message (or those in `states`), oldest update first."""
        sql = "SELECT * FROM messages"
        params: tuple[str, ...] = ()
        if states is not None:
            states = tuple(states)
            sql += f" WHERE state IN ({', '.join('?' * len(states))})"
            params = states
        rows = await self._db.execute_fetchall(sql + " ORDER BY updated_at, message_id", params)
        return [_message(r) for r in rows]

    async def due_retries(self, now: float, platform: str | None = None) -> list[MessageRow]:
        """Failed messages due again (of `platform` only, if given), each told
        `before_restore` when not touched since `bot.py restore`
        (whynot.store.cursors.mark_restored)."""
        rows = await self._db.execute_fetchall(
            f"SELECT *, updated_at <= {RESTORED_AT_SQL} AS before_restore FROM messages "
            "WHERE state = 'failed' AND next_attempt_at IS NOT NULL "
            "AND next_attempt_at <= ? AND (? IS NULL OR platform = ?) ORDER BY next_attempt_at",
            (now, platform, platform),
        )
        return [_message(r, bool(r["before_restore"])) for r in rows]

    async def stale_claims(self) -> list[MessageRow]:
        """Messages claimed by a process that stopped before recording the outcome."""
        rows = await self._db.execute_fetchall("SELECT * FROM messages WHERE state = 'claimed'")
        return [_message(r) for r in rows]

    async def state_counts(self) -> dict[str, int]:
        rows = await self._db.execute_fetchall(
            "SELECT state, COUNT(*) FROM messages GROUP BY state"
        )
        return {r[0]: r[1] for r in rows}

    async def waiting_for(self, platform: str, what: str) -> int:
        """Questions kept for what only the owner can give (`wait`): `what` is the reason's
        prefix, whynot.models.WAITING_FOR_MONEY or WAITING_FOR_ACCESS."""
        row = await self._db.row(
            "SELECT COUNT(*) FROM messages WHERE platform = ? AND state = 'failed' "
            "AND next_attempt_at IS NOT NULL AND reason LIKE ? || '%'",
            (platform, what),
        )
        return int(row[0]) if row is not None else 0

    async def access_wait(self, platform: str, now: float) -> tuple[float, str]:
        """Until when, and why, the platform's questions wait for write access (a refusal
        seen by an earlier process: cron's `run --once`), or (0.0, "") when none waits."""
        row = await self._db.row(
            "SELECT next_attempt_at, reason FROM messages WHERE platform = ? AND state = "
            "'failed' AND next_attempt_at > ? AND reason LIKE ? || '%' "
            "ORDER BY next_attempt_at DESC LIMIT 1",
            (platform, now, WAITING_FOR_ACCESS),
        )
        return (float(row[0]), str(row[1])) if row is not None else (0.0, "")

    async def answered_since(self, platform: str, since: float) -> int:
        row = await self._db.row(
            "SELECT COUNT(*) FROM messages WHERE platform = ? AND sent_at >= ?", (platform, since)
        )
        return int(row[0]) if row is not None else 0
