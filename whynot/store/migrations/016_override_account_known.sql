-- Decisions and moderation log entries made before 015 name their account by handle
-- alone: each is given the id of the account the bot last saw with that handle (case
-- ignored), so a decision taken before the upgrade follows a later change of handle too.
-- One the bot never met keeps '' (matched by handle, as before).
UPDATE overrides SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = overrides.platform AND a.handle = overrides.handle COLLATE NOCASE
    ORDER BY a.fetched_at DESC LIMIT 1), '')
WHERE account_id = '';
UPDATE audit_log SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    ORDER BY a.fetched_at DESC LIMIT 1), '')
WHERE account_id = '' AND action != 'config';
