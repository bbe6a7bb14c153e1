-- Remember each reply's language and template, and where a moderator acted from.
ALTER TABLE messages ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE messages ADD COLUMN template TEXT;
ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT 'cli';
