-- How many registrations each call has in each status, and how many people the directory
-- holds, kept as rows come and go (the same tables as SQLite's 0016): /admin and /directory
-- show them at every look, and counting 10,000 rows here took two to three times SQLite's
-- time (a sequential scan and a hash aggregate; an index-only scan of the entries).

CREATE TABLE registration_counts (
    call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (call_id, status)
);

INSERT INTO registration_counts (call_id, status, n)
SELECT call_id, status, COUNT(*) FROM registrations GROUP BY call_id, status;

-- A row trigger: a statement trigger with transition tables cannot be limited to the status
-- column, and every answer updates a registration's step. A change of status takes its two
-- rows in the order of status in one statement, so that two replicas moving registrations in
-- opposite directions at once never deadlock.
CREATE FUNCTION registration_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO registration_counts AS c (call_id, status, n)
        VALUES (NEW.call_id, NEW.status, 1)
        ON CONFLICT (call_id, status) DO UPDATE SET n = c.n + 1;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- A deleted call's counts have gone with it by cascade: nothing to update.
        UPDATE registration_counts SET n = n - 1
        WHERE call_id = OLD.call_id AND status = OLD.status;
        RETURN NULL;
    END IF;
    INSERT INTO registration_counts AS c (call_id, status, n)
    SELECT call_id, status, SUM(d) FROM (
        VALUES (OLD.call_id, OLD.status, -1), (NEW.call_id, NEW.status, 1)
    ) AS v (call_id, status, d)
    GROUP BY call_id, status ORDER BY call_id, status
    ON CONFLICT (call_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;
CREATE TRIGGER registration_counted AFTER INSERT OR DELETE ON registrations
FOR EACH ROW EXECUTE FUNCTION registration_counted();
CREATE TRIGGER registration_recounted AFTER UPDATE OF call_id, status ON registrations
FOR EACH ROW WHEN (OLD.call_id IS DISTINCT FROM NEW.call_id OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION registration_counted();

-- One row, there once the directory has held anyone (an empty database stays empty, as
-- `db copy` wants its target).
CREATE TABLE directory_size (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    entries BIGINT NOT NULL
);

INSERT INTO directory_size (one, entries)
SELECT 1, COUNT(*) FROM directory_entries HAVING COUNT(*) > 0;

-- Once per statement that added or removed entries. Its one row is locked before an entry's
-- choices are counted, whichever way: a new entry is inserted before its choices, and a
-- leaving entry locks it before the cascade removes its choices (the foreign key's triggers
-- fire before a statement trigger), so saves and removals on two replicas never take
-- directory_size and directory_choice_counts in opposite orders.
CREATE FUNCTION directory_sized() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO directory_size AS s (one, entries)
    SELECT 1, CASE TG_OP WHEN 'INSERT' THEN COUNT(*) ELSE -COUNT(*) END
    FROM changed HAVING COUNT(*) > 0
    ON CONFLICT (one) DO UPDATE SET entries = s.entries + EXCLUDED.entries;
    RETURN NULL;
END
$$;
CREATE TRIGGER directory_entries_added AFTER INSERT ON directory_entries
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION directory_sized();
CREATE TRIGGER directory_entries_removed AFTER DELETE ON directory_entries
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION directory_sized();

CREATE FUNCTION directory_size_held() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM directory_size FOR UPDATE;
    RETURN OLD;
END
$$;
CREATE TRIGGER directory_entry_leaving BEFORE DELETE ON directory_entries
FOR EACH ROW EXECUTE FUNCTION directory_size_held();
