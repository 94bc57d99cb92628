import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { JobStatus } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import { DISPATCHABLE_STATUSES_SQL } from './ledger.repository.js';

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

export const JOBS_CHANNEL = 'mwr_jobs';

/**
 * The queue's reads and lease bookkeeping (checkpoint, lease renewal, dispatch sequence). Status
 * changes and timeline rows are not written here: that is the ledger's (ledger.repository.ts).
 */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

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
         WHERE status IN ${DISPATCHABLE_STATUSES_SQL} AND run_at <= now() + make_interval(secs => $1)
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

  async forPublication(
    publicationId: string,
  ): Promise<{ id: string; status: JobStatus; attempts: number; maxAttempts: number; runAt: Date; lastError: unknown; checkpoint: unknown } | undefined> {
    const rows = await sqlRows<{ id: string; status: JobStatus; attempts: number; maxAttempts: number; runAt: Date; lastError: unknown; checkpoint: unknown }>(
      this.dataSource,
      `SELECT id, status, attempts, max_attempts AS "maxAttempts", run_at AS "runAt", last_error AS "lastError", checkpoint
         FROM publish_jobs WHERE publication_id = $1`,
      [publicationId],
    );
    return rows[0];
  }

  async timeline(
    publicationId: string,
    limit = 500,
  ): Promise<
    { id: string; type: string; fromStatus: string | null; toStatus: string | null; message: string | null; data: Record<string, unknown>; at: Date }[]
  > {
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
