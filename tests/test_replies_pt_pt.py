"""European Portuguese (pt-PT) for owners in Portugal: `[owner] portuguese = "pt-PT"`
makes a Portuguese asker's replies, evidence and Discord words come from
`templates/pt-PT/` (only the files that differ; the rest from `templates/pt/`), in both
tones; the default (pt-BR) owner's stay as they were; `pt-PT` is never a language of its
own; a value the key does not take is one clear line (exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_capture import bot
from factories import verdicts_by_first_reason
from test_fact_plurals import VARIANTS, WRONG
from test_replies import VERDICT

from scoring.evidence import phrase
from scoring.models import CriterionResult, Fact, Verdict
from whynot.cli.preview import make_preview
from whynot.intents import classify
from whynot.owner_config import OwnerConfigError, load_owner, read_owner_file
from whynot.replies import LANGUAGES, REPLY_TEMPLATES, TEMPLATES, TONES, ReplyRenderer, languages_in

PT_PT = {"pt": "pt-PT"}
# Brazilian forms a reader in Portugal notices (the informal address there is "tu"; the
# letter's formal voice never writes "você" either)
BRAZILIAN = re.compile(
    r"\b(?:você|vocês|usuário|usuária|seu app|app|tô|legal|em até|deu errado|me segue|me seguiu"
    r"|segue você|seguem você|inclui você|por que|padrão|conectado|gentil|em um|tela|time)\b",
    re.IGNORECASE,
)
# The owner speaks in the first person without a gender (an owner may be a woman, a man,
# a bakery): no "obrigado/a", no "(me manter) informado/a"
OWNER_GENDER = re.compile(r"\b(?:obrigad|informad|interessad|cansad)[oa]s?\b", re.IGNORECASE)
# The register of each tone: polite says "tu", the letter the formal third person.
NOT_IN = {
    "polite": re.compile(r"\b(?:seu|sua|seus|suas|si|volte|peça|corrija|pode voltar)\b"),
    "letter": re.compile(
        r"\b(?:teu|tua|teus|tuas|ti|tens|segues|podes|publicas|pedires|volta a perguntar)\b"
    ),
}
WORDS = sorted(p.stem for p in (TEMPLATES / "en" / "discord").glob("*.j2"))
VALUES = {"hours": "24", "name": "ana", "label": "Bluesky", "count": 5, "error": "X is down"}
VALUES |= {"reason": "no", "handle": "not a handle!", "seconds": "60", "kind": "user"}


def texts(tone: str) -> list[str]:
    """Every reply a pt-PT owner's Portuguese asker can get in `tone`, with evidence."""
    renderer = ReplyRenderer(tone, varieties=PT_PT)
    out = []
    for template in REPLY_TEMPLATES:
        for verdict in (VERDICT, None):
            for asked in (False, True):
                for platform in ("x", "discord"):
                    out.append(
                        renderer.render(
                            template,
                            platform=platform,
                            language="pt",
                            asker="Ana",
                            verdict=verdict,
                            asked=asked,
                        ).text
                    )
    return out


@pytest.mark.parametrize("tone", TONES)
def test_every_reply_reads_as_european_portuguese_in_its_tone(tone):
    for text in texts(tone):
        # the quoted shortcut («segue-me que eu também te sigo») is the asker's words
        said = text.replace("«segue-me que eu também te sigo»", "")
        assert not BRAZILIAN.search(said) and not OWNER_GENDER.search(said), text
        assert not NOT_IN[tone].search(said), (NOT_IN[tone].search(said), text)


def _fact_line(renderer: ReplyRenderer, key: str, values: dict[str, object]) -> str:
    result = CriterionResult(
        "automated_promo", False, 0.9, 1.0, (phrase(key, values),), (), (Fact.of(key, **values),)
    )
    reply = renderer.render(
        "why_not_followed",
        platform="discord",
        language="pt",
        asker="Ana",
        verdict=Verdict("1", "h", 0.9, False, (result,)),
    )
    return next(line for line in reply.text.splitlines() if line.startswith("- "))


@pytest.mark.parametrize("tone", TONES)
def test_every_fact_agrees_in_number_and_in_register(tone):
    """Each fact with its counts at 0, 1 and 2 (as tests/test_fact_plurals.py checks)."""
    renderer, bad = ReplyRenderer(tone, varieties=PT_PT), []
    for key, values in VARIANTS:
        line = _fact_line(renderer, key, values)
        if ("_" in key and key in line) or "{" in line:
            bad.append(("unworded", key, line))
        for pattern in (
            *WRONG["pt"],
            BRAZILIAN.pattern,
            NOT_IN[tone].pattern,
            OWNER_GENDER.pattern,
        ):
            if re.search(pattern, line, re.IGNORECASE if pattern != NOT_IN[tone].pattern else 0):
                bad.append((pattern, values, line))
    assert not bad, bad[:5]


