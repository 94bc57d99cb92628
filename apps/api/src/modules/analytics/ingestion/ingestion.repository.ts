import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AgeBucket } from '@mwr/publishers';

import { sqlRows, type Db } from '../../../common/database/db.js';

/** One claimed read: a post at one age, or an account's daily read, with what the client needs. */
export interface ClaimedRead {
  workspaceId: string;
  accountId: string;
  targetId: string;
  ageBucket: AgeBucket;
  bucketDate: string;
  attempts: number;
  platform: string;
  remoteAccountId: string;
  scopes: string[];
  /** How it was connected (`loginFlavour`) may pick the host and the scopes analytics needs. */
  capabilities: Record<string, unknown>;
  accountStatus: string;
  /** Post reads only. */
  remoteMediaId: string | null;
  remotePublishId: string | null;
  postedAt: Date | null;
  caption: string | null;
  /** The id an earlier read matched by create time and caption (the post's id never reached us), and how. */
  matchEvidence: Record<string, unknown> | null;
}

/** One metric of one reading, as written. */
export interface SnapshotRow {
  workspaceId: string;
  accountId: string;
  publicationId: string | null;
  platform: string;
  ageBucket: AgeBucket;
  bucketDate: string;
  metric: string;
  value: number;
  postedAt: Date | null;
  evidence: Record<string, unknown> | null;
}

export interface ReadKey {
  targetId: string;
  ageBucket: string;
  bucketDate: string;
}

/** The post ages as SQL intervals (docs: issue 21). */
const AGE_VALUES = `(VALUES ('1h', interval '1 hour'), ('6h', interval '6 hours'), ('24h', interval '24 hours'), ('72h', interval '72 hours'),
  ('7d', interval '7 days'), ('30d', interval '30 days')) AS b(bucket, age)`;
/** A post is read for 30 days; a pass that was down catches up on buckets missed within this. */
const CATCH_UP_DAYS = 60;
/** Post reads carry this date (the key needs one); daily reads carry their day. */
export const POST_BUCKET_DATE = '1970-01-01';

/**
 * metric_reads (the schedule and its claims) and metric_snapshots / metric_latest (the readings):
 * the ingestion's writes, set-based (one statement per pass step, not a loop of saves).
 */
