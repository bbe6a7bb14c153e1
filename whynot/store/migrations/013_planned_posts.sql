-- The posts a reply was planned as (a JSON list of their texts), kept before the first of
-- a thread is sent: a thread cut after some of them (the platform refusing the next, the
-- process stopped between two) is completed later with the same texts, under the last post
-- made, never rendered again (whynot.thread_rest). NULL: nothing kept (one post, or older).
ALTER TABLE messages ADD COLUMN planned_posts TEXT;
