"""`bot.py init` (issue 17): a real owner's set-up written from flags or answers, never a
secret, never over an existing file without --force; and `run` refusing the demo owner."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from whynot.cli import main
from whynot.cli.init import mention_cost_line
from whynot.config import X_SECRETS, Settings, load_settings
from whynot.owner_config import read_owner_file

ROOT = Path(__file__).resolve().parent.parent
FLAGS = (
    "--handle",
    "@ana_cx",
    "--interests",
    "customer service, community",
    "--synonyms",
    "customer service=atendimento ao cliente, atención al cliente",
    "--news-outlets",
    "@cnn, tmz",
    "--tone",
    "letter",
    "--budget",
    "12.5",
    "--platforms",
    "x,discord",
)


def init(tmp_path: Path, *flags: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(["init", "--dir", str(tmp_path), *flags])
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_init_from_flags_writes_what_run_reads(tmp_path):
    code, out, err = init(tmp_path, *FLAGS)
    assert code == 0, err
    settings = load_settings(tmp_path / "data" / "config.toml", env={}, dotenv=None)
    assert settings.owner_config == tmp_path / "data" / "owner.toml"
    assert settings.replies.tone == "letter" and settings.x.monthly_budget_usd == 12.5
    assert settings.x.watch_followers is False  # the paid crawl is opt-in
    owner = read_owner_file(settings.owner_config)
    assert owner.context.handle == "ana_cx"
    assert owner.context.interests == ("customer service", "community")
    assert owner.context.news_outlets == frozenset({"cnn", "tmz"})
    assert owner.synonyms == {"customer service": ("atendimento ao cliente", "atención al cliente")}
    env = (tmp_path / ".env.example").read_text()
    for name in (*X_SECRETS, "DISCORD_TOKEN"):
        assert f"\n{name}=\n" in env  # the name, never a value
    # every setting of the shipped example is still there, with its comments
    config = (tmp_path / "data" / "config.toml").read_text()
    example = (ROOT / "data" / "config.example.toml").read_text()
    assert config.count("\n#") == example.count("\n#")
    assert "Next:" in out and ".env" in out and "sync-commands" in out and "run --once" in out


def test_init_asks_when_no_handle_is_given(tmp_path):
    answers = "x\nana_cx\nmarketing, community\nmarketing digital\n\ncnn\npolite\n7\ny\n"
    code, out, err = init(tmp_path, stdin=answers)
    assert code == 0, err
    settings = load_settings(tmp_path / "data" / "config.toml", env={}, dotenv=None)
    owner = read_owner_file(settings.owner_config)
    assert owner.context.interests == ("marketing", "community")
    assert owner.synonyms == {"marketing": ("marketing digital",)}
    assert settings.x.monthly_budget_usd == 7.0 and settings.x.watch_followers is True
    assert "DISCORD_TOKEN" not in (tmp_path / ".env.example").read_text()


def test_init_without_answers_says_how_in_one_line(tmp_path):
    code, out, err = init(tmp_path, stdin="")
    assert code == 2 and err.count("\n") == 1 and "--handle" in err
    assert not (tmp_path / "data").exists()


def test_init_never_replaces_a_file_without_force(tmp_path):
    assert init(tmp_path, *FLAGS)[0] == 0
    owner = tmp_path / "data" / "owner.toml"
    owner.write_text(owner.read_text() + "# my own edit\n")
    code, out, err = init(tmp_path, "--handle", "someone")
    assert code == 2 and err.count("\n") == 1 and "--force" in err and str(owner) in err
    assert owner.read_text().endswith("# my own edit\n")
    code, out, err = init(tmp_path, "--handle", "someone", "--force")
    assert code == 0, err
    assert read_owner_file(owner).context.handle == "someone"
    # --force replaced the file the owner had edited: kept beside it, said on stdout
    [kept] = (tmp_path / "data").glob("owner.toml.*.bak")
    assert kept.read_text().endswith("# my own edit\n") and f"as {kept}" in out
    backups = sorted(tmp_path.glob("**/*.bak"))
    assert init(tmp_path, "--handle", "someone", "--force")[0] == 0  # the same answers again:
    assert sorted(tmp_path.glob("**/*.bak")) == backups  # nothing changed, nothing kept


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (("--handle", "not a handle!"), "not a valid handle"),
        (("--handle", "ana", "--interests", "cx", "--synonyms", "sales=ventas"), "'sales'"),
        (("--handle", "ana", "--platforms", "myspace"), "myspace"),
        (("--handle", "ana", "--budget", "-3"), "budget"),
        # a paid X crawl written for an owner who chose no X (review of 78ab582): it would
        # start unasked the day X credentials are added
        (("--handle", "ana", "--platforms", "mastodon", "--watch-followers"), "add x"),
    ],
)
def test_bad_answers_are_one_line_and_write_nothing(tmp_path, flags, says):
    code, out, err = init(tmp_path, *flags)
    assert code == 2 and err.count("\n") == 1 and says in err, err
    assert not (tmp_path / "data").exists() and not (tmp_path / ".env.example").exists()


def test_a_lone_surrogate_in_an_answer_is_written_as_a_replacement(tmp_path):
    code, out, err = init(tmp_path, "--handle", "ana", "--interests", "caf\udce9, cx")
    assert code == 0, err
    owner = read_owner_file(tmp_path / "data" / "owner.toml")
    assert owner.context.interests == ("caf\ufffd", "cx")


def test_nothing_init_writes_is_committed():
    # Also what `init --force` keeps of the files it replaced, and an editor's copy of
    # .env (nano's .env.save, a hand-made .env.bak): they hold the tokens.
    names = ["data/config.toml", "data/owner.toml", ".env.example", ".env"]
    names += ["data/owner.toml.20261202-055651.bak", "data/config.toml.20261202-055651.bak"]
    names += [".env.bak", ".env.save", ".env.old"]
    result = subprocess.run(["git", "check-ignore", *names], cwd=ROOT, capture_output=True)
    assert result.stdout.decode().split() == names


def run_bot(config: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "WHYNOT_DOTENV": "",  # never the checkout's .env
        "WHYNOT_CONFIG": str(config),
        "WHYNOT_X_API_BASE": "http://127.0.0.1:9",  # never reached: refused before
        **{name: "set" for name in X_SECRETS},
    }
    return subprocess.run(
        [sys.executable, "bot.py", "run", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_refuses_the_demo_owner_file_in_one_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        f'[whynot]\ndb_path = "bot.db"\nowner_config = "{ROOT}/data/demo/owner.toml"\n'
    )
    result = run_bot(config, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "demo owner" in result.stderr and "bot.py init" in result.stderr
    assert not (tmp_path / "bot.db").exists()
    # without a config file at all the default is the demo owner's too: refused alike
    result = run_bot(tmp_path / "absent.toml", tmp_path)
    assert result.returncode == 2 and "demo owner" in result.stderr
    # and it is not told to edit a config file that is not there, nor that init writes
    # it: init writes data/config.toml, which run does not read while WHYNOT_CONFIG is set
    assert "point owner_config" not in result.stderr and "init writes it" not in result.stderr
    assert f"WHYNOT_CONFIG names {tmp_path / 'absent.toml'}, which is not there" in result.stderr


def test_the_demo_owner_refusal_names_the_config_file_load_settings_read(tmp_path, monkeypatch):
    from whynot.cli import run

    monkeypatch.delenv("WHYNOT_CONFIG", raising=False)
    config = tmp_path / "mine.toml"
    config.write_text(f'[whynot]\nowner_config = "{ROOT}/data/demo/owner.toml"\n')
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"WHYNOT_CONFIG={config}\n")  # .env names it, as load_settings reads
    with pytest.raises(run.StartupError, match=re.escape(f"point owner_config in {config} at it")):
        run.check_owner_file(load_settings(env={}, dotenv=dotenv))
    # no config file where run looks by default: init writes that one
    default = tmp_path / "data" / "config.toml"
    monkeypatch.setattr(run, "DEFAULT_CONFIG", default)
    says = re.escape(f"no config file at {default} yet: init writes it")
    with pytest.raises(run.StartupError, match=says):
        run.check_owner_file(replace(Settings(), config_path=default))


def test_run_refuses_an_owner_file_that_is_not_there(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[whynot]\ndb_path = "bot.db"\nowner_config = "ownr.toml"\n')
    result = run_bot(config, tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "ownr.toml does not exist" in result.stderr and "bot.py init" in result.stderr


def test_init_says_what_an_answer_costs_on_x_before_anything_is_spent(tmp_path):
    code, out, err = init(tmp_path, *FLAGS)
    assert code == 0, err
    # cheapest: mention + its author's profile (one user read) + 5 posts + a
    # one-post reply; dearest: 50 posts (X dates every post, and the scorer judges the
    # newest 50 of any timeline), 3 posts
    cheap = 0.005 * 6 + 0.010 + 0.015
    dear = 0.005 * 51 + 0.010 + 0.015 * 3
    # and the mentions read that ask nothing, paid all the same
    # reading 100 mentions a day ($15) takes all of this $12.50
    assert (
        "cost: every mention is read, a question or not, at $0.005: 100 mentions a day would "
        "take about $15.00 a month, more than the $12.50 budget: it runs out before the month "
        "does" in out
    )
    line = next(line for line in out.splitlines() if line.startswith("cost: on X"))
    assert f"${cheap:.3f} to ${dear:.3f}" in line
    assert f"$12.50 a month answers {int(12.5 / dear)} to {int(12.5 / cheap)}" in line


def test_the_mention_line_says_what_reading_leaves_for_answers():
    settings = Settings()
    settings = replace(settings, x=replace(settings.x, monthly_budget_usd=50.0))
    # As the answer line (5 posts and a one-post reply; 50 posts and 3) less the question
    # itself, already among the 100 mentions a day paid for.
    cheap = 0.005 * 5 + 0.010 + 0.015
    dear = 0.005 * 50 + 0.010 + 0.015 * 3
    assert (int(35 / dear), int(35 / cheap)) == (114, 700)
    assert mention_cost_line(settings).endswith(
        "$15.00 of the $50.00 a month, leaving $35.00: 114 to 700 answers"
    )


def test_a_budget_that_reading_takes_whole_is_not_said_to_be_passed():
    # Sixth walkthrough: `init --budget 15` said "100 mentions a day would take about $15.00
    # a month, more than the $15.00 budget".
    settings = Settings()
    settings = replace(settings, x=replace(settings.x, monthly_budget_usd=15.0))
    assert "$15.00 a month, all of the $15.00 budget: it runs out" in mention_cost_line(settings)
    settings = replace(settings, x=replace(settings.x, monthly_budget_usd=14.99))
    assert "$15.00 a month, more than the $14.99 budget: it runs out" in mention_cost_line(settings)


def test_a_budget_of_nothing_says_nothing_on_x_is_answered():
    # It read "100 mentions a day take about $15.00 of the $0.00 a month, all of it".
    settings = Settings()
    settings = replace(settings, x=replace(settings.x, monthly_budget_usd=0.0))
    assert mention_cost_line(settings).endswith(
        ": a $0.00 budget reads none, so nothing on X is answered (raise --budget)"
    )


def test_init_for_a_mastodon_and_bluesky_owner(tmp_path):
    flags = ("--handle", "@fsalas", "--interests", "marketing", "--platforms", "mastodon,bluesky")
    code, out, err = init(tmp_path, *flags)
    assert code == 0, err
    env = (tmp_path / ".env.example").read_text()
    names = {line.split("=")[0] for line in env.splitlines() if line and line[0] != "#"}
    assert names == {
        "MASTODON_BASE_URL",
        "MASTODON_ACCESS_TOKEN",
        "BLUESKY_HANDLE",
        "BLUESKY_APP_PASSWORD",
    }
    assert all(line.endswith("=") for line in env.splitlines() if "=" in line)  # no secret
    assert "python bot.py run --once --dry-run" in out
    assert "cost: on X" not in out  # nothing is paid on Mastodon or Bluesky
    settings = load_settings(tmp_path / "data" / "config.toml", env={}, dotenv=None)
    assert read_owner_file(settings.owner_config).context.handle == "fsalas"
    code, out, err = init(tmp_path, "--handle", "a", "--platforms", "mastodon,myspace", "--force")
    assert code == 2 and "platforms must be among x, discord, mastodon, bluesky" in err
    code, out, err = init(tmp_path, "--handle", "not a handle!", "--platforms", "bluesky")
    assert code == 2 and "is not a valid handle on Bluesky" in err


def test_init_asks_no_x_budget_of_a_mastodon_owner(tmp_path):
    answers = "mastodon\nfsalas\nmarketing\n\n\npolite\n"  # platforms .. tone, and no more
    code, out, err = init(tmp_path, stdin=answers)
    assert code == 0, err
    assert "Monthly X budget" not in out
    assert "MASTODON_ACCESS_TOKEN=" in (tmp_path / ".env.example").read_text()
