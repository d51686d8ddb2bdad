-- Figures kept with the ledger, moved in the transaction of every booking, so reading them costs
-- the same however long the history grows.

-- A session's totals on its row (thousandths): cash figures from its activities, all-tender
-- figures from its order transactions.
ALTER TABLE payment_sessions ADD COLUMN cash_sales INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN cash_change INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN cash_refunds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN adjustments INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN discrepancy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN all_sales INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN all_change INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN all_refunds INTEGER NOT NULL DEFAULT 0;
CREATE INDEX payment_sessions_discrepancy ON payment_sessions(shop_id, discrepancy, id);

-- Per drawer, the sums of its activities in each 15-minute period (span 15) and each UTC day
-- (span 1440) that had any; period_start is the period's first tick.
CREATE TABLE drawer_periods (
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    drawer_id INTEGER NOT NULL REFERENCES cash_drawers(id),
    span INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    cash INTEGER NOT NULL,
    cash_sales INTEGER NOT NULL,
    cash_change INTEGER NOT NULL,
    cash_refunds INTEGER NOT NULL,
    adjustments INTEGER NOT NULL,
    discrepancy INTEGER NOT NULL,
    PRIMARY KEY (shop_id, drawer_id, span, period_start)
) WITHOUT ROWID;

-- A drawer's activities in recording order (sortKey: ID).
CREATE INDEX cash_activities_drawer_id ON cash_activities(shop_id, drawer_id, id);

-- Backfill from the existing ledger (the statements of Till.Storage.Sql's KeptFigures.Rebuild).
-- till: rebuild kept figures
