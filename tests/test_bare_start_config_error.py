"""`python bot.py` (the container's command) with a settings mistake (fourth walkthrough).
It read the mistake as "not configured" and started the demo, which stopped on the same
mistake as `bot.py demo: ...`: an owner whose bot would not start was told about the demo
they never asked for. The mistake is now `run`'s, as when the command is given."""

from __future__ import annotations

import io
import sys

from whynot.cli import main


def test_a_settings_mistake_without_a_command_is_runs_line(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[x]\npoll_secs = 5\n")  # a typo of poll_seconds
    monkeypatch.setenv("WHYNOT_CONFIG", str(config))
    monkeypatch.setenv("WHYNOT_DOTENV", "")
    err, old = io.StringIO(), sys.stderr
    sys.stderr = err
    try:
        code = main([])
    finally:
        sys.stderr = old
    assert code == 2 and err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("bot.py run: ") and "poll_secs" in err.getvalue()
