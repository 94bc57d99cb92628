import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  AnalyticsReadError,
  AnalyticsRetryAfter,
  findPlatformDescriptor,
  PLATFORM_DESCRIPTORS,
  platformSettings,
  type AnalyticsClient,
  type AnalyticsPostRef,
  type AnyPlatformDescriptor,
  type PlatformAnalytics,
  type PostReading,
} from '@mwr/publishers';

import { AccountsService } from '../../accounts/accounts.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import { limiterKey } from '../../publishing/platform-limits.js';
import { RateLimiter } from '../../rate-limits/rate-limiter.service.js';
import { analyticsStatusOf } from '../analytics-status.js';
import { IngestionRepository, type ClaimedRead, type ReadKey, type SnapshotRow } from './ingestion.repository.js';

/** Accounts and reads claimed per round, rounds per pass, accounts read at once, and how long a claim stays ours. */
const CLAIM_ACCOUNTS = 16;
const CLAIM_BATCH = 20_000;
const MAX_ROUNDS = 50;
const ACCOUNT_CONCURRENCY = 8;
const CLAIM_LEASE_MS = 10 * 60_000;
/** Posts per client call and per write (a platform reading one id a request still gets 20 at a time). */
const CHUNK_POSTS = 20;
/** Budget units a late-id match may spend (video/list pages). */
const LISTING_UNITS = 2;
/** A post the platform does not return yet (moderation, Instagram's lag) is asked again this much later, this many times. */
const MISSING_RETRY_MS = 3_600_000;
const MISSING_MAX_ATTEMPTS = 6;
/** An account without a valid token or the analytics scope waits for a reconnect; its reads are kept. */
const RECONNECT_RETRY_MS = 6 * 3_600_000;
const FAILED_MAX_ATTEMPTS = 10;

export interface IngestionPass {
  planned: number;
  claimed: number;
  read: number;
  postponed: number;
  missing: number;
  calls: number;
}

const keyOf = (r: ClaimedRead): ReadKey => ({ targetId: r.targetId, ageBucket: r.ageBucket, bucketDate: r.bucketDate });

/** Retry delay for a failed read: 1, 2, 4 … minutes, at most 6 h. */
const backoffMs = (attempts: number): number => Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));

/**
 * The analytics entries of the registry: the scopes an account must have granted, keyed by its
 * platform, or `platform:flavour` for an account connected another way (`capabilities.loginFlavour`).
 */
export function analyticsScopes(descriptors: readonly AnyPlatformDescriptor[] = PLATFORM_DESCRIPTORS): Record<string, readonly string[]> {
  return Object.fromEntries(
    descriptors.flatMap((d) => {
      const analytics = d.analytics;
      if (!analytics) return [];
      const flavours = Object.entries(d.oauthFlavours ?? {}).map(([flavour, entry]) => [
        `${d.id}:${flavour}`,
        entry.analyticsScopes ?? analytics.requiredScopes,
      ]);
      return [[d.id, analytics.requiredScopes], ...flavours];
    }),
  );
}

/**
 * Analytics ingestion (issue 21): each live post is read at 1 h, 6 h, 24 h, 72 h, 7 d and 30 d,
 * each account once a day, through the platform's analytics client from the registry. The schedule
 * is rows in metric_reads claimed with a lease, so two schedulers never read a bucket twice, and
 * a snapshot is written once per bucket (unique index). A 429 or quota answer, a spent budget or a
 * failure moves the read (`next_attempt_at`); only a post the platform never returns ends as
 * `missing`, after several tries.
 */
@Injectable()
export class AnalyticsIngestion {
  private readonly logger = new Logger(AnalyticsIngestion.name);

  constructor(
    private readonly reads: IngestionRepository,
    private readonly limiter: RateLimiter,
    private readonly accounts: AccountsService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async runOnce(): Promise<IngestionPass> {
    const pass: IngestionPass = { planned: 0, claimed: 0, read: 0, postponed: 0, missing: 0, calls: 0 };
    pass.planned = await this.reads.planDue(analyticsScopes());
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const claimed = await this.reads.claimDue(CLAIM_ACCOUNTS, CLAIM_BATCH, CLAIM_LEASE_MS);
      if (claimed.length === 0) break;
      pass.claimed += claimed.length;
      const byAccount = new Map<string, ClaimedRead[]>();
      for (const read of claimed) byAccount.set(read.accountId, [...(byAccount.get(read.accountId) ?? []), read]);
      const groups = [...byAccount.values()];
      await Promise.all(
        Array.from({ length: Math.min(ACCOUNT_CONCURRENCY, groups.length) }, async () => {
          for (let group = groups.shift(); group; group = groups.shift()) await this.readAccountGroup(group, pass);
        }),
      );
    }
    return pass;
  }

