-- What paid API calls cost (X charges per read and per post).
CREATE TABLE spend (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, platform TEXT NOT NULL,
    kind TEXT NOT NULL, units INTEGER NOT NULL, usd REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '');
CREATE INDEX spend_by_time ON spend (platform, at);
