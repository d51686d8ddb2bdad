-- A device's name becomes optional: the control API can clear it, and a device without one is
-- shown as "Device N". SQLite cannot drop NOT NULL from a column, so the names move to a new
-- nullable column that takes the old one's name (no index, key or view uses it).
ALTER TABLE devices ADD COLUMN optional_name TEXT;
UPDATE devices SET optional_name = name;
ALTER TABLE devices DROP COLUMN name;
ALTER TABLE devices RENAME COLUMN optional_name TO name;