  /** One account's claimed reads: its daily read, then its posts in batches within its budget. */
  private async readAccountGroup(group: ClaimedRead[], pass: IngestionPass): Promise<void> {
    const first = group[0];
    if (!first) return;
    const descriptor = findPlatformDescriptor(first.platform);
    const analytics = descriptor?.analytics;
    if (!descriptor || !analytics) {
      await this.reads.finish(this.dataSource, group.map(keyOf), 'gave_up', `${first.platform} has no analytics`);
      return;
    }
    if (
      analyticsStatusOf({ platform: first.platform, status: first.accountStatus, scopes: first.scopes, capabilities: first.capabilities }).status !== 'enabled'
    ) {
      await this.postpone(group, RECONNECT_RETRY_MS, 'reconnect to enable analytics', pass);
      return;
    }
    // One token read per account and pass (refreshed by the accounts service when near expiry).
    let token: Promise<string> | undefined;
    const client = analytics.createClient({
      tokenProvider: () => (token ??= this.accounts.getValidAccessToken(first.accountId)),
      settings: platformSettings(this.config.platforms, descriptor),
      account: { capabilities: first.capabilities },
    });
    try {
      const daily = group.filter((r) => r.ageBucket === 'daily');
      const posts = group.filter((r) => r.ageBucket !== 'daily');
      const moved = daily.length > 0 ? await this.readDaily(client, analytics, daily, pass) : null;
      if (moved !== null) {
        await this.postpone(posts, moved, 'moved with the account read', pass);
        return;
      }
      await this.readPosts(client, analytics, posts, pass);
    } catch (error) {
      await this.failed(group, error, pass);
    }
  }

  /** The account's daily read; null when done, else the delay it (and the account's other reads) moved by. */
  private async readDaily(client: AnalyticsClient, analytics: PlatformAnalytics, reads: ClaimedRead[], pass: IngestionPass): Promise<number | null> {
    const first = reads[0] as ClaimedRead;
    const slot = await this.limiter.acquire(limiterKey(analytics.budget, first.accountId), analytics.budget.limit, analytics.budget.windowMs);
    if (!slot.ok) {
      await this.postpone(reads, slot.retryInMs, 'analytics budget', pass);
      return slot.retryInMs;
    }
    try {
      const reading = await client.readAccount(first.remoteAccountId, first.scopes);
      pass.calls += reading.calls;
      const rows: SnapshotRow[] = [];
      for (const read of reads)
        for (const [metric, value] of Object.entries(reading.metrics)) if (typeof value === 'number') rows.push(this.row(read, metric, value, null, null));
      // Followers online per Pacific hour (Instagram): one metric per hour, on the Pacific day it is for (the best-times seed, issue 24).
      for (const day of reading.onlineFollowers ?? [])
        day.hours.forEach((value, hour) => {
          if (typeof value === 'number')
            rows.push({ ...this.row(first, `online_followers_h${String(hour).padStart(2, '0')}`, value, null, null), bucketDate: day.date });
        });
      await this.dataSource.transaction(async (tx) => {
        await this.reads.writeSnapshots(tx, rows);
        await this.reads.finish(tx, reads.map(keyOf), 'read');
      });
      pass.read += reads.length;
      return null;
    } catch (error) {
      if (error instanceof AnalyticsRetryAfter) {
        await this.postpone(reads, error.retryAfterMs, error.message, pass);
        return error.retryAfterMs;
      }
      throw error;
    }
  }

  /**
   * Posts in chunks (of the platform's batch size, at least 20 posts: one write each), ids the
   * platform never gave last, in one chunk (they are matched together from one listing). The
   * budget is taken for the whole group at once (a unit per request); what it does not cover, a
   * 429 or a quota answer moves; what was read stays written.
   */
  private async readPosts(client: AnalyticsClient, analytics: PlatformAnalytics, reads: ClaimedRead[], pass: IngestionPass): Promise<void> {
    if (reads.length === 0) return;
    const byPublication = new Map<string, ClaimedRead[]>();
    for (const read of reads) byPublication.set(read.targetId, [...(byPublication.get(read.targetId) ?? []), read]);
    const refs = [...byPublication.values()].map((rs) => this.refOf(rs[0] as ClaimedRead));
    const known = refs.filter((r) => r.remoteId);
    const unknown = refs.filter((r) => !r.remoteId);
    const size = Math.max(analytics.batchSize, CHUNK_POSTS);
    const chunks: { refs: AnalyticsPostRef[]; units: number }[] = [];
    for (let i = 0; i < known.length; i += size) {
      const chunk = known.slice(i, i + size);
      chunks.push({ refs: chunk, units: Math.ceil(chunk.length / analytics.batchSize) });
    }
    if (unknown.length > 0) chunks.push({ refs: unknown, units: LISTING_UNITS });
    const readsOf = (from: number) => chunks.slice(from).flatMap((c) => c.refs.flatMap((r) => byPublication.get(r.key) ?? []));
    const first = reads[0] as ClaimedRead;
    const want = chunks.reduce((n, c) => n + c.units, 0);
    const budget = await this.limiter.acquireUpTo(limiterKey(analytics.budget, first.accountId), want, analytics.budget.limit, analytics.budget.windowMs);
    let units = budget.granted;
    for (const [index, chunk] of chunks.entries()) {
      if (chunk.units > units) {
        await this.postpone(readsOf(index), budget.retryInMs, 'analytics budget', pass);
        return;
      }
      units -= chunk.units;
      let result;
      try {
        result = await client.readPosts(chunk.refs);
      } catch (error) {
        await this.failed(readsOf(index), error, pass);
        return;
      }
      pass.calls += result.calls;
      await this.store(result.readings, byPublication, pass);
      await this.missing(
        result.missing.flatMap((k) => byPublication.get(k) ?? []),
        pass,
      );
      if (result.retryAfter) {
        const handled = new Set([...result.readings.map((r) => r.key), ...result.missing]);
        await this.postpone(
          readsOf(index).filter((r) => !handled.has(r.targetId)),
          result.retryAfter.retryAfterMs,
          result.retryAfter.message,
          pass,
        );
        return;
      }
    }
  }

