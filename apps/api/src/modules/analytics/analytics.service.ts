import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { analyticsStatusOf } from './analytics-status.js';
import { InvalidMetrics, MetricsPublicationNotFound, PublicationNotPosted } from './analytics.errors.js';
import { AnalyticsRepository, type MetricValues, type PostResult, type PublicationMetricsRow } from './analytics.repository.js';
import type { AccountAnalyticsHealth } from './analytics.types.js';
import { METRIC_NAMES, type PublicationMetricsDto, type RecordPublicationMetricsDto } from './dto/publication-metrics.dto.js';

/** Interactions per view; null when views are unknown or 0. */
export function engagementRate(m: MetricValues): number | null {
  if (!m.views) return null;
  const interactions = (m.likes ?? 0) + (m.comments ?? 0) + (m.shares ?? 0) + (m.saves ?? 0);
  return Math.round((interactions / m.views) * 10_000) / 10_000;
}

function metricsView(publicationId: string, row: PublicationMetricsRow | undefined): PublicationMetricsDto {
  if (!row)
    return {
      publicationId,
      views: null,
      likes: null,
      comments: null,
      shares: null,
      saves: null,
      engagementRate: null,
      source: null,
      recordedAt: null,
      recordedBy: null,
    };
  return {
    publicationId,
    views: row.views,
    likes: row.likes,
    comments: row.comments,
    shares: row.shares,
    saves: row.saves,
    engagementRate: engagementRate(row),
    source: row.source,
    recordedAt: new Date(row.recordedAt).toISOString(),
    recordedBy: row.recordedBy,
  };
}

/**
 * The results of our own posts. No platform insights API is called (none is in our contract):
 * the team records what the platform shows, by hand or from an export. These figures are what the
 * Trend Radar's internal-analytics proposals and the auto-reposter's thresholds read.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async metrics(principal: Principal, publicationId: string): Promise<PublicationMetricsDto> {
    const workspaceId = workspaceIdOf(principal);
    if (!(await this.repository.publication(workspaceId, publicationId))) throw new MetricsPublicationNotFound();
    return metricsView(publicationId, await this.repository.metrics(workspaceId, publicationId));
  }

  async record(principal: Principal, publicationId: string, input: RecordPublicationMetricsDto): Promise<PublicationMetricsDto> {
    const workspaceId = workspaceIdOf(principal);
    const values = Object.fromEntries(METRIC_NAMES.map((name) => [name, input[name] ?? null])) as MetricValues;
    if (METRIC_NAMES.every((name) => values[name] === null)) throw new InvalidMetrics(`Give at least one of ${METRIC_NAMES.join(', ')}`);
    const publication = await this.repository.publication(workspaceId, publicationId);
    if (!publication) throw new MetricsPublicationNotFound();
    if (publication.status !== 'posted') throw new PublicationNotPosted(publication.status);
    const recordedAt = input.recordedAt ? new Date(input.recordedAt) : null;
    if (recordedAt && recordedAt.getTime() > Date.now() + 60_000) throw new InvalidMetrics('recordedAt is in the future');
    if (recordedAt && publication.postedAt && recordedAt.getTime() < new Date(publication.postedAt).getTime())
      throw new InvalidMetrics('recordedAt is before the post went out');
    const actor = actorOf(principal);
    const source = input.source ?? 'manual';
    await this.dataSource.transaction(async (tx) => {
      await this.repository.upsert(tx, workspaceId, publicationId, values, source, recordedAt, actor.userId);
      await this.audit.record(
        {
          workspaceId,
          actor,
          action: 'publication.metrics_recorded',
          target: { type: 'platform_publication', id: publicationId },
          metadata: { ...values, source },
        },
        tx,
      );
    });
    return metricsView(publicationId, await this.repository.metrics(workspaceId, publicationId));
  }

  /** The workspace's measured posts of the last `days` days (for proposals). */
  postResults(workspaceId: string, days: number): Promise<PostResult[]> {
    return this.repository.postResults(workspaceId, days);
  }

  workspacesWithResults(days: number): Promise<string[]> {
    return this.repository.workspacesWithResults(days);
  }

  /** Account Health (issue 21): whether each account's results are read, its followers, its recent views, its waiting reads. */
  async accountsHealth(workspaceId: string, accountIds: string[]): Promise<Map<string, AccountAnalyticsHealth>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.repository.accountsAnalytics(workspaceId, accountIds);
    return new Map(
      rows.map((r) => {
        const { status, missingScopes } = analyticsStatusOf(r);
        return [
          r.accountId,
          {
            status,
            missingScopes,
            followers: r.followers,
            followersReadAt: r.followersReadAt,
            views7d: r.views7d,
            readsWaiting: r.readsWaiting,
            lastReadError: r.lastReadError,
          },
        ];
      }),
    );
  }
}
