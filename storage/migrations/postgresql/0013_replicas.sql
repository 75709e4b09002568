-- Several processes on one database: who is alive, who runs the scheduler, and which
-- process holds each delivery (the same tables as SQLite's 0013).

CREATE TABLE replicas (
    id TEXT PRIMARY KEY,         -- host, process id and a random part: new at each start
    started_at TEXT NOT NULL,
    seen_at TEXT NOT NULL        -- its last heartbeat; a replica unseen for long is dead
);

CREATE TABLE leases (
    name TEXT PRIMARY KEY,       -- 'scheduler'
    holder TEXT NOT NULL,        -- a replica's id
    expires_at TEXT NOT NULL     -- renewed by its holder; after it, anyone may take it
);

-- The replica that took a pending delivery into its batch (others leave it alone while
-- that replica lives), then claimed it (status 'sending'). A dead replica's 'sending'
-- rows become 'unknown', as a crash's do.
ALTER TABLE deliveries ADD COLUMN replica TEXT;

-- A changed answer moves one count out and one in. Two replicas changing two
-- registrations' answers the opposite way (A to B, and B to A) took the two tally rows in
-- opposite orders and deadlocked; both are now taken in the order of their values.
CREATE OR REPLACE FUNCTION answers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.value <= NEW.value THEN
        PERFORM tally_out(OLD.registration_id, OLD.question_key, OLD.value);
        PERFORM tally_in(NEW.registration_id, NEW.question_key, NEW.value);
    ELSE
        PERFORM tally_in(NEW.registration_id, NEW.question_key, NEW.value);
        PERFORM tally_out(OLD.registration_id, OLD.question_key, OLD.value);
    END IF;
    DELETE FROM chosen_options
    WHERE registration_id = OLD.registration_id AND question_key = OLD.question_key;
    PERFORM answer_chosen(NEW.registration_id, NEW.question_key, NEW.value);
    PERFORM searched_answer(NEW.registration_id, NEW.question_key);
    RETURN NULL;
END
$$;

-- The same when a registration's status changes: its answers are counted out of the old
-- status and into the new one answer by answer, in the order of the table's rows, which
-- an updated answer changes. Two registrations submitted at once on two replicas could
-- take their shared tally rows in opposite orders; both go by question and value now.
CREATE OR REPLACE FUNCTION registrations_leaving_status() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    answer RECORD;
BEGIN
    FOR answer IN
        SELECT question_key, value FROM answers WHERE registration_id = OLD.id
        ORDER BY question_key, value
    LOOP
        PERFORM tally_out(OLD.id, answer.question_key, answer.value);
    END LOOP;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION registrations_status_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    answer RECORD;
BEGIN
    IF OLD.status IS DISTINCT FROM NEW.status THEN
        FOR answer IN
            SELECT question_key, value FROM answers WHERE registration_id = NEW.id
            ORDER BY question_key, value
        LOOP
            PERFORM tally_in(NEW.id, answer.question_key, answer.value);
        END LOOP;
        INSERT INTO registration_events (registration_id, status, at)
        VALUES (NEW.id, NEW.status, NEW.updated_at);
    END IF;
    UPDATE chosen_options SET status = NEW.status, submitted_at = NEW.submitted_at
    WHERE registration_id = NEW.id;
    RETURN NULL;
END
$$;
