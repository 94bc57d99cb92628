import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows, type Db } from '../../common/database/db.js';
import { NOTIFY_TIMELINE } from '../queue/jobs.repository.js';

export interface CreatedJob {
  id: string;
  runAt: Date;
  dispatchSeq: number;
}

/**
 * Due calendar items → publications → jobs, as ONE statement (so one transaction): rows are
 * locked with SKIP LOCKED so concurrent schedulers split the work, and both inserts are
 * idempotent (unique (item, account) and unique idempotency key), so nothing doubles even if two
 * schedulers met the same item. Times come from the database clock.
 */
export const SCHEDULE_DUE_SQL = `
  WITH due AS (
    SELECT ci.id, ci.workspace_id, ci.scheduled_at
      FROM content_items ci
     WHERE ci.status = 'scheduled' AND ci.scheduled_at <= now() + make_interval(secs => $1)
     ORDER BY ci.scheduled_at
     LIMIT $2
     FOR UPDATE SKIP LOCKED
  ), pubs AS (
    INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status)
    SELECT d.workspace_id, d.id, t.social_account_id, sa.platform, 'pending'
      FROM due d
      JOIN content_item_targets t ON t.content_item_id = d.id
      JOIN social_accounts sa ON sa.id = t.social_account_id
    ON CONFLICT (content_item_id, social_account_id) DO NOTHING
    RETURNING id, workspace_id, content_item_id, social_account_id, platform
  ), jobs AS (
    INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, run_at, account_id, platform)
    SELECT p.workspace_id, p.id, 'publication:' || p.id, 'queued', d.scheduled_at, p.social_account_id, p.platform
      FROM pubs p JOIN due d ON d.id = p.content_item_id
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, workspace_id, publication_id, run_at, dispatch_seq
  ), timeline AS (
    INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status, message, data)
    SELECT workspace_id, id, publication_id, 'queued', 'queued', 'Scheduled', jsonb_build_object('runAt', run_at) FROM jobs
    RETURNING id, workspace_id, job_id, publication_id, type, to_status
  ), announced AS (
    -- The new lanes reach open SSE streams at commit, like every later timeline row.
    SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
  ), moved AS (
    UPDATE content_items SET status = 'publishing', version = version + 1, updated_at = now()
     WHERE id IN (SELECT id FROM due)
    RETURNING id
  )
  SELECT j.id, j.run_at AS "runAt", j.dispatch_seq AS "dispatchSeq", (SELECT count(*) FROM moved)::int AS "movedItems"
    FROM jobs j
   WHERE (SELECT n FROM announced) >= 0
   UNION ALL
  SELECT NULL, NULL, NULL, (SELECT count(*) FROM moved)::int
   WHERE NOT EXISTS (SELECT 1 FROM jobs) AND (SELECT n FROM announced) >= 0`;

@Injectable()
export class SchedulerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async scheduleDue(lookaheadSeconds: number, batchSize: number, db: Db = this.dataSource): Promise<{ items: number; jobs: CreatedJob[] }> {
    const rows = await sqlRows<{ id: string | null; runAt: Date | null; dispatchSeq: number | null; movedItems: number }>(db, SCHEDULE_DUE_SQL, [lookaheadSeconds, batchSize]);
    return {
      items: rows[0]?.movedItems ?? 0,
      jobs: rows.filter((r) => r.id).map((r) => ({ id: r.id!, runAt: new Date(r.runAt!), dispatchSeq: r.dispatchSeq! })),
    };
  }
}
