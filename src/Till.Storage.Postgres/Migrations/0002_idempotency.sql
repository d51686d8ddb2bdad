-- Results of mutations sent with @idempotent(key:), so a retry replays instead of booking again.
CREATE TABLE idempotency_keys (
    shop_id BIGINT NOT NULL REFERENCES shops(id),
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, key)
);
