-- 033_idempotency_keys_all_routes: Idempotency-Key on every creating POST (issue 26).
--
-- The table of 003 (per workspace, primary key (workspace_id, key)) now serves every route that
-- carries @Idempotent() as well as POST /api/content-items (which claims its key inside the item's
-- own transaction). `route` ("POST /api/webhooks/endpoints") is the operation the key was first used
-- for; NULL for the content items' rows. A row with response_status NULL is a request still in
-- flight: a second request with the key gets 409 until it ends. Only 2xx answers are kept; keys are
-- purged after 24 h (IdempotencyPurgeJob, scheduler role), and an older row is never replayed.

ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS route text;
ALTER TABLE idempotency_keys ALTER COLUMN response_status DROP NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN response_body DROP NOT NULL;
CREATE INDEX IF NOT EXISTS idempotency_keys_created_idx ON idempotency_keys (created_at);
