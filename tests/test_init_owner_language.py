"""`bot.py init` writes the owner file's optional `language` (what the unfollow note
speaks to someone the bot has never read) as a commented line the owner can turn on,
beside the other keys, so an owner with English interests and a Spanish audience finds it
without reading the docs."""

from __future__ import annotations

from pathlib import Path

from whynot.cli.init import Answers, owner_text
from whynot.owner_config import read_owner_file


def test_the_written_owner_file_offers_language_and_reads_it_once_uncommented(
    tmp_path: Path,
) -> None:
    text = owner_text(Answers(handle="marca", interests=["marketing"]))
    path = tmp_path / "owner.toml"
    path.write_text(text, encoding="utf-8")
    assert read_owner_file(path).language == ""  # commented: unset, as before
    assert text.count('# language = "es"') == 1
    path.write_text(text.replace('# language = "es"', 'language = "pt"'), encoding="utf-8")
    assert read_owner_file(path).language == "pt"
