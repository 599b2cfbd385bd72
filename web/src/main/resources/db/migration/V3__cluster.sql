-- emotrace schema v3: job leases for cluster mode, and cluster-wide settings. Portable (SQLite, PostgreSQL).
-- A running job in cluster mode is held by one node (lease_owner) until lease_until (the database server's clock,
-- epoch ms); the node's heartbeat extends it, and a lease that runs out puts the job back in the queue.
ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;
CREATE INDEX jobs_lease ON jobs(status, lease_until);
CREATE TABLE cluster_meta (
    meta_key   TEXT PRIMARY KEY,
    meta_value TEXT NOT NULL
);
