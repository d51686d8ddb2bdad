-- What the reference ties to a location's POS Pro subscription is served only for locations that
-- have one: pos_pro is that switch, on unless the control API turns it off. A device's fiscal
-- register identifier, where a tax authority requires one. Tender transactions are listed by
-- shop and ID.
ALTER TABLE locations ADD COLUMN pos_pro INTEGER NOT NULL DEFAULT 1;
ALTER TABLE devices ADD COLUMN fiscal_device_identifier TEXT;
CREATE INDEX order_transactions_shop ON order_transactions(shop_id, id);
