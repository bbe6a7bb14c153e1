-- 016 was corrected after release (2c4d428), and a file already at version 16 kept what its
-- first version did: each decision and log entry made by handle alone was tied to the
-- account the bot had last seen with the handle, however long before (a former holder,
-- renamed since, was then told of a decision about whoever held the handle). 016's
-- corrected step again, for those ties: the account whose snapshot was read before the
-- decision and still fresh then, else the first read after it, else '' (by handle, pinned
-- to the account when the bot next meets it, Accounts.save). Only a tie to an account the
-- bot still knows by that handle, where the corrected choice is another, is changed, and
-- only a decision still at the handle it was made under and not made on Discord (its log
-- entry: same handle and time, not source 'discord'): one a later decision moved to its
-- account's new handle (`_make_room`) was tied there by the id it had, right whatever
-- snapshot that handle has; a decision made on Discord and the bot's own entries are left
-- alone (their id may be the adapter's: a member picked, a feed button, right however old
-- the snapshot). No row is added or removed; run again, or on a file made right by 016's
-- corrected step, it changes nothing (each row it changes then has its corrected choice).
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
WHERE account_id != ''
AND EXISTS (
    SELECT 1 FROM accounts AS t
    WHERE t.platform = overrides.platform AND t.account_id = overrides.account_id
    AND t.handle = overrides.handle COLLATE NOCASE)
AND EXISTS (
    SELECT 1 FROM audit_log AS l
    WHERE l.platform = overrides.platform AND l.handle = overrides.handle COLLATE NOCASE
    AND l.at = overrides.created_at AND l.action = overrides.decision AND l.source != 'discord')
AND account_id != COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = overrides.platform AND a.handle = overrides.handle COLLATE NOCASE
    AND a.fetched_at <= overrides.created_at
    AND a.fetched_at + a.ttl_seconds > overrides.created_at
    ORDER BY a.fetched_at DESC LIMIT 1), (
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = overrides.platform AND a.handle = overrides.handle COLLATE NOCASE
    AND a.fetched_at > overrides.created_at
    ORDER BY a.fetched_at LIMIT 1), '');
UPDATE audit_log SET account_id = COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    AND a.fetched_at <= audit_log.at AND a.fetched_at + a.ttl_seconds > audit_log.at
    ORDER BY a.fetched_at DESC LIMIT 1), (
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    AND a.fetched_at > audit_log.at
    ORDER BY a.fetched_at LIMIT 1), '')
WHERE account_id != '' AND action != 'config' AND source NOT IN ('discord', 'bot')
AND EXISTS (
    SELECT 1 FROM accounts AS t
    WHERE t.platform = audit_log.platform AND t.account_id = audit_log.account_id
    AND t.handle = audit_log.handle COLLATE NOCASE)
AND account_id != COALESCE((
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    AND a.fetched_at <= audit_log.at AND a.fetched_at + a.ttl_seconds > audit_log.at
    ORDER BY a.fetched_at DESC LIMIT 1), (
    SELECT a.account_id FROM accounts AS a
    WHERE a.platform = audit_log.platform AND a.handle = audit_log.handle COLLATE NOCASE
    AND a.fetched_at > audit_log.at
    ORDER BY a.fetched_at LIMIT 1), '');
