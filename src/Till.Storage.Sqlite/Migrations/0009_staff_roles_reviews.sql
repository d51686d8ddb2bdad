-- Staff roles, tokens acting for one staff member, per-location cash settings (blind counts and
-- variance thresholds) and the variance review of a closed session.

-- CASHIER or MANAGER. Existing shop owners become managers; everyone else starts as a cashier.
ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'CASHIER';
UPDATE staff SET role = 'MANAGER' WHERE is_owner = 1;

-- The staff member a token acts for; NULL for a token that acts for the shop.
ALTER TABLE tokens ADD COLUMN staff_id INTEGER REFERENCES staff(id);

-- One row per location whose settings were ever set; a location without one has the defaults
-- (no blind counts, no thresholds). The amount is in thousandths of the location's currency, the
-- percentage in thousandths of a per cent.
CREATE TABLE location_cash_settings (
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    blind_counts INTEGER NOT NULL DEFAULT 0,
    reveal_after_close INTEGER NOT NULL DEFAULT 0,
    variance_amount INTEGER,
    variance_percent INTEGER,
    PRIMARY KEY (shop_id, location_id)
);

-- REQUIRED when the close's adjustment exceeded a threshold, APPROVED once a manager approved it.
ALTER TABLE payment_sessions ADD COLUMN review_status TEXT;
ALTER TABLE payment_sessions ADD COLUMN review_staff_id INTEGER REFERENCES staff(id);
ALTER TABLE payment_sessions ADD COLUMN review_reason_code_id INTEGER REFERENCES reason_codes(id);
ALTER TABLE payment_sessions ADD COLUMN review_note TEXT;
ALTER TABLE payment_sessions ADD COLUMN review_time INTEGER;
CREATE INDEX payment_sessions_review ON payment_sessions(shop_id, review_status, closing_time);
