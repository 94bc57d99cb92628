import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { TrendEvidence } from './trend-scoring.js';

export interface ScoredEntryInput {
  id: string;
  workspaceId: string;
  term: string;
  label: string;
  region: string | null;
  tags: string[];
  source: string;
  ownResults: TrendEvidence['ownResults'];
}

export interface SeriesRow {
  trendId: string;
  source: string;
  platform: Platform | null;
  region: string | null;
  metric: string;
  value: number;
  observedAt: Date;
  /** The language the source declared with its latest reading (YouTube's default audio language), if any. */
  language: string | null;
  /** The reading about 24 h (7 days) before the latest, when there is one. */
  v24: number | null;
  v7: number | null;
}

export interface ProofRow {
  trendId: string;
  trendSource: string;
  publicationId: string;
  accountId: string;
  platform: Platform;
  views: number;
  baseline: number;
}

export interface RadarSettingsRow {
  workspaceId: string;
  regions: string[];
  languages: string[];
  topics: string[];
}

export interface ScoreUpdate {
  id: string;
  strength: number | null;
  relevance: number | null;
  proof: number | null;
  evidence: TrendEvidence;
}

/**
 * Each account's median views at one age over 90 days (our posts' own baseline), written once per
 * pass. Straight off the summary index (account and value are in it): a post read both by the
 * platform and by hand at the same age counts twice, which a median hardly notices. Scoped by
 * workspace (a full pass: the summary index) or by account (the accounts recounted: the best-times
 * index, account first, serves them without reading the whole workspace's range).
 */
const baselinesSql = (scope: 'workspace_id' | 'account_id') => `
INSERT INTO trend_account_baselines (account_id, workspace_id, age_bucket, median, posts, computed_at)
SELECT account_id, workspace_id, $2, percentile_cont(0.5) WITHIN GROUP (ORDER BY value), count(*)::int, now()
  FROM metric_snapshots
 WHERE workspace_id = ANY($1::uuid[]) AND age_bucket = $2 AND metric = 'views' AND publication_id IS NOT NULL
   AND posted_at > now() - interval '90 days'
   AND ${scope} = ANY($3::uuid[])
 GROUP BY workspace_id, account_id
ON CONFLICT (account_id, age_bucket) DO UPDATE SET median = EXCLUDED.median, posts = EXCLUDED.posts, computed_at = now()`;
/** Accounts of these workspaces without a measured post in the window lose their baseline (now() is the pass's transaction time). */
const STALE_BASELINES_SQL = `DELETE FROM trend_account_baselines WHERE workspace_id = ANY($1::uuid[]) AND age_bucket = $2 AND computed_at < now()
   AND (workspace_id = ANY($3::uuid[]) OR account_id = ANY($4::uuid[]))`;

/**
 * The accounts of the incremental workspaces whose own results may have changed since their last
 * pass: a reading at the age written since the watermark (ids up to $3, read before), or a post
 * crossing the 90-day (baseline) or the 30-day (results) edge since that pass.
 */
const CHANGED_ACCOUNTS_SQL = `
SELECT DISTINCT ms.account_id AS "accountId"
  FROM trend_recompute_marks m
  JOIN metric_snapshots ms ON ms.id > m.last_snapshot_id AND ms.id <= $3 AND ms.workspace_id = m.workspace_id
 WHERE m.workspace_id = ANY($1::uuid[]) AND ms.age_bucket = $2 AND ms.metric = 'views' AND ms.publication_id IS NOT NULL
UNION
-- One branch per edge: each is a range of the summary index (an OR of the two scanned all of it).
SELECT ms.account_id
  FROM trend_recompute_marks m
  JOIN metric_snapshots ms ON ms.workspace_id = m.workspace_id AND ms.age_bucket = $2 AND ms.metric = 'views' AND ms.publication_id IS NOT NULL
   AND ms.posted_at > m.passed_at - interval '90 days' AND ms.posted_at <= now() - interval '90 days'
 WHERE m.workspace_id = ANY($1::uuid[])
UNION
SELECT ms.account_id
  FROM trend_recompute_marks m
  JOIN metric_snapshots ms ON ms.workspace_id = m.workspace_id AND ms.age_bucket = $2 AND ms.metric = 'views' AND ms.publication_id IS NOT NULL
   AND ms.posted_at > m.passed_at - make_interval(days => $4) AND ms.posted_at <= now() - make_interval(days => $4)
 WHERE m.workspace_id = ANY($1::uuid[])`;

