"""The Discord adapter, by concern:

- `common`: constants (what may be pinged), errors users see and the words members are
  told in their language (`words`, from `templates/<lang>/discord/`), who a Discord user
  is to the core (`identity_of`), per-server settings (`GuildConfig`), one way to answer;
- `checks`: the moderator and admin checks (they never import the bot);
- `platform`: `DiscordPlatform`, the `Platform` the desk talks to;
- `asked`: a server message asking the bot, as the desk's `Mention` (`mention_of`), and
  given to the desk (`answer`): the one path of a live message and of one read later;
- `catchup`: when the bot becomes ready, what was asked while it was away, read from the
  channels' history (`Listening`, kept by the mentions cog);
- `translator`: the slash commands' descriptions in each language of `templates/`;
- `bot`: the bot hosting the cogs (found by walking the `cogs` package), the command
  tree's one error handler, `run_discord`, `sync_commands`;
- `keep`: `keep_discord`, Discord beside the other platforms in `bot.py run` (retried while
  unreachable; a token reset while it runs stops Discord alone).

Safety: every message the bot sends defaults to pinging nobody (`NO_PINGS`); a reply to a
question may ping its asker only (`ONLY_ASKER`); user text is escaped before it is shown.
"""

from whynot.moderation import OverrideChange  # the core's event, dispatched for the feed
from whynot.platforms.discord.bot import (
    ShardedWhyNotBot,
    WhyNotBot,
    WhyNotTree,
    create_bot,
    requested_intents,
    run_discord,
    sync_commands,
)
from whynot.platforms.discord.checks import (
    admin_only,
    is_moderator,
    moderator_only,
    require_admin,
    require_moderator,
)
from whynot.platforms.discord.common import (
    CHANNELS_SCANNED,
    INTENT_FALLBACKS,
    MESSAGES_PER_CHANNEL,
    NAME,
    NO_PINGS,
    ONLY_ASKER,
    SLASH_PREFIX,
    WORDS,
    DiscordError,
    DiscordStopped,
    GuildConfig,
    NotModerator,
    UserFacingError,
    acknowledge,
    actor_of,
    describe,
    fit_lines,
    identity_of,
    language_of,
    respond,
    target_of,
    words,
)
from whynot.platforms.discord.platform import (
    DiscordPlatform,
    to_post,
)

__all__ = [
    "CHANNELS_SCANNED",
    "INTENT_FALLBACKS",
    "MESSAGES_PER_CHANNEL",
    "NAME",
    "NO_PINGS",
    "ONLY_ASKER",
    "SLASH_PREFIX",
    "WORDS",
    "DiscordError",
    "DiscordPlatform",
    "DiscordStopped",
    "GuildConfig",
    "NotModerator",
    "OverrideChange",
    "ShardedWhyNotBot",
    "UserFacingError",
    "WhyNotBot",
    "WhyNotTree",
    "acknowledge",
    "actor_of",
    "admin_only",
    "create_bot",
    "describe",
    "fit_lines",
    "identity_of",
    "is_moderator",
    "language_of",
    "moderator_only",
    "requested_intents",
    "require_admin",
    "require_moderator",
    "respond",
    "run_discord",
    "sync_commands",
    "target_of",
    "to_post",
    "words",
]
