-- Webhooks. A token belongs to an app with an API secret key, which signs the app's deliveries.
-- Tokens made before this migration get a random secret that nobody knows; make a new token to get one.
ALTER TABLE tokens ADD COLUMN api_secret TEXT NOT NULL DEFAULT '';
UPDATE tokens SET api_secret = lower(hex(randomblob(32))) WHERE api_secret = '';

-- A subscription belongs to the app (token) that made it; lists and deliveries only see their own app's.
CREATE TABLE webhook_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    token_id INTEGER NOT NULL REFERENCES tokens(id),
    topic TEXT NOT NULL,
    uri TEXT NOT NULL,
    format TEXT NOT NULL,
    include_fields TEXT NOT NULL,
    metafields TEXT NOT NULL,
    filter TEXT,
    name TEXT,
    api_version TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_shop ON webhook_subscriptions(shop_id, token_id, id);
CREATE UNIQUE INDEX webhook_subscriptions_address ON webhook_subscriptions(shop_id, token_id, topic, uri);

-- The outbox: one row per delivery of an event to a subscription, written in the transaction of the
-- change that caused it. A dispatcher claims due rows with a lease, one attempt at a time.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    subscription_id INTEGER NOT NULL,
    token_id INTEGER NOT NULL REFERENCES tokens(id),
    topic TEXT NOT NULL,
    uri TEXT NOT NULL,
    api_version TEXT NOT NULL,
    webhook_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    triggered_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error TEXT,
    delivered_at INTEGER
);
-- The dispatcher looks across shops for due rows, so this index leads with the time, not the shop.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_shop ON webhook_deliveries(shop_id, subscription_id, id);
