-- How many directory entries hold each profile option, kept as their choices come and go:
-- /directory shows these numbers at every look, and counting every entry's choices for them
-- grew with the directory (30,000 choices at 10,000 entries). An option nobody holds any
-- more keeps its row at 0. (PostgreSQL's 0015 also keeps finer statistics of the search
-- documents' words; FTS5 needs none.)

CREATE TABLE directory_choice_counts (
    question_key TEXT NOT NULL,
    value TEXT NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (question_key, value)
) WITHOUT ROWID;

INSERT INTO directory_choice_counts (question_key, value, entries)
SELECT question_key, value, COUNT(*) FROM directory_choices GROUP BY question_key, value;

CREATE TRIGGER directory_choice_counted AFTER INSERT ON directory_choices
BEGIN
    INSERT INTO directory_choice_counts (question_key, value, entries)
    VALUES (NEW.question_key, NEW.value, 1)
    ON CONFLICT (question_key, value) DO UPDATE SET entries = entries + 1;
END;

-- Also when an entry goes (leaving, /forget, retention): its choices go by cascade.
CREATE TRIGGER directory_choice_uncounted AFTER DELETE ON directory_choices
BEGIN
    UPDATE directory_choice_counts SET entries = entries - 1
    WHERE question_key = OLD.question_key AND value = OLD.value;
END;
