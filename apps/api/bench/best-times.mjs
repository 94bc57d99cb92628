// npm run bench:best-times — issue 24. 100 accounts × 1,000 posts each, with their snapshots
// (views and likes at 1 h, 6 h and 24 h: 6 rows a post) in PostgreSQL; then every account's
// best-times heatmap is recomputed through the service the API uses (its SQL read of views at 24 h,
// the rolling-median scores, the weekday × local-hour buckets, the smoothing and the shrinkage),
// against the bare SQL aggregate of the same rows (count and mean of ln(views) per weekday × hour
// in the workspace time zone) in the same run. Ends with one JSON line of figures.
// Usage: node apps/api/bench/best-times.mjs [accounts] [postsPerAccount] [rounds]
import 'reflect-metadata';

import { join, resolve } from 'node:path';

import { DataSource } from 'typeorm';

import { createBenchDatabase, percentile } from './bench-db.mjs';

const ACCOUNTS = Number(process.argv[2] ?? 100);
const POSTS = Number(process.argv[3] ?? 1_000);
const ROUNDS = Number(process.argv[4] ?? 3);
const ZONE = 'Europe/Paris';
const GOAL_MS = 20;
const ROOT = resolve(import.meta.dirname, '../../..');

const { runMigrations } = await import('../dist/modules/database/migrator.js');
const { BestTimesRepository } = await import('../dist/modules/best-times/best-times.repository.js');
const { BestTimesService } = await import('../dist/modules/best-times/best-times.service.js');

const BARE_SQL = `SELECT extract(isodow FROM posted_at AT TIME ZONE $2)::int AS dow, extract(hour FROM posted_at AT TIME ZONE $2)::int AS hour,
                         count(*)::int AS n, avg(ln(value + 1)) AS mean
                    FROM metric_snapshots
                   WHERE account_id = $1 AND publication_id IS NOT NULL AND age_bucket = '24h' AND metric = 'views'
                   GROUP BY 1, 2`;

const db = await createBenchDatabase('best_times');
const dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [], logging: false, extra: { max: 4 } });
try {
  await dataSource.initialize();
  await runMigrations(dataSource, join(ROOT, 'migrations'));
  const [ws] = await dataSource.query(`INSERT INTO workspaces (name, slug, time_zone) VALUES ('Bench', 'bench-best-times', $1) RETURNING id`, [ZONE]);
  const accounts = await dataSource.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, display_name, status)
     SELECT $1, CASE WHEN g % 2 = 0 THEN 'tiktok' ELSE 'instagram' END, 'r' || g, 'acct' || g, 'acct' || g, 'active' FROM generate_series(1, $2) g
     RETURNING id`,
    [ws.id, ACCOUNTS],
  );
  const seedStarted = performance.now();
  // Posts every ~7 h over the last ~290 days: every weekday × hour gets some; views grow with time,
  // evenings do better, noise on top.
  for (const { id } of accounts) {
    await dataSource.query(
      `WITH posts AS (
         SELECT g, now() - make_interval(hours => 7 * g + (g % 3)) AS at FROM generate_series(1, $3) g
       ), items AS (
         INSERT INTO content_items (workspace_id, title, status, scheduled_at)
         SELECT $1, 'p' || g, 'published', at FROM posts RETURNING id, scheduled_at
       ), pubs AS (
         INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
         SELECT $1, i.id, $2, (SELECT platform FROM social_accounts WHERE id = $2), 'posted', i.scheduled_at FROM items i
         RETURNING id, posted_at, platform
       )
       INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, read_at)
       SELECT $1, $2, p.id, p.platform, a.age, (p.posted_at AT TIME ZONE 'UTC')::date, m.metric,
              round((1000 * exp(-extract(epoch FROM now() - p.posted_at) / 3e7) * (1 + (extract(hour FROM p.posted_at AT TIME ZONE '${ZONE}') BETWEEN 18 AND 21)::int)
                     * (0.5 + random())) * a.share * m.share),
              p.posted_at, p.posted_at + a.after
         FROM pubs p
        CROSS JOIN (VALUES ('1h', 0.2, interval '1 hour'), ('6h', 0.6, interval '6 hours'), ('24h', 1.0, interval '24 hours')) AS a(age, share, after)
        CROSS JOIN (VALUES ('views', 1.0), ('likes', 0.08)) AS m(metric, share)`,
      [ws.id, id, POSTS],
    );
  }
  await dataSource.query('ANALYZE');
  const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM metric_snapshots`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const service = new BestTimesService(new BestTimesRepository(dataSource), null);
  const principal = { kind: 'user', workspaceId: ws.id };
  const ours = [];
  const bare = [];
  let checksum = 0;
  // Warm both paths once, then alternate so neither gets a warmer cache.
  await service.bestTimes(principal, { accountId: accounts[0].id });
  await dataSource.query(BARE_SQL, [accounts[0].id, ZONE]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const { id } of accounts) {
      let t = performance.now();
      const heatmap = await service.bestTimes(principal, { accountId: id });
      ours.push(performance.now() - t);
      if (heatmap.buckets.length !== 168 || heatmap.posts !== POSTS) throw new Error(`unexpected heatmap for ${id}: ${heatmap.posts} posts`);
      checksum += heatmap.best[0]?.hour ?? 0;
      t = performance.now();
      const agg = await dataSource.query(BARE_SQL, [id, ZONE]);
      bare.push(performance.now() - t);
      if (agg.length === 0) throw new Error('empty aggregate');
    }
  }
  const stats = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  const o = stats(ours);
  const b = stats(bare);
  const r = (x) => Math.round(x * 100) / 100;
  console.error(
    `best-times: ${ACCOUNTS} accounts × ${POSTS} posts (${rows} snapshot rows, seeded in ${seedSeconds.toFixed(1)} s); ${ROUNDS} rounds\n` +
      `  heatmap (service: SQL read + scores + buckets + smoothing + shrinkage): mean ${r(o.mean)} ms, p50 ${r(o.p50)} ms, p95 ${r(o.p95)} ms per account\n` +
      `  bare SQL aggregate (count, mean ln views per weekday × hour): mean ${r(b.mean)} ms, p50 ${r(b.p50)} ms, p95 ${r(b.p95)} ms per account`,
  );
  console.log(
    JSON.stringify({
      bench: 'best-times',
      accounts: ACCOUNTS,
      posts_per_account: POSTS,
      snapshot_rows: rows,
      rounds: ROUNDS,
      heatmap_ms_per_account_mean: r(o.mean),
      heatmap_ms_per_account_p50: r(o.p50),
      heatmap_ms_per_account_p95: r(o.p95),
      sql_aggregate_ms_per_account_mean: r(b.mean),
      sql_aggregate_ms_per_account_p50: r(b.p50),
      sql_aggregate_ms_per_account_p95: r(b.p95),
      heatmap_over_sql_ratio: r(o.mean / b.mean),
      goal_ms_per_account: GOAL_MS,
      goal_met_by_mean: o.mean < GOAL_MS,
      best_hour_checksum: checksum,
    }),
  );
} finally {
  if (dataSource.isInitialized) await dataSource.destroy();
  await db.drop();
}
