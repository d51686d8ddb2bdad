-- Staff sign-in for the cash office app: a PIN per staff member (PBKDF2 hash and salt, never the
-- PIN), the count of wrong PINs since the last good one and the lock they set, the sessions a
-- sign-in opens (only a SHA-256 of the cookie's secret is kept), and every sign-in attempt,
-- lock and sign-out.
CREATE TABLE staff_pins (
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    hash TEXT NOT NULL,
    salt TEXT NOT NULL,
    iterations INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (shop_id, staff_id)
);

CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX staff_sessions_staff ON staff_sessions(shop_id, staff_id);

CREATE TABLE staff_sign_ins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    outcome TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX staff_sign_ins_staff ON staff_sign_ins(shop_id, staff_id, id);
