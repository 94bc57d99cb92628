import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { NotificationsService } from '../notifications/notifications.service.js';
import type { RecomputeResultDto, SourcePerformanceDto } from './dto/trend-radar.dto.js';
import { languageMatch } from './trend-language.js';
import { TrendListCache } from './trend-list.cache.js';
import {
  COMPARISON_AGE,
  emptyEvidence,
  MIN_BASELINE_POSTS,
  MIN_FEATURE_POSTS,
  MIN_FEATURE_SHARE,
  SPIKE_GROWTH_24H,
  SPIKE_MIN_VALUE,
  strengthScore,
  wilson,
  type TrendEvidence,
} from './trend-scoring.js';
import { TrendScoringRepository, type ProofRow, type RadarSettingsRow, type ScoredEntryInput, type SeriesRow } from './trend-scoring.repository.js';

/** Days of readings a card's sparkline shows. */
const SPARKLINE_DAYS = 8;
/** The posts a card lists as proof (the figures cover all of them). */
const PROOF_ITEMS = 5;
/** Our own results look at the posts of the last 30 days (each against its account's 90-day median). */
const OWN_RESULTS_WINDOW_DAYS = 30;
/** Own-results entries per kind and workspace at most (the strongest intervals first). */
const MAX_OWN_RESULTS_PER_KIND = 10;
const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;
const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const growth = (latest: number, before: number | null): number | null => (before === null || before <= 0 ? null : round(latest / before - 1));

/**
 * The series a card's strength is measured on: growth needs an earlier reading; among those, the
 * newest. A rank is not a volume (smaller is better) and never grows a trend. Platforms are never
 * added together (YouTube's policy forbids summing its figures with another platform's).
 */
function primarySeries(series: SeriesRow[]): SeriesRow | undefined {
  const volumes = series.filter((s) => s.metric !== 'rank');
  const withHistory = volumes.filter((s) => s.v24 !== null || s.v7 !== null);
  const pick = withHistory.length ? withHistory : volumes;
  return [...pick].sort((a, b) => new Date(b.observedAt).getTime() - new Date(a.observedAt).getTime() || b.value - a.value)[0];
}

/** Pure: one entry's three scores and the figures behind them. */
export function scoreEntry(
  entry: ScoredEntryInput,
  series: SeriesRow[],
  proofPosts: ProofRow[],
  settings: RadarSettingsRow | undefined,
): { strength: number | null; relevance: number | null; proof: number | null; evidence: TrendEvidence } {
  const evidence = emptyEvidence();
  evidence.ownResults = entry.ownResults ?? [];
  evidence.said = series.map((s) => ({
    source: s.source,
    platform: s.platform,
    region: s.region,
    metric: s.metric,
    value: s.value,
    observedAt: new Date(s.observedAt).toISOString(),
  }));

  const primary = primarySeries(series);
  if (primary) {
    const g24 = growth(primary.value, primary.v24);
    const g7 = growth(primary.value, primary.v7);
    evidence.strength = {
      score: strengthScore(g24, g7),
      growth24h: g24,
      growth7d: g7,
      latest: primary.value,
      metric: primary.metric,
      platform: primary.platform,
      source: primary.source,
      readings: [],
    };
  }

  // Relevance: the workspace's topics (60), regions (40) and languages (20); a part the workspace did not set, or that cannot be told, is left out.
  const topics = (settings?.topics ?? []).filter((t) => {
    const topic = t.toLowerCase();
    return entry.label.toLowerCase().includes(topic) || entry.tags.some((g) => g.toLowerCase() === topic);
  });
  const regions = new Set([entry.region, ...series.map((s) => s.region)].filter((r): r is string => Boolean(r) && r !== 'WORLD'));
  const regionMatch = !settings?.regions.length || regions.size === 0 ? null : settings.regions.some((r) => regions.has(r));
  let weight = 0;
  let points = 0;
  if (settings?.topics.length) {
    weight += 60;
    if (topics.length) points += 60;
  }
  if (regionMatch !== null) {
    weight += 40;
    if (regionMatch) points += 40;
  }
  const language = languageMatch(
    entry.label,
    series.map((s) => s.language),
    settings?.languages ?? [],
  );
  if (language.match !== null) {
    weight += 20;
    if (language.match) points += 20;
  }
  evidence.relevance = {
    score: weight ? Math.round((1000 * points) / weight) / 10 : null,
    topics,
    regionMatch,
    languageMatch: language.match,
    languageBasis: language.basis,
    languages: language.declared,
  };

  // Proof: posts made from it against their account's median at the same age; else our own results.
  if (proofPosts.length) {
    const ratios = proofPosts.map((p) => p.views / p.baseline);
    const beat = proofPosts.filter((p) => p.views > p.baseline).length;
    evidence.proof = {
      score: Math.round((1000 * beat) / proofPosts.length) / 10,
      posts: proofPosts.length,
      beatBaseline: beat,
      medianRatio: round(median(ratios)!),
      interval: wilson(beat, proofPosts.length),
      items: proofPosts.slice(0, PROOF_ITEMS).map((p) => ({
        publicationId: p.publicationId,
        accountId: p.accountId,
        platform: p.platform,
        age: COMPARISON_AGE,
        views: p.views,
        baseline: round(p.baseline, 1),
        ratio: round(p.views / p.baseline),
      })),
    };
  } else if (evidence.ownResults.length) {
    const posts = evidence.ownResults.reduce((s, r) => s + Number(r.posts), 0);
    const beat = evidence.ownResults.reduce((s, r) => s + Number(r.beat), 0);
    evidence.proof = {
      score: posts ? Math.round((1000 * beat) / posts) / 10 : null,
      posts,
      beatBaseline: beat,
      medianRatio: null,
      interval: wilson(beat, posts),
      items: [],
    };
  }
  return { strength: evidence.strength.score, relevance: evidence.relevance.score, proof: evidence.proof.score, evidence };
}

