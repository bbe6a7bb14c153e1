"""`bot.py sync-commands [--guild ID]`: publish the bot's slash commands to Discord.

Explicit, never on start: Discord rate-limits command updates, and global ones take up to
an hour to reach every server. Run it after installing or upgrading the bot; `--guild ID`
publishes to one server at once (for trying things out). It logs in over HTTP only (no
gateway, no intents) and never touches the bot's database.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from whynot.cli.errors import UsageError
from whynot.config import ConfigError, load_settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sync-commands",
        help="publish /whynot, /override and /whynot-config to Discord (needs DISCORD_TOKEN)",
        description="Registers the bot's slash commands with Discord. Global commands can "
        "take up to an hour to appear in every server; --guild publishes them to one server "
        "at once. Needs DISCORD_TOKEN in the environment or .env. The bot never syncs by "
        "itself, so run this after installing or upgrading.",
    )
    p.add_argument("--guild", type=int, metavar="ID", help="one server's id (developer mode)")
    p.add_argument("--config", type=Path, help="config file (default data/config.toml)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from whynot.owner_config import OwnerConfigError, owner_varieties
    from whynot.platforms.discord import DiscordError, sync_commands

    try:
        settings = load_settings(args.config)
        settings.check_pasted()
        varieties = owner_varieties(settings.owner_config)  # pt-PT descriptions, if chosen
        names = asyncio.run(sync_commands(settings, args.guild, varieties))
    except (ConfigError, DiscordError, OwnerConfigError) as exc:
        raise UsageError(str(exc)) from None
    where = f"server {args.guild}" if args.guild is not None else "every server"
    later = "" if args.guild is not None else " (global: up to an hour to show everywhere)"
    print(f"synced {len(names)} commands to {where}{later}: /" + ", /".join(names))
    return 0
