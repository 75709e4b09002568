-- How many directory entries hold each profile option, kept as their choices come and go
-- (the same table as SQLite's 0015): /directory shows these numbers at every look, and
-- counting every entry's choices for them grew with the directory (12 ms for 30,000 choices
-- at 10,000 entries, 3 ms on SQLite). An option nobody holds any more keeps its row at 0.
CREATE TABLE directory_choice_counts (
    question_key TEXT NOT NULL,
    value TEXT NOT NULL,
    entries BIGINT NOT NULL,
    PRIMARY KEY (question_key, value)
);

INSERT INTO directory_choice_counts (question_key, value, entries)
SELECT question_key, value, COUNT(*) FROM directory_choices GROUP BY question_key, value;

-- Once per statement, each (question, option) changed once, in the order of question and
-- option: two replicas saving entries at once take the rows in the same order (in opposite
-- orders they deadlock), whether a statement adds choices or removes them. Also when an
-- entry goes (leaving, /forget, retention): its choices go by cascade.
CREATE FUNCTION directory_choices_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO directory_choice_counts (question_key, value, entries)
    SELECT question_key, value, CASE TG_OP WHEN 'INSERT' THEN COUNT(*) ELSE -COUNT(*) END
    FROM changed GROUP BY question_key, value ORDER BY question_key, value
    ON CONFLICT (question_key, value)
    DO UPDATE SET entries = directory_choice_counts.entries + EXCLUDED.entries;
    RETURN NULL;
END
$$;
CREATE TRIGGER directory_choices_added AFTER INSERT ON directory_choices
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION directory_choices_counted();
CREATE TRIGGER directory_choices_removed AFTER DELETE ON directory_choices
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION directory_choices_counted();

-- Finer statistics of the search documents' words, so the planner knows a rare word as rare.
-- With the default target (100) a prefix query of a word outside the most common ones (a
-- phone, a reference code: one document) was estimated at 2% of the documents; /find then
-- read registration_search backwards by its key, filtering every row, for the newest ten
-- (10 ms at 10,000, growing with them) instead of asking the GIN index (0.3 ms).
ALTER TABLE registration_search ALTER COLUMN words SET STATISTICS 1000;
ALTER TABLE directory_search ALTER COLUMN words SET STATISTICS 1000;
ANALYZE registration_search;
ANALYZE directory_search;
