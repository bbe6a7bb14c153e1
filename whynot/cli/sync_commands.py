"""`bot.py sync-commands [--guild ID]`: publish the bot's slash commands to Discord.

Explicit, never on start: Discord rate-limits command updates, and global ones take up to
an hour to reach every server. Run it after installing or upgrading the bot; `--guild ID`
publishes to one server at once (for trying things out). It logs in over HTTP only (no
gateway, no intents) and never touches the bot's database.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import aiohttp
import discord

from scoring import build_owner_index
from whynot.config import ConfigError, Settings, load_settings
from whynot.desk import Desk
from whynot.platforms.discord import DiscordPlatform, create_bot
from whynot.replies import ReplyRenderer
from whynot.store import Store


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


async def sync(settings: Settings, token: str, guild_id: int | None) -> list[str]:
    """Log in, load the cogs (over a throwaway store) and sync; the synced names."""
    with tempfile.TemporaryDirectory(prefix="whynot-sync-") as tmp:
        store = await Store.open(Path(tmp) / "sync.db")
        try:
            desk = Desk(
                store,
                {"discord": DiscordPlatform()},
                ReplyRenderer(),
                build_owner_index(None),
                settings,
            )
            bot = create_bot(desk, intents=discord.Intents.none())
            async with bot:
                await bot.login(token)  # also runs setup_hook, which loads the cogs
                guild = discord.Object(guild_id) if guild_id is not None else None
                if guild is not None:
                    bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
        finally:
            await store.close()
    return [c.name for c in synced]


def run(args: argparse.Namespace) -> int:
    from whynot.cli import UsageError

    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    token = settings.secrets.get("DISCORD_TOKEN")
    if not token:
        raise UsageError(
            "DISCORD_TOKEN is not set: put the bot's token in the environment or in .env"
        )
    where = f"server {args.guild}" if args.guild is not None else "every server"
    try:
        names = asyncio.run(sync(settings, token.reveal(), args.guild))
    except discord.LoginFailure:
        raise UsageError("Discord rejected DISCORD_TOKEN") from None
    except discord.Forbidden:
        raise UsageError(
            f"Discord refused the sync for {where}: is the bot in it, invited with the "
            "applications.commands scope?"
        ) from None
    except discord.HTTPException as exc:
        raise UsageError(f"Discord refused the sync: {exc.status} {exc.text}") from None
    except (aiohttp.ClientError, OSError) as exc:
        raise UsageError(f"cannot reach Discord: {exc}") from None
    later = "" if args.guild is not None else " (global: up to an hour to show everywhere)"
    print(f"synced {len(names)} commands to {where}{later}: /" + ", /".join(names))
    return 0
