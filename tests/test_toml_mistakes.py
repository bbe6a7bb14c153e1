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
