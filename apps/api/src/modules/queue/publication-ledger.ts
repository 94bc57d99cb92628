import { Injectable } from '@nestjs/common';

import {
  JOB_WAITING_ON_PERSON_STATUS,
  jobStatusMachine,
  publicationStatusMachine,
  type JobStatus,
  type PublicationStatus,
  type StateMachine,
  type TransitionActor,
} from '@mwr/domain';

import type { Db } from '../../common/database/db.js';
import type { ClaimedJob, DispatchRequest, TimelineEvent } from './jobs.repository.js';
import { LedgerRepository, type OperatedJob } from './ledger.repository.js';
import { IllegalStatusTransition } from './queue.errors.js';

/** What other modules see of a job: through the ledger and the queue service, never the repositories. */
export type { ClaimedJob, DispatchRequest } from './jobs.repository.js';

/** A timeline row, minus what the ledger knows from the job. */
export type LedgerEvent = Omit<TimelineEvent, 'workspaceId' | 'jobId' | 'publicationId'>;

/** The job a worker holds: its lease (fencing token) is the proof every write carries. */
export type HeldJob = Pick<ClaimedJob, 'id' | 'workspaceId' | 'publicationId' | 'fencingToken'>;

export interface ReleaseChange {
  status: JobStatus;
  runAt?: Date;
  attemptsDelta?: number;
  lastError?: unknown;
  checkpoint?: unknown;
  /** Why a job waits on a person (status `waiting_person` only): a reason code and its parameters. */
  waitingOn?: WaitingOn;
}

/** Why a job cannot go on until a person acts on its account (docs/platform-apis.md §1.2, §1.10 for TikTok's refusals). */
export interface WaitingOn {
  code: 'account_disconnected' | 'account_needs_reconnect' | 'account_restricted' | 'scope_missing';
  accountId: string;
  handle: string;
  platform: string;
  /** The platform's (or our) code behind it, e.g. spam_risk_user_banned_from_posting. */
  detail: string | null;
  since: string;
}

/** What a worker writes after a step (PublicationLedger.saveStep). */
export interface StepCheckpoint {
  /** The checkpoint as stored (secrets sealed). */
  checkpoint: unknown;
  /** The step it is at (the publication's `step`). */
  name: string;
  remotePublishId?: string;
  /** The lane's move, when the step moves it. */
  lane?: LaneMove;
  /** Timeline rows, in order. */
  events: LedgerEvent[];
}

/** Where a move of the lane starts and ends. */
export interface LaneMove {
  from: PublicationStatus;
  to: PublicationStatus;
}

/** A person's action: the job's target, and the lane's when it moves too. */
export interface PersonAction {
  job: JobStatus;
  /** Only from these (else every state the machine allows a person to move from). */
  jobFrom?: readonly JobStatus[];
  publication?: PublicationStatus;
  /** Only from these (else every state the machine allows). */
  publicationFrom?: readonly PublicationStatus[];
  resetAttempts?: boolean;
}

/**
 * The publication ledger: the only writer of `publish_jobs.status`, `platform_publications.status`
 * and `job_events`. Every move is checked against the domain machines (jobStatusMachine,
 * publicationStatusMachine) before it is written, and the SQL checks it again
 * (`status = ANY(allowed from-states)`); an illegal move throws IllegalStatusTransition. Set-based
 * work (the scheduler's insert, the claim) stays one statement each.
 */
@Injectable()
export class PublicationLedger {
  constructor(private readonly repository: LedgerRepository) {}

  /** Scheduler: due items become publications (pending) and jobs (queued) in one statement per batch. */
  scheduleDue(lookaheadSeconds: number, batchSize: number, db?: Db): Promise<{ items: number; jobs: DispatchRequest[] }> {
    return this.repository.scheduleDue(lookaheadSeconds, batchSize, db);
  }

  /** Worker: queued/waiting_retry (due) or active with an expired lease → active. */
  claimDue(workerId: string, limit: number, leaseSeconds: number): Promise<ClaimedJob[]> {
    return this.repository.claimDue(workerId, limit, leaseSeconds);
  }

  claimById(id: string, workerId: string, leaseSeconds: number): Promise<ClaimedJob | undefined> {
    return this.repository.claimById(id, workerId, leaseSeconds);
  }

  /** Worker: the claimable ones among `ids` → active, in one statement (what BullMQ delivered together). */
  claimByIds(ids: readonly string[], workerId: string, leaseSeconds: number): Promise<ClaimedJob[]> {
    return this.repository.claimByIds(ids, workerId, leaseSeconds);
  }

  /**
   * Worker: ends the lease it holds (active → `change.status`), moves the lane when `lane` is given,
   * and appends `event` (none when the publication is gone) — all in `tx`. Undefined when the lease was lost (nothing written by this
   * call; the caller rolls the transaction back).
   */
  async release(tx: Db, job: HeldJob, change: ReleaseChange, event: LedgerEvent | undefined, lane?: LaneMove): Promise<DispatchRequest | undefined> {
    check(jobStatusMachine, 'active', change.status, 'system');
    if (lane) check(publicationStatusMachine, lane.from, lane.to, 'system');
    if ((change.status === JOB_WAITING_ON_PERSON_STATUS) !== (change.waitingOn !== undefined)) {
      throw new Error(`a job waits on a person with a reason, and only then (status ${change.status})`);
    }
    // The job's move, the lane's and the timeline row: one statement (one round trip per release).
    const released = await this.repository.release(tx, job.id, job.fencingToken, { ...change, ended: jobStatusMachine.hasEnded(change.status) }, lane, event);
    if (!released) return undefined;
    if (lane && !released.laneMoved) {
      throw new IllegalStatusTransition(publicationStatusMachine.name, lane.from, lane.to, 'system', `publication ${job.publicationId} was not "${lane.from}"`);
    }
    return { id: released.id, runAt: released.runAt, dispatchSeq: released.dispatchSeq };
  }

