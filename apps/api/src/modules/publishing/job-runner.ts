import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  captionOverrideOf,
  effectiveCaption,
  jobStatusMachine,
  nextRetryDelayMs,
  publicationStatusMachine,
  type PublicationStatus,
} from '@mwr/domain';
import { exhaustedExplanation, platformDescriptor, type Checkpoint, type PlatformUsage, type PublishDone, type PublishError, type PublishInput, type StepResult } from '@mwr/publishers';
import type { Db } from '../../common/database/db.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { APP_CONFIG, matchesUrlPrefix, type AppConfig } from '../config/index.js';
import { EventBus } from '../events/event-bus.js';
import { MetricsService } from '../monitoring/metrics.service.js';
import { PublicationLedger, type ClaimedJob, type DispatchRequest, type LaneMove, type LedgerEvent, type ReleaseChange } from '../queue/publication-ledger.js';
import { QueueService } from '../queue/queue.service.js';
import { RateLimiter } from '../rate-limits/rate-limiter.service.js';
import { ReconnectRequired, RefreshUnavailable } from '../tokens/tokens.errors.js';
import { MEDIA_RESOLVER, type MediaResolver, type ResolvedMedia } from './media-resolver.js';
import { PublisherFactory } from './publisher-factory.js';
import { PublishingRepository, type PublicationContext, type PublicationPatch } from './publishing.repository.js';
import { CheckpointSecrets } from './checkpoint-secrets.js';
import { PublicationLinksRepository } from './publication-links.repository.js';
import { limiterKey, platformLimits } from './platform-limits.js';

/** Where each step puts the publication's lane: the platform's registry descriptor says. */
const stepStatus = (checkpoint: Checkpoint): PublicationStatus | undefined => (platformDescriptor(checkpoint.platform).steps as Record<string, PublicationStatus | undefined>)[checkpoint.step];

const RECONNECT_RECHECK_MS = 5 * 60_000;
const MAX_STEPS_PER_CLAIM = 200;
/** Upload progress reaches the live lanes at most this often per job. */
const PROGRESS_EVENT_MS = 500;

class LeaseLost extends Error {}

