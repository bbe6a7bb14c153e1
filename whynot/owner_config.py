"""The owner context file (`--owner-config PATH`, TOML) -> a ready `OwnerIndex`.

This module owns the file's format and its checks; scoring/ only receives the result.

[owner]
handle = "fsalas"
interests = ["social media", "marketing", "customer service"]
news_outlets = ["cnn", "tmz"]
following = "following.jsonl"   # account schema lines, relative to this file
own_posts = "own_posts.jsonl"   # optional: the owner's own posts
language = "es"                 # optional: the owner's language (a templates/ folder name)
portuguese = "pt-PT"            # optional: Portugal's Portuguese for Portuguese askers

[owner.synonyms]   # optional: other wordings of an interest (translations, synonyms)
"customer service" = ["atendimento ao cliente", "atención al cliente", "customer support"]

A reply names an interest by its wording in the reply's language, when the identifier can
tell one (`whynot.interest_names`); the wordings carry no language tag.

A key the format does not know (a typo such as `interest`) is an error, not ignored.
`language` is what the owner's notes speak to someone the bot has never read (the unfollow
note, `whynot.oversight.owner_language`); without it, the language of the owner's own
posts, else of the interests as written, else English. `portuguese` is the Portuguese the
replies speak (`whynot.varieties`): "pt-BR" (the default) or "pt-PT"; a `language` of
"pt-PT" says it too.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring import Account, OwnerContext, OwnerIndex, build_owner_index
from whynot.jsonl import AccountFileError, read_account_file
from whynot.toml_errors import toml_problem
from whynot.varieties import VARIETIES, VARIETY_KEYS, allowed

OWNER_KEYS = (
    *("handle", "interests", "news_outlets", "following", "own_posts", "synonyms"),
    *("language", *VARIETY_KEYS),
)
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,4})?")  # "es", "pt", "zh-TW"


class OwnerConfigError(ValueError):
    """The owner config cannot be used; the message says which file and what is wrong."""


@dataclass(frozen=True, slots=True)
class OwnerFile:
    """What the owner file says: the scorer's context and each interest's other wordings."""

    context: OwnerContext
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    language: str = ""  # [owner] language; "" when the file does not say
    varieties: dict[str, str] = field(default_factory=dict)  # {"pt": "pt-PT"}, as chosen


def _str_list(table: dict, key: str, path: Path, where: str = "[owner] ") -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OwnerConfigError(
            f'{path}: {where}{key} must be a list of strings, such as {key} = ["a", "b"]'
        )
    return tuple(v.strip() for v in value if v.strip())


def _accounts(table: dict, key: str, base: Path, path: Path) -> tuple[Account, ...]:
    name = table.get(key)
    if name is None:
        return ()
    if not isinstance(name, str):
        raise OwnerConfigError(f"{path}: [owner] {key} must be a file name")
    try:
        return tuple(read_account_file((base / name).resolve()))
    except AccountFileError as exc:
        raise OwnerConfigError(f"{path}: [owner] {key}: {exc}") from None


def _unknown(keys: Iterable[str], known: tuple[str, ...], where: str, path: Path) -> None:
    extra = sorted(k for k in keys if k not in known)
    if extra:
        raise OwnerConfigError(
            f"{path}: unknown key {', '.join(map(repr, extra))} in {where}; "
            f"known keys: {', '.join(known)}"
        )


def _synonyms(table: dict, interests: tuple[str, ...], path: Path) -> dict[str, tuple[str, ...]]:
    value = table.get("synonyms", {})
    if not isinstance(value, dict):
        raise OwnerConfigError(
            f"{path}: [owner] synonyms must be a table: "
            '"INTEREST" = ["other wording", ...] under [owner.synonyms]'
        )
    # Each key must be one of the interests, or the wordings would silently match nothing.
    _unknown(value, interests, "[owner.synonyms] (keys are the interests)", path)
    return {
        interest: _str_list(value, interest, path, "[owner.synonyms] ")
        for interest in interests
        if interest in value
    }


def _nfc(value: Any) -> Any:
    """Every string as NFC, the form posts come in: a file saved with decomposed accents
    ("e" and a combining acute, as some editors and macOS write "é") would otherwise
    match no post, and every asker would be off topic."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, dict):
        return {_nfc(key): _nfc(item) for key, item in value.items()}
    return value


