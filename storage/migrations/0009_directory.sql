-- The directory of experts: one entry per person who agreed to stay on after a call
-- (bot/domain/directory.py has the rules). Entries go with their person: /forget deletes the
-- user, and everything here cascades from that row.

CREATE TABLE directory_entries (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    profile TEXT NOT NULL,                -- JSON: {profile key: newest answer}
    answered_at TEXT NOT NULL,            -- JSON: {profile key: when that answer was given}
    created_at TEXT NOT NULL,
    renewed_at TEXT NOT NULL,             -- by a registration with consent, or "stay"
    warned_at TEXT                        -- told of the coming erasure (cleared on renewal)
);
CREATE INDEX directory_entries_by_renewal ON directory_entries (renewed_at, user_id);

-- The calls each person took part in with consent.
CREATE TABLE directory_calls (
    user_id INTEGER NOT NULL REFERENCES directory_entries (user_id) ON DELETE CASCADE,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    joined_at TEXT NOT NULL,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, call_id)
) WITHOUT ROWID;

-- Each entry's profile choices, one row per (question key, option): what /directory counts
-- and filters by, read through the primary key without opening any profile.
CREATE TABLE directory_choices (
    question_key TEXT NOT NULL,
    value TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES directory_entries (user_id) ON DELETE CASCADE,
    PRIMARY KEY (question_key, value, user_id)
) WITHOUT ROWID;
CREATE INDEX directory_choices_by_user ON directory_choices (user_id);

-- What each admin is looking at: the filters of /directory ("browse"), and of an invitation
-- being prepared ("invite": its call and the draft number its Send button carries).
CREATE TABLE directory_views (
    admin_id INTEGER NOT NULL,
    view TEXT NOT NULL,
    call_id INTEGER REFERENCES calls (id) ON DELETE CASCADE,
    filters TEXT NOT NULL,                -- JSON: {question key: [options]}
    draft INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (admin_id, view)
) WITHOUT ROWID;