  private refOf(read: ClaimedRead): AnalyticsPostRef {
    const matched = typeof read.matchEvidence?.remoteId === 'string' ? read.matchEvidence.remoteId : undefined;
    // TikTok keeps the publish_id until the post id arrives: that is no post id yet.
    const own = read.remoteMediaId && read.remoteMediaId !== read.remotePublishId ? read.remoteMediaId : undefined;
    const remoteId = own ?? matched;
    return { key: read.targetId, ...(remoteId ? { remoteId } : {}), postedAt: (read.postedAt ?? new Date()).toISOString(), caption: read.caption ?? '' };
  }

  private async store(readings: PostReading[], byPublication: Map<string, ClaimedRead[]>, pass: IngestionPass): Promise<void> {
    const rows: SnapshotRow[] = [];
    const done: ClaimedRead[] = [];
    // Metrics the platform refused as retired: the Trend Radar's platform watch lists them (issue 33).
    const retired = new Map<string, Set<string>>();
    for (const reading of readings) {
      const reads = byPublication.get(reading.key) ?? [];
      const platform = reads[0]?.platform;
      if (platform && reading.refused.length) for (const metric of reading.refused) retired.set(platform, (retired.get(platform) ?? new Set()).add(metric));
      const evidence = reading.match ? { ...reading.match } : (reads[0]?.matchEvidence ?? null);
      for (const read of reads) {
        done.push(read);
        for (const [metric, value] of Object.entries(reading.metrics)) if (value !== null) rows.push(this.row(read, metric, value, read.postedAt, evidence));
      }
    }
    if (done.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      await this.reads.writeSnapshots(tx, rows);
      await this.reads.finish(tx, done.map(keyOf), 'read');
      for (const [platform, metrics] of retired) await this.reads.noteRetiredMetrics(tx, platform, [...metrics]);
    });
    pass.read += done.length;
  }

  private row(read: ClaimedRead, metric: string, value: number, postedAt: Date | null, evidence: Record<string, unknown> | null): SnapshotRow {
    return {
      workspaceId: read.workspaceId,
      accountId: read.accountId,
      publicationId: read.ageBucket === 'daily' ? null : read.targetId,
      platform: read.platform,
      ageBucket: read.ageBucket,
      bucketDate: read.bucketDate,
      metric,
      value,
      postedAt,
      evidence,
    };
  }

  /** Not returned by the platform: asked again later, a few times, then recorded as missing. */
  private async missing(reads: ClaimedRead[], pass: IngestionPass): Promise<void> {
    const giveUp = reads.filter((r) => r.attempts >= MISSING_MAX_ATTEMPTS);
    const again = reads.filter((r) => r.attempts < MISSING_MAX_ATTEMPTS);
    await this.reads.finish(this.dataSource, giveUp.map(keyOf), 'missing', 'the platform did not return this post');
    await this.postpone(again, MISSING_RETRY_MS, 'the platform did not return this post yet', pass);
    pass.missing += giveUp.length;
  }

  private async failed(reads: ClaimedRead[], error: unknown, pass: IngestionPass): Promise<void> {
    if (error instanceof AnalyticsRetryAfter) return this.postpone(reads, error.retryAfterMs, error.message, pass);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AnalyticsReadError && (error.kind === 'auth' || error.kind === 'scope'))
      return this.postpone(reads, RECONNECT_RETRY_MS, `${error.code}: reconnect to enable analytics`, pass);
    this.logger.warn(`analytics read failed (${reads.length} reads): ${message}`);
    const giveUp = reads.filter((r) => r.attempts >= FAILED_MAX_ATTEMPTS);
    await this.reads.finish(this.dataSource, giveUp.map(keyOf), 'gave_up', message.slice(0, 500));
    const again = reads.filter((r) => r.attempts < FAILED_MAX_ATTEMPTS);
    await this.postpone(again, backoffMs(Math.max(...again.map((r) => r.attempts), 1)), message.slice(0, 500), pass);
  }

  private async postpone(reads: ClaimedRead[], delayMs: number, reason: string, pass: IngestionPass): Promise<void> {
    if (reads.length === 0) return;
    await this.reads.postpone(reads.map(keyOf), delayMs, reason);
    pass.postponed += reads.length;
  }
}
