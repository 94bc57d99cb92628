-- 016_workspace_events: events that are not about a job (automation_updated, alerts_changed) get
-- their own append-only table instead of job_events. They take their ids from job_events'
-- sequence, so the live stream's ids stay one ordered sequence per workspace: SSE replay
-- (Last-Event-ID) merges both tables by id. Rows already in job_events stay there and replay as before.
CREATE TABLE IF NOT EXISTS workspace_events (
  id bigint PRIMARY KEY DEFAULT nextval('job_events_id_seq'),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  type text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS workspace_events_workspace_idx ON workspace_events (workspace_id, id DESC);

CREATE OR REPLACE FUNCTION workspace_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'workspace_events is append-only';
END;
$$;
DROP TRIGGER IF EXISTS workspace_events_no_update ON workspace_events;
CREATE TRIGGER workspace_events_no_update BEFORE UPDATE ON workspace_events FOR EACH ROW EXECUTE FUNCTION workspace_events_append_only();