/**
 * Runs one leased job: the publisher's steps, each checkpoint persisted (under the lease's
 * fencing token) before the next step; waits and retries go back to the queue with a run_at,
 * never an in-process sleep. Every change lands in job_events.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  /** When each running claim started, for the job duration histogram. */
  private readonly started = new WeakMap<ClaimedJob, number>();

  constructor(
    private readonly repository: PublishingRepository,
    private readonly limiter: RateLimiter,
    private readonly queue: QueueService,
    private readonly ledger: PublicationLedger,
    private readonly accounts: AccountsService,
    private readonly publishers: PublisherFactory,
    private readonly checkpoints: CheckpointSecrets,
    private readonly dataSource: DataSource,
    private readonly links: PublicationLinksRepository,
    private readonly calendar: CalendarService,
    @Inject(MEDIA_RESOLVER) private readonly media: MediaResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() private readonly events?: EventBus,
  ) {}

  async run(job: ClaimedJob): Promise<void> {
    this.started.set(job, performance.now());
    const abort = new AbortController();
    const heartbeat = setInterval(() => {
      this.queue.renewLease(job.id, job.fencingToken).then(
        (held) => held || abort.abort(),
        () => undefined,
      );
    }, (this.config.queue.leaseSeconds * 1000) / 3);
    heartbeat.unref();
    try {
      await this.execute(job, abort.signal);
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.logger.warn(`job ${job.id}: lease lost, another worker owns it now; stopping without writing`);
        return;
      }
      this.logger.error(`job ${job.id} crashed: ${(error as Error).message}`);
      // A bug is a temporary failure: the attempt counts, the backoff applies.
      await this.retryOrDie(job, undefined, { class: 'temporary', code: 'worker_error', message: 'Unexpected worker error', explanation: { en: 'Unexpected worker error', fr: 'Erreur inattendue du serveur' }, ambiguous: false, retryable: true }).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async execute(job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const ctx = await this.repository.context(job.publicationId);
    if (!ctx || ctx.publicationStatus === 'cancelled') {
      await this.finish(job, ctx, 'cancelled', { type: 'cancelled', message: 'The publication no longer exists or was cancelled' });
      return;
    }
    // A restricted account still runs: the publisher's account check (creator_info) is the
    // platform's current word, so a lifted ban posts and a standing one fails with its reason.
    if (ctx.accountStatus !== 'active' && ctx.accountStatus !== 'restricted') {
      await this.defer(job, ctx, RECONNECT_RECHECK_MS, 'waiting_reconnect', `@account must be reconnected (${ctx.accountStatus}) before this can post`);
      return;
    }
    if (this.config.queue.globalStartsPerSecond > 0) {
      const slot = await this.limiter.acquire('global:starts', this.config.queue.globalStartsPerSecond, 1000);
      if (!slot.ok) {
        await this.defer(job, ctx, slot.retryInMs, 'throttled', 'Global start rate reached');
        return;
      }
    }

    const publisher = this.publishers.create(ctx.platform, () => this.accounts.getValidAccessToken(ctx.accountId));
    let resolved: ResolvedMedia | undefined;
    const media = async () => (resolved ??= await this.media.resolve(ctx.workspaceId, ctx.assetId!));
    // Stored checkpoints hold their credentials (media link, upload URL) sealed.
    const store = (cp: Checkpoint) => this.checkpoints.seal(job.id, publisher.checkpointSecrets, cp);
    let checkpoint: Checkpoint;
    if (job.checkpoint) {
      const opened = this.checkpoints.open(job.id, publisher.checkpointSecrets, job.checkpoint);
      const restored = opened.checkpoint as { media?: { publicUrl?: string } };
      // A link that can no longer be opened is replaced by a fresh one.
      if (opened.dropped.includes('media.publicUrl') && restored.media && ctx.assetId) restored.media.publicUrl = (await media()).descriptor.publicUrl;
      checkpoint = publisher.parseCheckpoint(restored);
    } else {
      if (!ctx.assetId) {
        await this.fail(job, ctx, undefined, { class: 'invalid_content', code: 'no_video', message: 'The item has no video', explanation: { en: 'The item has no video attached.', fr: "L'élément n'a pas de vidéo." }, ambiguous: false, retryable: false });
        return;
      }
      checkpoint = publisher.start(this.input(ctx, (await media()).descriptor));
      await this.persistStep(job, ctx, checkpoint, store(checkpoint), 'started', {});
    }

    let refreshedForAuth = false;
    let lastProgressEvent = 0;
    const onProgress = (p: { bytesUploaded: number; totalBytes: number }) => {
      void this.repository.updatePublication(this.dataSource, ctx.publicationId, { progressBytes: p.bytesUploaded, totalBytes: p.totalBytes }).then(() => {
        if (!this.events || (Date.now() - lastProgressEvent < PROGRESS_EVENT_MS && p.bytesUploaded < p.totalBytes)) return;
        lastProgressEvent = Date.now();
        return this.events.publish({ kind: 'progress', workspaceId: ctx.workspaceId, publicationId: ctx.publicationId, progressBytes: p.bytesUploaded, totalBytes: p.totalBytes });
      }).catch(() => undefined);
    };
    for (let steps = 0; steps < MAX_STEPS_PER_CLAIM; steps++) {
      // The platform's limits and quotas this step spends (registry descriptor, config overrides).
      for (const limit of platformLimits(ctx.platform, this.config).filter((l) => l.steps.includes(checkpoint.step))) {
        const slot = await this.limiter.acquire(limiterKey(limit, ctx.accountId), limit.limit, limit.windowMs);
        if (!slot.ok) {
          await this.defer(job, ctx, slot.retryInMs, 'rate_limited', limit.waitMessage ?? `Waiting for the ${ctx.platform} ${checkpoint.step} limit (${limit.limit}/${limit.windowMs / 1000}s)`);
          return;
        }
      }

      let result: StepResult;
      let usage: PlatformUsage | undefined;
      const stepStarted = performance.now();
      try {
        result = await publisher.step(checkpoint, {
          media: platformDescriptor(checkpoint.platform).mediaSteps.includes(checkpoint.step) ? (await media()).source : undefined,
          signal,
          onProgress,
          onUsage: (reported) => (usage = reported),
        });
        // The last report of the step is enough: it is the most recent state of the budget.
        if (usage) await this.repository.savePlatformUsage(ctx.accountId, usage).catch((error: Error) => this.logger.warn(`platform usage not saved: ${error.message}`));
        this.metrics?.stepDuration.observe({ platform: ctx.platform, step: checkpoint.step }, (performance.now() - stepStarted) / 1000);
      } catch (error) {
        if (error instanceof ReconnectRequired) {
          await this.defer(job, ctx, RECONNECT_RECHECK_MS, 'waiting_reconnect', 'The account must be reconnected before this can post');
          return;
        }
        if (error instanceof RefreshUnavailable) {
          await this.retryOrDie(job, ctx, { class: 'temporary', code: 'token_refresh_unavailable', message: error.reason, explanation: { en: 'The platform could not refresh the sign-in; retrying.', fr: 'La plateforme n’a pas pu renouveler la connexion ; nouvel essai.' }, ambiguous: false, retryable: true });
          return;
        }
        throw error;
      }
      if (signal.aborted) throw new LeaseLost();

      if ('done' in result) {
        // Posted: whatever restriction the account had (e.g. Instagram 2207050) no longer holds.
        if (ctx.accountStatus === 'restricted') await this.accounts.liftRestriction(ctx.accountId);
        await this.succeed(job, ctx, result.done);
        return;
      }
      if ('error' in result) {
        const error = result.error;
        if (result.next) {
          checkpoint = result.next;
          await this.persistStep(job, ctx, checkpoint, store(checkpoint), 'checkpoint', {});
        }
        if (error.class === 'auth_expired' && !refreshedForAuth) {
          // One forced refresh, then the same step again.
          refreshedForAuth = true;
          try {
            await this.accounts.forceRefresh(ctx.accountId);
            continue;
          } catch {
            await this.defer(job, ctx, RECONNECT_RECHECK_MS, 'waiting_reconnect', 'The account must be reconnected before this can post');
            return;
          }
        }
        if (error.class === 'unknown') {
          await this.needsReview(job, ctx, error);
          return;
        }
        if (error.class === 'account_restricted') {
          // A definite refusal of the account (nothing was posted): fail with the platform's reason, no retry.
          await this.accounts.markRestricted(ctx.accountId, { code: error.vendor?.code ?? error.code, message: error.explanation.en }).catch((e: Error) => this.logger.warn(`account ${ctx.accountId} not marked restricted: ${e.message}`));
          await this.fail(job, ctx, store(checkpoint), error);
          return;
        }
        if (error.class === 'invalid_content' || !error.retryable) {
          await this.fail(job, ctx, store(checkpoint), error);
          return;
        }
        await this.retryOrDie(job, ctx, error);
        return;
      }
      if (ctx.accountStatus === 'restricted' && checkpoint.step === 'creator_info') {
        // The platform no longer refuses the account.
        await this.accounts.liftRestriction(ctx.accountId);
        ctx.accountStatus = 'active';
      }
      checkpoint = result.next;
      await this.persistStep(job, ctx, checkpoint, store(checkpoint), 'step_finished', remoteIds(checkpoint));
      if ('wait' in result) {
        await this.defer(job, ctx, result.wait, 'poll_later', undefined);
        return;
      }
    }
    await this.defer(job, ctx, 0, 'yield', 'Step budget for one claim used; continuing');
  }

  private input(ctx: PublicationContext, media: PublishInput['media']): PublishInput {
    const options = ctx.targetOptions;
    return platformDescriptor(ctx.platform).publishInput({
      // This account's own caption when the composer customised it, else the item's.
      caption: effectiveCaption(ctx, captionOverrideOf(options)),
      media,
      options,
      account: { remoteAccountId: ctx.remoteAccountId, capabilities: ctx.capabilities },
      // Pull from URL only when the link we resolved (never a URL from the user) is under a prefix
      // the operator verified with the platform (TikTok §1.5).
      mediaUrlVerified: matchesUrlPrefix(media.publicUrl, this.config.tiktokPullVerifiedPrefixes),
    });
  }

  /** Checkpoint (`stored`: as written, secrets sealed) + lane status + timeline, in one transaction, only while the lease is ours. */
  private async persistStep(job: ClaimedJob, ctx: PublicationContext, checkpoint: Checkpoint, stored: object, type: string, data: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.queue.saveCheckpoint(tx, job.id, job.fencingToken, stored))) throw new LeaseLost();
      const status = stepStatus(checkpoint);
      const patch: PublicationPatch = { step: checkpoint.step, ...(data.publishId ? { remotePublishId: String(data.publishId) } : {}), ...(data.containerId ? { remotePublishId: String(data.containerId) } : {}) };
      // The lane follows the step when the machine lets it (a resumed job may replay an earlier step).
      if (status && status !== ctx.publicationStatus && publicationStatusMachine.canTransition(ctx.publicationStatus, status, 'system')) {
        await this.ledger.transition(tx, job, { from: ctx.publicationStatus, to: status }, { type: 'publication_status', fromStatus: ctx.publicationStatus, toStatus: status });
        ctx.publicationStatus = status;
      }
      await this.repository.updatePublication(tx, ctx.publicationId, patch);
      await this.ledger.record(tx, job, { type, message: `step ${checkpoint.step}`, data: { step: checkpoint.step, ...data } });
    });
  }

  /** Back to the queue without spending an attempt: waits, limits, reconnects. */
  private async defer(job: ClaimedJob, ctx: PublicationContext, delayMs: number, type: string, message: string | undefined): Promise<void> {
    if (type === 'rate_limited' || type === 'throttled') {
      this.metrics?.rateLimitWaits.inc({ platform: ctx.platform, reason: type });
      this.metrics?.rateLimitWaitSeconds.inc({ platform: ctx.platform, reason: type }, Math.max(0, delayMs) / 1000);
    }
    const dispatch = await this.release(job, ctx, { status: 'queued', runAt: new Date(Date.now() + Math.max(0, delayMs)) }, { type, toStatus: 'queued', message, data: { delayMs: Math.round(delayMs) } });
    await this.queue.dispatch(dispatch ? [dispatch] : []);
  }

  private async retryOrDie(job: ClaimedJob, ctx: PublicationContext | undefined, error: PublishError): Promise<void> {
    if (ctx) this.metrics?.jobErrors.inc({ platform: ctx.platform, class: error.class });
    const attempt = job.attempts + 1;
    const { backoffBaseMs, backoffCapMs } = this.config.queue;
    const delay = nextRetryDelayMs(attempt, { policy: { baseMs: backoffBaseMs, capMs: backoffCapMs, maxAttempts: job.maxAttempts }, retryAfterMs: error.retryAfterMs });
    if (delay === undefined || !ctx) {
      if (ctx) await this.fail(job, ctx, undefined, { ...error, message: `Gave up after ${attempt} attempts: ${error.message}`, explanation: exhaustedExplanation(error.explanation, attempt) }, 'dead');
      return;
    }
    const dispatch = await this.release(job, ctx, { status: 'waiting_retry', runAt: new Date(Date.now() + delay), attemptsDelta: 1, lastError: errorRecord(error) }, async (tx) => {
      await this.repository.updatePublication(tx, ctx.publicationId, { errorCode: error.code, errorMessage: error.explanation.en, errorClass: error.class });
      return { type: 'retry_scheduled', toStatus: 'waiting_retry', message: error.explanation.en, data: { attempt, delayMs: delay, code: error.code, class: error.class } };
    });
    await this.queue.dispatch(dispatch ? [dispatch] : []);
  }

  private async succeed(job: ClaimedJob, ctx: PublicationContext, done: PublishDone): Promise<void> {
    await this.release(
      job,
      ctx,
      { status: 'succeeded' },
      async (tx) => {
        await this.repository.updatePublication(tx, ctx.publicationId, { remoteMediaId: done.remoteMediaId, permalink: done.permalink, postedAt: new Date(done.postedAt), errorCode: null, errorMessage: null, errorClass: null });
        // Posted, link pending: the link backfill (scheduler role) looks again later.
        const linkStatus = await this.links.recordPosted(tx, ctx.publicationId, done);
        return { type: 'succeeded', fromStatus: ctx.publicationStatus, toStatus: 'posted', message: linkStatus === 'ready' ? null : (done.link?.reason ?? null), data: { remoteMediaId: done.remoteMediaId, permalink: done.permalink ?? null, linkStatus } };
      },
      { from: ctx.publicationStatus, to: 'posted' },
      (tx) => this.refreshItem(tx, ctx),
    );
  }

  /** `checkpoint`: the one to keep, as stored (secrets sealed). */
  private async fail(job: ClaimedJob, ctx: PublicationContext, checkpoint: object | undefined, error: PublishError, status: 'failed' | 'dead' = 'failed'): Promise<void> {
    if (status === 'failed') this.metrics?.jobErrors.inc({ platform: ctx.platform, class: error.class });
    await this.release(
      job,
      ctx,
      { status, attemptsDelta: 1, lastError: errorRecord(error), ...(checkpoint ? { checkpoint } : {}) },
      async (tx) => {
        await this.repository.updatePublication(tx, ctx.publicationId, { errorCode: error.code, errorMessage: error.explanation.en, errorClass: error.class });
        return { type: status, fromStatus: ctx.publicationStatus, toStatus: 'failed', message: error.explanation.en, data: { code: error.code, class: error.class, explanation: error.explanation } };
      },
      { from: ctx.publicationStatus, to: 'failed' },
      (tx) => this.refreshItem(tx, ctx),
    );
  }

  /** Ambiguous: the post may exist. Nothing is re-sent; a person decides (alert in the log and timeline). */
  private async needsReview(job: ClaimedJob, ctx: PublicationContext, error: PublishError): Promise<void> {
    this.metrics?.jobErrors.inc({ platform: ctx.platform, class: error.class });
    await this.release(job, ctx, { status: 'needs_review', lastError: errorRecord(error) }, async (tx) => {
      await this.repository.updatePublication(tx, ctx.publicationId, { needsReview: true, errorCode: error.code, errorMessage: error.explanation.en, errorClass: error.class });
      return { type: 'needs_review', toStatus: 'needs_review', message: error.explanation.en, data: { code: error.code } };
    });
    this.logger.warn(`ALERT publication ${ctx.publicationId} (${ctx.platform}) needs review: ${error.code}`);
  }

  private async finish(job: ClaimedJob, ctx: PublicationContext | undefined, status: 'cancelled', event: { type: string; message: string }): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const released = await this.ledger.release(tx, job, { status }, ctx ? { type: event.type, toStatus: status, message: event.message } : undefined);
      if (!released) throw new LeaseLost();
    });
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

function remoteIds(checkpoint: Checkpoint): Record<string, unknown> {
  const c = checkpoint as Checkpoint & { publishId?: string; containerId?: string; bytesConfirmed?: number; mediaId?: string };
  return {
    ...(c.publishId ? { publishId: c.publishId } : {}),
    ...(c.containerId ? { containerId: c.containerId } : {}),
    ...(c.mediaId ? { mediaId: c.mediaId } : {}),
    ...(c.bytesConfirmed !== undefined ? { bytesConfirmed: c.bytesConfirmed } : {}),
  };
}

function errorRecord(error: PublishError): Record<string, unknown> {
  return { class: error.class, code: error.code, message: error.message, ambiguous: error.ambiguous, retryAfterMs: error.retryAfterMs ?? null, at: new Date().toISOString() };
}

