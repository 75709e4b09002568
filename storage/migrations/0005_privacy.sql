-- Users' rights: which consent text each volunteer agreed to, and retention per call.

-- Every consent text ever shown, by version (a hash of its words): what was agreed to.
CREATE TABLE consents (
    version TEXT PRIMARY KEY,
    text TEXT NOT NULL,                   -- JSON: {language: text}
    created_at TEXT NOT NULL
);
ALTER TABLE registrations ADD COLUMN consent_version TEXT REFERENCES consents (version);

-- When a call closed, when admins were warned that its answers will be erased, and when
-- they were (RETENTION_DAYS after closing).
ALTER TABLE calls ADD COLUMN closed_at TEXT;
ALTER TABLE calls ADD COLUMN retention_warned_at TEXT;
ALTER TABLE calls ADD COLUMN answers_erased_at TEXT;
