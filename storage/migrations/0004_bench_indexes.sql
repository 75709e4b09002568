-- A call's registrations in submission order, straight from an index: exports stream their
-- first row at once instead of sorting the whole call first, and statistics count
-- submissions without reading the table.

CREATE INDEX registrations_by_call_submitted ON registrations (call_id, submitted_at);

-- The funnel's counts (opened, agreed) per call, from the index alone.
CREATE INDEX call_events_by_kind ON call_events (call_id, kind);
