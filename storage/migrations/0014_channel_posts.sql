-- Posts to channels outside the messenger (Eitaa, through Eitaayar): one row per channel and
-- post, claimed ('sending') right before its request, so a restart never posts it twice.
-- A reminder's posts name the reminder: one post per reminder and channel, whatever happens.

CREATE TABLE channel_posts (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    service TEXT NOT NULL,                  -- eitaa
    channel TEXT NOT NULL,                  -- as EITAA_CHANNELS names it
    kind TEXT NOT NULL CHECK (kind IN ('announcement', 'reminder', 'closing')),
    reminder_id INTEGER REFERENCES reminders (id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    pin INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
    message_id TEXT,                        -- the service's id of the post, when it gave one
    error TEXT NOT NULL DEFAULT '',         -- why it failed, in a few words (never the token)
    attempts INTEGER NOT NULL DEFAULT 0,
    requested_by INTEGER,                   -- the admin told how it went (NULL: nobody)
    created_at TEXT NOT NULL,
    done_at TEXT
);
CREATE UNIQUE INDEX channel_posts_once ON channel_posts (reminder_id, service, channel)
    WHERE reminder_id IS NOT NULL;
CREATE INDEX channel_posts_by_status ON channel_posts (status, id);
CREATE INDEX channel_posts_by_call ON channel_posts (call_id, kind);
