-- Figures kept with the ledger, moved in the transaction of every booking, so reading them costs
-- the same however long the history grows.

-- A session's totals on its row (thousandths): cash figures from its activities, all-tender
-- figures from its order transactions.
ALTER TABLE payment_sessions ADD COLUMN cash_sales BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN cash_change BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN cash_refunds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN adjustments BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN discrepancy BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN all_sales BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN all_change BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_sessions ADD COLUMN all_refunds BIGINT NOT NULL DEFAULT 0;
CREATE INDEX payment_sessions_discrepancy ON payment_sessions(shop_id, discrepancy, id);
-- The summaries' sessions-closed count takes a range of closing_time itself; the index of the
-- closing-time order is on COALESCE(closing_time, ...) and cannot serve it.
CREATE INDEX payment_sessions_closed ON payment_sessions(shop_id, closing_time);

-- Per drawer, the sums of its activities in each 15-minute period (span 15) and each UTC day
-- (span 1440) that had any; period_start is the period's first tick.
CREATE TABLE drawer_periods (
    shop_id BIGINT NOT NULL REFERENCES shops(id),
    drawer_id BIGINT NOT NULL REFERENCES cash_drawers(id),
    span BIGINT NOT NULL,
    period_start BIGINT NOT NULL,
    cash BIGINT NOT NULL,
    cash_sales BIGINT NOT NULL,
    cash_change BIGINT NOT NULL,
    cash_refunds BIGINT NOT NULL,
    adjustments BIGINT NOT NULL,
    discrepancy BIGINT NOT NULL,
    PRIMARY KEY (shop_id, drawer_id, span, period_start)
);

-- A drawer's activities in recording order (sortKey: ID).
CREATE INDEX cash_activities_drawer_id ON cash_activities(shop_id, drawer_id, id);

-- Backfill from the existing ledger (the statements of Till.Storage.Sql's KeptFigures.Rebuild).
-- till: rebuild kept figures
