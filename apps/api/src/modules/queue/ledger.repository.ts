import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { JOB_WAITING_STATUSES, jobStatusMachine, PUBLICATION_INITIAL_STATUS, type JobStatus, type PublicationStatus } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import { sqlStates } from '../../common/database/sql-states.js';
import type { ClaimedJob, DispatchRequest, TimelineEvent } from './jobs.repository.js';
import { StatementBatcher } from './statement-batcher.js';

/**
 * The ONLY SQL that writes `publish_jobs.status`, `platform_publications.status` and `job_events`
 * (a source scan in ledger.int-spec keeps it so). Reached only through PublicationLedger, which
 * checks every move against the domain machines first; each statement checks it again in SQL
 * (`status = ANY(<allowed from-states>)`), so set-based statements stay set-based.
 */

/** The first job status: what the scheduler inserts. */
export const JOB_INITIAL_STATUS: JobStatus = 'queued';

/** Waiting states a worker may claim once due (from the machine: the system's sources of `active`). */
const CLAIM_WAITING = JOB_WAITING_STATUSES;
/** A job may be taken when it is due, or when its holder's lease ran out (the holder died: active → active). */
const RECLAIMS_EXPIRED = jobStatusMachine.canTransition('active', 'active', 'system');
/**
 * Whether a row found by id may be claimed: due in a waiting state, or active with an expired
 * lease. Written as a CASE, which no partial index's predicate follows from, so the planner looks
 * the ids up by primary key. (As an OR of the two halves it may
 * pick a bitmap scan of publish_jobs_due_idx and filter every due job by id, as it did right after
 * a burst of 20,000 jobs, before the table was analyzed: ~10-20 ms per claim instead of ~1.)
 */
const CLAIMABLE_BY_ID = `(CASE WHEN status IN ${sqlStates(CLAIM_WAITING)} THEN run_at <= now()${RECLAIMS_EXPIRED ? " WHEN status = 'active' THEN lease_expires_at < now()" : ''} ELSE false END)`;
/**
 * The batch claim's pick: the two halves of CLAIMABLE_BY_ID as separate index scans (publish_jobs_due_idx
 * by run_at, publish_jobs_lease_idx by lease_expires_at), each locking with SKIP LOCKED up to the
 * limit — an OR of both would scan and sort the whole table on every claim. Expired leases first:
 * their jobs were due earliest.
 */
const PICK_CLAIMABLE = `expired AS (
         SELECT id FROM publish_jobs WHERE ${RECLAIMS_EXPIRED ? "status = 'active' AND lease_expires_at < now()" : 'false'}
          ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), due AS (
         SELECT id FROM publish_jobs WHERE status IN ${sqlStates(CLAIM_WAITING)} AND run_at <= now()
          ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), picked AS (
         (SELECT id FROM expired UNION ALL SELECT id FROM due) LIMIT $2
       )`;
/** Due (or soon due) jobs the reconciler dispatches again. */
export const DISPATCHABLE_STATUSES_SQL = sqlStates(CLAIM_WAITING);

const CLAIMED = `id, workspace_id AS "workspaceId", publication_id AS "publicationId", account_id AS "accountId", platform,
  attempts, max_attempts AS "maxAttempts", checkpoint, fencing_token::text AS "fencingToken", run_at AS "runAt"`;

export const EVENTS_CHANNEL = 'mwr_events';
/**
 * Announces job_events rows (columns id, workspace_id, job_id, publication_id, type, to_status in
 * scope) to the SSE gateways; delivered at commit, so listeners never see a row that rolled back.
 */
export const NOTIFY_TIMELINE = `pg_notify('${EVENTS_CHANNEL}', json_build_object('id', id, 'workspaceId', workspace_id, 'jobId', job_id, 'publicationId', publication_id, 'type', type, 'status', to_status)::text)`;

