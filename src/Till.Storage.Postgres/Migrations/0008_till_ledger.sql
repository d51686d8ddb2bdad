-- The till version's ledger extensions.

-- A count's notes and coins, as DenominationCount.Format writes them ("5000x3 20000x1").
ALTER TABLE cash_activities ADD COLUMN denominations TEXT;

-- A reversal points at the activity it reverses; an activity is reversed at most once.
ALTER TABLE cash_activities ADD COLUMN reverses_id BIGINT REFERENCES cash_activities(id);
CREATE UNIQUE INDEX cash_activities_reverses ON cash_activities(shop_id, reverses_id) WHERE reverses_id IS NOT NULL;

-- The ledger chain: each activity's SHA-256 link (lower-case hex) over the previous activity's
-- link on the same drawer and its own canonical content (docs/extensions.md), and on the drawer
-- the latest link.
ALTER TABLE cash_activities ADD COLUMN hash TEXT;
ALTER TABLE cash_drawers ADD COLUMN ledger_head TEXT;

-- till: chain the ledger