@Injectable()
export class IngestionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Files the reads that fell due: each posted publication at each age it has reached (up to 60
   * days back, so a scheduler that was down catches up), and each account's read of the day.
   * Only accounts that are active and granted their platform's analytics scopes (`required`:
   * platform, or platform:loginFlavour -> scopes); the others are skipped ("reconnect to enable analytics").
   */
  async planDue(required: Record<string, readonly string[]>): Promise<number> {
    const scopes = JSON.stringify(required);
    const key = `(a.platform || coalesce(':' || (a.capabilities ->> 'loginFlavour'), ''))`;
    const eligible = `a.status IN ('active', 'restricted') AND $1::jsonb ? ${key} AND a.scopes @> ARRAY(SELECT jsonb_array_elements_text($1::jsonb -> ${key}))`;
    const posts = await sqlRows<{ n: number }>(
      this.dataSource,
      `WITH inserted AS (
         INSERT INTO metric_reads (workspace_id, account_id, target_id, age_bucket, bucket_date, due_at, next_attempt_at)
         SELECT p.workspace_id, p.social_account_id, p.id, b.bucket, '${POST_BUCKET_DATE}'::date, p.posted_at + b.age, p.posted_at + b.age
           FROM platform_publications p
           JOIN social_accounts a ON a.id = p.social_account_id AND a.workspace_id = p.workspace_id
           CROSS JOIN ${AGE_VALUES}
          WHERE p.status = 'posted' AND p.posted_at > now() - interval '${CATCH_UP_DAYS} days' AND p.posted_at + b.age <= now() AND ${eligible}
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [scopes],
    );
    const accounts = await sqlRows<{ n: number }>(
      this.dataSource,
      `WITH inserted AS (
         INSERT INTO metric_reads (workspace_id, account_id, target_id, age_bucket, bucket_date, due_at, next_attempt_at)
         SELECT a.workspace_id, a.id, a.id, 'daily', (now() AT TIME ZONE 'UTC')::date, now(), now()
           FROM social_accounts a WHERE ${eligible}
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [scopes],
    );
    return (posts[0]?.n ?? 0) + (accounts[0]?.n ?? 0);
  }

  /**
   * Claims the due reads of up to `accounts` accounts (those waiting longest first), at most
   * `limit` reads, for `leaseMs` (FOR UPDATE SKIP LOCKED: two schedulers never take the same one;
   * a crashed pass's claims expire), with what reading them needs. Whole accounts at once, so each
   * post is read once for all the ages it is due at, in as few batched requests as possible.
   */
  claimDue(accounts: number, limit: number, leaseMs: number): Promise<ClaimedRead[]> {
    return sqlRows<ClaimedRead>(
      this.dataSource,
      `WITH picked AS (
         SELECT account_id FROM metric_reads
          WHERE done_at IS NULL AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
          GROUP BY account_id ORDER BY min(next_attempt_at) LIMIT $3),
       due AS (
         SELECT r.target_id, r.age_bucket, r.bucket_date FROM metric_reads r JOIN picked ON picked.account_id = r.account_id
          WHERE r.done_at IS NULL AND r.next_attempt_at <= now() AND (r.claimed_until IS NULL OR r.claimed_until < now())
          ORDER BY r.account_id, r.target_id LIMIT $1 FOR UPDATE OF r SKIP LOCKED),
       claimed AS (
         UPDATE metric_reads r SET claimed_until = now() + make_interval(secs => $2::float8 / 1000), attempts = r.attempts + 1
           FROM due WHERE r.target_id = due.target_id AND r.age_bucket = due.age_bucket AND r.bucket_date = due.bucket_date
         RETURNING r.*)
       SELECT c.workspace_id AS "workspaceId", c.account_id AS "accountId", c.target_id AS "targetId", c.age_bucket AS "ageBucket",
              to_char(c.bucket_date, 'YYYY-MM-DD') AS "bucketDate", c.attempts, a.platform, a.remote_account_id AS "remoteAccountId", a.scopes,
              a.capabilities, a.status AS "accountStatus", p.remote_media_id AS "remoteMediaId", p.remote_publish_id AS "remotePublishId", p.posted_at AS "postedAt",
              ci.caption,
              (SELECT s.evidence FROM metric_snapshots s WHERE c.age_bucket <> 'daily' AND s.publication_id = c.target_id AND s.evidence IS NOT NULL LIMIT 1)
                AS "matchEvidence"
         FROM claimed c
         JOIN social_accounts a ON a.id = c.account_id
         LEFT JOIN platform_publications p ON c.age_bucket <> 'daily' AND p.id = c.target_id
         LEFT JOIN content_items ci ON ci.id = p.content_item_id
        ORDER BY c.account_id, p.posted_at`,
      [limit, leaseMs, accounts],
    );
  }

  /** Writes the readings (a bucket's reading is written once: a second insert is a no-op) and the latest figures. */
  async writeSnapshots(db: Db, rows: SnapshotRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof SnapshotRow>(k: K) => rows.map((r) => r[k]);
    await sqlRows(
      db,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[], $7::text[], $8::float8[], $9::timestamptz[], $10::jsonb[])
           AS t(workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, evidence)),
       written AS (
         INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, source, age_bucket, bucket_date, metric, value, read_at, posted_at, evidence)
         SELECT workspace_id, account_id, publication_id, platform, 'platform', age_bucket, bucket_date, metric, value, now(), posted_at, evidence FROM input
         ON CONFLICT DO NOTHING RETURNING publication_id, metric, workspace_id, account_id, platform, posted_at, value, read_at)
       INSERT INTO metric_latest AS l (publication_id, workspace_id, account_id, platform, posted_at, views, likes, comments, shares, saves, watch_time, avg_watch_time, reach, engagement_rate, source, read_at)
       SELECT publication_id, workspace_id, account_id, platform, posted_at,
                max(value) FILTER (WHERE metric = 'views'),
                max(value) FILTER (WHERE metric = 'likes'),
                max(value) FILTER (WHERE metric = 'comments'),
                max(value) FILTER (WHERE metric = 'shares'),
                max(value) FILTER (WHERE metric = 'saves'),
                max(value) FILTER (WHERE metric = 'watch_time'),
                max(value) FILTER (WHERE metric = 'avg_watch_time'),
                max(value) FILTER (WHERE metric = 'reach'),
                max(value) FILTER (WHERE metric = 'engagement_rate'),
                'platform', max(read_at)
         FROM written WHERE publication_id IS NOT NULL GROUP BY publication_id, workspace_id, account_id, platform, posted_at
       ON CONFLICT (publication_id) DO UPDATE SET views = coalesce(EXCLUDED.views, l.views), likes = coalesce(EXCLUDED.likes, l.likes), comments = coalesce(EXCLUDED.comments, l.comments), shares = coalesce(EXCLUDED.shares, l.shares), saves = coalesce(EXCLUDED.saves, l.saves), watch_time = coalesce(EXCLUDED.watch_time, l.watch_time), avg_watch_time = coalesce(EXCLUDED.avg_watch_time, l.avg_watch_time), reach = coalesce(EXCLUDED.reach, l.reach), engagement_rate = coalesce(EXCLUDED.engagement_rate, l.engagement_rate),
         source = EXCLUDED.source, read_at = EXCLUDED.read_at
         WHERE l.read_at <= EXCLUDED.read_at`,
      [
        col('workspaceId'),
        col('accountId'),
        col('publicationId'),
        col('platform'),
        col('ageBucket'),
        col('bucketDate'),
        col('metric'),
        col('value'),
        col('postedAt'),
        rows.map((r) => (r.evidence ? JSON.stringify(r.evidence) : null)),
      ],
    );
  }

  /** Ends reads: `read` (written), `missing` (the platform never returned the post), `gave_up`. */
  /** Metrics a platform refused as retired (first and last seen), for the Trend Radar's platform watch. */
  async noteRetiredMetrics(db: Db, platform: string, metrics: string[]): Promise<void> {
    if (metrics.length === 0) return;
    await sqlRows(
      db,
      `INSERT INTO platform_retired_metrics (platform, metric) SELECT $1, unnest($2::text[])
       ON CONFLICT (platform, metric) DO UPDATE SET last_seen_at = now()`,
      [platform, metrics],
    );
  }

  async finish(db: Db, keys: ReadKey[], outcome: 'read' | 'missing' | 'gave_up', lastError: string | null = null): Promise<void> {
    if (keys.length === 0) return;
    await sqlRows(
      db,
      `UPDATE metric_reads r SET done_at = now(), outcome = $4, claimed_until = NULL, last_error = $5
         FROM unnest($1::uuid[], $2::text[], $3::date[]) AS k(target_id, age_bucket, bucket_date)
        WHERE r.target_id = k.target_id AND r.age_bucket = k.age_bucket AND r.bucket_date = k.bucket_date`,
      [keys.map((k) => k.targetId), keys.map((k) => k.ageBucket), keys.map((k) => k.bucketDate), outcome, lastError],
    );
  }

  /** Moves reads to `delayMs` from now (a 429, a quota wait, a budget, a transient failure): never dropped. */
  async postpone(keys: ReadKey[], delayMs: number, lastError: string): Promise<void> {
    if (keys.length === 0) return;
    await sqlRows(
      this.dataSource,
      `UPDATE metric_reads r SET next_attempt_at = now() + make_interval(secs => $4::float8 / 1000), claimed_until = NULL, last_error = $5
         FROM unnest($1::uuid[], $2::text[], $3::date[]) AS k(target_id, age_bucket, bucket_date)
        WHERE r.target_id = k.target_id AND r.age_bucket = k.age_bucket AND r.bucket_date = k.bucket_date AND r.done_at IS NULL`,
      [keys.map((k) => k.targetId), keys.map((k) => k.ageBucket), keys.map((k) => k.bucketDate), delayMs, lastError],
    );
  }
}