/**
 * Our own results (issue 33): per account, the posts' views at one age against the account's own
 * median at that age; hashtags, audio (the name a post gave its sound), formats (duration band and
 * aspect), caption openings and posting hours whose posts beat it, with sample sizes and a Wilson interval per account and platform.
 * One statement over metric_snapshots (read only; the analytics module writes it): the summary
 * index serves the (workspace, age, metric) range.
 */
const OWN_RESULT_COUNTS_SQL = `
WITH s AS (
  SELECT publication_id, workspace_id, account_id, platform, max(value) AS value
    FROM metric_snapshots
   WHERE workspace_id = ANY($1::uuid[]) AND age_bucket = $2 AND metric = 'views' AND publication_id IS NOT NULL
     AND posted_at > now() - make_interval(days => $4)
     AND (workspace_id = ANY($5::uuid[]) OR account_id = ANY($6::uuid[]))
   GROUP BY publication_id, workspace_id, account_id, platform
),
base AS (
  SELECT account_id, median FROM trend_account_baselines WHERE workspace_id = ANY($1::uuid[]) AND age_bucket = $2 AND posts >= $3
),
-- The format of each video once per asset, not once per post.
fmt AS (
  SELECT a.id,
         (CASE WHEN a.height::float8 / a.width >= 1.5 THEN 'Vertical' WHEN a.height::float8 / a.width > 1.1 THEN 'Portrait'
               WHEN a.height::float8 / a.width >= 0.9 THEN 'Square' ELSE 'Horizontal' END) || ' video, ' ||
         (CASE WHEN a.duration_ms < 15000 THEN 'under 15 s' WHEN a.duration_ms < 30000 THEN '15–30 s' WHEN a.duration_ms < 60000 THEN '30–60 s'
               WHEN a.duration_ms < 180000 THEN '1–3 min' ELSE 'over 3 min' END) AS label
    FROM content_assets a
   WHERE a.workspace_id = ANY($1::uuid[]) AND a.width > 0 AND a.height > 0 AND a.duration_ms IS NOT NULL
),
posts AS (
  SELECT s.workspace_id, s.account_id, s.platform, (s.value > b.median) AS beat, ci.hashtags, f.label AS format,
         string_to_array(btrim(ci.caption), ' ') AS words,
         lpad(extract(hour FROM pp.posted_at AT TIME ZONE ci.time_zone)::int::text, 2, '0') AS hh, ci.time_zone,
         -- The audio the post named (Instagram's audio_name): no platform API says a post's sound otherwise.
         btrim(t.options ->> 'audioName') AS audio
    FROM s JOIN base b ON b.account_id = s.account_id
    JOIN platform_publications pp ON pp.id = s.publication_id
    JOIN content_items ci ON ci.id = pp.content_item_id
    LEFT JOIN fmt f ON f.id = ci.asset_id
    LEFT JOIN content_item_targets t ON t.content_item_id = pp.content_item_id AND t.social_account_id = pp.social_account_id
),
feat AS (
  SELECT workspace_id, account_id, platform, beat, 'hashtag' AS kind, lower(h) AS key, '#' || h AS label FROM posts, unnest(hashtags) h
  UNION ALL
  SELECT workspace_id, account_id, platform, beat, 'format', format, format FROM posts WHERE format IS NOT NULL
  UNION ALL
  SELECT workspace_id, account_id, platform, beat, 'sound', lower(audio), audio FROM posts WHERE audio <> ''
  UNION ALL
  SELECT workspace_id, account_id, platform, beat, 'caption', lower(array_to_string(words[1:3], ' ')), 'Caption opening “' || array_to_string(words[1:3], ' ') || '…”'
    FROM posts WHERE cardinality(words) >= 4
  UNION ALL
  SELECT workspace_id, account_id, platform, beat, 'hour', hh || time_zone, 'Posted ' || hh || ':00–' || lpad(((hh::int + 1) % 24)::text, 2, '0') || ':00 (' || time_zone || ')'
    FROM posts WHERE hh IS NOT NULL
)
INSERT INTO trend_own_result_counts (workspace_id, account_id, platform, kind, key, label, n, k)
SELECT workspace_id, account_id, platform, kind, key, min(label), count(*), count(*) FILTER (WHERE beat)
  FROM feat GROUP BY workspace_id, kind, key, account_id, platform`;

