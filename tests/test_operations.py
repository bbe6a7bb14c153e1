"""The operations guide (issue 17) stays true to the code: the files it names exist, the
container runs the README's commands, the prices it lists are the ones the bot charges."""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import pytest

from whynot.spend import PRICES

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "operations.md"
SHARED_SCHEMA = ROOT.parent / "shared" / "schema"


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_links_the_guide_and_every_file_it_cites_is_in_the_repository():
    text = readme()
    assert "(docs/operations.md)" in text and GUIDE.exists()
    cited = set(re.findall(r"`((?:docs|shared)/schema/[\w.]+\.json)`", text))
    assert cited, "the README cites the schemas"
    for path in cited:
        assert (ROOT / path).is_file(), f"README cites {path}, which is not in the repository"


@pytest.mark.parametrize("name", ["account.schema.json", "verdict.schema.json"])
def test_the_shipped_schemas_are_the_ones_the_tests_validate_against(name):
    shipped = (ROOT / "docs" / "schema" / name).read_bytes()
    assert shipped == (ROOT / "tests" / "fixtures" / "schema" / name).read_bytes()
    if SHARED_SCHEMA.exists():  # the team's design folder, when it is beside the clone
        assert shipped == (SHARED_SCHEMA / name).read_bytes()


def test_the_dockerfile_runs_the_readme_install_and_start_commands():
    block = re.search(r"```sh\n(.+?)\n```", readme(), re.S)
    assert block is not None
    *install, start = [part.strip() for part in block.group(1).split("&&")]
    dockerfile = (ROOT / "Dockerfile").read_text()
    runs = re.findall(r"^RUN (.+)$", dockerfile, re.M)
    assert " && ".join(install) in runs
    cmd = re.search(r"^CMD (\[.+\])$", dockerfile, re.M)
    assert cmd is not None and " ".join(json.loads(cmd.group(1))) == start
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "data/*.db"} <= set(ignored)


def systemd_unit() -> configparser.ConfigParser:
    """The systemd unit the guide gives, parsed."""
    unit = re.search(r"```ini\n(.+?)\n```", GUIDE.read_text(), re.S)
    assert unit is not None
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(unit.group(1))
    return parser


def test_the_systemd_unit_in_the_guide_runs_the_bot():
    parser = systemd_unit()
    assert parser["Service"]["ExecStart"].endswith("bot.py run --log-level info")
    assert parser["Service"]["Restart"] == "on-failure"
    assert parser["Install"]["WantedBy"] == "multi-user.target"


def test_the_guide_lists_every_price_the_bot_charges():
    text = " ".join(GUIDE.read_text().split())
    listed = {float(v) for v in re.findall(r"\| \$(\d+\.\d{3}) \|", GUIDE.read_text())}
    assert listed == set(PRICES.values())
    assert "2026-11-30" in text and "Credit consumption details" in text


def test_the_invite_url_asks_for_the_permissions_the_readme_names():
    url = re.search(r"https://discord\.com/oauth2/authorize\?\S+", GUIDE.read_text())
    assert url is not None
    assert "scope=bot+applications.commands" in url.group(0)
    # View Channels 1024 + Send Messages 2048 + Embed Links 16384 + Read History 65536
    assert "permissions=84992" in url.group(0) and 1024 + 2048 + 16384 + 65536 == 84992


def test_version_names_the_release_and_the_commit():
    import subprocess
    import sys
    import tomllib

    release = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = subprocess.run(
        [sys.executable, "bot.py", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith(f"whynot {release}")
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    if head.returncode == 0:  # a git checkout (a container has none)
        assert f"(commit {head.stdout.strip()})" in result.stdout