@pytest.mark.parametrize(
    ("tone", "key", "values", "said"),
    [
        (
            "polite",
            "mass_following",
            {"following": 5000, "followers": 0},
            "segues 5.000 contas, mas ninguém te segue",
        ),
        (
            "polite",
            "mass_following",
            {"following": 5000, "followers": 1},
            "segues 5.000 contas, mas só 1 te segue",
        ),
        (
            "letter",
            "mass_following",
            {"following": 2, "followers": 20},
            "esta conta segue 2 contas, mas só 20 a seguem",
        ),
        (
            "polite",
            "links_in_most_posts",
            {"count": 1, "total": 1},
            "a tua única publicação recente traz um link",
        ),
        (
            "letter",
            "unlisted_audience",
            {"followers": 1, "listed": 0},
            "1 seguidor, mas nenhuma lista inclui esta conta",
        ),
    ],
)
def test_pronouns_go_before_the_verb_where_portugal_puts_them(tone, key, values, said):
    line = _fact_line(ReplyRenderer(tone, varieties=PT_PT), key, values)
    assert said in line, line


@pytest.mark.parametrize("name", WORDS)
def test_every_discord_line_is_european_portuguese(name):
    renderer = ReplyRenderer(varieties=PT_PT)
    text = renderer.line(f"discord/{name}", platform="discord", language="pt", **VALUES)
    assert text and not BRAZILIAN.search(text), text


def test_the_discord_question_still_reads_as_why_not_followed_in_portuguese():
    asked = ReplyRenderer(varieties=PT_PT).line("discord/ask", platform="discord", language="pt")
    assert asked != ReplyRenderer().line("discord/ask", platform="discord", language="pt")
    read = classify(asked, False)
    assert (read.intent, read.language) == ("why_not_followed", "pt")


def test_the_variety_holds_only_files_that_differ():
    ours = {p.relative_to(TEMPLATES / "pt-PT") for p in (TEMPLATES / "pt-PT").rglob("*.j2")}
    assert ours and all((TEMPLATES / "pt" / path).is_file() for path in ours)
    assert all(
        (TEMPLATES / "pt-PT" / p).read_text() != (TEMPLATES / "pt" / p).read_text() for p in ours
    )


def test_the_variety_folder_is_not_a_language(tmp_path):
    assert "pt-PT" not in LANGUAGES and "pt" in LANGUAGES
    for name in ("en", "pt", "pt-PT"):
        (tmp_path / name / "replies").mkdir(parents=True)
        (tmp_path / name / "replies" / "not_reviewed.j2").write_text(f"{name}: {{{{ asker }}}}")
    assert languages_in(tmp_path) == ("en", "pt")
    renderer = ReplyRenderer(templates=tmp_path, varieties=PT_PT)
    assert renderer.languages == ("en", "pt")
    reply = renderer.render("not_reviewed", platform="x", language="pt", asker="A")
    assert (reply.text, reply.language, reply.variety) == ("pt-PT: A", "pt", "pt-PT")
    # a language the variety does not cover is not touched by it
    assert (
        ReplyRenderer(templates=tmp_path, varieties=PT_PT)
        .render("not_reviewed", platform="x", language="en", asker="A")
        .text
        == "en: A"
    )