  /**
   * The account is usable again (reconnected, a re-check no longer refuses it): its jobs waiting
   * on a person go back to the queue, due now. Returns what to dispatch once `tx` committed.
   */
  async resumeAccount(tx: Db, accountId: string, message: string): Promise<DispatchRequest[]> {
    check(jobStatusMachine, JOB_WAITING_ON_PERSON_STATUS, 'queued', 'system');
    return this.repository.resumeWaiting(tx, accountId, JOB_WAITING_ON_PERSON_STATUS, 'queued', message);
  }

  /** Worker: a step moves the lane while the job runs (e.g. uploading → processing). */
  async transition(tx: Db, job: HeldJob, lane: LaneMove, event: LedgerEvent): Promise<void> {
    check(publicationStatusMachine, lane.from, lane.to, 'system');
    const timeline = { ...event, workspaceId: job.workspaceId, jobId: job.id, publicationId: job.publicationId };
    if (!(await this.repository.moveLaneWithEvent(tx, job.publicationId, lane.from, lane.to, timeline))) {
      throw new IllegalStatusTransition(publicationStatusMachine.name, lane.from, lane.to, 'system', `publication ${job.publicationId} was not "${lane.from}"`);
    }
  }

  /**
   * Worker: a step's checkpoint under the lease, in one statement — the job's checkpoint, the
   * publication's step (and remote id), the lane's move when `step.lane` is given, and the timeline
   * rows `events` in their order. False when the lease was lost (nothing written); a lane not in
   * `lane.from` throws IllegalStatusTransition (nothing written).
   */
  async saveStep(job: HeldJob, step: StepCheckpoint): Promise<boolean> {
    if (step.lane) check(publicationStatusMachine, step.lane.from, step.lane.to, 'system');
    const saved = await this.repository.saveStep(
      job.id,
      job.fencingToken,
      { checkpoint: step.checkpoint, name: step.name, remotePublishId: step.remotePublishId },
      step.lane,
      step.events,
    );
    if (saved.held && !saved.written && step.lane) {
      throw new IllegalStatusTransition(
        publicationStatusMachine.name,
        step.lane.from,
        step.lane.to,
        'system',
        `publication ${job.publicationId} was not "${step.lane.from}"`,
      );
    }
    return saved.written;
  }

  /**
   * A person's action on a publication whose job is not running (retry, cancel, settle). The
   * allowed from-states come from the machines (narrowed by `jobFrom` / `publicationFrom`) and are
   * checked in the statement itself; undefined when the job or the lane was not in one of them.
   */
  async operate(tx: Db, publicationId: string, action: PersonAction, event: LedgerEvent & { workspaceId: string }): Promise<OperatedJob | undefined> {
    const jobFrom = allowedFrom(jobStatusMachine, action.job, action.jobFrom);
    const lane = action.publication
      ? { from: allowedFrom(publicationStatusMachine, action.publication, action.publicationFrom), to: action.publication }
      : undefined;
    const job = await this.repository.operate(
      tx,
      publicationId,
      jobFrom,
      { status: action.job, ended: jobStatusMachine.hasEnded(action.job), resetAttempts: action.resetAttempts ?? false },
      lane,
    );
    if (job) await this.repository.appendEvent(tx, { ...event, jobId: job.id, publicationId });
    return job;
  }

  /** A timeline row that moves no status (a step finished, a link arrived, a person's evidence). */
  async record(db: Db, job: Pick<HeldJob, 'workspaceId'> & { id: string | null; publicationId: string | null }, event: LedgerEvent): Promise<void> {
    await this.repository.appendEvent(db, { ...event, workspaceId: job.workspaceId, jobId: job.id, publicationId: job.publicationId });
  }

  /** A workspace-wide event on the same stream (automation changed, alerts changed). */
  async announce(db: Db, workspaceId: string, event: Pick<TimelineEvent, 'type' | 'data'>): Promise<void> {
    await this.repository.appendEvent(db, { workspaceId, jobId: null, publicationId: null, ...event });
  }
}

function check<S extends string>(machine: StateMachine<S>, from: S, to: S, by: TransitionActor): void {
  if (!machine.canTransition(from, to, by)) throw new IllegalStatusTransition(machine.name, from, to, by);
}

/** The person-allowed sources of `to`, narrowed to `only` when given; asking for a source the machine forbids throws. */
function allowedFrom<S extends string>(machine: StateMachine<S>, to: S, only?: readonly S[]): S[] {
  for (const from of only ?? []) check(machine, from, to, 'person');
  return only ? [...only] : machine.sourcesOf(to, 'person');
}
