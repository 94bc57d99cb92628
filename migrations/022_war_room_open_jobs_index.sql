-- 022_war_room_open_jobs_index (issue #32 item 2): the war room's queue counts come from an
-- index-only scan of the open jobs, never from the million finished ones. 007's partial index
-- predates `waiting_person` (018), so a count over every open status could not use it and read
-- the whole table; this one covers every open status of the domain's machine (JOB_OPEN_STATUSES)
-- and holds (workspace_id, status), all the count reads. Its size follows the open backlog, not
-- the history.
CREATE INDEX IF NOT EXISTS publish_jobs_open_status_idx ON publish_jobs (workspace_id, status)
  WHERE status IN ('queued', 'active', 'waiting_retry', 'waiting_person', 'needs_review');
-- Every read 007's index served is served by this one (its predicate is narrower).
DROP INDEX IF EXISTS publish_jobs_open_idx;
