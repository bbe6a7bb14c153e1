"""The core moderation service: a decision or a reset is recorded with its log entry and
heard by the listeners once; bad input changes nothing; and no entrance bypasses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from whynot.models import Identity
from whynot.moderation import (
    BadHandle,
    BadReason,
    ModerationError,
    ModerationService,
    OverrideChange,
    clean_reason,
    target_handle,
)
from whynot.store import Store

ROOT = Path(__file__).resolve().parent.parent
PROMO = Identity("x", "", "promo", "promo")


@pytest.fixture
async def service(tmp_path):
    store = await Store.open(tmp_path / "m.db")
    heard: list[OverrideChange] = []

    async def listen(change: OverrideChange) -> None:
        heard.append(change)

    svc = ModerationService(store, lambda: 100.0, [listen, heard.append])
    try:
        yield svc, heard
    finally:
        await store.close()


async def test_a_decision_is_recorded_logged_and_heard(service):
    service, heard = service
    change = await service.decide(PROMO, "approve", "  runs our\npartner shop ", "rosa", "cli")
    assert (change.decision, change.reason, change.actor, change.source) == (
        "approve",
        "runs our partner shop",
        "rosa",
        "cli",
    )
    override = await service.store.moderation.override("x", "promo")
    assert (override.decision, override.reason, override.created_at) == (
        "approve",
        "runs our partner shop",
        100.0,
    )
    log = await service.store.moderation.history("x", "promo")
    assert [(e.action, e.actor, e.source, e.detail) for e in log] == [
        ("approve", "rosa", "cli", "runs our partner shop")
    ]
    assert heard == [change, change]  # an async and a plain listener, once each


@pytest.mark.parametrize(
    ("decision", "reason", "error"),
    [
        ("approve", "ok", BadReason),
        ("approve", "   \n ", BadReason),
        ("deny", "x" * 301, BadReason),
        ("maybe", "a good reason", ModerationError),
    ],
)
async def test_bad_input_changes_nothing(service, decision, reason, error):
    service, heard = service
    with pytest.raises(error):
        await service.decide(PROMO, decision, reason, "rosa", "cli")
    assert await service.store.moderation.overrides() == []
    assert await service.store.moderation.history() == []
    assert heard == []


async def test_a_reset_is_logged_only_when_there_was_a_decision(service):
    service, heard = service
    assert await service.clear(PROMO, "look again", "rosa", "discord") is None
    assert await service.store.moderation.history() == [] and heard == []
    await service.decide(PROMO, "deny", "only ads", "rosa", "discord", guild_id=7)
    change = await service.clear(PROMO, "look again", "tom", "discord", guild_id=7)
    assert change is not None and (change.decision, change.guild_id) == ("reset", 7)
    assert await service.store.moderation.override("x", "promo") is None
    actions = [e.action for e in await service.store.moderation.history("x", "promo")]
    assert actions == ["deny", "reset"]
    assert [c.decision for c in heard] == ["deny", "deny", "reset", "reset"]


def test_handles_typed_by_a_person_follow_their_platform_rules():
    assert target_handle("x", " @Promo_1 ") == "Promo_1"
    assert target_handle("discord", "Ana.B") == "ana.b"
    assert target_handle("demo", "@someone") == "someone"  # no rule known: only not blank
    with pytest.raises(BadHandle, match=r"not a valid X handle \(letters, digits and _"):
        target_handle("x", "not a handle")
    with pytest.raises(BadHandle):
        target_handle("demo", " @ ")
    assert clean_reason(" a  b ") == "a b"


def test_no_entrance_writes_an_override_but_the_service():
    # The store's override writers are called from the service only (and the store itself).
    writers = re.compile(r"\.(set_override|clear_override)\(")
    callers = sorted(
        str(path.relative_to(ROOT))
        for folder in ("whynot", "cogs", "scoring")
        for path in (ROOT / folder).rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8"))
    )
    assert callers == ["whynot/moderation.py"]
