"""Issue 17 against the local X server: what a real owner's first `run --once` meets."""

from __future__ import annotations

from tests.x.fake_x import Fault
from tests.x.test_run_once import run_once, world


async def test_a_403_is_not_called_rejected_credentials(fake_x, tmp_path):
    world(fake_x)
    fake_x.faults[r"/2/users/me"] = [
        Fault(403, '{"title": "Forbidden", "status": 403, "detail": "not permitted"}')
    ]
    code, out = await run_once(fake_x, tmp_path / "bot.db")
    assert code == 2, out
    assert "403" in out and "Project" in out
    assert "did not accept the credentials" not in out and "Traceback" not in out
    assert fake_x.posted == []
