-- When a session's record was made, for cashTrackingSessions' created_at filter (2027-01). A
-- session's opening time can be given by its opener and so can lie before its record was made;
-- sessions kept before this column take their opening time, the only time they have.
ALTER TABLE payment_sessions ADD COLUMN created_at BIGINT;
UPDATE payment_sessions SET created_at = opening_time;
CREATE INDEX payment_sessions_created ON payment_sessions(shop_id, created_at, id);
