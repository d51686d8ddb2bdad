-- Bulk operations (bulkOperationRunQuery): one row per operation, its result file in chunks.
-- A node runs an operation while it holds its lease (lease_owner, lease_until); the checkpoint
-- (cursor, chunk_count and the counts) moves with each page committed, so another node resumes
-- from there once the lease runs out.
CREATE TABLE bulk_operations (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    query TEXT NOT NULL,
    api_version TEXT NOT NULL,
    scopes TEXT NOT NULL,
    group_objects INTEGER NOT NULL,
    error_code TEXT,
    object_count INTEGER NOT NULL DEFAULT 0,
    root_object_count INTEGER NOT NULL DEFAULT 0,
    file_size INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    finished_at INTEGER,
    cursor TEXT,
    chunk_count INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    url_token TEXT,
    url_expires_at INTEGER
);
CREATE INDEX bulk_operations_by_shop ON bulk_operations (shop_id, id);
CREATE UNIQUE INDEX bulk_operations_one_running ON bulk_operations (shop_id, type) WHERE status IN ('CREATED', 'RUNNING', 'CANCELING');
CREATE INDEX bulk_operations_to_run ON bulk_operations (status, lease_until) WHERE status IN ('CREATED', 'RUNNING', 'CANCELING');
CREATE UNIQUE INDEX bulk_operations_by_url ON bulk_operations (url_token) WHERE url_token IS NOT NULL;
CREATE TABLE bulk_operation_chunks (
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    operation_id INTEGER NOT NULL REFERENCES bulk_operations(id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (shop_id, operation_id, seq)
);
