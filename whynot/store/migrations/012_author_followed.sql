-- Whether the owner follows a message's author, as the platform said when the author was
-- named (1 yes, 0 no, NULL unknown): a retry in a new process keeps it without paying X
-- for the profile again.
ALTER TABLE messages ADD COLUMN author_followed INTEGER;
