"""X rejecting the credentials (401 on `GET /2/users/me`) names the variables to check
in its one line. Before: "bot.py run: X did not accept the credentials: X refused
/2/users/me: 401 Unauthorized", leaving the owner to find in docs/operations.md which of
the five values X reads for the owner's account (the four of the user context, not the
bearer token)."""

from __future__ import annotations

from tests.x.fake_x import Fault
from tests.x.test_run_once import run_once, world


async def test_rejected_credentials_name_what_to_check(fake_x, tmp_path):
    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [Fault(401, '{"title": "Unauthorized", "status": 401}')]
    code, out = await run_once(fake_x, tmp_path / "bot.db", "--dry-run")
    assert code == 2, out
    assert out == (
        "bot.py run: X did not accept the credentials: X refused /2/users/me: 401 Unauthorized; "
        "check X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET in .env\n"
    )
