-- Search (/find): every registration's typed answers and its reference code in one full-text
-- document, indexed by SQLite's FTS5, so that a word or a phone number is found among
-- 100,000 registrations from the index instead of by reading every answer. Triggers keep the
-- documents in the transaction of each change, whoever makes it (bot, CLI, retention, /forget).
-- docs/architecture.md ("Search") says why FTS5, and what stands for it on PostgreSQL.

-- The questions whose answers are searched, per call: what people type (names, phones,
-- e-mails, addresses, free text); choices are option names, not words people look for.
CREATE TABLE searched_questions (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    PRIMARY KEY (call_id, question_key)
) WITHOUT ROWID;

CREATE VIEW typed_questions AS
SELECT c.id AS call_id, json_extract(q.value, '$.key') AS question_key
FROM calls c, json_each(c.spec, '$.form.questions') AS q
WHERE json_extract(q.value, '$.type') IN ('text', 'long_text', 'email', 'phone', 'url');

-- One document per registration; its rowid is the registration's id. unicode61 splits words
-- at anything but letters and digits and folds case. (Prefix indexes, `prefix = '2 3'`, would
-- double the index for a few milliseconds on the broadest queries: measured, not worth it.)
CREATE VIRTUAL TABLE registration_search USING fts5 (body, tokenize = 'unicode61');

-- What a registration's document says. Answers are stored normalised (ASCII digits, ی and ک,
-- no invisible marks: bot/domain/normalize.py, since the first release), so the one fold
-- left is ZWNJ, dropped as the query drops it (می‌خواهم and میخواهم are one word). An
-- Iranian phone, stored as +98…, is also written as people type it: 0912… and 912….
CREATE VIEW search_documents (registration_id, body) AS
SELECT r.id, replace(trim(
    coalesce(r.reference_code, '') || ' ' || coalesce((
        SELECT group_concat(
            CASE WHEN v GLOB '+98[1-9]*' THEN v || ' 0' || substr(v, 4) || ' ' || substr(v, 4)
            ELSE v END, ' ')
        FROM (
            SELECT json_extract(a.value, '$') AS v
            FROM answers a
            JOIN searched_questions s
                ON s.call_id = r.call_id AND s.question_key = a.question_key
            WHERE a.registration_id = r.id AND json_type(a.value) = 'text'
        )
    ), '')
), char(8204), '')
FROM registrations r;

-- Writing a registration's id into this view writes its document afresh (or removes it).
-- A document already there is updated in place: a delete and an insert of the same rowid
-- make FTS5 write out its pending words at once (up to five times slower, measured).
CREATE VIEW search_refresh (registration_id) AS SELECT NULL;

CREATE TRIGGER search_refreshed INSTEAD OF INSERT ON search_refresh
BEGIN
    UPDATE registration_search SET body = coalesce((
        SELECT body FROM search_documents WHERE registration_id = NEW.registration_id
    ), '') WHERE rowid = NEW.registration_id;
    DELETE FROM registration_search WHERE rowid = NEW.registration_id AND body = '';
    INSERT INTO registration_search (rowid, body)
    SELECT registration_id, body FROM search_documents
    WHERE registration_id = NEW.registration_id AND body != ''
        AND NOT EXISTS (SELECT 1 FROM registration_search WHERE rowid = NEW.registration_id);
END;

-- An answer to a searched question written, changed or cleared (a choice changes nothing).
CREATE VIEW searched_answer (registration_id, question_key) AS SELECT NULL, NULL;

CREATE TRIGGER searched_answer_changed INSTEAD OF INSERT ON searched_answer
BEGIN
    INSERT INTO search_refresh
    SELECT r.id FROM registrations r
    JOIN searched_questions s ON s.call_id = r.call_id AND s.question_key = NEW.question_key
    WHERE r.id = NEW.registration_id;
END;

CREATE TRIGGER answers_searched_on_insert AFTER INSERT ON answers
BEGIN
    INSERT INTO searched_answer VALUES (NEW.registration_id, NEW.question_key);
END;

CREATE TRIGGER answers_searched_on_update AFTER UPDATE OF value ON answers
WHEN OLD.value IS NOT NEW.value
BEGIN
    INSERT INTO searched_answer VALUES (NEW.registration_id, NEW.question_key);
END;

-- A registration without a document has no words to lose. (So answers erased in bulk, their
-- documents removed first, cost nothing here; and when a registration is deleted, its
-- answers go by cascade after it and its own trigger has removed its document.)
CREATE TRIGGER answers_searched_on_delete AFTER DELETE ON answers
WHEN EXISTS (SELECT 1 FROM registration_search WHERE rowid = OLD.registration_id)
BEGIN
    INSERT INTO searched_answer VALUES (OLD.registration_id, OLD.question_key);
END;

CREATE TRIGGER registrations_searched_on_code AFTER UPDATE OF reference_code ON registrations
WHEN OLD.reference_code IS NOT NEW.reference_code
BEGIN
    INSERT INTO search_refresh VALUES (NEW.id);
END;

CREATE TRIGGER registrations_unsearched_on_delete AFTER DELETE ON registrations
BEGIN
    DELETE FROM registration_search WHERE rowid = OLD.id;
END;

CREATE TRIGGER calls_searched_on_insert AFTER INSERT ON calls
BEGIN
    INSERT INTO searched_questions (call_id, question_key)
    SELECT call_id, question_key FROM typed_questions WHERE call_id = NEW.id;
END;

-- A changed form: its typed questions again, and the documents of those who answered a
-- question that joins or leaves the search written afresh (a new question, the usual
-- change, has no answers yet: nothing to rewrite).
CREATE TABLE search_stale (registration_id INTEGER PRIMARY KEY);

CREATE TRIGGER calls_searched_on_form_change AFTER UPDATE OF spec ON calls
WHEN json_extract(OLD.spec, '$.form') IS NOT json_extract(NEW.spec, '$.form')
BEGIN
    INSERT OR IGNORE INTO search_stale
    SELECT a.registration_id FROM registrations r JOIN answers a ON a.registration_id = r.id
    WHERE r.call_id = NEW.id AND a.question_key IN (
        SELECT question_key FROM (
            SELECT question_key FROM searched_questions WHERE call_id = NEW.id
            UNION ALL
            SELECT question_key FROM typed_questions WHERE call_id = NEW.id
        ) GROUP BY question_key HAVING COUNT(*) = 1
    );
    DELETE FROM searched_questions WHERE call_id = NEW.id;
    INSERT INTO searched_questions (call_id, question_key)
    SELECT call_id, question_key FROM typed_questions WHERE call_id = NEW.id;
    INSERT INTO search_refresh SELECT registration_id FROM search_stale;
    DELETE FROM search_stale;
END;

-- The query an admin's result pages belong to (a button's payload holds only the page).
CREATE TABLE admin_searches (
    admin_id INTEGER PRIMARY KEY,
    query TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- What is already stored.
INSERT INTO searched_questions (call_id, question_key)
SELECT call_id, question_key FROM typed_questions;
INSERT INTO registration_search (rowid, body)
SELECT registration_id, body FROM search_documents WHERE body != '';
