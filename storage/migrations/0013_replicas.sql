-- Several processes on one database (PostgreSQL): who is alive, who runs the scheduler,
-- and which process holds each delivery. On SQLite one process runs, and these stay
-- nearly empty (its own row, its own lease).

CREATE TABLE replicas (
    id TEXT PRIMARY KEY,         -- host, process id and a random part: new at each start
    started_at TEXT NOT NULL,
    seen_at TEXT NOT NULL        -- its last heartbeat; a replica unseen for long is dead
);

CREATE TABLE leases (
    name TEXT PRIMARY KEY,       -- 'scheduler'
    holder TEXT NOT NULL,        -- a replica's id
    expires_at TEXT NOT NULL     -- renewed by its holder; after it, anyone may take it
);

-- The replica that took a pending delivery into its batch (others leave it alone while
-- that replica lives), then claimed it (status 'sending'). A dead replica's 'sending'
-- rows become 'unknown', as a crash's do.
ALTER TABLE deliveries ADD COLUMN replica TEXT;
