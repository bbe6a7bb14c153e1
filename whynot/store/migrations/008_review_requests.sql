-- Issue 18: "a person on my team can review this: just ask" reaches a person.
-- review_requests: one row per asker's request (the message that asked), with what a
-- moderator needs to decide (the verdict line, the evidence, the reply we had sent), the
-- decision once made, and the follow-up reply's own exactly-once state (claimed before
-- it is sent, sent or failed after).
CREATE TABLE review_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform TEXT NOT NULL, message_id TEXT NOT NULL,
    asker_id TEXT NOT NULL, asker_handle TEXT NOT NULL, asker_name TEXT NOT NULL,
    channel_id TEXT, text TEXT NOT NULL, language TEXT NOT NULL DEFAULT 'en',
    subject_id TEXT NOT NULL, subject_handle TEXT NOT NULL,
    answer_message_id TEXT, answer_template TEXT NOT NULL DEFAULT '',
    answer_text TEXT NOT NULL DEFAULT '', verdict_line TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL, reminded_at REAL,
    decision TEXT CHECK (decision IN ('approve', 'deny')), decided_by TEXT,
    decided_at REAL, note TEXT NOT NULL DEFAULT '',
    followup_state TEXT CHECK (followup_state IN ('claimed', 'sent', 'failed')),
    followup_attempts INTEGER NOT NULL DEFAULT 0, followup_next_at REAL,
    followup_ids TEXT NOT NULL DEFAULT '[]', followup_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (platform, message_id));
CREATE INDEX review_requests_open ON review_requests (platform, subject_handle COLLATE NOCASE)
    WHERE decision IS NULL;
CREATE INDEX review_requests_by_asker ON review_requests (platform, asker_id, created_at);
-- Which of our posts answered which message: a reply to one of them is about our answer.
-- Kept by a trigger when a reply is marked sent, and filled from the replies sent so far.
CREATE TABLE reply_posts (
    platform TEXT NOT NULL, post_id TEXT NOT NULL, message_id TEXT NOT NULL,
    PRIMARY KEY (platform, post_id)) WITHOUT ROWID;
INSERT OR IGNORE INTO reply_posts (platform, post_id, message_id)
    SELECT m.platform, j.value, m.message_id FROM messages AS m, json_each(m.reply_ids) AS j
    WHERE m.state = 'sent';
CREATE TRIGGER reply_posts_on_sent AFTER UPDATE OF state ON messages
   WHEN NEW.state = 'sent'
   BEGIN
     INSERT OR IGNORE INTO reply_posts (platform, post_id, message_id)
     SELECT NEW.platform, value, NEW.message_id FROM json_each(NEW.reply_ids);
   END;
