-- Follow events carry a status (new, confirmed, flap, gone, protected, notified, shown), so
-- an unfollow is only announced once it is sure and settled.
ALTER TABLE follow_events ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
CREATE INDEX follow_events_by_account ON follow_events (platform, account_id, at);
CREATE INDEX follow_events_by_status ON follow_events (status, kind, at);
