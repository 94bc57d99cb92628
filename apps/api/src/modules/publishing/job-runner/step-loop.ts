import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { captionOverrideOf, effectiveCaption, publicationStatusMachine, type PublicationStatus } from '@mwr/domain';
import {
  platformDescriptor,
  platformSettings,
  type Checkpoint,
  type PlatformUsage,
  type Publisher,
  type PublishError,
  type PublishInput,
  type StepResult,
} from '@mwr/publishers';

import { AccountsService } from '../../accounts/accounts.service.js';
import { APP_CONFIG, matchesUrlPrefix, type AppConfig } from '../../config/index.js';
import { EventBus } from '../../events/event-bus.js';
import { MetricsService } from '../../monitoring/metrics.service.js';
import { PublicationLedger, type ClaimedJob, type LedgerEvent } from '../../queue/publication-ledger.js';
import { CheckpointSecrets } from '../checkpoint-secrets.js';
import { MEDIA_RESOLVER, type MediaResolver, type ResolvedMedia } from '../media-resolver.js';
import { PlatformUsageWriter } from '../platform-usage-writer.js';
import { PublisherFactory } from '../publisher-factory.js';
import { PublishingRepository, type PublicationContext } from '../publishing.repository.js';
import { JobGates, mediaGate, tokenGate, waitForPerson } from './gates.js';
import { errorOutcome, LeaseLost, type Ending } from './outcome.js';

const MAX_STEPS_PER_CLAIM = 200;
/** Upload progress reaches the live lanes at most this often per job. */
const PROGRESS_EVENT_MS = 500;
/**
 * Within one claim, the account's token is read (a row and a decryption) once and reused by the
 * publisher's calls for this long; the token service only hands out tokens valid for minutes more,
 * and a platform's "expired" answer forces a refresh that drops the reused one (refreshAuth).
 */
const TOKEN_REUSE_MS = 60_000;

/** Where each step puts the publication's lane: the platform's registry descriptor says. */
const stepStatus = (checkpoint: Checkpoint): PublicationStatus | undefined =>
  (platformDescriptor(checkpoint.platform).steps as Record<string, PublicationStatus | undefined>)[checkpoint.step];

/** The loop goes on from this checkpoint. */
type Next = { kind: 'next'; checkpoint: Checkpoint };

/** One claim's run: its publisher, its media (resolved once), how its checkpoints are stored. */
interface Run {
  job: ClaimedJob;
  ctx: PublicationContext;
  signal: AbortSignal;
  publisher: Publisher;
  media: () => Promise<ResolvedMedia>;
  /** Stored checkpoints hold their credentials (media link, upload URL) sealed. */
  store: (checkpoint: Checkpoint) => object;
  onProgress: (p: { bytesUploaded: number; totalBytes: number }) => void;
  /** An auth_expired error gets one forced refresh per claim. */
  refreshedForAuth: boolean;
  /** Drops the token reused within this claim, so the next call reads the stored one again. */
  forgetToken: () => void;
  /** Starts reading the token now; the publisher's first call takes the same read. */
  prefetchToken: () => void;
  /**
   * A first run's `started` timeline row (the start step's name), not yet written: it goes with the claim's first
   * checkpoint write, after the first step, so the first platform call waits for no write (the
   * start checkpoint is the publisher's start(), which a rerun rebuilds the same way).
   */
  startedPending?: string;
}

/**
 * The publisher's steps of one claim, each checkpoint persisted (under the lease's fencing token,
 * secrets sealed) before the next step; the platform limits are checked before each step.
 * Returns how the claim ends; the outcome writes it.
 */
@Injectable()
export class StepLoop {
  private readonly logger = new Logger('JobRunner');

  constructor(
    private readonly repository: PublishingRepository,
    private readonly gates: JobGates,
    private readonly ledger: PublicationLedger,
    private readonly accounts: AccountsService,
    private readonly publishers: PublisherFactory,
    private readonly checkpoints: CheckpointSecrets,
    private readonly usage: PlatformUsageWriter,
    private readonly dataSource: DataSource,
    @Inject(MEDIA_RESOLVER) private readonly media: MediaResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() private readonly events?: EventBus,
  ) {}

  async run(job: ClaimedJob, ctx: PublicationContext, signal: AbortSignal): Promise<Ending> {
    const run = this.open(job, ctx, signal);
    // The account's token is read while the media and the first step's limits are (they were one
    // after another before the first platform call); a failed read surfaces at that call, once.
    run.prefetchToken();
    let position: Ending | Next = await this.firstCheckpoint(run);
    for (let steps = 0; steps < MAX_STEPS_PER_CLAIM && position.kind === 'next'; steps++) {
      const checkpoint: Checkpoint = position.checkpoint;
      const gate = await this.gates.beforeStep(ctx, checkpoint.step);
      if (gate.kind !== 'go') return gate;
      const stepped = await this.step(run, checkpoint);
      if (!('result' in stepped)) return stepped;
      if (signal.aborted) throw new LeaseLost();
      position = await this.advance(run, checkpoint, stepped.result);
    }
    return position.kind === 'next' ? { kind: 'wait', delayMs: 0, reason: 'yield', message: 'Step budget for one claim used; continuing' } : position;
  }

