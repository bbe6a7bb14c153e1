-- A moderator's decision follows the account, not its handle: the account's id is kept
-- beside the handle where it is known (a member picked on Discord, an account the bot has
-- met), in the decision and in its moderation log entries, so a member who changes their
-- handle keeps the team's decision and its history, and whoever takes up the old handle
-- does not inherit it. '': not known (decided by handle before the bot met the account).
ALTER TABLE overrides ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
CREATE INDEX overrides_by_account ON overrides (platform, account_id);
ALTER TABLE audit_log ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_by_account_id ON audit_log (platform, account_id, at);
