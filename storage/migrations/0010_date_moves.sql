-- A deadline or a meeting an admin moved, until they decide whether the people it concerns
-- are told (and after: what they decided, and the outbox broadcast that told them).

CREATE TABLE date_moves (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    meeting_key TEXT NOT NULL DEFAULT '',  -- '' for the deadline
    old_at TEXT NOT NULL,                  -- what the people concerned last heard
    new_at TEXT NOT NULL,
    admin_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    decision TEXT,                         -- NULL while undecided; told, not_told, nobody, superseded
    decided_at TEXT,
    broadcast_id INTEGER REFERENCES broadcasts (id)
);

-- At most one undecided move per date: a second move of the same date replaces the first.
CREATE UNIQUE INDEX date_moves_undecided ON date_moves (call_id, meeting_key)
    WHERE decision IS NULL;