  private open(job: ClaimedJob, ctx: PublicationContext, signal: AbortSignal): Run {
    let token: { value: string; readAt: number } | undefined;
    /** The read in flight (or its failure, kept for this claim: a token that could not be had stops it). */
    let reading: Promise<string> | undefined;
    const tokenProvider = (): Promise<string> => {
      if (token && performance.now() - token.readAt < TOKEN_REUSE_MS) return Promise.resolve(token.value);
      return (reading ??= this.accounts.getValidAccessToken(ctx.accountId).then((value) => {
        token = { value, readAt: performance.now() };
        reading = undefined;
        return value;
      }));
    };
    const publisher = this.publishers.create(ctx.platform, tokenProvider, { capabilities: ctx.capabilities });
    let resolving: Promise<ResolvedMedia> | undefined;
    return {
      job,
      ctx,
      signal,
      publisher,
      media: () =>
        (resolving ??= this.media.resolve(ctx.workspaceId, ctx.assetId!).catch((error: unknown) => {
          resolving = undefined;
          throw error;
        })),
      store: (checkpoint) => this.checkpoints.seal(job.id, publisher.checkpointSecrets, checkpoint),
      onProgress: this.progressReporter(ctx),
      refreshedForAuth: false,
      forgetToken: () => {
        token = undefined;
        reading = undefined;
      },
      prefetchToken: () => void tokenProvider().catch(() => undefined),
    };
  }

  /**
   * The stored checkpoint (secrets opened), or the publisher's start when there is none (persisted
   * with the first step's result: nothing reached the platform before it, so a crash in between
   * starts again from start(), as it would from a stored start checkpoint).
   */
  private async firstCheckpoint(run: Run): Promise<Ending | Next> {
    if (run.job.checkpoint) return { kind: 'next', checkpoint: await this.resume(run, run.job.checkpoint) };
    const gate = mediaGate(run.ctx);
    if (gate.kind !== 'go') return gate;
    const checkpoint = run.publisher.start(this.input(run.ctx, (await run.media()).descriptor));
    run.startedPending = checkpoint.step;
    return { kind: 'next', checkpoint };
  }

  private async resume(run: Run, stored: object): Promise<Checkpoint> {
    const opened = this.checkpoints.open(run.job.id, run.publisher.checkpointSecrets, stored);
    const restored = opened.checkpoint as { media?: { publicUrl?: string } };
    // A link that can no longer be opened is replaced by a fresh one.
    if (opened.dropped.includes('media.publicUrl') && restored.media && run.ctx.assetId) restored.media.publicUrl = (await run.media()).descriptor.publicUrl;
    return run.publisher.parseCheckpoint(restored);
  }

  /** One publisher step; its usage report saved, its duration observed. A token that cannot be had stops the claim. */
  private async step(run: Run, checkpoint: Checkpoint): Promise<Ending | { result: StepResult }> {
    const { ctx } = run;
    let usage: PlatformUsage | undefined;
    const stepStarted = performance.now();
    try {
      const result = await run.publisher.step(checkpoint, {
        media: platformDescriptor(checkpoint.platform).mediaSteps.includes(checkpoint.step) ? (await run.media()).source : undefined,
        signal: run.signal,
        onProgress: run.onProgress,
        onUsage: (reported) => (usage = reported),
      });
      // The last report of the step is enough: it is the most recent state of the budget (written off the job's path).
      if (usage) this.usage.report(ctx.accountId, usage);
      this.metrics?.stepDuration.observe({ platform: ctx.platform, step: checkpoint.step }, (performance.now() - stepStarted) / 1000);
      return { result };
    } catch (error) {
      const stop = tokenGate(error);
      if (stop) return stop;
      throw error;
    }
  }

  /** After a step: done, an error's outcome, or the next checkpoint persisted (and a poll wait when the platform asks for one). */
  private async advance(run: Run, checkpoint: Checkpoint, result: StepResult): Promise<Ending | Next> {
    if ('done' in result) return { kind: 'done', done: result.done };
    if ('error' in result) return this.afterError(run, result.next ?? checkpoint, result.error, result.next !== undefined);
    const { ctx } = run;
    if (ctx.accountStatus === 'restricted' && checkpoint.step === 'creator_info') {
      // The platform no longer refuses the account.
      await this.accounts.liftRestriction(ctx.accountId);
      ctx.accountStatus = 'active';
    }
    await this.persist(run, result.next, 'step_finished', remoteIds(result.next));
    if ('wait' in result) return { kind: 'wait', delayMs: result.wait, reason: 'poll_later', message: undefined };
    return { kind: 'next', checkpoint: result.next };
  }

