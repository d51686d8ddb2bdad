-- A device's name becomes optional: the control API can clear it, and a device without one is
-- shown as "Device N".
ALTER TABLE devices ALTER COLUMN name DROP NOT NULL;
