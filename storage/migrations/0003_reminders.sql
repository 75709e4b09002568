-- Scheduled work: reminders before deadlines and meetings, and closing calls on time.
-- The rows are the schedule; the job queue only wakes the bot at the next due time.

CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('deadline', 'meeting', 'close')),
    audience TEXT NOT NULL,              -- drafts, followers, everyone, registrants, call
    offset_minutes INTEGER NOT NULL,     -- before the deadline or the meeting
    meeting_key TEXT NOT NULL DEFAULT '',
    due_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'sent', 'skipped')),
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    done_at TEXT
);
CREATE INDEX reminders_due ON reminders (status, due_at);
CREATE INDEX reminders_by_call ON reminders (call_id, status);

-- "Stop reminders for this call".
CREATE TABLE reminder_optouts (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (call_id, user_id)
);

-- What one recipient's copy needs beyond the broadcast's text (e.g. their draft's id).
ALTER TABLE deliveries ADD COLUMN data TEXT;
