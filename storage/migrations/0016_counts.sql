-- How many registrations each call has in each status, and how many people the directory
-- holds, kept as rows come and go: /admin shows the first and /directory the second at every
-- look, and counting them grew with the data on both databases (on PostgreSQL two to three
-- times SQLite's cost per row). A status nobody holds any more keeps its row at 0.

CREATE TABLE registration_counts (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (call_id, status)
) WITHOUT ROWID;

INSERT INTO registration_counts (call_id, status, n)
SELECT call_id, status, COUNT(*) FROM registrations GROUP BY call_id, status;

CREATE TRIGGER registration_counted AFTER INSERT ON registrations
BEGIN
    INSERT INTO registration_counts (call_id, status, n) VALUES (NEW.call_id, NEW.status, 1)
    ON CONFLICT (call_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER registration_recounted AFTER UPDATE OF call_id, status ON registrations
WHEN OLD.call_id IS NOT NEW.call_id OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE registration_counts SET n = n - 1
    WHERE call_id = OLD.call_id AND status = OLD.status;
    INSERT INTO registration_counts (call_id, status, n) VALUES (NEW.call_id, NEW.status, 1)
    ON CONFLICT (call_id, status) DO UPDATE SET n = n + 1;
END;

-- Also when a person is forgotten or a call deleted: registrations go by cascade (a deleted
-- call's counts have gone with it, and the UPDATE finds nothing).
CREATE TRIGGER registration_uncounted AFTER DELETE ON registrations
BEGIN
    UPDATE registration_counts SET n = n - 1
    WHERE call_id = OLD.call_id AND status = OLD.status;
END;

-- One row, there once the directory has held anyone (an empty database stays empty, as
-- `db copy` wants its target).
CREATE TABLE directory_size (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    entries INTEGER NOT NULL
);

INSERT INTO directory_size (one, entries)
SELECT 1, COUNT(*) FROM directory_entries HAVING COUNT(*) > 0;

CREATE TRIGGER directory_entry_counted AFTER INSERT ON directory_entries
BEGIN
    INSERT INTO directory_size (one, entries) VALUES (1, 1)
    ON CONFLICT (one) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER directory_entry_uncounted AFTER DELETE ON directory_entries
BEGIN
    UPDATE directory_size SET entries = entries - 1;
END;
