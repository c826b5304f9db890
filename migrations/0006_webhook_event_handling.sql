-- A delivery is recorded before its execution runs (that keeps concurrent duplicates out); these
-- columns say whether the workflow finished with it, so deliveries whose execution died (n8n
-- killed, a crash) can be replayed. Deliveries recorded before this migration count as handled.
ALTER TABLE webhook_events
  ADD COLUMN handled_at     timestamptz,
  ADD COLUMN replay_count   integer NOT NULL DEFAULT 0 CHECK (replay_count >= 0),
  ADD COLUMN last_replay_at timestamptz;

UPDATE webhook_events SET handled_at = received_at;

CREATE INDEX webhook_events_unhandled ON webhook_events (received_at) WHERE handled_at IS NULL;
