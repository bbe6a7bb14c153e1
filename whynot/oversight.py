"""The letter's friendly "was it an oversight?" notice to someone who unfollowed the owner:
once per unfollow, by direct message where the platform allows it, else shown in the
owner's feed. Called through `Desk.notice_unfollow` (the demo uses it; the watch calls it
with `tell=False` and tells the feed itself, whynot.follow_feed). A notice a crash cut off
mid-send is shown in the feed, never sent again. And whether an unfollower was asked: their
excuse's reply says "I only asked..." only then. The notice is in the person's language
when the bot has read them (`their_language`), else in the owner's (`owner_language`: the
owner file's `language`, own posts or interests)."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import TYPE_CHECKING

from scoring import Account
from whynot.asker_language import own_posts_language, stored_posts_language
from whynot.models import FollowEvent, Identity, Mention, Outcome, ReplyState
from whynot.reply_language import SURE, candidates, folder_of, identify

if TYPE_CHECKING:
    from scoring import OwnerIndex
    from whynot.desk import Desk
    from whynot.store import Store


CUT_OFF = "a restart cut the note off mid-send, so it may have reached them; not sent again"
SHOWN = ": shown in the owner's feed"  # the end of every reason an event is only shown
NO_DM = f"could not send a direct message{SHOWN}"
NOTIFIED = "already notified"  # a note told before: nothing is done now


async def notice_unfollow(
    desk: Desk, event: FollowEvent, event_id: int, tell: bool = True
) -> Outcome | None:
    """Send the notice once (see the module docstring). `tell`: publish the outcome to the
    feed now; the watch tells a cycle's events itself (whynot.follow_feed). An outcome with
    nothing new to tell is `quiet`."""
    platform = desk.platforms[event.platform]
    mention = Mention(event.platform, f"unfollow-{event_id}", event.account, "")
    reply = desk.renderer.render(
        "oversight_notice",
        platform=platform.reply_format,
        language=await their_language(
            desk.store, event.account, desk.renderer.languages, desk.owner
        ),
        asker=event.account.name,
    )
    outcome = Outcome(mention, ReplyState.SKIPPED, intent="unfollow")
    outcome.template, outcome.posts = "oversight_notice", reply.posts
    if desk.dry_run:
        outcome.reason = "dry run: not sent"
        return outcome
    if not await desk.store.followers.mark_notified(event_id, desk.clock()):
        if not await desk.store.followers.cut_off(event_id):
            outcome.reason, outcome.quiet = NOTIFIED, True
            return outcome
        outcome.reason = CUT_OFF  # claimed by a process that died: told, never sent again
        if tell:
            await desk.publish(outcome)
        return outcome
    if await platform.direct_message(event.account, reply.text):
        outcome.state = ReplyState.SENT
        await desk.store.followers.set_event_status(event_id, "notified")
    else:
        outcome.reason = NO_DM
        await desk.store.followers.set_event_status(event_id, "shown", event.account.handle)
    if tell:
        await desk.publish(outcome)
    return outcome


async def their_language(
    store: Store, who: Identity, available: Collection[str], owner: OwnerIndex
) -> str:
    """The notice speaks the person's language when the bot has read them: their latest
    message to the owner, else the posts of their last judged snapshot (any age); when
    nothing tells, the owner's (`owner_language`), as someone who follows the owner likely
    reads it (the renderer falls back to English for a language it lacks). Both as
    `reply_language` reads them: a French unfollower is not written to in Spanish."""
    said = await store.messages.language_of(who.platform, who.id)
    if said or (said := await stored_posts_language(store, who, available)):
        return said
    return await asyncio.to_thread(owner_language, owner, available)


def owner_language(owner: OwnerIndex, available: Collection[str]) -> str:
    """The owner's language: `[owner] language` in the owner file; else that of the owner's
    own posts (`own_posts`, read as an asker's are, from 3); else that of the interests as
    written, when the identifier is sure of it ("atención al cliente, redes sociales");
    else English. Not an audience count: the store keeps no tally of languages.
    A region names its language's folder ("pt-BR" is `templates/pt/`, "zh" `zh-TW/`):
    the renderer knows folders only, and wrote English for "pt-BR"."""
    if owner.language:
        return folder_of(owner.language, available)
    context = owner.context
    if found := own_posts_language(Account("", context.handle, posts=context.own_posts), available):
        return found
    found, probability = identify(", ".join(context.interests), candidates(available))
    return found if context.interests and probability >= SURE else "en"


ASKED_WITHIN = 30 * 86_400.0  # an excuse answers a notice of the last month, not of years ago


async def was_asked(store: Store, template: str, who: Identity, at: float) -> bool:
    """Whether the reply `template` may say the owner asked: an unfollow excuse, written at
    `at`, from someone the notice reached (a direct message sent) in the month before."""
    if template != "unfollow_excuse":
        return False
    return await store.followers.was_asked(who.platform, who.id, at - ASKED_WITHIN, at)
