-- A shop's IANA time zone, in which its days are counted (summaries, date-only search values).
ALTER TABLE shops ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';

-- When a location was deactivated (UTC ticks); null while it is active.
ALTER TABLE locations ADD COLUMN deactivated_at INTEGER NULL;
