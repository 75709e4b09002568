-- One send budget: deliveries go out by priority (0 replies never wait here; 1 news for
-- one person, 2 reminders, 3 broadcasts, announcements and invitations), and the rate the
-- budget learned from the messenger's 429s survives a restart.

ALTER TABLE deliveries ADD COLUMN priority INTEGER NOT NULL DEFAULT 3;

UPDATE deliveries SET priority = CASE
        (SELECT kind FROM broadcasts b WHERE b.id = deliveries.broadcast_id)
        WHEN 'notice' THEN 1
        WHEN 'admin_notice' THEN 1
        WHEN 'message' THEN 1
        WHEN 'reminder' THEN 2
        WHEN 'closing' THEN 2
        ELSE 3
    END
    WHERE status IN ('pending', 'sending');

-- The sender's query: pending rows by priority, then in order.
DROP INDEX deliveries_by_status;
CREATE INDEX deliveries_due ON deliveries (status, priority, id);

CREATE TABLE send_budget (
    bot TEXT PRIMARY KEY,        -- the messenger and the bot's id (never the token)
    rate REAL NOT NULL,          -- messages a second the budget spends at
    known_limit REAL,            -- what the last 429 measured; NULL: none yet
    updated_at TEXT NOT NULL
);
