-- The first schema: account cache, messages and their reply state, cooldowns, overrides,
-- the moderation log (table audit_log), cursors, follower snapshots and follow events.
CREATE TABLE accounts (
    platform TEXT NOT NULL, account_id TEXT NOT NULL, handle TEXT NOT NULL,
    fetched_at REAL NOT NULL, ttl_seconds REAL NOT NULL, snapshot TEXT NOT NULL,
    PRIMARY KEY (platform, account_id));
CREATE INDEX accounts_by_handle ON accounts (platform, handle COLLATE NOCASE);
CREATE TABLE messages (
    platform TEXT NOT NULL, message_id TEXT NOT NULL,
    author_id TEXT NOT NULL, author_handle TEXT NOT NULL, author_name TEXT NOT NULL,
    channel_id TEXT, text TEXT NOT NULL, intent TEXT,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'skipped')),
    reason TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL, claimed_at REAL, sent_at REAL,
    reply_ids TEXT NOT NULL DEFAULT '[]', updated_at REAL NOT NULL,
    PRIMARY KEY (platform, message_id));
CREATE INDEX messages_by_state ON messages (state, next_attempt_at);
CREATE INDEX messages_by_sent_at ON messages (sent_at) WHERE sent_at IS NOT NULL;
CREATE TABLE cooldowns (
    platform TEXT NOT NULL, user_id TEXT NOT NULL, last_reply_at REAL NOT NULL,
    PRIMARY KEY (platform, user_id));
CREATE TABLE overrides (
    platform TEXT NOT NULL, handle TEXT NOT NULL COLLATE NOCASE,
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'deny')),
    reason TEXT NOT NULL, moderator TEXT NOT NULL, created_at REAL NOT NULL,
    PRIMARY KEY (platform, handle));
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, platform TEXT NOT NULL, handle TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '');
CREATE INDEX audit_by_account ON audit_log (platform, handle COLLATE NOCASE, at);
CREATE TABLE cursors (
    platform TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
    updated_at REAL NOT NULL, PRIMARY KEY (platform, name));
CREATE TABLE follower_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL,
    owner_id TEXT NOT NULL, started_at REAL NOT NULL, finished_at REAL,
    next_cursor TEXT, count INTEGER NOT NULL DEFAULT 0);
CREATE TABLE follower_ids (
    snapshot_id INTEGER NOT NULL, account_id TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, account_id)) WITHOUT ROWID;
CREATE TABLE follow_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL,
    account_id TEXT NOT NULL, handle TEXT NOT NULL, kind TEXT NOT NULL,
    at REAL NOT NULL, notified_at REAL);
