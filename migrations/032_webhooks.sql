-- 032_webhooks: signed outgoing webhooks (issue 26) — endpoints, the outbox of events, the deliveries.
--
-- The outbox is written by triggers, in the same transaction as the change that causes the event:
-- an event exists only if its change committed (no phantom for a rolled-back change), and it cannot be
-- lost between the change and a later "enqueue" (there is no later step). Triggers rather than code in
-- the publication ledger: the ledger stays the one writer of the statuses and its statements are not
-- touched; a trigger's WHEN clause is evaluated without calling the function, so an update that does
-- not change a status costs nothing, and a workspace without an endpoint for the type writes nothing.
--
-- Delivery (webhooks module, scheduler role): due rows of webhook_deliveries are claimed with
-- FOR UPDATE SKIP LOCKED and a lease; a worker killed mid-delivery leaves its lease to expire and the
-- row is claimed again (at least once). Per-endpoint ordering is not promised.

CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
  enabled boolean NOT NULL DEFAULT true,
  -- whsec_<base64>; the previous one stays valid (both signatures sent) until previous_secret_expires_at.
  secret text NOT NULL,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- Failed attempts since the last success; at the limit the endpoint is disabled (reason 'failures').
  consecutive_failures integer NOT NULL DEFAULT 0,
  failing_since timestamptz,
  disabled_reason text CHECK (disabled_reason IN ('failures', 'user')),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_workspace_idx ON webhook_endpoints (workspace_id) WHERE enabled;

-- The outbox: one row per event (its id is the webhook-id header, the same on every retry).
CREATE TABLE IF NOT EXISTS webhook_events (
  id text PRIMARY KEY DEFAULT 'evt_' || replace(gen_random_uuid()::text, '-', ''),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  type text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS webhook_events_workspace_idx ON webhook_events (workspace_id, created_at DESC);

-- One row per (event, endpoint) send; a resend adds a row for the same event. The last attempt's
-- answer is kept: the delivery log.
--   pending: due at next_attempt_at; delivering: claimed (lease); succeeded; failed: gave up
--   (24 h of backoff spent, or the endpoint was disabled or deleted).
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id text NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Retries stop after this (24 h after the event, or after a resend).
  give_up_at timestamptz NOT NULL DEFAULT now() + interval '24 hours',
  lease_expires_at timestamptz,
  response_code integer,
  latency_ms integer,
  response_preview text,
  last_error text,
  resend_of uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  FOREIGN KEY (workspace_id, endpoint_id) REFERENCES webhook_endpoints (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_lease_idx ON webhook_deliveries (lease_expires_at) WHERE status = 'delivering';
CREATE INDEX IF NOT EXISTS webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Writes one event and one delivery per enabled endpoint of the workspace that chose the type; nothing
-- when none did. Called by the triggers below (and by code that emits an event inside its transaction).
CREATE OR REPLACE FUNCTION webhook_emit(p_workspace uuid, p_type text, p_data jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_id text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE workspace_id = p_workspace AND enabled AND p_type = ANY (event_types)) THEN
    RETURN;
  END IF;
  INSERT INTO webhook_events (workspace_id, type, data) VALUES (p_workspace, p_type, p_data) RETURNING id INTO v_id;
  INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id)
    SELECT p_workspace, e.id, v_id FROM webhook_endpoints e
     WHERE e.workspace_id = p_workspace AND e.enabled AND p_type = ANY (e.event_types);
END;
$$;

-- publication.uploading | processing | posted | failed: the lane's moves (written by the publication ledger).
CREATE OR REPLACE FUNCTION webhook_publication_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'publication.' || NEW.status, jsonb_build_object(
    'publication_id', NEW.id,
    'content_item_id', NEW.content_item_id,
    'account_id', NEW.social_account_id,
    'platform', NEW.platform,
    'status', NEW.status,
    'previous_status', OLD.status,
    'remote_id', NEW.remote_publish_id,
    'permalink', NEW.permalink,
    'link_status', NEW.link_status,
    'posted_at', NEW.posted_at,
    'error', CASE WHEN NEW.status = 'failed'
                  THEN jsonb_build_object('class', NEW.error_class, 'code', NEW.error_code, 'message', NEW.error_message) END));
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_publication_status ON platform_publications;
CREATE TRIGGER webhook_publication_status AFTER UPDATE OF status ON platform_publications FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('uploading', 'processing', 'posted', 'failed'))
  EXECUTE FUNCTION webhook_publication_status();

