"""A comment after a value in `.env` is not part of the secret. Before, a new owner's
`X_ACCESS_TOKEN=abc123   # mi token` was read as "abc123   # mi token", which X rejects
("X did not accept the credentials"), sending the owner to regenerate tokens that were
right. Quoted values are read inside their quotes, as python-dotenv reads them."""

from __future__ import annotations

import pytest

from whynot.config import read_dotenv


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("X_ACCESS_TOKEN=abc123   # mi token", "abc123"),
        ("X_ACCESS_TOKEN=abc123\t# token de @cafe_lanube", "abc123"),
        ('X_ACCESS_TOKEN = "abc123"  # entre comillas', "abc123"),
        ("export X_ACCESS_TOKEN='abc 123' # quoted, space kept", "abc 123"),
        ('X_ACCESS_TOKEN="abc#123"', "abc#123"),
        ("X_ACCESS_TOKEN=abc#123", "abc#123"),  # no space before '#': part of the value
        ("MASTODON_BASE_URL=https://social.example", "https://social.example"),
        ("X_ACCESS_TOKEN=", ""),
    ],
)
def test_a_value_is_read_without_its_comment(tmp_path, line, value):
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"{line}\n", encoding="utf-8")
    assert read_dotenv(dotenv) == {"X_ACCESS_TOKEN" if "X_" in line else "MASTODON_BASE_URL": value}
