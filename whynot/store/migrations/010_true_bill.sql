-- The true bill (issue 17). X charges a resource read twice in one UTC day once: what was
-- read today, per kind, so the ledger charges only first reads. Pruned to the current day.
CREATE TABLE spend_reads (
    platform TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, resource TEXT NOT NULL,
    PRIMARY KEY (platform, day, kind, resource)) WITHOUT ROWID;
-- Each change of spend mode (normal, lean, exhausted), for `bot.py cost`.
CREATE TABLE spend_modes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, platform TEXT NOT NULL,
    mode TEXT NOT NULL, left_usd REAL NOT NULL);
CREATE INDEX spend_modes_by_time ON spend_modes (platform, at);