-- publication.needs_review: the job stopped on an outcome a person has to check.
CREATE OR REPLACE FUNCTION webhook_job_needs_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'publication.needs_review', (
    SELECT jsonb_build_object('publication_id', p.id, 'content_item_id', p.content_item_id, 'account_id', p.social_account_id,
                              'platform', p.platform, 'status', p.status, 'job_id', NEW.id, 'reason', NEW.last_error)
      FROM platform_publications p WHERE p.id = NEW.publication_id));
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_job_needs_review ON publish_jobs;
CREATE TRIGGER webhook_job_needs_review AFTER UPDATE OF status ON publish_jobs FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status = 'needs_review')
  EXECUTE FUNCTION webhook_job_needs_review();

-- account.needs_reconnect | account.restricted
CREATE OR REPLACE FUNCTION webhook_account_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'account.' || NEW.status, jsonb_build_object(
    'account_id', NEW.id, 'platform', NEW.platform, 'handle', NEW.handle, 'status', NEW.status,
    'previous_status', OLD.status, 'restriction', NEW.restriction));
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_account_status ON social_accounts;
CREATE TRIGGER webhook_account_status AFTER UPDATE OF status ON social_accounts FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('needs_reconnect', 'restricted'))
  EXECUTE FUNCTION webhook_account_status();

-- post.scheduled: an item becomes scheduled, or a scheduled item gets another time.
CREATE OR REPLACE FUNCTION webhook_post_scheduled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'post.scheduled', jsonb_build_object(
    'content_item_id', NEW.id, 'title', NEW.title, 'scheduled_at', NEW.scheduled_at, 'time_zone', NEW.time_zone,
    'version', NEW.version,
    'account_ids', coalesce((SELECT jsonb_agg(t.social_account_id) FROM content_item_targets t WHERE t.content_item_id = NEW.id), '[]'::jsonb)));
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_post_scheduled_update ON content_items;
CREATE TRIGGER webhook_post_scheduled_update AFTER UPDATE OF status, scheduled_at ON content_items FOR EACH ROW
  WHEN (NEW.status = 'scheduled' AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.scheduled_at IS DISTINCT FROM NEW.scheduled_at))
  EXECUTE FUNCTION webhook_post_scheduled();
-- An item created as scheduled: deferred to the end of the transaction, when its targets are written.
DROP TRIGGER IF EXISTS webhook_post_scheduled_insert ON content_items;
CREATE CONSTRAINT TRIGGER webhook_post_scheduled_insert AFTER INSERT ON content_items DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.status = 'scheduled')
  EXECUTE FUNCTION webhook_post_scheduled();

-- post.approved: an approval of the item's exact version (approvals module, migration 029).
CREATE OR REPLACE FUNCTION webhook_post_approved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'post.approved', jsonb_build_object(
    'content_item_id', NEW.content_item_id, 'version', NEW.version, 'hash', NEW.hash,
    'actor_kind', NEW.actor_kind, 'approved_by', NEW.actor_user_id));
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_post_approved ON review_decisions;
CREATE TRIGGER webhook_post_approved AFTER INSERT ON review_decisions FOR EACH ROW
  WHEN (NEW.kind = 'approved')
  EXECUTE FUNCTION webhook_post_approved();

-- alert.raised
CREATE OR REPLACE FUNCTION webhook_alert_raised() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW.workspace_id, 'alert.raised', jsonb_build_object(
    'alert_id', NEW.id, 'rule', NEW.rule, 'subject', NEW.subject, 'severity', NEW.severity, 'message', NEW.message,
    'value', NEW.value, 'threshold', NEW.threshold, 'fired_at', NEW.fired_at));
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_alert_raised ON alerts;
CREATE TRIGGER webhook_alert_raised AFTER INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION webhook_alert_raised();

-- metrics.snapshot: one event per post and age (or account and day) read in a statement, with its metrics.
CREATE OR REPLACE FUNCTION webhook_metrics_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, source,
           jsonb_object_agg(metric, value) AS metrics, max(read_at) AS read_at
      FROM new_rows GROUP BY workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, source
  LOOP
    PERFORM webhook_emit(r.workspace_id, 'metrics.snapshot', jsonb_build_object(
      'account_id', r.account_id, 'publication_id', r.publication_id, 'platform', r.platform, 'age', r.age_bucket,
      'bucket_date', r.bucket_date, 'source', r.source, 'metrics', r.metrics, 'read_at', r.read_at));
  END LOOP;
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS webhook_metrics_snapshot ON metric_snapshots;
CREATE TRIGGER webhook_metrics_snapshot AFTER INSERT ON metric_snapshots REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_metrics_snapshot();

-- The notice when an endpoint is disabled after repeated failures: an alert (monitoring module).
ALTER TABLE alerts DROP CONSTRAINT IF EXISTS alerts_rule_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check
  CHECK (rule IN ('queue_depth', 'error_rate', 'token_expiring', 'needs_review', 'webhook_disabled'));
