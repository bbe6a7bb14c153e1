-- Bluesky: the record key of each follow record naming the owner, kept from Jetstream
-- creates (and learnt from getRelationships), so a delete, which carries only its author
-- and record key, is recognised as an unfollow.
CREATE TABLE bluesky_follows (
    owner TEXT NOT NULL, follower TEXT NOT NULL, rkey TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (owner, follower, rkey)) WITHOUT ROWID;
