-- Registrants as admins browse them: each registration's history of statuses, the options
-- each registration chose (to list a call's registrants by an answer, newest first, from an
-- index at 100,000 registrations), and a person's messages found by their chat.

-- Every status a registration took, and when (its card shows the history). Written by
-- triggers, so every path that changes a status (bot, command line, retention) is covered;
-- the moment is the row's updated_at, which each change sets from the application's clock.
CREATE TABLE registration_events (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX registration_events_by_registration ON registration_events (registration_id, id);

CREATE TRIGGER registrations_evented_on_insert AFTER INSERT ON registrations
BEGIN
    INSERT INTO registration_events (registration_id, status, at)
    VALUES (NEW.id, NEW.status, NEW.updated_at);
END;

CREATE TRIGGER registrations_evented_on_status AFTER UPDATE OF status ON registrations
WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO registration_events (registration_id, status, at)
    VALUES (NEW.id, NEW.status, NEW.updated_at);
END;

-- What is known of the registrations already stored: started, submitted (or waitlisted),
-- and where they stand now when that came later.
INSERT INTO registration_events (registration_id, status, at)
SELECT id, 'draft', created_at FROM registrations;
INSERT INTO registration_events (registration_id, status, at)
SELECT id, CASE WHEN status = 'waitlisted' THEN 'waitlisted' ELSE 'submitted' END, submitted_at
FROM registrations WHERE submitted_at IS NOT NULL;
INSERT INTO registration_events (registration_id, status, at)
SELECT id, status, COALESCE(withdrawn_at, updated_at) FROM registrations
WHERE status IN ('accepted', 'rejected', 'withdrawn');

-- One row per option a registration chose in a choice or multi-choice question, carrying
-- the registration's status and submission time: "expertise = privacy, newest first" is one
-- range of one index, paged or counted without reading the registrations (a status filter
-- is read from the same index entries). The table's own key serves the triggers below.
CREATE TABLE chosen_options (
    registration_id INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    option TEXT NOT NULL,
    call_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    submitted_at TEXT,
    PRIMARY KEY (registration_id, question_key, option)
) WITHOUT ROWID;
CREATE INDEX chosen_options_newest
    ON chosen_options (call_id, question_key, option, submitted_at, registration_id, status);

-- A stored answer (JSON: one option, or a list of them) as rows, for the call's choice
-- questions only (json_each reads a single option as a list of one).
CREATE VIEW options_chosen AS
SELECT a.registration_id, a.question_key, o.value AS option, r.call_id, r.status,
       r.submitted_at
FROM answers a
JOIN registrations r ON r.id = a.registration_id
JOIN choice_questions q ON q.call_id = r.call_id AND q.question_key = a.question_key,
     json_each(a.value) o;

CREATE TRIGGER answers_chosen_on_insert AFTER INSERT ON answers
BEGIN
    INSERT OR IGNORE INTO chosen_options
    SELECT NEW.registration_id, NEW.question_key, o.value, r.call_id, r.status, r.submitted_at
    FROM registrations r
    JOIN tallied_questions t ON t.call_id = r.call_id AND t.question_key = NEW.question_key,
         json_each(NEW.value) o
    WHERE r.id = NEW.registration_id;
END;

CREATE TRIGGER answers_chosen_on_update AFTER UPDATE OF value ON answers
WHEN OLD.value IS NOT NEW.value
BEGIN
    DELETE FROM chosen_options
    WHERE registration_id = OLD.registration_id AND question_key = OLD.question_key;
    INSERT OR IGNORE INTO chosen_options
    SELECT NEW.registration_id, NEW.question_key, o.value, r.call_id, r.status, r.submitted_at
    FROM registrations r
    JOIN tallied_questions t ON t.call_id = r.call_id AND t.question_key = NEW.question_key,
         json_each(NEW.value) o
    WHERE r.id = NEW.registration_id;
END;

CREATE TRIGGER answers_unchosen_on_delete AFTER DELETE ON answers
BEGIN
    DELETE FROM chosen_options
    WHERE registration_id = OLD.registration_id AND question_key = OLD.question_key;
END;

CREATE TRIGGER registrations_chosen_on_status AFTER UPDATE OF status, submitted_at
ON registrations
WHEN OLD.status IS NOT NEW.status OR OLD.submitted_at IS NOT NEW.submitted_at
BEGIN
    UPDATE chosen_options SET status = NEW.status, submitted_at = NEW.submitted_at
    WHERE registration_id = NEW.id;
END;

CREATE TRIGGER registrations_unchosen_on_delete AFTER DELETE ON registrations
BEGIN
    DELETE FROM chosen_options WHERE registration_id = OLD.id;
END;

-- A changed form: its choice questions read again from the new spec (not from
-- tallied_questions, which another trigger of the same change rebuilds).
CREATE TRIGGER calls_chosen_on_form_change AFTER UPDATE OF spec ON calls
WHEN json_extract(OLD.spec, '$.form') IS NOT json_extract(NEW.spec, '$.form')
BEGIN
    DELETE FROM chosen_options WHERE call_id = NEW.id;
    INSERT OR IGNORE INTO chosen_options
    SELECT registration_id, question_key, option, call_id, status, submitted_at
    FROM options_chosen WHERE call_id = NEW.id;
END;

INSERT OR IGNORE INTO chosen_options
SELECT registration_id, question_key, option, call_id, status, submitted_at FROM options_chosen;

-- A person's messages, newest first, without reading every delivery (their card, /mydata).
CREATE INDEX deliveries_by_chat ON deliveries (chat_id, id);