/**
 * Due calendar items → publications → jobs, as ONE statement (so one transaction): rows are
 * locked with SKIP LOCKED so concurrent schedulers split the work, and both inserts are
 * idempotent (unique (item, account) and unique idempotency key), so nothing doubles even if two
 * schedulers met the same item. Times come from the database clock. New rows start in the
 * machines' initial states.
 */
export const SCHEDULE_DUE_SQL = `
  WITH due AS (
    SELECT ci.id, ci.workspace_id, ci.scheduled_at
      FROM content_items ci
     WHERE ci.status = 'scheduled' AND ci.scheduled_at <= now() + make_interval(secs => $1)
       -- Awaiting approval is not due (issue 25): where the workspace requires one, only an approval of this very version,
       -- and under 'required_client' the client's approval through a review link as well.
       AND NOT EXISTS (
         SELECT 1 FROM review_settings rs
          WHERE rs.workspace_id = ci.workspace_id AND rs.policy IN ('required_internal', 'required_client')
            AND NOT EXISTS (
              SELECT 1 FROM content_reviews cr
               WHERE cr.content_item_id = ci.id AND cr.state = 'approved' AND cr.approved_version = ci.version
                 AND (rs.policy <> 'required_client' OR cr.client_step = 'approved')))
     ORDER BY ci.scheduled_at
     LIMIT $2
     FOR UPDATE SKIP LOCKED
  ), pubs AS (
    INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status)
    SELECT d.workspace_id, d.id, t.social_account_id, sa.platform, '${PUBLICATION_INITIAL_STATUS}'
      FROM due d
      JOIN content_item_targets t ON t.content_item_id = d.id
      JOIN social_accounts sa ON sa.id = t.social_account_id
    ON CONFLICT (content_item_id, social_account_id) DO NOTHING
    RETURNING id, workspace_id, content_item_id, social_account_id, platform
  ), jobs AS (
    INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, run_at, account_id, platform)
    SELECT p.workspace_id, p.id, 'publication:' || p.id, '${JOB_INITIAL_STATUS}', d.scheduled_at, p.social_account_id, p.platform
      FROM pubs p JOIN due d ON d.id = p.content_item_id
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, workspace_id, publication_id, run_at, dispatch_seq
  ), timeline AS (
    INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status, message, data)
    SELECT workspace_id, id, publication_id, 'queued', '${JOB_INITIAL_STATUS}', 'Scheduled', jsonb_build_object('runAt', run_at) FROM jobs
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

/** One release: the job under its lease's fencing token, its move, and its timeline row (if any). */
interface ReleaseRow {
  id: string;
  fencingToken: string;
  change: { status: JobStatus; ended: boolean; runAt?: Date; attemptsDelta?: number; lastError?: unknown; checkpoint?: unknown; waitingOn?: unknown };
  event?: Omit<TimelineEvent, 'workspaceId' | 'jobId' | 'publicationId'>;
}

export interface OperatedJob {
  id: string;
  workspaceId: string;
  checkpoint: unknown;
  runAt: Date;
  dispatchSeq: number;
}

@Injectable()
export class LedgerRepository {
  /** Releases made outside a transaction, written together (see release). */
  private readonly releases = new StatementBatcher<ReleaseRow, DispatchRequest>(
    (rows) => this.releaseBatch(rows),
    (row) => this.releaseOne(this.dataSource, row),
    (row) => row.id,
  );

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Leases up to `limit` due jobs for this worker, oldest first. SKIP LOCKED lets any number of
   * workers claim at once without waiting on each other or taking the same job.
   */
  async claimDue(workerId: string, limit: number, leaseSeconds: number): Promise<ClaimedJob[]> {
    return sqlRows<ClaimedJob>(
      this.dataSource,
      `WITH ${PICK_CLAIMABLE}, claimed AS (
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
    return (await this.claimByIds([id], workerId, leaseSeconds))[0];
  }

  /**
   * Leases the claimable jobs among `ids` in one statement (BullMQ delivers ids; a worker gathers
   * the ones that arrive together). Rows are locked in id order, so two workers claiming
   * overlapping batches wait for each other instead of deadlocking; the loser sees the job active
   * and leaves it. Jobs not claimable right now (done, not due on the database clock, held by a
   * live lease) are simply absent from the result.
   */
  async claimByIds(ids: readonly string[], workerId: string, leaseSeconds: number): Promise<ClaimedJob[]> {
    return sqlRows<ClaimedJob>(
      this.dataSource,
      `WITH picked AS (
         SELECT id FROM publish_jobs WHERE id = ANY($1::uuid[]) AND ${CLAIMABLE_BY_ID} ORDER BY id FOR UPDATE
       ), claimed AS (
         UPDATE publish_jobs j SET status = 'active', locked_by = $2, lease_expires_at = now() + make_interval(secs => $3),
                fencing_token = j.fencing_token + 1, updated_at = now()
           FROM picked WHERE j.id = picked.id
         RETURNING j.*
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status, data)
         SELECT workspace_id, id, publication_id, 'claimed', 'active', jsonb_build_object('worker', $2::text, 'lease', fencing_token) FROM claimed
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT ${CLAIMED} FROM claimed WHERE (SELECT n FROM announced) >= 0`,
      [ids, workerId, leaseSeconds],
    );
  }

  /**
   * Ends the lease (active → `status`, under the fencing token), moves the lane when `lane` is
   * given and appends `event` (announced at commit) — one statement, so one round trip. For
   * queued/waiting_retry, `runAt` is when to look again and the dispatch sequence moves on.
   * Undefined when the lease was lost (nothing written); `laneMoved` false when the lane was not in
   * `lane.from` (the job moved: the caller throws and its transaction rolls back).
   *
   * A release outside a caller's transaction (`db` is the DataSource) that moves no lane has
   * nothing to commit with: it joins the releases finishing at the same moment in one statement
   * (StatementBatcher, like graphile-worker's batched completion). Inside a transaction it is the
   * caller's statement, committed with the job's effects.
   */
  async release(
    db: Db,
    id: string,
    fencingToken: string,
    change: ReleaseRow['change'],
    lane?: { from: PublicationStatus; to: PublicationStatus },
    event?: ReleaseRow['event'],
  ): Promise<(DispatchRequest & { laneMoved: boolean }) | undefined> {
    if (db === this.dataSource && !lane) {
      const released = await this.releases.run({ id, fencingToken, change, event });
      return released && { ...released, laneMoved: true };
    }
    return this.releaseOne(db, { id, fencingToken, change, event }, lane);
  }

  private async releaseOne(
    db: Db,
    { id, fencingToken, change, event }: ReleaseRow,
    lane?: { from: PublicationStatus; to: PublicationStatus },
  ): Promise<(DispatchRequest & { laneMoved: boolean }) | undefined> {
    const jobParams = [
      id,
      fencingToken,
      change.status,
      change.runAt ?? null,
      change.attemptsDelta ?? 0,
      change.lastError === undefined ? null : JSON.stringify(change.lastError),
      change.checkpoint === undefined ? null : JSON.stringify(change.checkpoint),
      change.ended,
      change.waitingOn === undefined ? null : JSON.stringify(change.waitingOn),
    ];
    const releaseJob = `UPDATE publish_jobs SET status = $3, run_at = coalesce($4, run_at), attempts = attempts + $5,
                last_error = coalesce($6::jsonb, last_error), checkpoint = coalesce($7::jsonb, checkpoint), waiting_on = $9::jsonb,
                locked_by = NULL, lease_expires_at = NULL, dispatch_seq = dispatch_seq + CASE WHEN $8 THEN 0 ELSE 1 END,
                finished_at = CASE WHEN $8 THEN now() ELSE NULL END, updated_at = now()
          WHERE id = $1 AND fencing_token = $2::bigint AND status = 'active'`;
    if (!lane && !event) {
      // Nothing else to write: the plain UPDATE (a CTE would cost planning for nothing).
      const rows = await sqlRows<DispatchRequest>(db, `${releaseJob} RETURNING id, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`, jobParams);
      return rows[0] && { ...rows[0], laneMoved: true };
    }
    const rows = await sqlRows<DispatchRequest & { laneMoved: boolean }>(
      db,
      `WITH job AS (
         ${releaseJob}
         RETURNING id, workspace_id, publication_id, run_at, dispatch_seq
       ), lane AS (
         UPDATE platform_publications SET status = $11, updated_at = now()
          WHERE $11::text IS NOT NULL AND id = (SELECT publication_id FROM job) AND status = $10
         RETURNING id
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, message, data)
         SELECT workspace_id, id, publication_id, $12, $13, $14, $15, $16::jsonb FROM job WHERE $12::text IS NOT NULL
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT id, run_at AS "runAt", dispatch_seq AS "dispatchSeq", ($11::text IS NULL OR EXISTS (SELECT 1 FROM lane)) AS "laneMoved"
         FROM job WHERE (SELECT n FROM announced) >= 0`,
      [
        ...jobParams,
        lane?.from ?? null,
        lane?.to ?? null,
        event?.type ?? null,
        event?.fromStatus ?? null,
        event?.toStatus ?? null,
        event?.message ?? null,
        JSON.stringify(event?.data ?? {}),
      ],
    );
    return rows[0];
  }

  /**
   * Several releases (no lane moves) as ONE statement: each row ends its lease under its own fencing
   * token and appends its own timeline row, if any. Results in input order; undefined where the
   * lease was lost (that row unwritten, the others written). Rows are taken in id order.
   */
  private async releaseBatch(rows: ReleaseRow[]): Promise<(DispatchRequest | undefined)[]> {
    const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const column = <T>(pick: (row: ReleaseRow) => T) => sorted.map(pick);
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const released = await sqlRows<DispatchRequest>(
      this.dataSource,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[], $5::int[], $6::jsonb[], $7::jsonb[], $8::boolean[], $9::jsonb[],
                              $10::text[], $11::text[], $12::text[], $13::text[], $14::jsonb[])
           AS r(id, fencing_token, status, run_at, attempts_delta, last_error, checkpoint, ended, waiting_on,
                event_type, event_from, event_to, event_message, event_data)
       ), job AS (
         UPDATE publish_jobs j SET status = r.status, run_at = coalesce(r.run_at, j.run_at), attempts = j.attempts + r.attempts_delta,
                last_error = coalesce(r.last_error, j.last_error), checkpoint = coalesce(r.checkpoint, j.checkpoint), waiting_on = r.waiting_on,
                locked_by = NULL, lease_expires_at = NULL, dispatch_seq = j.dispatch_seq + CASE WHEN r.ended THEN 0 ELSE 1 END,
                finished_at = CASE WHEN r.ended THEN now() ELSE NULL END, updated_at = now()
           FROM input r
          WHERE j.id = r.id AND j.fencing_token = r.fencing_token AND j.status = 'active'
         RETURNING j.id, j.workspace_id, j.publication_id, j.run_at, j.dispatch_seq,
                   r.event_type, r.event_from, r.event_to, r.event_message, r.event_data
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, message, data)
         SELECT workspace_id, id, publication_id, event_type, event_from, event_to, event_message, event_data FROM job WHERE event_type IS NOT NULL
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT id, run_at AS "runAt", dispatch_seq AS "dispatchSeq" FROM job WHERE (SELECT n FROM announced) >= 0`,
      [
        column((r) => r.id),
        column((r) => r.fencingToken),
        column((r) => r.change.status),
        column((r) => r.change.runAt ?? null),
        column((r) => r.change.attemptsDelta ?? 0),
        column((r) => json(r.change.lastError)),
        column((r) => json(r.change.checkpoint)),
        column((r) => r.change.ended),
        column((r) => json(r.change.waitingOn)),
        column((r) => r.event?.type ?? null),
        column((r) => r.event?.fromStatus ?? null),
        column((r) => r.event?.toStatus ?? null),
        column((r) => r.event?.message ?? null),
        column((r) => (r.event ? JSON.stringify(r.event.data ?? {}) : null)),
      ],
    );
    const byId = new Map(released.map((r) => [r.id, r]));
    return rows.map((r) => byId.get(r.id));
  }

  /**
   * The account's jobs waiting on a person go back to the queue, due now (`waiting_person` →
   * `queued`), each with a `resumed` timeline row announced like every other; one statement.
   */
  async resumeWaiting(db: Db, accountId: string, from: JobStatus, to: JobStatus, message: string): Promise<DispatchRequest[]> {
    return sqlRows<DispatchRequest>(
      db,
      `WITH resumed AS (
         UPDATE publish_jobs SET status = $3, run_at = now(), waiting_on = NULL, dispatch_seq = dispatch_seq + 1, updated_at = now()
          WHERE account_id = $1 AND status = $2
         RETURNING id, workspace_id, publication_id, run_at, dispatch_seq
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, message)
         SELECT workspace_id, id, publication_id, 'resumed', $2, $3, $4 FROM resumed
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT id, run_at AS "runAt", dispatch_seq AS "dispatchSeq" FROM resumed WHERE (SELECT n FROM announced) >= 0`,
      [accountId, from, to, message],
    );
  }

  /**
   * A person's action on a job that is not running: moves it (and its publication, when `publication`
   * is given) only if the job is in one of `from` and the publication in one of `publication.from`.
   * Undefined when either was not (nothing written).
   */
  async operate(
    db: Db,
    publicationId: string,
    from: readonly JobStatus[],
    change: { status: JobStatus; ended: boolean; resetAttempts: boolean },
    publication?: { from: readonly PublicationStatus[]; to: PublicationStatus },
  ): Promise<OperatedJob | undefined> {
    const rows = await sqlRows<OperatedJob>(
      db,
      `WITH job AS (
         UPDATE publish_jobs SET status = $3, attempts = CASE WHEN $4 THEN 0 ELSE attempts END, waiting_on = NULL,
                run_at = CASE WHEN $3 = 'queued' THEN now() ELSE run_at END, dispatch_seq = dispatch_seq + 1,
                finished_at = CASE WHEN $5 THEN now() ELSE NULL END, updated_at = now()
          WHERE publication_id = $1 AND status = ANY($2::text[])
            AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM platform_publications WHERE id = $1 AND status = ANY($7::text[])))
         RETURNING id, workspace_id, checkpoint, run_at, dispatch_seq
       ), lane AS (
         UPDATE platform_publications SET status = $6, updated_at = now()
          WHERE $6::text IS NOT NULL AND id = $1 AND EXISTS (SELECT 1 FROM job)
         RETURNING id
       )
       SELECT id, workspace_id AS "workspaceId", checkpoint, run_at AS "runAt", dispatch_seq AS "dispatchSeq" FROM job
        WHERE (SELECT count(*) FROM lane) >= 0`,
      [publicationId, from, change.status, change.resetAttempts, change.ended, publication?.to ?? null, publication?.from ?? []],
    );
    return rows[0];
  }

  /**
   * Moves the lane if it is in `from` and appends its timeline row (announced at commit), one
   * statement; false when the lane was not in `from` (nothing written).
   */
  async moveLaneWithEvent(db: Db, publicationId: string, from: PublicationStatus, to: PublicationStatus, event: TimelineEvent): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `WITH lane AS (
         UPDATE platform_publications SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, message, data)
         SELECT $4, $5, $6, $7, $8, $9, $10, $11::jsonb FROM lane
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       )
       SELECT ${NOTIFY_TIMELINE} FROM timeline`,
      [
        publicationId,
        from,
        to,
        event.workspaceId,
        event.jobId,
        event.publicationId,
        event.type,
        event.fromStatus ?? null,
        event.toStatus ?? null,
        event.message ?? null,
        JSON.stringify(event.data ?? {}),
      ],
    );
    return rows.length > 0;
  }

  /**
   * A step's checkpoint under the lease, as ONE statement (it was a 5-to-7-round-trip transaction:
   * begin, checkpoint, lane, publication, timeline, commit): the job row is locked under its fencing
   * token first, then the publication's step (and remote id, and lane when `lane` is given) and the
   * job's checkpoint are written and `events` appended in their order (announced at commit).
   * `held` false: the lease was lost, nothing written. `written` false while held: the lane was not
   * in `lane.from`, nothing written (the job's update waits on the lane's).
   */
  async saveStep(
    id: string,
    fencingToken: string,
    step: { checkpoint: unknown; name: string; remotePublishId?: string },
    lane: { from: PublicationStatus; to: PublicationStatus } | undefined,
    events: readonly Omit<TimelineEvent, 'workspaceId' | 'jobId' | 'publicationId'>[],
  ): Promise<{ held: boolean; written: boolean }> {
    const rows = await sqlRows<{ held: boolean; written: boolean }>(
      this.dataSource,
      `WITH held AS (
         SELECT id, publication_id FROM publish_jobs WHERE id = $1 AND fencing_token = $2::bigint AND status = 'active' FOR UPDATE
       ), lane AS (
         UPDATE platform_publications p SET status = coalesce($5, p.status), step = $6, remote_publish_id = coalesce($7, p.remote_publish_id), updated_at = now()
           FROM held WHERE p.id = held.publication_id AND ($5::text IS NULL OR p.status = $4)
         RETURNING p.id
       ), job AS (
         UPDATE publish_jobs j SET checkpoint = $3::jsonb, lease_expires_at = greatest(j.lease_expires_at, now()), updated_at = now()
           FROM held WHERE j.id = held.id AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM lane))
         RETURNING j.id, j.workspace_id, j.publication_id
       ), timeline AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, message, data)
         SELECT job.workspace_id, job.id, job.publication_id, e.type, e.from_status, e.to_status, e.message, e.data
           FROM job, unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[]) WITH ORDINALITY AS e(type, from_status, to_status, message, data, n)
          ORDER BY e.n
         RETURNING id, workspace_id, job_id, publication_id, type, to_status
       ), announced AS (
         SELECT count(${NOTIFY_TIMELINE}) AS n FROM timeline
       )
       SELECT EXISTS (SELECT 1 FROM held) AS held, EXISTS (SELECT 1 FROM job) AS written WHERE (SELECT n FROM announced) >= 0`,
      [
        id,
        fencingToken,
        JSON.stringify(step.checkpoint),
        lane?.from ?? null,
        lane?.to ?? null,
        step.name,
        step.remotePublishId ?? null,
        events.map((e) => e.type),
        events.map((e) => e.fromStatus ?? null),
        events.map((e) => e.toStatus ?? null),
        events.map((e) => e.message ?? null),
        events.map((e) => JSON.stringify(e.data ?? {})),
      ],
    );
    return rows[0] ?? { held: false, written: false };
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
      [
        event.workspaceId,
        event.jobId,
        event.publicationId,
        event.type,
        event.fromStatus ?? null,
        event.toStatus ?? null,
        event.message ?? null,
        JSON.stringify(event.data ?? {}),
      ],
    );
  }

  async scheduleDue(lookaheadSeconds: number, batchSize: number, db: Db = this.dataSource): Promise<{ items: number; jobs: DispatchRequest[] }> {
    const rows = await sqlRows<{ id: string | null; runAt: Date | null; dispatchSeq: number | null; movedItems: number }>(db, SCHEDULE_DUE_SQL, [
      lookaheadSeconds,
      batchSize,
    ]);
    return {
      items: rows[0]?.movedItems ?? 0,
      jobs: rows.filter((r) => r.id).map((r) => ({ id: r.id!, runAt: new Date(r.runAt!), dispatchSeq: r.dispatchSeq! })),
    };
  }
}