def read_owner_file(path: Path) -> OwnerFile:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM is fine
        data = _nfc(tomllib.loads(text))
    except OSError as exc:
        raise OwnerConfigError(f"cannot read owner config {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise OwnerConfigError(f"cannot read owner config {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise OwnerConfigError(f"{path}: {toml_problem(exc, text)}") from None
    table = data.get("owner")
    if not isinstance(table, dict):
        raise OwnerConfigError(f"{path}: missing the [owner] table")
    _unknown(data, ("owner",), "the file (everything goes under [owner])", path)
    _unknown(table, OWNER_KEYS, "[owner]", path)
    handle = table.get("handle", "")
    if not isinstance(handle, str):
        raise OwnerConfigError(f"{path}: [owner] handle must be a string")
    interests = _str_list(table, "interests", path)
    language = table.get("language", "")
    if not isinstance(language, str) or not LANGUAGE_CODE.fullmatch(language.strip() or "en"):
        raise OwnerConfigError(
            f'{path}: [owner] language must be a language code such as "es" or "pt" '
            "(a folder of templates/)"
        )
    context = OwnerContext(
        handle=handle.lstrip("@"),
        interests=interests,
        news_outlets=frozenset(
            h.lower().lstrip("@") for h in _str_list(table, "news_outlets", path)
        ),
        following=_accounts(table, "following", path.parent, path),
        own_posts=tuple(
            p for a in _accounts(table, "own_posts", path.parent, path) for p in a.posts
        ),
    )
    language = language.strip()
    varieties = _varieties(table, language, path)
    return OwnerFile(context, _synonyms(table, interests, path), language, varieties)


def _varieties(table: dict, language: str, path: Path) -> dict[str, str]:
    """Each language's variety as the file chooses it (`portuguese = "pt-PT"`), or as its
    `language` names one ("pt-PT"); a value not among the varieties is refused."""
    chosen: dict[str, str] = {}
    for key, lang in VARIETY_KEYS.items():
        value = table.get(key)
        # as written, or in another case or with "_" ("pt_pt"): the same choice
        kinds = {kind.lower(): kind for kind in VARIETIES[lang]}
        said = value if value is not None else language
        kind = kinds.get(said.strip().replace("_", "-").lower()) if isinstance(said, str) else None
        named = kinds.get(language.strip().replace("_", "-").lower())
        if kind and value is not None and named and named != kind:
            raise OwnerConfigError(
                f'{path}: [owner] {key} = "{kind}" and language = "{named}" disagree; '
                f"keep one of them"
            )
        if kind:
            chosen[lang] = kind
        elif value is not None:
            shown = json.dumps(value, ensure_ascii=False, default=str)
            raise OwnerConfigError(f"{path}: [owner] {key} must be {allowed(key)}, not {shown}")
    return chosen


def owner_varieties(path: Path | None) -> dict[str, str]:
    """The varieties an owner file chooses; none without the file (a first sync)."""
    return read_owner_file(path).varieties if path is not None and path.exists() else {}


def read_owner_context(path: Path) -> OwnerContext:
    return read_owner_file(path).context


def load_owner(path: Path) -> tuple[OwnerIndex, dict[str, str]]:
    """The judge's index and the varieties the replies speak ({"pt": "pt-PT"})."""
    owner = read_owner_file(path)
    index = build_owner_index(owner.context, owner.synonyms)
    index.language = owner.language
    return index, owner.varieties


def load_owner_config(path: Path) -> OwnerIndex:
    return load_owner(path)[0]
