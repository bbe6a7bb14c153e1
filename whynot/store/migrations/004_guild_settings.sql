-- Per-server settings for Discord (feed channel, moderator role, tone, cooldown).
CREATE TABLE guild_settings (
    guild_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    updated_by TEXT NOT NULL, updated_at REAL NOT NULL,
    PRIMARY KEY (guild_id, key));
