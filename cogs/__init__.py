"""discord.py extensions, one concern each; thin: they turn Discord events into desk and
store calls. The bot that loads them, and what they share (identities, per-server
settings, the moderator check), live in `whynot.platforms.discord`.

- `whynot`: `/whynot` about oneself, a member, or an account elsewhere.
- `mentions`: a message that mentions the bot (or replies to it) goes to the desk.
- `moderation`: `/override set|clear|list|history`, for moderators, in the moderation log.
- `feed`: the team's channel: replies with their verdict, failures, unfollows and
  refollows, with approve/deny buttons.
- `settings`: `/whynot-config` for server admins (feed channel, moderator role, tone,
  cooldown, public answers).
"""
