-- Indexes for Accounts.held_at (a feed button by handle alone, read before Discord's 3 s to
-- answer): each source of sightings is read by handle (case ignored) and by account id,
-- never scanned whole (a busy owner's follow events alone are hundreds of thousands).
CREATE INDEX IF NOT EXISTS messages_by_author_handle
    ON messages (platform, author_handle COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS messages_by_author_id ON messages (platform, author_id);
CREATE INDEX IF NOT EXISTS follow_events_by_handle
    ON follow_events (platform, handle COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS review_requests_by_subject_handle
    ON review_requests (platform, subject_handle COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS review_requests_by_subject_id
    ON review_requests (platform, subject_id);
