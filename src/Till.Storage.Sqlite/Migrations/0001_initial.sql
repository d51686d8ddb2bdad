-- Amounts are integer thousandths of the currency's major unit: exact, and wide enough for every currency.
-- Times are integer ticks (100 ns) since 0001-01-01 UTC.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE shops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX locations_shop ON locations(shop_id, id);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    is_owner INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_shop ON staff(shop_id, id);

CREATE TABLE tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE cash_drawers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    currency TEXT NOT NULL,
    balance INTEGER NOT NULL DEFAULT 0,
    activity_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX cash_drawers_name ON cash_drawers(shop_id, location_id, name_key);

CREATE TABLE devices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    name TEXT NOT NULL,
    cash_drawer_id INTEGER REFERENCES cash_drawers(id)
);
CREATE INDEX devices_shop ON devices(shop_id, id);
CREATE INDEX devices_drawer ON devices(shop_id, cash_drawer_id);

CREATE TABLE reason_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reason_codes_shop ON reason_codes(shop_id, id);
CREATE UNIQUE INDEX reason_codes_custom ON reason_codes(shop_id, code_key) WHERE kind = 'Custom' AND deleted = 0;

CREATE TABLE payment_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    drawer_id INTEGER NOT NULL REFERENCES cash_drawers(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    opening_time INTEGER NOT NULL,
    opening_staff_id INTEGER NOT NULL REFERENCES staff(id),
    opening_note TEXT,
    expected_at_open INTEGER NOT NULL,
    counted_at_open INTEGER NOT NULL,
    closing_time INTEGER,
    closing_staff_id INTEGER REFERENCES staff(id),
    closing_note TEXT,
    expected_at_close INTEGER,
    counted_at_close INTEGER,
    closing_adjustment INTEGER
);
-- One open session per device is a fact of the database, not only of the code.
CREATE UNIQUE INDEX payment_sessions_one_open ON payment_sessions(shop_id, device_id) WHERE status = 'OPEN';
CREATE INDEX payment_sessions_shop ON payment_sessions(shop_id, id);
CREATE INDEX payment_sessions_opening ON payment_sessions(shop_id, opening_time, id);
CREATE INDEX payment_sessions_closing ON payment_sessions(shop_id, closing_time, id);

CREATE TABLE order_transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    location_id INTEGER NOT NULL REFERENCES locations(id),
    session_id INTEGER REFERENCES payment_sessions(id),
    kind TEXT NOT NULL,
    gateway TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    processed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX order_transactions_session ON order_transactions(shop_id, session_id);

CREATE TABLE cash_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    drawer_id INTEGER NOT NULL REFERENCES cash_drawers(id),
    session_id INTEGER NOT NULL REFERENCES payment_sessions(id),
    kind TEXT NOT NULL,
    type TEXT NOT NULL,
    cash INTEGER NOT NULL,
    currency TEXT NOT NULL,
    time INTEGER NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    reason_code_id INTEGER REFERENCES reason_codes(id),
    note TEXT,
    counted INTEGER,
    expected INTEGER,
    discrepancy INTEGER,
    transaction_id INTEGER REFERENCES order_transactions(id)
);
CREATE INDEX cash_activities_session ON cash_activities(shop_id, session_id, time, id);
CREATE INDEX cash_activities_drawer ON cash_activities(shop_id, drawer_id, time, id);