/**
 * Our own results filed from the kept counts (one row per account, platform and feature): the
 * features whose posts beat their account's median, the strongest intervals first.
 */
const OWN_RESULTS_SQL = `
WITH found AS (
  SELECT *, row_number() OVER (PARTITION BY workspace_id, kind ORDER BY (trend_wilson(k, n))[1] DESC, n DESC, key) AS rank
    FROM (SELECT workspace_id, kind, key, min(label) AS label, sum(n)::bigint AS n, sum(k)::bigint AS k,
                 -- One platform (min = max) or none; no count(DISTINCT), so the grouping hashes instead of sorting.
                 CASE WHEN min(platform) = max(platform) THEN min(platform) END AS platform
            FROM trend_own_result_counts WHERE workspace_id = ANY($1::uuid[]) GROUP BY workspace_id, kind, key
           HAVING sum(n) >= $3 AND sum(k)::float8 / sum(n) >= $4) g
),
-- The per-account figures only of what is filed (the top few per kind).
top AS (
  SELECT f.workspace_id, f.kind, f.key, f.label, f.n, f.k, f.platform,
         -- The accounts with the most posts with it (at most 10): the card's sample sizes, not a dump.
         to_jsonb((array_agg(jsonb_build_object('accountId', p.account_id, 'platform', p.platform, 'posts', p.n, 'beat', p.k, 'age', $2::text,
                                                'interval', to_jsonb(trend_wilson(p.k, p.n))) ORDER BY p.n DESC, p.account_id))[1:10]) AS own
    FROM found f JOIN trend_own_result_counts p ON p.workspace_id = f.workspace_id AND p.kind = f.kind AND p.key = f.key
   WHERE f.rank <= $5
   GROUP BY f.workspace_id, f.kind, f.key, f.label, f.n, f.k, f.platform
)
INSERT INTO trend_entries (workspace_id, platform, kind, label, source, status, score, notes, evidence)
SELECT f.workspace_id, f.platform, f.kind, f.label, 'internal_analytics', 'spotted', round(100.0 * f.k / f.n, 2),
       format('%s: %s of %s of our posts with it beat their account''s median views at %s (our own results).', f.label, f.k, f.n, $2::text),
       jsonb_build_object('ownResults', f.own)
  FROM top f
 WHERE NOT EXISTS (SELECT 1 FROM trend_entries e WHERE e.workspace_id = f.workspace_id AND e.kind = f.kind AND e.source <> 'internal_analytics'
                      AND e.term = lower(ltrim(f.label, '#')))
ON CONFLICT (workspace_id, kind, lower(label)) WHERE source = 'internal_analytics'
DO UPDATE SET platform = EXCLUDED.platform, score = EXCLUDED.score, notes = EXCLUDED.notes,
              evidence = trend_entries.evidence || EXCLUDED.evidence, updated_at = now()
RETURNING id`;

/** A full pass at least this often: what the watermark cannot see (a deleted post, an edited caption) is counted again. */
const FULL_PASS_EVERY = '24 hours';

