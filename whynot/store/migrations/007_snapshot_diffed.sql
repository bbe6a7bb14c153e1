-- A finished snapshot remembers being compared, so a crash between the last page and the
-- diff is caught up on the next crawl instead of losing those unfollows.
ALTER TABLE follower_snapshots ADD COLUMN diffed_at REAL;
UPDATE follower_snapshots SET diffed_at = finished_at WHERE finished_at IS NOT NULL;