/**
 * The radar's recompute (scheduler every 15 minutes, or on request): our own results, then every
 * live entry's strength, relevance and proof, then spike alerts (once per term per day, in-app and
 * `alert.raised`). Set-based: one statement per step for all the workspaces given.
 */
@Injectable()
export class TrendScoring {
  private readonly logger = new Logger(TrendScoring.name);

  constructor(
    private readonly repository: TrendScoringRepository,
    private readonly notifications: NotificationsService,
    private readonly dataSource: DataSource,
    private readonly cache: TrendListCache,
  ) {}

  async recomputeAll(): Promise<RecomputeResultDto> {
    return this.recompute(await this.repository.activeWorkspaces());
  }

  /** `fromScratch`: count every account's posts again instead of only the accounts whose data changed since the last pass. */
  async recompute(workspaceIds: string[], options: { fromScratch?: boolean } = {}): Promise<RecomputeResultDto> {
    const started = performance.now();
    if (workspaceIds.length === 0) return { scored: 0, ownResults: 0, alerts: 0, tookMs: 0 };
    const { entries: ownResults } = await this.repository.upsertOwnResults(workspaceIds, {
      fromScratch: options.fromScratch,
      age: COMPARISON_AGE,
      minBaselinePosts: MIN_BASELINE_POSTS,
      minPosts: MIN_FEATURE_POSTS,
      minShare: MIN_FEATURE_SHARE,
      maxPerKind: MAX_OWN_RESULTS_PER_KIND,
      windowDays: OWN_RESULTS_WINDOW_DAYS,
    });
    const [entries, series, proofs, settings, watch] = await Promise.all([
      this.repository.entries(workspaceIds),
      this.repository.series(workspaceIds),
      this.repository.proofPosts(workspaceIds, COMPARISON_AGE, MIN_BASELINE_POSTS),
      this.repository.settings(workspaceIds),
      this.repository.watchTerms(workspaceIds),
    ]);
    const seriesOf = groupBy(series, (s) => s.trendId);
    const proofsOf = groupBy(proofs, (p) => p.trendId);
    const settingsOf = new Map(settings.map((s) => [s.workspaceId, s]));
    const watched = new Set(watch.map((w) => `${w.workspaceId}:${w.term}`));

    const updates = entries.map((e) => ({ id: e.id, ...scoreEntry(e, seriesOf.get(e.id) ?? [], proofsOf.get(e.id) ?? [], settingsOf.get(e.workspaceId)) }));
    // The sparkline: each measured series' last reading a day, read once for all the cards.
    const measured = updates.filter((u) => u.evidence.strength.source !== null && u.evidence.strength.metric !== null);
    const readingsOf = groupBy(
      await this.repository.dailyReadings(
        measured.map((u) => ({
          trendId: u.id,
          source: u.evidence.strength.source!,
          platform: u.evidence.strength.platform ?? '',
          metric: u.evidence.strength.metric!,
        })),
        SPARKLINE_DAYS,
      ),
      (r) => r.trendId,
    );
    for (const u of measured) u.evidence.strength.readings = (readingsOf.get(u.id) ?? []).map((r) => ({ day: r.day, value: r.value }));
    await this.repository.writeScores(this.dataSource, updates);

    const entryOf = new Map(entries.map((e) => [e.id, e]));
    let alerts = 0;
    for (const u of updates) {
      const entry = entryOf.get(u.id)!;
      const s = u.evidence.strength;
      const watchedTerm = watched.has(`${entry.workspaceId}:${entry.term}`) || u.evidence.relevance.topics.length > 0;
      if (!watchedTerm || s.growth24h === null || s.growth24h < SPIKE_GROWTH_24H || (s.latest ?? 0) < SPIKE_MIN_VALUE) continue;
      if (await this.raiseSpike(entry, s.growth24h, s.latest!, s.metric ?? 'count', s.platform)) alerts++;
    }
    for (const workspaceId of workspaceIds) this.cache.drop(workspaceId);
    const tookMs = Math.round(performance.now() - started);
    return { scored: updates.length, ownResults, alerts, tookMs };
  }