/** Scores' inputs and outputs; every query names the workspaces it reads. */
@Injectable()
export class TrendScoringRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Our own results. A workspace's first pass, one whose last full pass is a day old, or any pass
   * asked `fromScratch` counts every account; otherwise only the accounts whose data changed since
   * its last pass (CHANGED_ACCOUNTS_SQL) are recounted, and the ranking reads the kept counts.
   */
  async upsertOwnResults(
    workspaceIds: string[],
    o: { age: string; minBaselinePosts: number; minPosts: number; minShare: number; maxPerKind: number; windowDays: number; fromScratch?: boolean },
  ): Promise<{ entries: number; fullWorkspaces: number; recountedAccounts: number | null }> {
    return this.tuned(async (tx) => {
      // The marks, locked: two passes over one workspace run one after the other.
      await sqlRows(
        tx,
        `INSERT INTO trend_recompute_marks (workspace_id, age_bucket, last_snapshot_id, passed_at, full_pass_at)
         SELECT w, $2, 0, '-infinity', '-infinity' FROM unnest($1::uuid[]) w ON CONFLICT (workspace_id) DO NOTHING`,
        [workspaceIds, o.age],
      );
      const marks = await sqlRows<{ workspaceId: string; full: boolean }>(
        tx,
        `SELECT workspace_id AS "workspaceId", ($3 OR age_bucket <> $2 OR full_pass_at < now() - interval '${FULL_PASS_EVERY}') AS "full"
           FROM trend_recompute_marks WHERE workspace_id = ANY($1::uuid[]) ORDER BY workspace_id FOR UPDATE`,
        [workspaceIds, o.age, o.fromScratch === true],
      );
      const full = marks.filter((m) => m.full).map((m) => m.workspaceId);
      const incremental = marks.filter((m) => !m.full).map((m) => m.workspaceId);
      const [mark] = await sqlRows<{ lastId: string }>(tx, `SELECT coalesce(max(id), 0)::text AS "lastId" FROM metric_snapshots`);
      const lastId = mark?.lastId ?? '0';
      const changed = incremental.length
        ? (await sqlRows<{ accountId: string }>(tx, CHANGED_ACCOUNTS_SQL, [incremental, o.age, lastId, o.windowDays])).map((r) => r.accountId)
        : [];
      if (full.length || changed.length) {
        if (full.length) await sqlRows(tx, baselinesSql('workspace_id'), [workspaceIds, o.age, full]);
        if (changed.length) await sqlRows(tx, baselinesSql('account_id'), [workspaceIds, o.age, changed]);
        await sqlRows(tx, STALE_BASELINES_SQL, [workspaceIds, o.age, full, changed]);
        // Fresh statistics after a full pass, so the planner hashes the join below instead of looping over a guessed single row.
        if (full.length) await sqlRows(tx, 'ANALYZE trend_account_baselines');
        await sqlRows(
          tx,
          `DELETE FROM trend_own_result_counts WHERE workspace_id = ANY($1::uuid[]) AND (workspace_id = ANY($2::uuid[]) OR account_id = ANY($3::uuid[]))`,
          [workspaceIds, full, changed],
        );
        await sqlRows(tx, OWN_RESULT_COUNTS_SQL, [workspaceIds, o.age, o.minBaselinePosts, o.windowDays, full, changed]);
      }
      await sqlRows(
        tx,
        `UPDATE trend_recompute_marks SET age_bucket = $2, last_snapshot_id = $3, passed_at = now(),
                full_pass_at = CASE WHEN workspace_id = ANY($4::uuid[]) THEN now() ELSE full_pass_at END
          WHERE workspace_id = ANY($1::uuid[])`,
        [workspaceIds, o.age, lastId, full],
      );
      const rows = await sqlRows(tx, OWN_RESULTS_SQL, [workspaceIds, o.age, o.minPosts, o.minShare, o.maxPerKind]);
      return { entries: rows.length, fullWorkspaces: full.length, recountedAccounts: full.length ? null : changed.length };
    });
  }

  /**
   * The recompute's big aggregates: sorts and hashes in memory, and no JIT compile (it costs more
   * than it saves on these statements).
   */
  private tuned<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await sqlRows(tx, `SET LOCAL work_mem = '128MB'`);
      await sqlRows(tx, 'SET LOCAL jit = off');
      return fn(tx);
    });
  }

  entries(workspaceIds: string[], db: Db = this.dataSource): Promise<ScoredEntryInput[]> {
    return sqlRows<ScoredEntryInput>(
      db,
      `SELECT id, workspace_id AS "workspaceId", term, label, region, tags, source, coalesce(evidence -> 'ownResults', '[]') AS "ownResults"
         FROM trend_entries WHERE workspace_id = ANY($1::uuid[]) AND status <> 'retired' AND (expires_at IS NULL OR expires_at > now())`,
      [workspaceIds],
    );
  }

  /** Per entry, each (source, platform, metric) series' newest reading of the last 8 days, with the readings ~24 h and ~7 days before it. */
  series(workspaceIds: string[]): Promise<SeriesRow[]> {
    // Tuned: its estimated cost passes the JIT threshold, and compiling it took longer (1.6 s) than running it (0.15 s).
    return this.tuned((db) =>
      sqlRows<SeriesRow>(
        db,
        `WITH latest AS (
         SELECT DISTINCT ON (e.id, o.source, o.platform, o.metric) e.id AS trend_id, e.workspace_id, e.term, o.source, o.platform, o.region, o.metric, o.value, o.observed_at,
                o.detail ->> 'language' AS language
           FROM trend_entries e
           JOIN trend_observations o ON o.workspace_id = e.workspace_id AND o.term = e.term AND o.observed_at > now() - interval '8 days'
          WHERE e.workspace_id = ANY($1::uuid[]) AND e.status <> 'retired' AND (e.expires_at IS NULL OR e.expires_at > now())
          ORDER BY e.id, o.source, o.platform, o.metric, o.observed_at DESC)
       SELECT l.trend_id AS "trendId", l.source, l.platform, l.region, l.metric, l.value, l.observed_at AS "observedAt", l.language,
              (SELECT o.value FROM trend_observations o WHERE o.workspace_id = l.workspace_id AND o.term = l.term AND o.source = l.source
                  AND o.platform = l.platform AND o.metric = l.metric AND o.observed_at <= l.observed_at - interval '23 hours'
                  AND o.observed_at > l.observed_at - interval '48 hours' ORDER BY o.observed_at DESC LIMIT 1) AS v24,
              (SELECT o.value FROM trend_observations o WHERE o.workspace_id = l.workspace_id AND o.term = l.term AND o.source = l.source
                  AND o.platform = l.platform AND o.metric = l.metric AND o.observed_at <= l.observed_at - interval '6 days 20 hours'
                  ORDER BY o.observed_at DESC LIMIT 1) AS v7
         FROM latest l`,
        [workspaceIds],
      ),
    );
  }

  /** For each (entry, source, platform, metric): its last reading of each UTC day over the last `days` days, oldest first. */
  dailyReadings(
    series: readonly { trendId: string; source: string; platform: string; metric: string }[],
    days: number,
  ): Promise<{ trendId: string; day: string; value: number }[]> {
    if (series.length === 0) return Promise.resolve([]);
    return sqlRows(
      this.dataSource,
      `SELECT k.trend_id AS "trendId", to_char(d.day, 'YYYY-MM-DD') AS day, d.value
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS k(trend_id, source, platform, metric)
         JOIN trend_entries e ON e.id = k.trend_id
         CROSS JOIN LATERAL (
           SELECT DISTINCT ON ((o.observed_at AT TIME ZONE 'UTC')::date) (o.observed_at AT TIME ZONE 'UTC')::date AS day, o.value
             FROM trend_observations o
            WHERE o.workspace_id = e.workspace_id AND o.term = e.term AND o.source = k.source AND o.platform = k.platform AND o.metric = k.metric
              AND o.observed_at > now() - make_interval(days => $5::int)
            ORDER BY (o.observed_at AT TIME ZONE 'UTC')::date, o.observed_at DESC) d
        ORDER BY k.trend_id, d.day`,
      [series.map((s) => s.trendId), series.map((s) => s.source), series.map((s) => s.platform), series.map((s) => s.metric), days],
    );
  }

  /**
   * Posts made from an entry (trend_items) that went live, their views at `age`, and their
   * account's median views at the same age over 90 days (trend_account_baselines, written by the
   * pass; accounts with fewer than `minBaselinePosts` measured posts have none and are left out).
   */
  proofPosts(workspaceIds: string[], age: string, minBaselinePosts: number): Promise<ProofRow[]> {
    return this.tuned((db) =>
      sqlRows<ProofRow>(
        db,
        `WITH linked AS MATERIALIZED (
         SELECT ti.trend_id, e.source AS trend_source, pp.id AS publication_id, pp.social_account_id AS account_id, pp.platform, pp.workspace_id
           FROM trend_entries e
           JOIN trend_items ti ON ti.trend_id = e.id
           JOIN platform_publications pp ON pp.content_item_id = ti.content_item_id AND pp.workspace_id = e.workspace_id AND pp.status = 'posted'
          WHERE e.workspace_id = ANY($1::uuid[])),
       views AS MATERIALIZED (
         SELECT l.*, v.views FROM linked l
           CROSS JOIN LATERAL (SELECT max(ms.value) AS views FROM metric_snapshots ms
                                WHERE ms.publication_id = l.publication_id AND ms.age_bucket = $2 AND ms.metric = 'views') v),
       base AS (
         SELECT b.account_id, b.median FROM trend_account_baselines b
          WHERE b.workspace_id = ANY($1::uuid[]) AND b.age_bucket = $2 AND b.posts >= $3)
       SELECT v.trend_id AS "trendId", v.trend_source AS "trendSource", v.publication_id AS "publicationId", v.account_id AS "accountId", v.platform,
              v.views, b.median AS baseline
         FROM views v JOIN base b ON b.account_id = v.account_id
        WHERE v.views IS NOT NULL AND b.median > 0`,
        [workspaceIds, age, minBaselinePosts],
      ),
    );
  }

  settings(workspaceIds: string[], db: Db = this.dataSource): Promise<RadarSettingsRow[]> {
    return sqlRows<RadarSettingsRow>(
      db,
      `SELECT workspace_id AS "workspaceId", regions, languages, topics FROM trend_settings WHERE workspace_id = ANY($1::uuid[])`,
      [workspaceIds],
    );
  }

  /** The watch-list terms (normalised) of these workspaces. */
  watchTerms(workspaceIds: string[], db: Db = this.dataSource): Promise<{ workspaceId: string; term: string }[]> {
    return sqlRows(db, `SELECT workspace_id AS "workspaceId", lower(ltrim(term, '#')) AS term FROM trend_watch_terms WHERE workspace_id = ANY($1::uuid[])`, [
      workspaceIds,
    ]);
  }

  /** Writes the scores in one statement. */
  async writeScores(db: Db, updates: ScoreUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await sqlRows(
      db,
      `UPDATE trend_entries e SET strength = u.strength, relevance = u.relevance, proof = u.proof,
              evidence = u.evidence, scored_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, strength numeric, relevance numeric, proof numeric, evidence jsonb)
        WHERE e.id = u.id`,
      [JSON.stringify(updates)],
    );
  }

  /**
   * Records today's spike of a term; the term's alert for the day exists once (returns false the
   * second time). `day` is the UTC day.
   */
  async claimAlert(db: Db, a: { workspaceId: string; term: string; trendId: string | null; message: string; growth: number }): Promise<string | undefined> {
    const [row] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO trend_alerts (workspace_id, term, day, trend_id, message, growth) VALUES ($1, $2, (now() AT TIME ZONE 'UTC')::date, $3, $4, $5)
       ON CONFLICT (workspace_id, term, day) DO NOTHING RETURNING id`,
      [a.workspaceId, a.term, a.trendId, a.message, a.growth],
    );
    return row?.id;
  }

  /**
   * alert.raised on the webhooks outbox, in the caller's transaction (webhook_emit of migration 032
   * writes nothing when no endpoint chose the type), with the shape of the monitoring alerts' event.
   */
  async emitAlertRaised(db: Db, workspaceId: string, alertId: string, term: string, message: string, growth: number): Promise<void> {
    await sqlRows(
      db,
      `SELECT webhook_emit($1::uuid, 'alert.raised', jsonb_build_object('alert_id', $2::uuid, 'rule', 'trend_spike', 'subject', $3::text, 'severity', 'warning',
         'message', $4::text, 'value', $5::float8, 'threshold', $6::float8, 'fired_at', now()))`,
      [workspaceId, alertId, term, message, growth, 1],
    );
  }

  /** Members of the workspace told about a spike: editors and above. */
  async editors(workspaceId: string, db: Db = this.dataSource): Promise<string[]> {
    const rows = await sqlRows<{ userId: string }>(
      db,
      `SELECT user_id AS "userId" FROM memberships WHERE workspace_id = $1 AND role IN ('owner', 'admin', 'editor')`,
      [workspaceId],
    );
    return rows.map((r) => r.userId);
  }

  /** Workspaces with anything to score. */
  async activeWorkspaces(db: Db = this.dataSource): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `SELECT id FROM workspaces w WHERE EXISTS (SELECT 1 FROM trend_entries e WHERE e.workspace_id = w.id)
          OR EXISTS (SELECT 1 FROM metric_latest l WHERE l.workspace_id = w.id AND l.posted_at > now() - interval '90 days')`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * YouTube API Services policy: statistics of videos we do not own are kept at most 30 days.
   * Deletes those readings and clears what the cards quoted of them.
   */
  async purgeOthersContent(db: Db = this.dataSource): Promise<number> {
    const rows = await sqlRows(db, `DELETE FROM trend_observations WHERE others_content AND observed_at < now() - interval '30 days' RETURNING 1`);
    await sqlRows(
      db,
      `UPDATE trend_entries SET evidence = evidence - 'said' - 'strength', strength = NULL
        WHERE scored_at < now() - interval '30 days' AND evidence ? 'said'`,
    );
    return rows.length;
  }
}
