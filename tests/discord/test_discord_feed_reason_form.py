"""The feed's approve/deny form says who reads the reason: it is quoted to the account as
the team's note (in public on X), not only kept in the moderation log. In the moderator's
language, within Discord's limits (a label 45 characters, a hint 100)."""

from __future__ import annotations

from conftest import MANAGE
from harness import click, submit
from test_discord_feed import X_PROMO, _text_input, buttons, desk_reply, with_feed

from whynot.models import Mention
from whynot.platforms.discord import words

LABEL_MAX, PLACEHOLDER_MAX = 45, 100  # Discord's limits for a text input's label and hint


async def _form(world, locale="en-US"):
    """The form the feed's approve button opens for a moderator whose client is in `locale`."""
    if not world.channels.to(world.feed):
        await with_feed(world)
        await desk_reply(world)
    post = world.channels.to(world.feed)[0]
    approve = buttons(post)[0][1]
    await click(world.bot, world.rosa, world.feed, post, approve, MANAGE, locale=locale)
    return world.responses.last()


async def test_the_form_says_the_reason_is_quoted_to_the_account_and_it_is(world):
    form = await _form(world)
    field = _text_input(form)
    assert field["label"] == words(world.desk.renderer, "en-US", "reason_label")
    assert "account" in field["label"] and "public" in field["label"]
    assert "moderation log" not in field["label"]
    assert "/whynot" in field["placeholder"] and "team's note" in field["placeholder"]
    # and so it is: the next reply to the account quotes it
    await submit(
        world.bot,
        world.rosa,
        world.feed,
        form["custom_id"],
        {field["custom_id"]: "internal: owner's cousin"},
        MANAGE,
    )
    world.clock.now += 2 * 86400
    outcome = await world.desk.handle(Mention("x", "2", X_PROMO, "follow me back?"))
    assert "internal: owner's cousin" in " ".join(outcome.posts)


async def test_the_form_speaks_the_moderators_language(world):
    renderer = world.desk.renderer
    english = words(renderer, "en-US", "reason_label")
    for locale in ("es-ES", "pt-BR"):
        field = _text_input(await _form(world, locale))
        assert field["label"] == words(renderer, locale, "reason_label") != english
        assert field["placeholder"] == words(renderer, locale, "reason_placeholder")


def test_every_language_s_words_fit_discord_s_limits(world):
    renderer = world.desk.renderer
    for language in renderer.languages:
        label = renderer.line("discord/reason_label", platform="discord", language=language)
        hint = renderer.line("discord/reason_placeholder", platform="discord", language=language)
        assert len(label) <= LABEL_MAX and "\n" not in label, (language, label)
        assert len(hint) <= PLACEHOLDER_MAX and "\n" not in hint, (language, hint)


async def test_a_reason_of_blanks_is_refused_in_words_not_left_unanswered(world):
    form = await _form(world)
    field = _text_input(form)
    # Discord counts the blanks toward the form's 3 characters; the rule does not
    await submit(
        world.bot, world.rosa, world.feed, form["custom_id"], {field["custom_id"]: "    "}, MANAGE
    )
    answer = world.responses.last()
    assert answer["type"] == "followup" and answer["flags"] == 64
    assert answer["content"] == "Please give a reason of at least 3 characters."
    assert await world.store.moderation.overrides() == []