def owner_file(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "owner.toml"
    path.write_text(f'[owner]\nhandle = "padaria"\ninterests = ["pão"]\n{line}\n', "utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "variety"),
    [
        ("", ""),
        ('portuguese = "pt-BR"', "pt-BR"),
        ('portuguese = "pt-PT"', "pt-PT"),
        ('portuguese = "pt_pt"', "pt-PT"),
        ('language = "pt-PT"', "pt-PT"),
        ('language = "pt"\nportuguese = "pt-PT"', "pt-PT"),  # plain "pt" names no variety
    ],
)
def test_the_owner_file_chooses_the_portuguese(tmp_path, line, variety):
    _, varieties = load_owner(owner_file(tmp_path, line))
    assert varieties == ({"pt": variety} if variety else {})


def test_a_pt_pt_owner_s_asker_gets_pt_pt_and_a_default_owner_s_gets_today_s(tmp_path):
    answers = {}
    for line in ("", 'portuguese = "pt-PT"'):
        _, varieties = load_owner(owner_file(tmp_path, line))
        answers[line] = ReplyRenderer(varieties=varieties).render(
            "already_following", platform="x", language="pt", asker="Ana"
        )
    today = ReplyRenderer().render("already_following", platform="x", language="pt", asker="Ana")
    assert answers[""] == today and "eu sigo você" in today.text and today.variety == "pt-BR"
    pt = answers['portuguese = "pt-PT"']
    assert pt.text.startswith("Boa notícia, Ana: eu sigo-te, sim.") and pt.variety == "pt-PT"
    assert "a tua aplicação" in pt.text


@pytest.mark.parametrize("value", ['"Portugal"', '"pt"', "1", '["pt-PT"]'])
def test_a_bad_value_is_one_line_naming_the_allowed_ones(tmp_path, value):
    path = owner_file(tmp_path, f"portuguese = {value}")
    with pytest.raises(OwnerConfigError) as caught:
        read_owner_file(path)
    said = str(caught.value)
    assert "\n" not in said and said.startswith(f"{path}: [owner] portuguese must be ")
    assert '"pt-BR" (Brazil, the default) or "pt-PT" (Portugal)' in said
    account = tmp_path / "asker.json"
    account.write_text(json.dumps({"id": "1", "handle": "ana", "posts": []}))
    code, out, err = bot(
        "preview", "porque não me segues?", "--account", str(account), "--owner-config", str(path)
    )
    assert (code, out) == (2, "") and err.count("\n") == 1 and "portuguese must be" in err


def test_preview_shows_the_variety(tmp_path):
    account = tmp_path / "asker.json"
    account.write_text(json.dumps({"id": "1", "handle": "ana", "name": "Ana", "posts": []}))
    path = owner_file(tmp_path, 'portuguese = "pt-PT"')
    code, out, err = bot(
        "preview", "porque é que não me segues?", "--account", str(account),
        "--owner-config", str(path),
    )  # fmt: skip
    assert code == 0, err
    assert "reply:    not_reviewed in pt-PT, polite tone, " in out and "a tua conta" in out


def test_the_preview_json_names_the_variety_and_keeps_the_default_without_a_choice():
    from scoring import parse_account

    account = parse_account({"id": "1", "handle": "ana", "name": "Ana", "posts": []})
    said = {}
    for chosen in (None, PT_PT):
        preview = make_preview("por que você não me segue?", account, owner=None, varieties=chosen)
        said[bool(chosen)] = preview.to_dict()["reply"]
    assert (said[False]["language"], said[False]["variety"]) == ("pt", "pt-BR")
    assert (
        "a sua conta" in said[False]["posts"][0] and "Volte a perguntar" in said[False]["posts"][0]
    )
    assert (said[True]["language"], said[True]["variety"]) == ("pt", "pt-PT")
    assert "a tua conta" in said[True]["posts"][0]


@pytest.mark.parametrize("tone", TONES)
def test_every_pt_pt_reply_fits_an_x_thread_whatever_its_first_reason(tone):
    """As tests/test_reply_limits.py checks each language: the longest name, any worst
    reason, a moderator's long note, at the owner's cap of 2 posts or the full thread."""
    from whynot.threads import X_LIMIT, X_MAX_POSTS, x_length

    note = "Voltámos a olhar para as tuas publicações e para os links delas. " * 3
    renderers = (
        ReplyRenderer(tone, varieties=PT_PT),
        ReplyRenderer(tone, x_posts=2, varieties=PT_PT),
    )
    for verdict in verdicts_by_first_reason():
        for template in REPLY_TEMPLATES:
            for renderer in renderers:
                reply = renderer.render(
                    template, platform="x", language="pt", asker="N" * 80, verdict=verdict,
                    note=note,
                )  # fmt: skip
                assert len(reply.posts) <= X_MAX_POSTS
                assert all(x_length(post) <= X_LIMIT for post in reply.posts)


def test_a_language_and_a_portuguese_that_disagree_are_one_line(tmp_path):
    path = owner_file(tmp_path, 'language = "pt-PT"\nportuguese = "pt-BR"')
    with pytest.raises(OwnerConfigError) as caught:
        read_owner_file(path)
    said = str(caught.value)
    assert "\n" not in said and 'portuguese = "pt-BR" and language = "pt-PT" disagree' in said
    same = owner_file(tmp_path, 'language = "pt-PT"\nportuguese = "pt_pt"')
    assert read_owner_file(same).varieties == {"pt": "pt-PT"}
