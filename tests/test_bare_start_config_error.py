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


def test_a_set_up_checkout_without_credentials_is_runs_line_not_the_demo(tmp_path, monkeypatch):
    # Sixth walkthrough: in the container (config and owner file mounted, `--env-file`
    # forgotten or its values left empty) `bot.py` played the demo, "X posts sent: 19" in
    # `docker logs`, exited 0 and was started again by `--restart unless-stopped`, forever.
    from whynot.config import SECRET_NAMES

    (tmp_path / "owner.toml").write_text('[owner]\nhandle = "padaria_lx"\n')
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\nowner_config = "owner.toml"\n')
    monkeypatch.setenv("WHYNOT_CONFIG", str(config))
    monkeypatch.setenv("WHYNOT_DOTENV", "")
    monkeypatch.setenv("WHYNOT_DB", str(tmp_path / "w.db"))
    for name in SECRET_NAMES:
        monkeypatch.delenv(name, raising=False)
    out, err, old = io.StringIO(), io.StringIO(), (sys.stdout, sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        code = main([])
    finally:
        sys.stdout, sys.stderr = old
    assert code == 2 and out.getvalue() == "" and err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("bot.py run: no platform is configured")