  /** One alert per term per day: the row, the in-app notice to the editors, and alert.raised. */
  private async raiseSpike(entry: ScoredEntryInput, growth24h: number, latest: number, metric: string, platform: string | null): Promise<boolean> {
    const percent = Math.round(growth24h * 100);
    const message = `${entry.label} is spiking: ${metric} up ${percent} % in 24 h (now ${Math.round(latest)}${platform ? `, ${platform}` : ''})`;
    return this.dataSource.transaction(async (tx) => {
      const alertId = await this.repository.claimAlert(tx, { workspaceId: entry.workspaceId, term: entry.term, trendId: entry.id, message, growth: growth24h });
      if (!alertId) return false;
      await this.notifications.notify(tx, {
        workspaceId: entry.workspaceId,
        event: 'trend_spike',
        userIds: await this.repository.editors(entry.workspaceId, tx),
        data: { trendId: entry.id, term: entry.term, growth: growth24h, message },
        dedupeKey: `trend_spike:${alertId}`,
      });
      await this.repository.emitAlertRaised(tx, entry.workspaceId, alertId, entry.term, message, growth24h);
      this.logger.log(`trend spike ${entry.term} in workspace ${entry.workspaceId}: +${percent} %`);
      return true;
    });
  }

  /** How trend-linked posts did against their account's baseline, per source and platform. */
  async performance(workspaceId: string): Promise<SourcePerformanceDto[]> {
    const rows = await this.repository.proofPosts([workspaceId], COMPARISON_AGE, MIN_BASELINE_POSTS);
    // One post made from two entries of the same source counts once for that source.
    const groups = groupBy([...new Map(rows.map((r) => [`${r.trendSource}:${r.publicationId}`, r])).values()], (r) => `${r.trendSource}\u0000${r.platform}`);
    return [...groups.entries()]
      .map(([key, posts]) => {
        const [source, platform] = key.split('\u0000') as [string, Platform];
        const beat = posts.filter((p) => p.views > p.baseline).length;
        return {
          source,
          platform,
          posts: posts.length,
          beatBaseline: beat,
          medianRatio: round(median(posts.map((p) => p.views / p.baseline))!),
          interval: wilson(beat, posts.length),
        };
      })
      .sort((a, b) => a.source.localeCompare(b.source) || a.platform.localeCompare(b.platform));
  }

  purge(): Promise<number> {
    return this.repository.purgeOthersContent();
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
