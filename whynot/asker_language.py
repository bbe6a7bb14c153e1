"""The reply's language when the message itself does not tell: from the asker's own posts.

"follow back? 🙏", "unfollow??", "f4f?" are written the same by English, Spanish and
Portuguese speakers, so the classifier's language for them is a guess (a Spanish-posting
asker's "unfollow??" was answered in Portuguese); so is its Spanish for a short French
"pourquoi tu m'as unfollow ?" that the identifier leans to without being sure. When a
message leaves its language open (`unsure`), the reply speaks the language of the
asker's posts that the bot has read for the verdict (the stored snapshot: no extra read),
as `reply_language` reads them; with fewer than `MIN_POSTS` of those, the classifier's
language stands. The "was it an oversight?" note reads people's posts the same way.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from whynot.reply_language import READ, SURE, identify, reply_language
from whynot.textnorm import guess_language

if TYPE_CHECKING:
    from scoring import Account
    from whynot.models import Identity, Mention
    from whynot.replies import ReplyRenderer
    from whynot.store import Store

# Words people write whatever their language when they talk about following.
JARGON = frozenset(
    {"follow", "follows", "followed", "following", "followback", "back", "unfollow"}
    | {"unfollowed", "unfollowing", "f4f", "fb", "fback", "mutual", "mutuals", "moots"}
    | {"pls", "plz", "plss", "plsss", "please", "ok", "hey", "hi", "lol", "x", "u"}
)
MIN_POSTS = 3  # own posts needed to tell a language
READ_POSTS = 20  # the newest own posts read for it
_LINK = re.compile(r"\S*://\S+|www\.\S+")
_WORD = re.compile(r"(?<![@#\w])[^\W\d_]+")  # letters only; handles and hashtags left out


def says_little(text: str) -> bool:
    """Whether the message holds fewer than two words outside the follow-back jargon."""
    words = _WORD.findall(_LINK.sub(" ", text.lower()))
    return sum(1 for w in words if w not in JARGON) < 2


def own_posts_language(account: Account | None, available: Collection[str]) -> str:
    """The language of the account's own posts (its newest READ_POSTS), as
    `reply_language` reads them; "" when fewer than MIN_POSTS tell."""
    own = [p.text for p in account.posts if p.kind == "post"] if account is not None else []
    if len(own) < MIN_POSTS:
        return ""
    joined = " ".join(own[:READ_POSTS])
    return reply_language(joined, guess_language(joined.lower()), available)


async def stored_posts_language(store: Store, who: Identity, available: Collection[str]) -> str:
    """`own_posts_language` of `who`'s last stored snapshot (any age), in a worker thread
    (the identifier)."""
    account, _ = await store.accounts.lookup(who.platform, who.id, "", 0.0)
    return await asyncio.to_thread(own_posts_language, account, available)


def unsure(text: str) -> bool:
    """Whether the message leaves its language open: it says too little, or the
    identifier leans to a language the classifier does not read without being sure ("pourquoi
    tu m'as unfollow ?": French 0.88), so the classifier's choice is a guess."""
    if says_little(text):
        return True
    found, probability = identify(text)
    return bool(found) and found not in READ and probability < SURE


async def asker_language(
    mention: Mention, guessed: str, store: Store, renderer: ReplyRenderer
) -> str:
    """The reply's language: `guessed` (the message's), unless the message leaves it open
    (`unsure`) and the asker's stored posts tell."""
    if not await asyncio.to_thread(unsure, mention.text):
        return guessed
    return await stored_posts_language(store, mention.author, renderer.languages) or guessed
