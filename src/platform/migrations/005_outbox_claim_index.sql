-- Issue 25: a worker's claim reads only rows it can take. The claim looks, topic by topic, for
-- the first due rows in (available_at, id) order: rows backing off after a failure (available_at
-- in the future) and rows of topics this worker does not deliver are never read, so the claim
-- costs the same with a backlog of 100 or 100,000 rows (`npm run bench -- outbox`).
CREATE INDEX outbox_claim_idx ON outbox (topic, available_at, id) WHERE delivered_at IS NULL AND dead_at IS NULL;
