-- The posts a review follow-up was planned as (a JSON list of their texts), kept before the
-- first of a thread is sent: one cut after some of them (the platform refusing the next,
-- the process stopped between two) is completed later with the same texts, under the last
-- post made (whynot.review_rest); its posts made are kept in followup_ids meanwhile.
-- NULL: nothing kept (one post, or older).
ALTER TABLE review_requests ADD COLUMN followup_planned TEXT;
