"""`bot.py init` asking: platforms, a handle, a tone or a budget it cannot use is said at once and
asked again. Before, a Spanish owner who answered the first question "x y discord" (or
gave the brand's name, "Café La Nube", as the handle) answered every other question and
was then refused, exit 2, with nothing written, to start over."""

from __future__ import annotations

from tests.test_init import init
from whynot.config import load_settings
from whynot.owner_config import read_owner_file

ANSWERS = (
    "x y discord\n"  # not a list init reads: asked again
    "x, discord\n"
    "Café La Nube\n"  # not an X handle: asked again
    "@cafe_lanube\n"
    "café de especialidad\n"
    "café especial, café de especialidade\n"
    "\n"  # which Portuguese (a wording reads as Portuguese): Enter keeps pt-BR
    "elpais\n"
    "polite\n"
    "30\n"
    "n\n"
)


def test_a_mistake_is_asked_again_at_once(tmp_path):
    code, out, err = init(tmp_path, stdin=ANSWERS)
    assert code == 0, err
    assert err.splitlines() == [
        "platforms must be among x, discord, mastodon, bluesky (comma-separated), "
        "got x y discord; try again",
        "'Café La Nube' is not a valid handle on X (1 to 15 letters, digits or _); try again",
    ]
    assert out.count("Platforms (any of") == 2 and out.count("Your handle on X") == 2
    settings = load_settings(tmp_path / "data" / "config.toml", env={}, dotenv=None)
    owner = read_owner_file(settings.owner_config)
    assert owner.context.handle == "cafe_lanube"
    assert owner.synonyms == {"café de especialidad": ("café especial", "café de especialidade")}
    assert settings.x.monthly_budget_usd == 30.0
    assert "DISCORD_TOKEN=" in (tmp_path / ".env.example").read_text()


def test_answers_that_run_out_while_asking_again_end_in_one_line(tmp_path):
    code, out, err = init(tmp_path, stdin="x\nCafé La Nube\n")
    assert code == 2
    assert err.splitlines()[-1].startswith("bot.py init: init needs answers")
    assert not (tmp_path / "data").exists()


def test_a_budget_it_cannot_read_is_asked_again(tmp_path):
    # "20,50": a decimal comma, as Spanish and Portuguese write it; "-3": below nothing.
    answers = "x\ncafe_lanube\ncafé\n\n\npolite\n20,50\n-3\n$25.5\nn\n"
    code, out, err = init(tmp_path, stdin=answers)
    assert code == 0, err
    assert err.splitlines() == [
        "the budget must be a number of dollars (cents after a point: 12.50), got '20,50'; "
        "try again",
        "the budget must be a number of dollars >= 0, got -3.0; try again",
    ]
    settings = load_settings(tmp_path / "data" / "config.toml", env={}, dotenv=None)
    assert settings.x.monthly_budget_usd == 25.5


def test_a_tone_it_does_not_know_is_asked_again(tmp_path):
    answers = "x\ncafe_lanube\ncafé\n\n\ncortés\nletter\n20\nn\n"
    code, out, err = init(tmp_path, stdin=answers)
    assert code == 0, err
    assert err.splitlines() == ["tone must be polite or letter, got 'cortés'; try again"]
    settings = load_settings(tmp_path / "data" / "config.toml", env={}, dotenv=None)
    assert settings.replies.tone == "letter"


def test_a_bluesky_handle_refused_says_what_one_looks_like(tmp_path):
    # Fifth walkthrough: "comunidad_mx.bsky.social" (an X-style _ in a Bluesky handle,
    # which is a domain name) was refused as "not a valid handle on Bluesky", three times
    # over, with nothing saying why.
    answers = "bluesky, mastodon\ncomunidad_mx.bsky.social\ncomunidad-mx.bsky.social\n"
    code, out, err = init(tmp_path, stdin=answers + "comunidad\n\n\npolite\n")
    assert code == 0, err
    (line,) = err.splitlines()
    assert "no _" in line and "name.bsky.social" in line and "username@your.instance" in line
