-- A drawer's verified ledger checkpoint: the last activity a successful verification of its chain
-- reached, that activity's link and its position in the chain (docs/extensions.md, "Verified
-- checkpoints"). The next verification starts there instead of at the drawer's first activity.
CREATE TABLE ledger_checkpoints (
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    drawer_id INTEGER NOT NULL REFERENCES cash_drawers(id),
    activity_id INTEGER NOT NULL,  -- no foreign key: the checkpoint must outlive a row removed behind Till's back, to report it
    hash TEXT NOT NULL,
    position INTEGER NOT NULL,
    verified_at INTEGER NOT NULL,
    PRIMARY KEY (shop_id, drawer_id)
);
