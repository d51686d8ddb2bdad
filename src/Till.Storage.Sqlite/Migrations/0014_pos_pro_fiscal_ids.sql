-- What the reference ties to a location's POS Pro subscription is served only for locations that
-- have one: pos_pro is that switch, on unless the control API turns it off. A device's fiscal
-- register identifier, where a tax authority requires one. Tender transactions are listed by
-- shop and ID. A staff member's creation time, for the created_at search filter; members made
-- before it was kept take their shop's creation time, the earliest they can have been made.
ALTER TABLE locations ADD COLUMN pos_pro INTEGER NOT NULL DEFAULT 1;
ALTER TABLE devices ADD COLUMN fiscal_device_identifier TEXT;
CREATE INDEX order_transactions_shop ON order_transactions(shop_id, id);
ALTER TABLE staff ADD COLUMN created_at INTEGER;
UPDATE staff SET created_at = (SELECT created_at FROM shops WHERE shops.id = staff.shop_id);
