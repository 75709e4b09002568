-- Users, calls, registrations and their answers. Times are UTC text from storage.db.to_db.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,               -- the messenger's user id
    first_name TEXT,
    last_name TEXT,
    username TEXT,
    language TEXT NOT NULL,
    active_registration_id INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'archived')),
    opens_at TEXT NOT NULL,
    deadline_at TEXT NOT NULL,
    spec TEXT NOT NULL,                   -- the validated call file, as JSON
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN
        ('draft', 'submitted', 'waitlisted', 'accepted', 'rejected', 'withdrawn')),
    step TEXT,                            -- question key being asked, 'review', or NULL
    return_to_review INTEGER NOT NULL DEFAULT 0,
    reference_code TEXT UNIQUE,
    consented_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    withdrawn_at TEXT,
    UNIQUE (call_id, user_id)
);

CREATE INDEX registrations_by_call_status ON registrations (call_id, status, submitted_at);
CREATE INDEX registrations_by_user ON registrations (user_id);

CREATE TABLE answers (
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    value TEXT NOT NULL,                  -- JSON
    updated_at TEXT NOT NULL,
    PRIMARY KEY (registration_id, question_key)
);
