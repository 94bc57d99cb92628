import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AnalyticsService, engagementRate } from '../analytics/analytics.service.js';
import type { PostResult } from '../analytics/analytics.types.js';
import { AuditService } from '../audit/audit.service.js';
import type { TrendEntryDto } from './dto/trend.dto.js';
import { TrendListCache } from './trend-list.cache.js';
import { TrendProposalsRepository, type TrendProposal } from './trend-proposals.repository.js';
import { TrendsRepository } from './trends.repository.js';
import { trendView } from './trends.service.js';

/** The window of posts compared. */
export const PROPOSAL_WINDOW_DAYS = 30;
/** Below this many measured posts there is no "best" to speak of. */
const MIN_MEASURED_POSTS = 3;
/** The best posts: the top half of the measured ones, at most this many. */
const MAX_BEST_POSTS = 5;
/** A hashtag or a format is proposed when at least this many of the best posts share it. */
const MIN_SHARED = 2;
const MAX_PROPOSALS = 10;
const SYSTEM = { userId: null, apiKeyId: null };

type Actor = { userId: string | null; apiKeyId: string | null };

/** 12400 → "12.4k": the notes are read by people. */
export function compactCount(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  return String(Math.round(n));
}

/** The shape of a post's video, e.g. "Vertical video, 15–30 s"; null when the video is unknown. */
export function formatOf(p: Pick<PostResult, 'durationMs' | 'width' | 'height'>): string | null {
  if (!p.width || !p.height || p.durationMs === null) return null;
  const ratio = p.height / p.width;
  const shape = ratio >= 1.5 ? 'Vertical' : ratio > 1.1 ? 'Portrait' : ratio >= 0.9 ? 'Square' : 'Horizontal';
  const s = p.durationMs / 1000;
  const length = s < 15 ? 'under 15 s' : s < 30 ? '15–30 s' : s < 60 ? '30–60 s' : s < 180 ? '1–3 min' : 'over 3 min';
  return `${shape} video, ${length}`;
}

/** Best first: views, then engagement rate (a post without views ranks last). */
function rank(posts: PostResult[]): PostResult[] {
  return [...posts].sort((a, b) => (b.views ?? -1) - (a.views ?? -1) || (engagementRate(b) ?? -1) - (engagementRate(a) ?? -1));
}

const average = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

/**
 * What our own best posts have in common: their hashtags and their video format, each shared by at
 * least MIN_SHARED of the best posts of the last PROPOSAL_WINDOW_DAYS days. Pure: the figures in,
 * the proposals (with the reason in words) out.
 */
export function proposalsFrom(results: PostResult[]): TrendProposal[] {
  if (results.length < MIN_MEASURED_POSTS) return [];
  const ranked = rank(results);
  const best = ranked.slice(0, Math.min(MAX_BEST_POSTS, Math.ceil(ranked.length / 2)));
  if (best.length < MIN_SHARED) return [];
  const allViews = average(results.flatMap((p) => (p.views === null ? [] : [p.views])));
  const groups = new Map<string, { kind: 'hashtag' | 'format'; label: string; posts: PostResult[] }>();
  const add = (kind: 'hashtag' | 'format', key: string, label: string, post: PostResult) => {
    const group = groups.get(`${kind}:${key}`) ?? { kind, label, posts: [] };
    if (!group.posts.includes(post)) group.posts.push(post);
    groups.set(`${kind}:${key}`, group);
  };
  for (const post of best) {
    for (const tag of post.hashtags ?? []) add('hashtag', tag.toLowerCase(), `#${tag}`, post);
    const format = formatOf(post);
    if (format) add('format', format, format, post);
  }
  return [...groups.values()]
    .filter((g) => g.posts.length >= MIN_SHARED)
    .sort((a, b) => b.posts.length - a.posts.length || average(b.posts.map((p) => p.views ?? 0)) - average(a.posts.map((p) => p.views ?? 0)))
    .slice(0, MAX_PROPOSALS)
    .map((g) => {
      const views = g.posts.flatMap((p) => (p.views === null ? [] : [p.views]));
      const platforms = new Set(g.posts.map((p) => p.platform));
      const figures = views.length
        ? `, avg ${compactCount(average(views))} views vs ${compactCount(allViews)} across all ${results.length} measured posts`
        : '';
      return {
        kind: g.kind,
        label: g.label,
        platform: platforms.size === 1 ? ([...platforms][0] as Platform) : null,
        score: Math.round((g.posts.length / best.length) * 100),
        notes: `${g.label}: in ${g.posts.length} of your ${best.length} best posts (last ${PROPOSAL_WINDOW_DAYS} days)${figures}. Proposed from your own posts' results.`,
      };
    });
}

/**
 * Trend Radar's internal-analytics source: proposes entries from our own posts' latest results —
 * read from the platforms' official endpoints by the analytics ingestion, or recorded by the team
 * (source manual) — through AnalyticsService (metric_latest, issue 21). No trend source is scraped.
 */
@Injectable()
export class TrendProposer {
  private readonly logger = new Logger(TrendProposer.name);

  constructor(
    private readonly analytics: AnalyticsService,
    private readonly proposals: TrendProposalsRepository,
    private readonly trends: TrendsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly cache: TrendListCache,
  ) {}

  /** POST /trends/proposals/refresh: one pass for the caller's workspace; the entries it filed. */
  async refresh(principal: Principal): Promise<{ created: TrendEntryDto[]; refreshed: number }> {
    return this.proposeFor(workspaceIdOf(principal), actorOf(principal));
  }

  /** The tick: every workspace with recent results. */
  async runOnce(): Promise<void> {
    for (const workspaceId of await this.analytics.workspacesWithResults(PROPOSAL_WINDOW_DAYS)) {
      try {
        await this.proposeFor(workspaceId, SYSTEM);
      } catch (error) {
        this.logger.error(`trend proposals failed for workspace ${workspaceId}: ${(error as Error).message}`);
      }
    }
  }

  async proposeFor(workspaceId: string, actor: Actor): Promise<{ created: TrendEntryDto[]; refreshed: number }> {
    const proposals = proposalsFrom(await this.analytics.postResults(workspaceId, PROPOSAL_WINDOW_DAYS));
    if (proposals.length === 0) return { created: [], refreshed: 0 };
    const written = await this.dataSource.transaction(async (tx) => {
      const created: TrendEntryDto[] = [];
      let refreshed = 0;
      for (const proposal of proposals) {
        const written = await this.proposals.upsert(tx, workspaceId, proposal);
        if (!written) continue;
        if (!written.created) {
          refreshed++;
          continue;
        }
        const row = (await this.trends.get(workspaceId, written.id, tx))!;
        await this.audit.record(
          {
            workspaceId,
            actor,
            action: 'trend.created',
            target: { type: 'trend', id: row.id },
            metadata: { label: row.label, kind: row.kind, source: row.source },
          },
          tx,
        );
        created.push(trendView(row));
      }
      return { created, refreshed };
    });
    this.cache.drop(workspaceId);
    return written;
  }
}
