import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobStatus } from '@mwr/domain';
import { sqlRows, type Db } from '../../common/database/db.js';

export interface ClaimedJob {
  id: string;
  workspaceId: string;
  publicationId: string;
  accountId: string;
  platform: string;
  attempts: number;
  maxAttempts: number;
  checkpoint: unknown;
  /** Proof of the lease: every write carries it, and a write with a stale token changes nothing. */
  fencingToken: string;
  runAt: Date;
}

export interface DispatchRequest {
  id: string;
  runAt: Date;
  dispatchSeq: number;
}

export interface TimelineEvent {
  workspaceId: string;
  jobId: string | null;
  publicationId: string | null;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  message?: string | null;
  data?: Record<string, unknown>;
}

const CLAIMED = `id, workspace_id AS "workspaceId", publication_id AS "publicationId", account_id AS "accountId", platform,
  attempts, max_attempts AS "maxAttempts", checkpoint, fencing_token::text AS "fencingToken", run_at AS "runAt"`;

/** A job may be taken when it is due, or when its holder's lease ran out (the holder died). */
const CLAIMABLE = `((status IN ('queued', 'waiting_retry') AND run_at <= now()) OR (status = 'active' AND lease_expires_at < now()))`;

export const EVENTS_CHANNEL = 'mwr_events';
/**
 * Announces job_events rows (columns id, workspace_id, job_id, publication_id, type, to_status in
 * scope) to the SSE gateways; delivered at commit, so listeners never see a row that rolled back.
 */
export const NOTIFY_TIMELINE = `pg_notify('${EVENTS_CHANNEL}', json_build_object('id', id, 'workspaceId', workspace_id, 'jobId', job_id, 'publicationId', publication_id, 'type', type, 'status', to_status)::text)`;
export const JOBS_CHANNEL = 'mwr_jobs';

