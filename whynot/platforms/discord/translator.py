"""The slash commands' descriptions in the member's language: `TemplatesTranslator`, the
command tree's translator (discord.py's `app_commands.Translator`).

For each Discord locale a templates language serves ("es-ES", "es-419": `es`), a command's
description is `templates/<lang>/discord/commands/<command>.j2` ("override.set" for a
subcommand) and an option's `<command>.<option>.j2`; Discord shows them to members whose
client is in that language. Only a language's own files count (English is the commands'
own text, in cogs/), and a command with no file keeps its English (the moderator-only
commands). Names of commands and options are never translated: the bot's words name the
options as they are typed (`user:`, `handle:`). They reach Discord with the commands, when
they are synced (`bot.py sync-commands`); a file that fails, says nothing or is longer
than Discord allows is left out, with a warning, never failing the sync."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Location

from whynot.desk import Desk
from whynot.platforms.discord.common import NAME, WORDS, language_of

log = logging.getLogger(__name__)

COMMANDS = "commands"  # templates/<lang>/discord/commands/
DESCRIPTION_MAX = 100  # Discord's limit for a command's or an option's description


def described(context: app_commands.TranslationContextTypes) -> str | None:
    """The file a description is read from ("whynot", "whynot.user"); None for a name or
    a choice (never translated)."""
    data = context.data
    if context.location in (Location.command_description, Location.group_description):
        assert isinstance(data, app_commands.Command | app_commands.Group)
        return data.qualified_name.replace(" ", ".")
    if context.location is Location.parameter_description:
        assert isinstance(data, app_commands.Parameter)
        return f"{data.command.qualified_name.replace(' ', '.')}.{data.name}"
    return None


class TemplatesTranslator(app_commands.Translator):
    """Descriptions from `templates/<lang>/discord/commands/`, for the languages that have
    their own file; None (Discord shows the English) for any other."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk  # its renderer (the templates folder) read at each sync

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        renderer = self.desk.renderer
        name = described(context)
        language = language_of(locale, renderer.languages)
        if name is None or language == "en":
            return None
        path = f"{WORDS}/{COMMANDS}/{name}"
        if not (renderer.templates / language / f"{path}.j2").is_file():
            return None
        try:
            text = renderer.line(path, platform=NAME, language=language)
        except Exception as exc:  # its file failed: line() found no English to fall back on
            log.warning("templates/%s/%s.j2 failed (%s): described in English", language, path, exc)
            return None
        if len(text) > DESCRIPTION_MAX or "\n" in text:
            log.warning(
                "templates/%s/%s.j2 is not one line of at most %d characters: described in English",
                *(language, path, DESCRIPTION_MAX),
            )
            return None
        return text
