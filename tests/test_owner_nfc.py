"""An owner file written with decomposed accents (NFD: "e" and a combining acute, as some
editors and macOS write "é") matches posts as one written with composed ones. Before, a
Spanish owner's `interests = ["café de especialidad"]` saved in NFD matched no post:
every asker, baristas included, was told "0 of your last 20 posts touch café de
especialidad" (off_topic failed for all)."""

from __future__ import annotations

import unicodedata

from scoring import judge, parse_account
from tests.test_init import init
from whynot.owner_config import load_owner_config, read_owner_file

OWNER = """[owner]
handle = "cafe_lanube"
interests = ["café de especialidad", "atención al cliente"]

[owner.synonyms]
"café de especialidad" = ["café especial"]
"""


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def barista() -> dict:
    texts = [
        "Hoy probamos un café de especialidad de Huila, notas a panela",
        "Taller de latte art este sábado, ¿quién viene?",
        "Qué molienda usáis para una V60?",
        "Gracias por la recomendación, lo pruebo",
    ]
    posts = [
        {
            "id": str(i),
            "text": f"{texts[i % 4]} ({i})",
            "created_at": f"2026-11-{1 + i:02d}T10:00:00Z",
        }
        for i in range(20)
    ]
    return {
        "id": "1",
        "handle": "barista_lucia",
        "observed_at": "2026-11-25T12:00:00Z",
        "posts": posts,
    }


def off_topic(owner_path) -> bool:
    verdict = judge(parse_account(barista()), load_owner_config(owner_path))
    [criterion] = [c for c in verdict.criteria if c.id == "off_topic"]
    return criterion.passed


def test_an_owner_file_in_nfd_matches_posts_in_nfc(tmp_path):
    composed, decomposed = tmp_path / "nfc.toml", tmp_path / "nfd.toml"
    composed.write_text(OWNER, encoding="utf-8")
    decomposed.write_text(nfd(OWNER), encoding="utf-8")
    assert composed.read_bytes() != decomposed.read_bytes()
    owner = read_owner_file(decomposed)
    assert owner.context.interests == ("café de especialidad", "atención al cliente")
    assert owner.synonyms == {"café de especialidad": ("café especial",)}
    assert off_topic(composed) and off_topic(decomposed)


def test_init_writes_what_was_typed_in_nfd_as_nfc(tmp_path):
    code, out, err = init(
        tmp_path,
        "--handle",
        "cafe_lanube",
        "--interests",
        nfd("café de especialidad"),
        "--synonyms",
        "café de especialidad=" + nfd("café especial"),
    )
    assert code == 0, err
    written = (tmp_path / "data" / "owner.toml").read_text(encoding="utf-8")
    assert '"café de especialidad" = ["café especial"]' in written
    assert written == unicodedata.normalize("NFC", written)