@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Leases up to `limit` due jobs for this worker, oldest first. SKIP LOCKED lets any number of
   * workers claim at once without waiting on each other or taking the same job.
   */
  async claimDue(workerId: string, limit: number, leaseSeconds: number): Promise<ClaimedJob[]> {
    return sqlRows<ClaimedJob>(
      this.dataSource,
      `WITH picked AS (
         SELECT id FROM publish_jobs WHERE ${CLAIMABLE} ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE publish_jobs j SET status = 'active', locked_by = $1, lease_expires_at = now() + make_interval(secs => $3),
                fencing_token = j.fencing_token + 1, updated_at = now()
           FROM picked WHERE j.id = picked.id
         RETURNING j.*
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status, data)
         SELECT workspace_id, id, publication_id, 'claimed', 'active', jsonb_build_object('worker', $1::text, 'lease', fencing_token) FROM claimed
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT ${CLAIMED} FROM claimed WHERE (SELECT n FROM announced) >= 0`,
      [workerId, limit, leaseSeconds],
    );
  }

  /** Leases one job by id (BullMQ delivers ids); undefined when it is not claimable right now. */
  async claimById(id: string, workerId: string, leaseSeconds: number): Promise<ClaimedJob | undefined> {
    const rows = await sqlRows<ClaimedJob>(
      this.dataSource,
      `WITH claimed AS (
         UPDATE publish_jobs SET status = 'active', locked_by = $2, lease_expires_at = now() + make_interval(secs => $3),
                fencing_token = fencing_token + 1, updated_at = now()
          WHERE id = $1 AND ${CLAIMABLE}
         RETURNING *
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status, data)
         SELECT workspace_id, id, publication_id, 'claimed', 'active', jsonb_build_object('worker', $2::text, 'lease', fencing_token) FROM claimed
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT ${CLAIMED} FROM claimed WHERE (SELECT n FROM announced) >= 0`,
      [id, workerId, leaseSeconds],
    );
    return rows[0];
  }

  /** Extends the lease while a long step runs; false means the lease is lost (stop now). */
  async renewLease(id: string, fencingToken: string, leaseSeconds: number): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `UPDATE publish_jobs SET lease_expires_at = now() + make_interval(secs => $3)
        WHERE id = $1 AND fencing_token = $2::bigint AND status = 'active' RETURNING id`,
      [id, fencingToken, leaseSeconds],
    );
    return rows.length > 0;
  }

  /** Persists a checkpoint under the lease. False: the lease was lost, nothing was written. */
  async saveCheckpoint(db: Db, id: string, fencingToken: string, checkpoint: unknown): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE publish_jobs SET checkpoint = $3::jsonb, lease_expires_at = greatest(lease_expires_at, now()), updated_at = now()
        WHERE id = $1 AND fencing_token = $2::bigint AND status = 'active' RETURNING id`,
      [id, fencingToken, JSON.stringify(checkpoint)],
    );
    return rows.length > 0;
  }

  /**
   * Ends the lease with a new status. For queued/waiting_retry, `runAt` is when to look again and
   * the dispatch sequence moves on. Returns what to dispatch, or undefined when the lease was lost.
   */
  async release(
    db: Db,
    id: string,
    fencingToken: string,
    change: { status: JobStatus; runAt?: Date; attemptsDelta?: number; lastError?: unknown; checkpoint?: unknown },
  ): Promise<DispatchRequest | undefined> {
    const terminal = ['succeeded', 'failed', 'dead', 'cancelled', 'needs_review'].includes(change.status);
    const rows = await sqlRows<DispatchRequest>(
      db,
      `UPDATE publish_jobs SET status = $3, run_at = coalesce($4, run_at), attempts = attempts + $5,
              last_error = coalesce($6::jsonb, last_error), checkpoint = coalesce($7::jsonb, checkpoint),
              locked_by = NULL, lease_expires_at = NULL, dispatch_seq = dispatch_seq + CASE WHEN $8 THEN 0 ELSE 1 END,
              finished_at = CASE WHEN $8 THEN now() ELSE NULL END, updated_at = now()
        WHERE id = $1 AND fencing_token = $2::bigint AND status = 'active'
        RETURNING id, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`,
      [id, fencingToken, change.status, change.runAt ?? null, change.attemptsDelta ?? 0, change.lastError === undefined ? null : JSON.stringify(change.lastError), change.checkpoint === undefined ? null : JSON.stringify(change.checkpoint), terminal],
    );
    return rows[0];
  }

  /** Appends to the timeline and tells listeners (SSE gateway) in the same transaction. */
  async appendEvent(db: Db, event: TimelineEvent): Promise<void> {
    await sqlRows(
      db,
      `WITH e AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, message, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id, workspace_id, job_id, publication_id, type, to_status
       )
       SELECT ${NOTIFY_TIMELINE} FROM e`,
      [event.workspaceId, event.jobId, event.publicationId, event.type, event.fromStatus ?? null, event.toStatus ?? null, event.message ?? null, JSON.stringify(event.data ?? {})],
    );
  }

  async notifyJobs(db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, `SELECT pg_notify('${JOBS_CHANNEL}', '')`);
  }

  /**
   * For the BullMQ reconciler: jobs Postgres says should run by `horizon`, with their current
   * dispatch id. A job whose lease expired (its worker died holding the message) gets a new
   * dispatch id, since the dead worker's message may still sit in Redis under the old one.
   */
  async dueForDispatch(horizonSeconds: number, limit: number): Promise<DispatchRequest[]> {
    return sqlRows(
      this.dataSource,
      `WITH orphaned AS (
         UPDATE publish_jobs SET dispatch_seq = dispatch_seq + 1
          WHERE id IN (SELECT id FROM publish_jobs WHERE status = 'active' AND lease_expires_at < now() LIMIT $2)
         RETURNING id, run_at, dispatch_seq
       )
       SELECT id, run_at AS "runAt", dispatch_seq AS "dispatchSeq" FROM orphaned
       UNION ALL
       (SELECT id, run_at, dispatch_seq FROM publish_jobs
         WHERE status IN ('queued', 'waiting_retry') AND run_at <= now() + make_interval(secs => $1)
         ORDER BY run_at LIMIT $2)`,
      [horizonSeconds, limit],
    );
  }

  async find(id: string): Promise<{ id: string; status: JobStatus; attempts: number; fencingToken: string; checkpoint: unknown; runAt: Date } | undefined> {
    const rows = await sqlRows<{ id: string; status: JobStatus; attempts: number; fencingToken: string; checkpoint: unknown; runAt: Date }>(
      this.dataSource,
      'SELECT id, status, attempts, fencing_token::text AS "fencingToken", checkpoint, run_at AS "runAt" FROM publish_jobs WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  /** Operator actions: move a job that is not running. Undefined when it was not in one of `from`. */
  async operate(
    db: Db,
    publicationId: string,
    from: JobStatus[],
    change: { status: JobStatus; resetAttempts?: boolean },
  ): Promise<{ id: string; workspaceId: string; checkpoint: unknown; runAt: Date; dispatchSeq: number } | undefined> {
    const rows = await sqlRows<{ id: string; workspaceId: string; checkpoint: unknown; runAt: Date; dispatchSeq: number }>(
      db,
      `UPDATE publish_jobs SET status = $3, attempts = CASE WHEN $4 THEN 0 ELSE attempts END,
              run_at = CASE WHEN $3 = 'queued' THEN now() ELSE run_at END, dispatch_seq = dispatch_seq + 1,
              finished_at = CASE WHEN $3 IN ('succeeded', 'failed', 'cancelled') THEN now() ELSE NULL END, updated_at = now()
        WHERE publication_id = $1 AND status = ANY($2::text[])
        RETURNING id, workspace_id AS "workspaceId", checkpoint, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`,
      [publicationId, from, change.status, change.resetAttempts ?? false],
    );
    return rows[0];
  }

  async forPublication(publicationId: string): Promise<{ id: string; status: JobStatus; attempts: number; maxAttempts: number; runAt: Date; lastError: unknown; checkpoint: unknown } | undefined> {
    const rows = await sqlRows<{ id: string; status: JobStatus; attempts: number; maxAttempts: number; runAt: Date; lastError: unknown; checkpoint: unknown }>(
      this.dataSource,
      `SELECT id, status, attempts, max_attempts AS "maxAttempts", run_at AS "runAt", last_error AS "lastError", checkpoint
         FROM publish_jobs WHERE publication_id = $1`,
      [publicationId],
    );
    return rows[0];
  }

  async timeline(publicationId: string, limit = 500): Promise<{ id: string; type: string; fromStatus: string | null; toStatus: string | null; message: string | null; data: Record<string, unknown>; at: Date }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT id::text, type, from_status AS "fromStatus", to_status AS "toStatus", message, data, at
         FROM job_events e WHERE publication_id = $1 ORDER BY e.id LIMIT $2`,
      [publicationId, limit],
    );
  }

  /**
   * An account came back (reconnected): its jobs waiting in the queue run now instead of at their
   * next re-check. Jobs in retry backoff keep their delay.
   */
  async wakeAccount(accountId: string): Promise<DispatchRequest[]> {
    return sqlRows(
      this.dataSource,
      `UPDATE publish_jobs SET run_at = now(), dispatch_seq = dispatch_seq + 1, updated_at = now()
        WHERE account_id = $1 AND status = 'queued' AND run_at > now()
        RETURNING id, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`,
      [accountId],
    );
  }
}
