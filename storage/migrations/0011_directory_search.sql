-- Search in the directory of experts (`/directory <text>`, and 🔎 on its screen): each entry's
-- typed profile answers in one full-text document, indexed by FTS5 as /find's registrations
-- are (migration 0008), and matched by the same query. Triggers keep the documents in the
-- transaction of every change to an entry, whoever makes it: a newer registration, leaving
-- the directory, /forget (the user's row cascades to the entry), retention.

-- One document per entry; its rowid is the entry's user id.
CREATE VIRTUAL TABLE directory_search USING fts5 (body, tokenize = 'unicode61');

-- What an entry's document says, in the form of 0008's documents: answers are stored
-- normalised, ZWNJ is dropped, and an Iranian phone (+98…) is also written 0912… and 912….
-- The answers in it are those to typed questions (0008's searched_questions: names, phones,
-- e-mails, texts) of calls that keep a directory; a choice's answer is an option's name,
-- counted and filtered on the /directory screen instead.
CREATE VIEW directory_documents (user_id, body) AS
SELECT e.user_id, replace(trim(coalesce((
    SELECT group_concat(
        CASE WHEN p.value GLOB '+98[1-9]*'
        THEN p.value || ' 0' || substr(p.value, 4) || ' ' || substr(p.value, 4)
        ELSE p.value END, ' ')
    FROM json_each(e.profile) AS p
    WHERE p.type = 'text' AND p.key IN (
        SELECT s.question_key FROM searched_questions s JOIN calls c ON c.id = s.call_id
        WHERE json_type(c.spec, '$.directory') = 'object'
    )
), '')), char(8204), '')
FROM directory_entries e;

CREATE TRIGGER directory_searched_on_insert AFTER INSERT ON directory_entries
BEGIN
    INSERT INTO directory_search (rowid, body)
    SELECT user_id, body FROM directory_documents WHERE user_id = NEW.user_id AND body != '';
END;

-- A profile changed (a newer registration's answers): its document written afresh, in place
-- (as 0008's search_refreshed does, for the same reason). A renewal alone changes nothing.
CREATE TRIGGER directory_searched_on_update AFTER UPDATE OF profile ON directory_entries
WHEN OLD.profile IS NOT NEW.profile
BEGIN
    UPDATE directory_search SET body = coalesce((
        SELECT body FROM directory_documents WHERE user_id = NEW.user_id
    ), '') WHERE rowid = NEW.user_id;
    DELETE FROM directory_search WHERE rowid = NEW.user_id AND body = '';
    INSERT INTO directory_search (rowid, body)
    SELECT user_id, body FROM directory_documents
    WHERE user_id = NEW.user_id AND body != ''
        AND NOT EXISTS (SELECT 1 FROM directory_search WHERE rowid = NEW.user_id);
END;

CREATE TRIGGER directory_unsearched_on_delete AFTER DELETE ON directory_entries
BEGIN
    DELETE FROM directory_search WHERE rowid = OLD.user_id;
END;

-- The search an admin's pages of the directory belong to (NULL: the filters alone).
ALTER TABLE directory_views ADD COLUMN query TEXT;

-- What is already stored.
INSERT INTO directory_search (rowid, body)
SELECT user_id, body FROM directory_documents WHERE body != '';
