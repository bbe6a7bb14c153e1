-- Decisions and moderation log entries made before 015 name their account by handle
-- alone: each is given the id of an account the bot saw with that handle (case ignored),
-- so a decision taken before the upgrade follows a later change of handle too. Only a
-- snapshot that was still fresh when the decision was made (the last read before it, as
-- Accounts.id_of decides), else the first read after it (as Accounts.save pins one): a
-- snapshot already stale then may be a former holder of the handle, renamed since. One
-- the bot never met (or only long before) keeps '' (matched by handle, as before).
UPDATE overrides SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = overrides.platform AND a.handle = overrides.handle COLLATE NOCASE
    AND a.fetched_at <= overrides.created_at
    AND a.fetched_at + a.ttl_seconds > overrides.created_at
    ORDER BY a.fetched_at DESC LIMIT 1), (
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = overrides.platform AND a.handle = overrides.handle COLLATE NOCASE
    AND a.fetched_at > overrides.created_at
    ORDER BY a.fetched_at LIMIT 1), '')
WHERE account_id = '';
UPDATE audit_log SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    AND a.fetched_at <= audit_log.at AND a.fetched_at + a.ttl_seconds > audit_log.at
    ORDER BY a.fetched_at DESC LIMIT 1), (
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    AND a.fetched_at > audit_log.at
    ORDER BY a.fetched_at LIMIT 1), '')
WHERE account_id = '' AND action != 'config';
