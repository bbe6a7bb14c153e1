-- A sent reply starts the asker's cooldown inside the same statement (a trigger), and a
-- person's last reply is found by index: one round trip each instead of four.
CREATE TRIGGER cooldown_on_sent AFTER UPDATE OF state ON messages
   WHEN NEW.state = 'sent' AND NEW.sent_at IS NOT NULL
   BEGIN
     INSERT INTO cooldowns (platform, user_id, last_reply_at)
     VALUES (NEW.platform, NEW.author_id, NEW.sent_at)
     ON CONFLICT (platform, user_id) DO UPDATE SET last_reply_at = excluded.last_reply_at;
   END;
