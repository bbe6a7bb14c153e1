"""An owner's hand edit of data/owner.toml or data/config.toml that TOML refuses is said
with what to write (fifth walkthrough: `handle = comunidad` and a phone's curly quotes
were "Invalid value (at line 2, column 10)", nothing more)."""

from __future__ import annotations

import pytest

from whynot.config import ConfigError, load_settings
from whynot.owner_config import OwnerConfigError, read_owner_file


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[owner]\nhandle = comunidad\n", 'straight double quotes, such as handle = "ana"'),
        ('[owner]\nhandle = "c"\ninterests = [“comunidad”]\n', "curly quotes on that line"),
        ('[owner]\nhandle = "c"\ninterests = ["a", "b"\n', "a list ends with ]"),
        ('[owner]\nhandle = "c"\ninterests = "a, b"\n', 'such as interests = ["a", "b"]'),
        ('[owner]\nhandle = "comunidad\n', "a quote opened on that line is not closed"),
    ],
)
def test_an_owner_file_mistake_says_what_to_write(tmp_path, text, said):
    path = tmp_path / "owner.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OwnerConfigError) as caught:
        read_owner_file(path)
    assert said in str(caught.value) and "\n" not in str(caught.value)


def test_a_config_file_mistake_says_what_to_write(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[replies]\ntone = ‘letter’\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="curly quotes on that line"):
        load_settings(path, env={}, dotenv=None)
    path.write_text("[replies]\ntone\n", encoding="utf-8")  # the "= value" left out
    with pytest.raises(ConfigError, match='each setting is one line: name = "value"'):
        load_settings(path, env={}, dotenv=None)


def test_a_number_or_yes_no_is_not_told_to_go_in_quotes(tmp_path):
    # Quotes would make them text, which the setting refuses next: say how they are written.
    path = tmp_path / "config.toml"
    path.write_text("[x]\nmonthly_budget_usd = $20\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="without quotes or a currency sign") as caught:
        load_settings(path, env={}, dotenv=None)
    assert "double quotes" not in str(caught.value)
    path.write_text("[x]\nwatch_followers = True  # on\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="true or false, in lower case") as caught:
        load_settings(path, env={}, dotenv=None)
    assert "double quotes" not in str(caught.value)
