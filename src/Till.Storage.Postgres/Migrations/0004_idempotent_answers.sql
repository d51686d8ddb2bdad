-- Idempotency keys are compared exactly: from now on `key` holds a SHA-256 (hex) of the kind of
-- request and the key's UTF-16 code units, so keys that differ only in characters a text column
-- cannot hold (NUL) stay distinct. Keys stored before this form cannot be looked up any more;
-- they are dropped (a key is kept for 24 hours, so this affects only retries across the upgrade).
DELETE FROM idempotency_keys;
-- The first answer written out for the key's request (the JSON of the mutation's result, or the
-- control API's response body), replayed unchanged; null until that answer has been written.
ALTER TABLE idempotency_keys ADD COLUMN answer TEXT;
