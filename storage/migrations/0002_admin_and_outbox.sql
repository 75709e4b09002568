-- The admin's console: audit, funnel events, followers, admin conversations, and the outbox.

ALTER TABLE users ADD COLUMN blocked_at TEXT;   -- set when a send was refused as blocked

-- Who did what admin action when. Never volunteers' answers.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    admin_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    call_id INTEGER REFERENCES calls (id) ON DELETE SET NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_by_time ON audit_events (at);

-- The funnel: the first time a user opened a call's card, and agreed to its consent.
CREATE TABLE call_events (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'agreed')),
    at TEXT NOT NULL,
    PRIMARY KEY (call_id, user_id, kind)
);

-- Users who pressed "remind me" on a call.
CREATE TABLE followers (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (call_id, user_id)
);

-- An admin's conversation in progress (the call wizard, an edit, a broadcast being composed):
-- kept in the database so a restart loses nothing.
CREATE TABLE admin_sessions (
    admin_id INTEGER PRIMARY KEY,
    flow TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL,                  -- JSON
    updated_at TEXT NOT NULL
);

-- The outbox: every bulk send (broadcasts, announcements, reminders, notices) is a
-- broadcast with one delivery row per recipient, sent by one paced sender.
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    call_id INTEGER REFERENCES calls (id) ON DELETE SET NULL,
    segment TEXT NOT NULL,
    payload TEXT NOT NULL,               -- JSON: what to send, per language
    created_by INTEGER,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'done', 'cancelled')),
    progress_chat_id INTEGER,
    progress_message_id INTEGER,
    finished_at TEXT
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('pending', 'sending', 'sent', 'blocked', 'failed', 'unknown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    sent_at TEXT,
    UNIQUE (broadcast_id, chat_id)
);
CREATE INDEX deliveries_by_status ON deliveries (status, id);
CREATE INDEX deliveries_by_broadcast ON deliveries (broadcast_id, status);
