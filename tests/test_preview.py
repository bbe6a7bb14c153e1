"""`bot.py preview`: the CLI contract (text and JSON output, one-line errors with exit 2,
nothing sent), the same reply the desk would post, and owner interests matched across
languages through the owner file's synonyms."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from factories import account_dict, genuine_posts, posts

from scoring import judge, parse_account
from whynot.cli import main
from whynot.config import Settings
from whynot.desk import Desk
from whynot.models import Identity, Mention
from whynot.owner_config import OwnerConfigError, load_owner_config
from whynot.platforms.memory import MemoryPlatform
from whynot.replies import ReplyRenderer
from whynot.store import Store
from whynot.threads import DISCORD_LIMIT, X_LIMIT, x_length

ROOT = Path(__file__).resolve().parent.parent
OWNER_TOML = ROOT / "data" / "demo" / "owner.toml"
PT_WHY = "Por que você não me segue de volta?"

PROMO = account_dict(
    "promo_pete",
    display_name="Pete Promo",
    posts=posts([f"Deal {i}: https://shop.example/{i}" for i in range(20)], source="IFTTT"),
    followers_count=40,
    following_count=3000,
)

MEFORMER = account_dict(
    "me_mia",
    display_name="Mia Mememe the Great Singer of Songs",
    posts=posts(
        [
            f"My new album is out today and I am so proud of my songs, my band and my tour,"
            f" so please listen to my record and buy my merch number {i} today"
            for i in range(20)
        ]
    ),
    followers_count=40,
    following_count=3000,
)


@pytest.fixture
def promo_file(tmp_path) -> Path:
    path = tmp_path / "asker.json"
    path.write_text(json.dumps(PROMO, indent=2), encoding="utf-8")  # pretty JSON is fine
    return path


def preview(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["preview", *args])
    out, err = capsys.readouterr()
    return code, out, err


def preview_json(capsys, *args: str) -> dict:
    code, out, err = preview(capsys, *args, "--json")
    assert code == 0, err
    assert len(out.splitlines()) == 1  # one JSON object
    return json.loads(out)


# --- output ------------------------------------------------------------------------
def test_portuguese_mention_gets_a_portuguese_preview(capsys, promo_file):
    code, out, err = preview(
        capsys, PT_WHY, "--account", str(promo_file), "--owner-config", str(OWNER_TOML)
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"mention:  “{PT_WHY}”"
    assert lines[1].startswith("intent:   why_not_followed (language pt, confidence ")
    assert "rule " in lines[1] and "rule none" not in lines[1]
    assert lines[2] == "asker:    promo_pete (Pete Promo)"
    assert lines[3].startswith("verdict:  fails: automated_promo")
    assert lines[4].startswith("reply:    why_not_followed in pt-BR, polite tone, ")
    assert "--- post 1 of " in out and "/280 as X counts) ---" in out
    assert "Agradeço a pergunta, Pete Promo." in out
    assert "suas últimas 20 publicações" in out
    assert lines[-1] == "(preview: nothing was sent)"


def test_json_is_one_object_with_intent_verdict_and_posts(capsys, promo_file):
    data = preview_json(
        capsys,
        PT_WHY,
        "--account",
        str(promo_file),
        "--owner-config",
        str(OWNER_TOML),
        "--platform",
        "discord",
        "--tone",
        "letter",
    )
    assert data["intent"]["intent"] == "why_not_followed"
    assert data["intent"]["language"] == "pt"
    assert 0 < data["intent"]["confidence"] <= 1 and data["intent"]["rule"]
    assert data["platform"] == "discord" and data["tone"] == "letter"
    assert data["sent"] is False and data["answered"] is True and data["skipped"] is None
    assert data["verdict"]["follow_back"] is False
    assert data["verdict"]["summary"].startswith("fails: ")
    reply = data["reply"]
    assert reply["template"] == "why_not_followed" and reply["language"] == "pt"
    assert len(reply["posts"]) == 1 and reply["limit"] == DISCORD_LIMIT
    assert reply["lengths"] == [len(reply["posts"][0])] and reply["lengths"][0] <= DISCORD_LIMIT
    assert reply["posts"][0].startswith("Pergunta justa, Pete Promo. NÃO sigo de volta")
    assert "#stayreal" in reply["posts"][0]


def test_x_posts_are_a_thread_within_limits(capsys, promo_file):
    data = preview_json(
        capsys, "why didn't you follow me back?", "--account", str(promo_file), "--tone", "polite"
    )
    posts_ = data["reply"]["posts"]
    assert data["intent"]["language"] == "en" and data["reply"]["language"] == "en"
    assert 1 <= len(posts_) <= 3 and data["reply"]["limit"] == X_LIMIT
    assert data["reply"]["lengths"] == [x_length(p) for p in posts_]
    assert all(n <= X_LIMIT for n in data["reply"]["lengths"])


def test_the_configured_x_reply_length_is_what_preview_shows(capsys, tmp_path):
    # a self-promoter's long quote as evidence: its reasons need three posts, or at
    # [x] reply_posts = 2 the headline alone
    mia = tmp_path / "mia.json"
    mia.write_text(json.dumps(MEFORMER), encoding="utf-8")
    ask = ["why didn't you follow me back?", "--account", str(mia), "--tone", "letter"]
    full = preview_json(capsys, *ask)["reply"]["posts"]
    config = tmp_path / "config.toml"
    config.write_text("[x]\nreply_posts = 2\n", encoding="utf-8")
    capped = preview_json(capsys, *ask, "--config", str(config))["reply"]["posts"]
    assert len(full) == 3 and len(capped) == 2  # as `run` would send with this config


def test_a_message_the_bot_does_not_answer_gets_no_reply(capsys, promo_file):
    code, out, _ = preview(capsys, "Happy birthday! Have a great day", "--account", str(promo_file))
    assert code == 0
    assert "reply:    none (not a question this bot answers)" in out
    data = preview_json(capsys, "Happy birthday! Have a great day", "--account", str(promo_file))
    assert data["intent"]["intent"] == "other"
    assert data["reply"] is None and data["answered"] is False
    assert data["skipped"] == "not a question this bot answers"
    assert data["verdict"] is not None  # the verdict is still shown


def test_a_review_request_in_reply_to_our_answer_previews_the_acknowledgement(
    capsys, promo_file, tmp_path
):
    ask = "can a person on your team look at this please?"
    data = preview_json(capsys, ask, "--reply-to-answer", "--account", str(promo_file))
    assert data["intent"]["intent"] == "review_request"
    assert data["reply"]["template"] == "review_requested"
    assert "a person on my team" in data["reply"]["posts"][0]
    # not a reply to our answer: nobody asked to have our answer reviewed
    assert preview_json(capsys, ask, "--account", str(promo_file))["reply"] is None
    # with no review channel the bot promises no review, and acknowledges none either
    config = tmp_path / "config.toml"
    config.write_text('[replies]\nreview_channel = "none"\n', encoding="utf-8")
    none = ["--account", str(promo_file), "--config", str(config)]
    data = preview_json(capsys, "¿puede revisarlo una persona?", "--reply-to-answer", *none)
    assert data["reply"] is None and "review_channel" in data["skipped"]
    why = preview_json(capsys, "why didn't you follow me back?", *none)["reply"]["posts"]
    assert not any("review" in post for post in why)


def test_declared_bots_and_the_owner_are_not_answered(capsys, tmp_path):
    bot = tmp_path / "bot.json"
    bot.write_text(json.dumps({**PROMO, "is_bot_declared": True}))
    data = preview_json(capsys, "follow me back please", "--account", str(bot))
    assert data["reply"] is None and data["skipped"] == "sent by a bot"
    me = tmp_path / "me.json"
    me.write_text(json.dumps(account_dict("fsalas", posts=genuine_posts())))
    data = preview_json(
        capsys,
        "why didn't you follow me back?",
        "--account",
        str(me),
        "--owner-config",
        str(OWNER_TOML),
    )
    assert data["reply"] is None and data["skipped"] == "our own message"


def test_a_moderator_decision_can_be_previewed(capsys, promo_file):
    data = preview_json(
        capsys,
        PT_WHY,
        "--account",
        str(promo_file),
        "--decision",
        "approve",
        "--note",
        "parceiro da loja",
    )
    assert data["decision"] == "approve"
    assert data["reply"]["template"] == "moderator_approved"
    assert data["reply"]["posts"][0].startswith("Boas notícias, Pete Promo")
    assert "Nota: parceiro da loja" in data["reply"]["posts"][0]


def test_a_json_lines_file_with_one_account_is_read(capsys, tmp_path):
    path = tmp_path / "asker.jsonl"
    path.write_text(json.dumps(PROMO) + "\n\n")
    data = preview_json(capsys, "follow me back!", "--account", str(path))
    assert data["asker"] == {"handle": "promo_pete", "name": "Pete Promo"}


# --- the same reply the desk would post -----------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        PT_WHY,
        "Por que você deixou de me seguir?",
        "why didn't you follow me back?",
        "¿Por qué no me seguiste de vuelta?",
        "me segue de volta?",
    ],
)
async def test_preview_shows_exactly_what_the_desk_would_post(capsys, tmp_path, text):
    path = tmp_path / "asker.json"
    path.write_text(json.dumps(PROMO))
    data = preview_json(
        capsys, text, "--account", str(path), "--owner-config", str(OWNER_TOML), "--tone", "letter"
    )
    asker = parse_account(PROMO)
    platform = MemoryPlatform(
        owner=Identity("x", "0", "fsalas"), name="x", reply_format="x", accounts={asker.id: asker}
    )
    store = await Store.open(tmp_path / "w.db")
    try:
        desk = Desk(
            store,
            {"x": platform},
            ReplyRenderer("letter"),
            load_owner_config(OWNER_TOML),
            Settings(),
            dry_run=True,
        )
        who = Identity("x", asker.id, asker.handle, asker.display_name or "")
        outcome = await desk.handle(Mention("x", "m1", who, text))
    finally:
        await store.close()
    assert data["intent"]["intent"] == outcome.intent and outcome.posts
    assert data["intent"]["language"] == outcome.language
    assert data["reply"]["template"] == outcome.template
    assert tuple(data["reply"]["posts"]) == outcome.posts


def test_nothing_is_sent(capsys, promo_file, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("preview must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setenv("X_BEARER_TOKEN", "secret-token-value")
    code, out, err = preview(capsys, PT_WHY, "--account", str(promo_file))
    assert code == 0 and "secret-token-value" not in out + err


# --- bad input: one line on stderr, exit 2 --------------------------------------------
def _bad(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda t: ["hi", "--account", str(t / "missing.json")], "cannot read account file"),
        (lambda t: ["hi", "--account", _bad(t, "a.json", "{not json")], "line 1: not valid JSON"),
        (lambda t: ["hi", "--account", _bad(t, "e.json", "  \n")], "is empty"),
        (lambda t: ["hi", "--account", _bad(t, "l.json", "[1, 2]")], "not list"),
        (
            lambda t: ["hi", "--account", _bad(t, "n.json", '{"handle": "x"}')],
            "account file",
        ),
        (
            lambda t: [
                "hi",
                "--account",
                _bad(t, "two.jsonl", json.dumps(PROMO) + "\n" + json.dumps(PROMO) + "\n"),
            ],
            "holds 2 accounts; name the asker with --handle (e.g. --handle promo_pete)",
        ),
        (lambda t: ["hi"], "--account FILE is required"),
        (lambda t: ["", "--account", "x.json"], "give the mention text"),
        (lambda t: ["hi", "--account", "x.json", "--platform", "myspace"], "unknown --platform"),
        (lambda t: ["hi", "--account", "x.json", "--tone", "rude"], "unknown --tone"),
        (lambda t: ["hi", "--account", "x.json", "--decision", "maybe"], "unknown --decision"),
        (lambda t: ["hi", "--account", "x.json", "--note", "n"], "--note goes with --decision"),
        (
            lambda t: [
                "hi",
                "--account",
                _bad(t, "ok.json", json.dumps(PROMO)),
                "--owner-config",
                _bad(t, "o.toml", '[owner]\ninterest = ["typo"]\n'),
            ],
            "unknown key 'interest' in [owner]",
        ),
        (
            lambda t: [
                "hi",
                "--account",
                _bad(t, "ok.json", json.dumps(PROMO)),
                "--config",
                str(t / "nope.toml"),
            ],
            "config file not found",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, make_args, message):
    code, out, err = preview(capsys, *make_args(tmp_path))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("bot.py preview: "), err
    assert message in err


def test_cli_contract_from_outside(tmp_path, promo_file, capsys):
    """As a user runs it: help, a bad account file (one line, exit 2), a JSON preview.
    The help is argparse's, read in this process (a process for it cost ~2 s); the exit
    codes, the one-line error and the JSON come from real processes."""

    def bot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "bot.py", *args],
            cwd=ROOT,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )

    with pytest.raises(SystemExit) as helped:
        main(["preview", "--help"])
    assert helped.value.code == 0
    shown = capsys.readouterr().out
    for option in ("--account", "--owner-config", "--platform", "--tone", "--json"):
        assert option in shown
    bad = bot("preview", "follow me back", "--account", _bad(tmp_path, "b.json", "{oops"))
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr
    # the account may come on standard input
    good = bot("preview", PT_WHY, "--account", "-", "--json", stdin=promo_file.read_text())
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["reply"]["language"] == "pt"


def test_undecodable_mention_text_is_shown_not_a_crash(capsys, promo_file):
    data = preview_json(capsys, "\udcff why no follow back?", "--account", str(promo_file))
    assert data["text"].startswith("\ufffd")


# --- owner interests across languages ----------------------------------------------
PT_SUPPORT = [
    "Hoje o atendimento ao cliente resolveu 40 chamados",
    "Dicas de atendimento ao cliente para pequenas lojas",
    "Um bom atendimento ao cliente começa por ouvir",
]
ES_SUPPORT = [
    "La atención al cliente es lo primero",
    "Curso de atención al cliente este jueves",
]


def _owner_file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "owner.toml"
    path.write_text(
        '[owner]\nhandle = "me"\ninterests = ["customer service", "marketing"]\n' + extra,
        encoding="utf-8",
    )
    return path


SYNONYMS = (
    '[owner.synonyms]\n"customer service" = ["atendimento ao cliente", "atención al cliente"]\n'
)


def _asker_posting(texts: list[str]):
    return parse_account(account_dict("ana", posts=posts((texts * 20)[:20])))


@pytest.mark.parametrize("texts", [PT_SUPPORT, ES_SUPPORT])
def test_an_interest_is_matched_by_its_translations(tmp_path, texts):
    asker = _asker_posting(texts)
    without = judge(asker, load_owner_config(_owner_file(tmp_path)))
    with_synonyms = judge(asker, load_owner_config(_owner_file(tmp_path, SYNONYMS)))
    off = {v: next(c for c in v.criteria if c.id == "off_topic") for v in (without, with_synonyms)}
    assert off[without].failed, "without synonyms the Portuguese/Spanish posts are off topic"
    assert off[with_synonyms].passed
    # an off-topic asker is told the interests as the owner wrote them
    owner = load_owner_config(_owner_file(tmp_path, SYNONYMS))
    off_topic = next(
        c
        for c in judge(_asker_posting(["sunset", "football"]), owner).criteria
        if c.id == "off_topic"
    )
    assert off_topic.failed and "customer service or marketing" in off_topic.evidence[0]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[owner.synonyms]\n"customer servise" = ["x"]\n', "unknown key 'customer servise'"),
        ('[owner.synonyms]\n"marketing" = "mercadeo"\n', "must be a list of strings"),
        ('synonyms = ["mercadeo"]\n', "synonyms must be a table"),
        ("[other]\nx = 1\n", "unknown key 'other' in the file"),
    ],
)
def test_owner_file_mistakes_are_named(tmp_path, extra, message):
    with pytest.raises(OwnerConfigError, match=message.replace("[", r"\[")) as caught:
        load_owner_config(_owner_file(tmp_path, extra))
    assert "\n" not in str(caught.value)
