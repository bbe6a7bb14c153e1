"""The review queue: askers' requests for a person to look at the bot's answer (table
`review_requests`), the decision once a moderator made one, and the follow-up reply's own
exactly-once state; and which of our posts answered which message (`reply_posts`, kept by
a trigger on `messages`), so a reply to one of them is known to be about our answer.
Owned by the core review service (`whynot.reviews`); read by `bot.py reviews`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from whynot.models import Identity, Mention
from whynot.store.db import Connection
from whynot.store.moderation import about

ANSWER_INTENTS = ("follow_back_request", "why_not_followed", "unfollow_excuse", "why_unfollowed")


@dataclass(frozen=True, slots=True)
class Answer:
    """One of our sent answers: the message it answered, and how."""

    mention: Mention
    intent: str
    language: str
    template: str


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    id: int
    request: Mention  # the asker's message that asked for a person
    language: str
    subject: Identity  # the account the answer was about
    answer_message_id: str | None
    answer_template: str
    answer_text: str
    verdict_line: str
    evidence: tuple[str, ...]
    created_at: float
    reminded_at: float | None
    decision: str | None
    decided_by: str | None
    decided_at: float | None
    note: str
    followup_state: str | None
    followup_attempts: int
    followup_ids: tuple[str, ...]
    followup_reason: str
    ack_ids: tuple[str, ...] = ()  # our acknowledgement's posts (from `messages`)
    # A follow-up thread's texts, kept before its first post (`plan_followup`); while one
    # is cut, the posts made are in `followup_ids` and the rest is owed (whynot.review_rest)
    followup_planned: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        """open, decided (follow-up pending), answered, or follow-up failed."""
        if self.decision is None:
            return "open"
        if self.followup_state == "sent":
            return "answered"
        return "follow-up failed" if self.followup_state == "failed" else "decided"


def _review(row: aiosqlite.Row) -> ReviewRequest:
    platform = row["platform"]
    asker = Identity(platform, row["asker_id"], row["asker_handle"], row["asker_name"])
    request = Mention(
        platform, row["message_id"], asker, row["text"], row["created_at"], row["channel_id"]
    )
    return ReviewRequest(
        id=row["id"],
        request=request,
        language=row["language"],
        subject=Identity(platform, row["subject_id"], row["subject_handle"]),
        answer_message_id=row["answer_message_id"],
        answer_template=row["answer_template"],
        answer_text=row["answer_text"],
        verdict_line=row["verdict_line"],
        evidence=tuple(json.loads(row["evidence"])),
        created_at=row["created_at"],
        reminded_at=row["reminded_at"],
        decision=row["decision"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        note=row["note"],
        followup_state=row["followup_state"],
        followup_attempts=row["followup_attempts"],
        followup_ids=tuple(json.loads(row["followup_ids"])),
        followup_reason=row["followup_reason"],
        ack_ids=tuple(json.loads(row["ack_ids"] or "[]")),
        followup_planned=tuple(json.loads(row["followup_planned"] or "[]")),
    )


# Every read joins our acknowledgement's posts (the request's own row in `messages`).
# A decided request whose follow-up has made no try that could have reached the asker:
# not claimed yet, or waiting (for money: not counted) with a retry planned.
_UNTRIED = (
    "r.followup_attempts = 0 AND r.followup_ids = '[]' AND r.followup_planned IS NULL "
    "AND (r.followup_state IS NULL OR (r.followup_state = 'failed' "
    "AND r.followup_next_at IS NOT NULL))"
)
# An override about a request's account: by id where both know it, else by handle.
_ON_ACCOUNT = "o.platform = r.platform AND " + about("o", "r.subject_id", "r.subject_handle")
_SELECT = (
    "SELECT r.*, m.reply_ids AS ack_ids FROM review_requests AS r LEFT JOIN messages AS m "
    "ON m.platform = r.platform AND m.message_id = r.message_id AND m.state = 'sent'"
)


class Reviews:
    def __init__(self, db: Connection) -> None:
        self._db = db

    # --- what the request is about ----------------------------------------------------
    async def answer_to(self, platform: str, post_id: str) -> Answer | None:
        """The answer one of our posts belongs to, or None when `post_id` is not ours."""
        row = await self._db.row(
            "SELECT m.* FROM reply_posts AS p JOIN messages AS m ON m.platform = p.platform "
            "AND m.message_id = p.message_id WHERE p.platform = ? AND p.post_id = ?",
            (platform, post_id),
        )
        return _answer(row) if row is not None and row["intent"] in ANSWER_INTENTS else None

    async def answer_of(self, platform: str, message_id: str) -> Answer | None:
        """Our answer to one message, if we sent one."""
        row = await self._db.row(
            "SELECT * FROM messages WHERE platform = ? AND message_id = ? AND state = 'sent'",
            (platform, message_id),
        )
        return _answer(row) if row is not None and row["intent"] in ANSWER_INTENTS else None

    async def last_answer(self, platform: str, asker_id: str) -> Answer | None:
        """The newest answer sent to this asker (a request that names our answer in words)."""
        row = await self._db.row(
            "SELECT * FROM messages WHERE platform = ? AND author_id = ? AND state = 'sent' "
            f"AND intent IN ({', '.join('?' * len(ANSWER_INTENTS))}) "
            "ORDER BY sent_at DESC LIMIT 1",
            (platform, asker_id, *ANSWER_INTENTS),
        )
        return _answer(row) if row is not None else None

    # --- the queue --------------------------------------------------------------------
    async def add(
        self,
        request: Mention,
        language: str,
        subject: Identity,
        answer: Answer,
        answer_text: str,
        verdict_line: str,
        evidence: Sequence[str],
        now: float,
    ) -> tuple[ReviewRequest, bool]:
        """Queue a request (once per message): the row, and whether it is new."""
        a = request.author
        cur = await self._db.execute(
            "INSERT INTO review_requests (platform, message_id, asker_id, asker_handle, "
            "asker_name, channel_id, text, language, subject_id, subject_handle, "
            "answer_message_id, answer_template, answer_text, verdict_line, evidence, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, message_id) DO NOTHING",
            (
                *(request.platform, request.id, a.id, a.handle, a.display_name),
                *(request.channel_id, request.text, language, subject.id, subject.handle),
                *(answer.mention.id, answer.template, answer_text, verdict_line),
                json.dumps(list(evidence), ensure_ascii=False),
                now,
            ),
        )
        found = await self.by_message(request.platform, request.id)
        assert found is not None
        return found, cur.rowcount == 1

    async def by_message(self, platform: str, message_id: str) -> ReviewRequest | None:
        row = await self._db.row(
            f"{_SELECT} WHERE r.platform = ? AND r.message_id = ?", (platform, message_id)
        )
        return _review(row) if row is not None else None

    async def get(self, review_id: int) -> ReviewRequest | None:
        row = await self._db.row(f"{_SELECT} WHERE r.id = ?", (review_id,))
        return _review(row) if row is not None else None

    async def listed(self, open_only: bool = False) -> list[ReviewRequest]:
        where = " WHERE r.decision IS NULL" if open_only else ""
        rows = await self._db.execute_fetchall(f"{_SELECT}{where} ORDER BY r.created_at, r.id")
        return [_review(r) for r in rows]

    async def recent_request(
        self, platform: str, asker_id: str, since: float, other_than: str = ""
    ) -> bool:
        """Whether this asker asked for a review after `since` (one acknowledgement per
        asker and cooldown) or has one still waiting for a decision; the request in message
        `other_than` (being retried) does not count."""
        row = await self._db.row(
            "SELECT 1 FROM review_requests WHERE platform = ? AND asker_id = ? "
            "AND message_id != ? AND (created_at > ? OR decision IS NULL) LIMIT 1",
            (platform, asker_id, other_than, since),
        )
        return row is not None

    # --- decisions --------------------------------------------------------------------
    async def record_decisions(self, now: float) -> list[ReviewRequest]:
        """Copy every moderator decision made since a request (an override set on the
        request's account at or after it was asked) onto the open requests it settles,
        and a newer decision onto one whose follow-up has made no try yet (waiting for
        money, or not yet sent): the asker hears the decision in force, not one another
        moderator replaced meanwhile. Such a request whose decision was cleared (reset)
        meanwhile is open again: nothing is told until a moderator decides anew."""
        await self._db.execute(
            "UPDATE review_requests AS r SET decision = NULL, decided_by = NULL, "
            "decided_at = NULL, note = '', followup_state = NULL, followup_reason = '', "
            f"followup_next_at = NULL WHERE r.decision IS NOT NULL AND {_UNTRIED} "
            f"AND NOT EXISTS (SELECT 1 FROM overrides AS o WHERE {_ON_ACCOUNT} "
            "AND o.created_at >= r.created_at)"
        )
        rows = await self._db.execute_fetchall(
            "SELECT r.id, o.decision, o.moderator, o.created_at, o.reason "
            f"FROM review_requests AS r JOIN overrides AS o ON {_ON_ACCOUNT} "
            f"WHERE o.created_at >= r.created_at AND (r.decision IS NULL OR ({_UNTRIED} "
            "AND o.created_at > r.decided_at))"
        )
        settled = []
        for row in rows:
            cur = await self._db.execute(
                "UPDATE review_requests AS r SET decision = ?, decided_by = ?, decided_at = ?, "
                f"note = ? WHERE r.id = ? AND (r.decision IS NULL OR ({_UNTRIED} "
                "AND r.decided_at < ?))",
                (row[1], row[2], row[3], row[4], row[0], row[3]),
            )
            if cur.rowcount == 1:
                found = await self.get(row[0])
                assert found is not None
                settled.append(found)
        return settled

    async def followups_due(self, now: float) -> list[ReviewRequest]:
        rows = await self._db.execute_fetchall(
            f"{_SELECT} WHERE r.decision IS NOT NULL AND (r.followup_state IS NULL "
            "OR (r.followup_state = 'failed' AND r.followup_next_at IS NOT NULL "
            "AND r.followup_next_at <= ?)) ORDER BY r.decided_at, r.id",
            (now,),
        )
        return [_review(r) for r in rows]

    async def claim_followup(
        self, review_id: int, now: float, decided_at: float | None = None
    ) -> int | None:
        """Take the follow-up for sending, atomically; the attempt number, or None when
        another worker has it or it is settled, or (`decided_at` given: when the decision
        was read) the decision was replaced or cleared since it was read, whether or not
        `record_decisions` has seen it yet: the override it came from must still stand."""
        row = await self._db.durable_row(  # on disk before the follow-up is sent
            "UPDATE review_requests AS r SET followup_state = 'claimed', "
            "followup_attempts = followup_attempts + 1 WHERE id = ? AND decision IS NOT NULL "
            "AND (? IS NULL OR decided_at IS ?) AND EXISTS (SELECT 1 FROM overrides AS o "
            f"WHERE {_ON_ACCOUNT} AND o.created_at = r.decided_at AND o.decision = r.decision) "
            "AND (followup_state IS NULL OR (followup_state = 'failed' AND followup_next_at "
            "IS NOT NULL AND followup_next_at <= ?)) RETURNING followup_attempts",
            (review_id, decided_at, decided_at, now),
        )
        return int(row[0]) if row is not None else None

    async def followup_sent(self, review_id: int, ids: Sequence[str]) -> None:
        await self._db.execute(
            "UPDATE review_requests SET followup_state = 'sent', followup_ids = ?, "
            "followup_reason = '', followup_next_at = NULL WHERE id = ?",
            (json.dumps(list(ids)), review_id),
        )

    async def plan_followup(self, review_id: int, posts: Sequence[str]) -> None:
        """Keep a follow-up thread's texts, on disk before its first post is sent."""
        await self._db.durable_row(
            "UPDATE review_requests SET followup_planned = ? WHERE id = ? RETURNING 1",
            (json.dumps(list(posts), ensure_ascii=False), review_id),
        )

    async def keep_followup_posts(self, review_id: int, ids: Sequence[str]) -> None:
        """The posts of a follow-up thread cut midway, kept while the rest is owed."""
        await self._db.execute(
            "UPDATE review_requests SET followup_ids = ? WHERE id = ?",
            (json.dumps(list(ids)), review_id),
        )

    async def followup_failed(
        self, review_id: int, reason: str, retry_at: float | None, counted: bool = True
    ) -> None:
        """`counted=False`: the try is not counted (a follow-up waiting for money, never
        given up for it; as `Messages.wait`)."""
        await self._db.execute(
            "UPDATE review_requests SET followup_state = 'failed', followup_reason = ?, "
            "followup_next_at = ?, followup_attempts = MAX(followup_attempts - ?, 0) "
            "WHERE id = ?",
            (reason, retry_at, 0 if counted else 1, review_id),
        )

    async def stale_followups(self) -> list[ReviewRequest]:
        """Follow-ups claimed by a process that stopped before recording the outcome."""
        rows = await self._db.execute_fetchall(f"{_SELECT} WHERE r.followup_state = 'claimed'")
        return [_review(r) for r in rows]

    # --- reminders --------------------------------------------------------------------
    async def claim_reminders(self, older_than: float, now: float) -> list[ReviewRequest]:
        """Open requests asked (or last brought up) before `older_than`, marked reminded
        now: each reminder is claimed before it is shown, so it is shown once."""
        rows = await self._db.execute_fetchall(
            "UPDATE review_requests SET reminded_at = ? WHERE decision IS NULL "
            "AND COALESCE(reminded_at, created_at) <= ? RETURNING id",
            (now, older_than),
        )
        found = [await self.get(int(r[0])) for r in rows]
        return sorted((r for r in found if r is not None), key=lambda r: r.id)


def _answer(row: aiosqlite.Row) -> Answer:
    author = Identity(row["platform"], row["author_id"], row["author_handle"], row["author_name"])
    mention = Mention(
        row["platform"], row["message_id"], author, row["text"], channel_id=row["channel_id"]
    )
    return Answer(mention, row["intent"], row["language"], row["template"] or row["intent"])