  /** `checkpoint`: the current one (the error's `next` when it gave one, persisted first). */
  private async afterError(run: Run, checkpoint: Checkpoint, error: PublishError, persist: boolean): Promise<Ending | Next> {
    if (persist) await this.persist(run, checkpoint, 'checkpoint', {});
    switch (errorOutcome(error, run.refreshedForAuth)) {
      case 'refresh_auth':
        return this.refreshAuth(run, checkpoint);
      case 'needs_review':
        return { kind: 'needs_review', error };
      case 'account_restricted':
        return { kind: 'account_restricted', error, checkpoint: run.store(checkpoint) };
      case 'scope_missing':
        return waitForPerson('scope_missing', error.code, run.store(checkpoint));
      case 'fail':
        return { kind: 'fail', error, checkpoint: run.store(checkpoint) };
      case 'retry':
        return { kind: 'retry', error };
    }
  }

  /** One forced refresh, then the same step again; a refresh that fails waits for a reconnection. */
  private async refreshAuth(run: Run, checkpoint: Checkpoint): Promise<Ending | Next> {
    run.refreshedForAuth = true;
    run.forgetToken();
    try {
      await this.accounts.forceRefresh(run.ctx.accountId);
      return { kind: 'next', checkpoint };
    } catch (error) {
      return tokenGate(error) ?? waitForPerson('account_needs_reconnect', (error as { reason?: string }).reason ?? null, run.store(checkpoint));
    }
  }

  private input(ctx: PublicationContext, media: PublishInput['media']): PublishInput {
    const options = ctx.targetOptions;
    const descriptor = platformDescriptor(ctx.platform);
    return descriptor.publishInput({
      // This account's own caption when the composer customised it, else the item's.
      caption: effectiveCaption(ctx, captionOverrideOf(options)),
      media,
      options,
      account: { remoteAccountId: ctx.remoteAccountId, capabilities: ctx.capabilities },
      settings: platformSettings(this.config.platforms, descriptor),
      // The descriptor asks with the prefixes it trusts, e.g. the ones verified for pull from URL (§1.5).
      mediaUrlUnder: (prefixes) => matchesUrlPrefix(media.publicUrl, prefixes),
    });
  }

  /**
   * Upload progress: saved on the publication and announced to the live lanes at most every
   * PROGRESS_EVENT_MS, and at the end (a write per chunk was a round trip per chunk).
   */
  private progressReporter(ctx: PublicationContext): Run['onProgress'] {
    let lastProgress = 0;
    let lastBytes = -1;
    return (p) => {
      // The same figure again (the upload's end, then the step's confirmation of it) says nothing new.
      if (p.bytesUploaded === lastBytes) return;
      if (Date.now() - lastProgress < PROGRESS_EVENT_MS && p.bytesUploaded < p.totalBytes) return;
      lastProgress = Date.now();
      lastBytes = p.bytesUploaded;
      void this.repository
        .updatePublication(this.dataSource, ctx.publicationId, { progressBytes: p.bytesUploaded, totalBytes: p.totalBytes })
        .then(() => {
          if (!this.events) return;
          return this.events.publish({
            kind: 'progress',
            workspaceId: ctx.workspaceId,
            publicationId: ctx.publicationId,
            progressBytes: p.bytesUploaded,
            totalBytes: p.totalBytes,
          });
        })
        .catch(() => undefined);
    };
  }

  /**
   * Checkpoint (secrets sealed) + the publication's step + lane status + timeline, in one ledger
   * statement (one round trip), only while the lease is ours; a first run's `started` row goes with its first one.
   */
  private async persist(run: Run, checkpoint: Checkpoint, type: string, data: Record<string, unknown>): Promise<void> {
    const { job, ctx } = run;
    const events: LedgerEvent[] = [];
    const started = run.startedPending;
    if (started) events.push({ type: 'started', message: `step ${started}`, data: { step: started } });
    const status = stepStatus(checkpoint);
    // The lane follows the step when the machine lets it (a resumed job may replay an earlier step).
    const lane =
      status && status !== ctx.publicationStatus && publicationStatusMachine.canTransition(ctx.publicationStatus, status, 'system')
        ? { from: ctx.publicationStatus, to: status }
        : undefined;
    if (lane) events.push({ type: 'publication_status', fromStatus: lane.from, toStatus: lane.to });
    events.push({ type, message: `step ${checkpoint.step}`, data: { step: checkpoint.step, ...data } });
    const remotePublishId = data.containerId ?? data.publishId;
    const saved = await this.ledger.saveStep(job, {
      checkpoint: run.store(checkpoint),
      name: checkpoint.step,
      ...(remotePublishId ? { remotePublishId: String(remotePublishId) } : {}),
      ...(lane ? { lane } : {}),
      events,
    });
    if (!saved) throw new LeaseLost();
    if (lane) ctx.publicationStatus = lane.to;
    run.startedPending = undefined;
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
