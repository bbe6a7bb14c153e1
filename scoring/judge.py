"""`judge(account, owner)`: run every criterion, then `fake_score` and `follow_back`."""

from __future__ import annotations

from datetime import datetime
from operator import attrgetter

from scoring.criteria import CRITERIA
from scoring.fake import assess
from scoring.fake_model import SHIPPED, FakeModel
from scoring.features import account_facts
from scoring.models import Account, Verdict
from scoring.owner import OwnerIndex

_NO_OWNER = OwnerIndex()
_PASSED = attrgetter("passed")


def judge(
    account: Account,
    owner: OwnerIndex | None = None,
    now: datetime | None = None,
    model: FakeModel = SHIPPED,
) -> Verdict:
    """Deterministic for the same inputs. `now` is used only when the account has neither
    `observed_at` nor a dated post (the caller passes the clock; scoring never reads it).
    `model` is the shipped fake_score model unless a bench script passes one it fitted."""
    owner = owner or _NO_OWNER
    facts = account_facts(account, now)
    results = tuple([c.check(facts, owner) for c in CRITERIA])
    fake = assess(account, facts, {r.id: r for r in results}, model)
    return Verdict(
        id=account.id,
        handle=account.handle,
        fake_score=fake.score,
        follow_back=all(map(_PASSED, results)),
        criteria=results,
        fake=fake,
    )
