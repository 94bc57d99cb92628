import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { jobStatusMachine, nextRetryDelayMs } from '@mwr/domain';
import { exhaustedExplanation, type PublishDone, type PublishError } from '@mwr/publishers';

import type { Db } from '../../../common/database/db.js';
import { AccountsService } from '../../accounts/accounts.service.js';
import { CalendarService } from '../../calendar/calendar.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import { MetricsService } from '../../monitoring/metrics.service.js';
import {
  PublicationLedger,
  type ClaimedJob,
  type DispatchRequest,
  type LaneMove,
  type LedgerEvent,
  type ReleaseChange,
} from '../../queue/publication-ledger.js';
import { QueueService } from '../../queue/queue.service.js';
import { PublicationLinksRepository } from '../publication-links.repository.js';
import { PublishingRepository, type PublicationContext } from '../publishing.repository.js';
import { waitingOnMessage, type Stop, type WaitingOnCode } from './gates.js';

/** The lease is no longer ours: another worker owns the job; stop without writing. */
export class LeaseLost extends Error {}

/** How a claim ends: a gate's stop, or what the publisher's last step came to. */
export type Ending =
  | Stop
  | { kind: 'done'; done: PublishDone }
  | { kind: 'needs_review'; error: PublishError }
  | { kind: 'account_restricted'; error: PublishError; checkpoint: object };

/** What a publisher's error result leads to. `refresh_auth`: one forced token refresh, then the same step again. */
export type ErrorOutcome = 'refresh_auth' | 'scope_missing' | 'needs_review' | 'account_restricted' | 'fail' | 'retry';

/** Platform codes of a permission the sign-in lacks (TikTok scope_not_authorized / scope_permission_missed): a fresh token does not add it. */
const SCOPE_MISSING = /(^|\.)scope_/;

export function errorOutcome(error: Pick<PublishError, 'class' | 'retryable'> & { code?: string }, refreshedForAuth: boolean): ErrorOutcome {
  if (error.class === 'auth_expired' && error.code && SCOPE_MISSING.test(error.code)) return 'scope_missing';
  if (error.class === 'auth_expired' && !refreshedForAuth) return 'refresh_auth';
  // Ambiguous: the post may exist, a person decides.
  if (error.class === 'unknown') return 'needs_review';
  // A definite refusal of the account (nothing was posted): waits on a person with the platform's reason, no retry.
  if (error.class === 'account_restricted') return 'account_restricted';
  if (error.class === 'invalid_content' || !error.retryable) return 'fail';
  return 'retry';
}

/** A crash of the runner is a temporary failure: the attempt counts, the backoff applies. */
export const WORKER_ERROR: PublishError = {
  class: 'temporary',
  code: 'worker_error',
  message: 'Unexpected worker error',
  explanation: { en: 'Unexpected worker error', fr: 'Erreur inattendue du serveur' },
  ambiguous: false,
  retryable: true,
};

/**
 * The end of a claim, written through the ledger (the only writer of job and lane statuses):
 * waits and retries go back to the queue with a run_at, a post records its link status, an
 * ambiguous error waits for review, and the item follows its publications.
 */
@Injectable()
export class JobOutcome {
  private readonly logger = new Logger('JobRunner');
  /** When each running claim started, for the job duration histogram. */
  private readonly started = new WeakMap<ClaimedJob, number>();

