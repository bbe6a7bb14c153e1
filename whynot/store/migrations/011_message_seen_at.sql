-- When a message was first seen, so a question kept waiting (for money, write access, room
-- in the hour) is given up after `[replies] max_wait_days` rather than answered that late.
-- Rows from before start their wait at their last update: never given up early.
ALTER TABLE messages ADD COLUMN seen_at REAL;
UPDATE messages SET seen_at = updated_at WHERE seen_at IS NULL;
