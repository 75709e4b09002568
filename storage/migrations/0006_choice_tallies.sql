-- How a call's choice questions split, kept up to date by triggers in the transaction of each
-- change, so the statistics screen reads a few rows instead of every answer of the call
-- (about 100 ms per question at 100,000 registrations). Every path that changes an answer,
-- a registration's status or a call's form is covered, whoever takes it (bot, CLI, retention).

-- The choice questions of each call, from its stored spec.
CREATE TABLE tallied_questions (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    PRIMARY KEY (call_id, question_key)
) WITHOUT ROWID;

-- Registrations of each status that gave each stored answer (JSON: one option, or a list).
CREATE TABLE choice_tallies (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    status TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (call_id, question_key, status, value)
) WITHOUT ROWID;

-- What the spec says, and what the answers say: the sources the tallies are built from.
CREATE VIEW choice_questions AS
SELECT c.id AS call_id, json_extract(q.value, '$.key') AS question_key
FROM calls c, json_each(c.spec, '$.form.questions') AS q
WHERE json_extract(q.value, '$.type') IN ('choice', 'multi_choice');

CREATE VIEW choices_counted AS
SELECT r.call_id, a.question_key, r.status, a.value, COUNT(*) AS n
FROM registrations r
JOIN answers a ON a.registration_id = r.id
JOIN tallied_questions t ON t.call_id = r.call_id AND t.question_key = a.question_key
GROUP BY r.call_id, a.question_key, r.status, a.value;

-- One answer counted in, or out, under its registration's status at that moment. Inserting
-- into these views is how every trigger below changes a tally: the arithmetic is here once.
CREATE VIEW tally_in (registration_id, question_key, value) AS SELECT NULL, NULL, NULL;
CREATE VIEW tally_out (registration_id, question_key, value) AS SELECT NULL, NULL, NULL;

CREATE TRIGGER tally_in_counts INSTEAD OF INSERT ON tally_in
BEGIN
    INSERT INTO choice_tallies (call_id, question_key, status, value, n)
    SELECT r.call_id, NEW.question_key, r.status, NEW.value, 1
    FROM registrations r
    JOIN tallied_questions t ON t.call_id = r.call_id AND t.question_key = NEW.question_key
    WHERE r.id = NEW.registration_id
    ON CONFLICT (call_id, question_key, status, value) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_out_counts INSTEAD OF INSERT ON tally_out
BEGIN
    UPDATE choice_tallies SET n = n - 1
    WHERE (call_id, question_key, status, value) = (
        SELECT r.call_id, NEW.question_key, r.status, NEW.value
        FROM registrations r WHERE r.id = NEW.registration_id
    );
END;

CREATE TRIGGER answers_tallied_on_insert AFTER INSERT ON answers
BEGIN
    INSERT INTO tally_in VALUES (NEW.registration_id, NEW.question_key, NEW.value);
END;

CREATE TRIGGER answers_tallied_on_update AFTER UPDATE OF value ON answers
WHEN OLD.value IS NOT NEW.value
BEGIN
    INSERT INTO tally_out VALUES (OLD.registration_id, OLD.question_key, OLD.value);
    INSERT INTO tally_in VALUES (NEW.registration_id, NEW.question_key, NEW.value);
END;

-- (When a registration itself is deleted, its answers go by cascade after it: tally_out then
-- finds no registration, and the registration's own trigger has counted them out.)
CREATE TRIGGER answers_tallied_on_delete AFTER DELETE ON answers
BEGIN
    INSERT INTO tally_out VALUES (OLD.registration_id, OLD.question_key, OLD.value);
END;

-- Out under the old status before the row changes, in under the new one after.
CREATE TRIGGER registrations_untallied_on_status BEFORE UPDATE OF status ON registrations
WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO tally_out
    SELECT registration_id, question_key, value FROM answers WHERE registration_id = OLD.id;
END;

CREATE TRIGGER registrations_tallied_on_status AFTER UPDATE OF status ON registrations
WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO tally_in
    SELECT registration_id, question_key, value FROM answers WHERE registration_id = NEW.id;
END;

CREATE TRIGGER registrations_untallied_on_delete BEFORE DELETE ON registrations
BEGIN
    INSERT INTO tally_out
    SELECT registration_id, question_key, value FROM answers WHERE registration_id = OLD.id;
END;

CREATE TRIGGER calls_tallied_on_insert AFTER INSERT ON calls
BEGIN
    INSERT INTO tallied_questions (call_id, question_key)
    SELECT call_id, question_key FROM choice_questions WHERE call_id = NEW.id;
END;

-- A changed form: its choice questions again, and their tallies counted afresh.
CREATE TRIGGER calls_tallied_on_form_change AFTER UPDATE OF spec ON calls
WHEN json_extract(OLD.spec, '$.form') IS NOT json_extract(NEW.spec, '$.form')
BEGIN
    DELETE FROM tallied_questions WHERE call_id = NEW.id;
    INSERT INTO tallied_questions (call_id, question_key)
    SELECT call_id, question_key FROM choice_questions WHERE call_id = NEW.id;
    DELETE FROM choice_tallies WHERE call_id = NEW.id;
    INSERT INTO choice_tallies (call_id, question_key, status, value, n)
    SELECT call_id, question_key, status, value, n FROM choices_counted WHERE call_id = NEW.id;
END;

-- What is already stored.
INSERT INTO tallied_questions (call_id, question_key)
SELECT call_id, question_key FROM choice_questions;
INSERT INTO choice_tallies (call_id, question_key, status, value, n)
SELECT call_id, question_key, status, value, n FROM choices_counted;