  constructor(
    private readonly repository: PublishingRepository,
    private readonly queue: QueueService,
    private readonly ledger: PublicationLedger,
    private readonly accounts: AccountsService,
    private readonly dataSource: DataSource,
    private readonly links: PublicationLinksRepository,
    private readonly calendar: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  begin(job: ClaimedJob): void {
    this.started.set(job, performance.now());
  }

  async settle(job: ClaimedJob, ctx: PublicationContext, ending: Ending): Promise<void> {
    switch (ending.kind) {
      case 'cancel':
        return this.cancel(job, ctx, ending.message);
      case 'wait':
        return this.defer(job, ctx, ending.delayMs, ending.reason, ending.message);
      case 'retry':
        return this.retryOrDie(job, ctx, ending.error);
      case 'fail':
        return this.fail(job, ctx, ending.checkpoint, ending.error);
      case 'needs_review':
        return this.needsReview(job, ctx, ending.error);
      case 'wait_person':
        return this.waitForPerson(job, ctx, ending.code, ending.detail, ending.checkpoint);
      case 'account_restricted': {
        const detail = ending.error.vendor?.code ?? ending.error.code;
        await this.accounts
          .markRestricted(ctx.accountId, { code: detail, message: ending.error.explanation.en })
          .catch((e: Error) => this.logger.warn(`account ${ctx.accountId} not marked restricted: ${e.message}`));
        return this.waitForPerson(job, ctx, 'account_restricted', detail, ending.checkpoint, ending.error);
      }
      case 'done':
        // Posted: whatever restriction the account had (e.g. Instagram 2207050) no longer holds.
        if (ctx.accountStatus === 'restricted') await this.accounts.liftRestriction(ctx.accountId);
        // What the post showed about the account (e.g. uploads locked private): kept on it, never in the way of the post.
        if (ending.done.accountNotices?.length)
          await this.accounts
            .applyNotices(ctx.accountId, ending.done.accountNotices)
            .catch((e: Error) => this.logger.warn(`account ${ctx.accountId} notices not kept: ${e.message}`));
        return this.succeed(job, ctx, ending.done);
    }
  }

  /** The publication is gone (no context: no timeline row) or was cancelled. */
  async cancel(job: ClaimedJob, ctx: PublicationContext | undefined, message: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const released = await this.ledger.release(tx, job, { status: 'cancelled' }, ctx ? { type: 'cancelled', toStatus: 'cancelled', message } : undefined);
      if (!released) throw new LeaseLost();
    });
  }

  /**
   * Nothing more until a person acts on the account (issue #20): the job waits as `waiting_person`
   * with the reason and the account named (no timer, no attempt spent); the lane keeps its place.
   * It resumes when the account is usable again (QueueService.wakeAccount). Should the account
   * have come back while this ran, it is resumed at once rather than left waiting.
   */
  private async waitForPerson(
    job: ClaimedJob,
    ctx: PublicationContext,
    code: WaitingOnCode,
    detail: string | null,
    checkpoint: object | undefined,
    error?: PublishError,
  ): Promise<void> {
    const message = waitingOnMessage(code, ctx.accountHandle, ctx.platform);
    const waitingOn = { code, accountId: ctx.accountId, handle: ctx.accountHandle, platform: ctx.platform, detail, since: new Date().toISOString() };
    await this.release(
      job,
      ctx,
      { status: 'waiting_person', waitingOn, ...(checkpoint ? { checkpoint } : {}), ...(error ? { lastError: errorRecord(error) } : {}) },
      async (tx) => {
        if (error)
          await this.repository.updatePublication(tx, ctx.publicationId, {
            errorCode: error.code,
            errorMessage: error.explanation.en,
            errorClass: error.class,
          });
        return { type: 'waiting_person', toStatus: 'waiting_person', message, data: { ...waitingOn } };
      },
    );
    this.logger.warn(`publication ${ctx.publicationId} waits on a person: ${code} (@${ctx.accountHandle}, ${ctx.platform})`);
    const [account] = await this.accounts.findMany(ctx.workspaceId, [ctx.accountId]);
    const usable = code === 'account_restricted' ? account?.status === 'active' : account?.status === 'active' || account?.status === 'restricted';
    if (usable) await this.queue.wakeAccount(ctx.accountId);
  }

  /** Back to the queue without spending an attempt: waits, limits, polls. */
  private async defer(job: ClaimedJob, ctx: PublicationContext, delayMs: number, type: string, message: string | undefined): Promise<void> {
    if (type === 'rate_limited' || type === 'throttled') {
      this.metrics?.rateLimitWaits.inc({ platform: ctx.platform, reason: type });
      this.metrics?.rateLimitWaitSeconds.inc({ platform: ctx.platform, reason: type }, Math.max(0, delayMs) / 1000);
    }
    const dispatch = await this.release(
      job,
      ctx,
      { status: 'queued', runAt: new Date(Date.now() + Math.max(0, delayMs)) },
      { type, toStatus: 'queued', message, data: { delayMs: Math.round(delayMs) } },
    );
    await this.queue.dispatch(dispatch ? [dispatch] : []);
  }

  /** The next attempt after the backoff, or dead once the attempts are spent. Without a context (a crash before it was read) nothing is written. */
  async retryOrDie(job: ClaimedJob, ctx: PublicationContext | undefined, error: PublishError): Promise<void> {
    if (ctx) this.metrics?.jobErrors.inc({ platform: ctx.platform, class: error.class });
    const attempt = job.attempts + 1;
    const { backoffBaseMs, backoffCapMs } = this.config.queue;
    const delay = nextRetryDelayMs(attempt, {
      policy: { baseMs: backoffBaseMs, capMs: backoffCapMs, maxAttempts: job.maxAttempts },
      retryAfterMs: error.retryAfterMs,
    });
    if (delay === undefined || !ctx) {
      if (ctx)
        await this.fail(
          job,
          ctx,
          undefined,
          { ...error, message: `Gave up after ${attempt} attempts: ${error.message}`, explanation: exhaustedExplanation(error.explanation, attempt) },
          'dead',
        );
      return;
    }
    const dispatch = await this.release(
      job,
      ctx,
      { status: 'waiting_retry', runAt: new Date(Date.now() + delay), attemptsDelta: 1, lastError: errorRecord(error) },
      async (tx) => {
        await this.repository.updatePublication(tx, ctx.publicationId, { errorCode: error.code, errorMessage: error.explanation.en, errorClass: error.class });
        return {
          type: 'retry_scheduled',
          toStatus: 'waiting_retry',
          message: error.explanation.en,
          data: { attempt, delayMs: delay, code: error.code, class: error.class },
        };
      },
    );
    await this.queue.dispatch(dispatch ? [dispatch] : []);
  }

  private async succeed(job: ClaimedJob, ctx: PublicationContext, done: PublishDone): Promise<void> {
    await this.release(
      job,
      ctx,
      { status: 'succeeded' },
      async (tx) => {
        await this.repository.updatePublication(tx, ctx.publicationId, {
          remoteMediaId: done.remoteMediaId,
          permalink: done.permalink,
          postedAt: new Date(done.postedAt),
          errorCode: null,
          errorMessage: null,
          errorClass: null,
        });
        // Posted, link pending: the link backfill (scheduler role) looks again later.
        const linkStatus = await this.links.recordPosted(tx, ctx.publicationId, done);
        return {
          type: 'succeeded',
          fromStatus: ctx.publicationStatus,
          toStatus: 'posted',
          message: linkStatus === 'ready' ? null : (done.link?.reason ?? null),
          data: { remoteMediaId: done.remoteMediaId, permalink: done.permalink ?? null, linkStatus },
        };
      },
      { from: ctx.publicationStatus, to: 'posted' },
      (tx) => this.refreshItem(tx, ctx),
    );
  }

  /** `checkpoint`: the one to keep, as stored (secrets sealed). */
  private async fail(
    job: ClaimedJob,
    ctx: PublicationContext,
    checkpoint: object | undefined,
    error: PublishError,
    status: 'failed' | 'dead' = 'failed',
  ): Promise<void> {
    if (status === 'failed') this.metrics?.jobErrors.inc({ platform: ctx.platform, class: error.class });
    await this.release(
      job,
      ctx,
      { status, attemptsDelta: 1, lastError: errorRecord(error), ...(checkpoint ? { checkpoint } : {}) },
      async (tx) => {
        await this.repository.updatePublication(tx, ctx.publicationId, { errorCode: error.code, errorMessage: error.explanation.en, errorClass: error.class });
        return {
          type: status,
          fromStatus: ctx.publicationStatus,
          toStatus: 'failed',
          message: error.explanation.en,
          data: { code: error.code, class: error.class, explanation: error.explanation },
        };
      },
      { from: ctx.publicationStatus, to: 'failed' },
      (tx) => this.refreshItem(tx, ctx),
    );
  }

  /** Ambiguous: the post may exist. Nothing is re-sent; a person decides (alert in the log and timeline). */
  private async needsReview(job: ClaimedJob, ctx: PublicationContext, error: PublishError): Promise<void> {
    this.metrics?.jobErrors.inc({ platform: ctx.platform, class: error.class });
    await this.release(job, ctx, { status: 'needs_review', lastError: errorRecord(error) }, async (tx) => {
      await this.repository.updatePublication(tx, ctx.publicationId, {
        needsReview: true,
        errorCode: error.code,
        errorMessage: error.explanation.en,
        errorClass: error.class,
      });
      return { type: 'needs_review', toStatus: 'needs_review', message: error.explanation.en, data: { code: error.code } };
    });
    this.logger.warn(`ALERT publication ${ctx.publicationId} (${ctx.platform}) needs review: ${error.code}`);
  }

  /**
   * Ends the lease through the ledger, in one transaction: `event` writes the publication's
   * details first and returns the timeline row; the ledger moves the job (and the lane when
   * `lane` is given) and appends the row; `after` follows up (the item's status).
   */
  private async release(
    job: ClaimedJob,
    ctx: PublicationContext,
    change: ReleaseChange,
    event: LedgerEvent | ((tx: Db) => Promise<LedgerEvent>),
    lane?: LaneMove,
    after?: (tx: Db) => Promise<void>,
  ): Promise<DispatchRequest | undefined> {
    const released = await this.dataSource.transaction(async (tx) => {
      const timeline = typeof event === 'function' ? await event(tx) : event;
      const dispatch = await this.ledger.release(tx, job, change, timeline, lane);
      if (!dispatch) throw new LeaseLost();
      await after?.(tx);
      return jobStatusMachine.hasEnded(change.status) ? undefined : dispatch;
    });
    const started = this.started.get(job);
    if (started !== undefined) this.metrics?.jobDuration.observe({ platform: ctx.platform, outcome: change.status }, (performance.now() - started) / 1000);
    return released;
  }

  /** The item follows its publications: published, partially published or failed once all ended. */
  private async refreshItem(tx: Db, ctx: PublicationContext): Promise<void> {
    await this.calendar.followPublications(tx, ctx.itemId, await this.repository.publicationStatuses(tx, ctx.itemId));
  }
}

function errorRecord(error: PublishError): Record<string, unknown> {
  return {
    class: error.class,
    code: error.code,
    message: error.message,
    ambiguous: error.ambiguous,
    retryAfterMs: error.retryAfterMs ?? null,
    at: new Date().toISOString(),
  };
}
