// npm run bench:trends — issue 33 point 8. 1,000 accounts with 90 days of posts and their
// snapshots (views and likes at 1 h, 24 h and 7 d: ≥ 1,000,000 metric_snapshots rows), 500 board
// entries with votes, links and source readings; then:
// - the radar's recompute (our own results over every account's posts against its own median at
//   24 h, then every entry's strength, relevance and proof, then the spike alerts) through the API's
//   POST /api/trends/recompute, ROUNDS times after a quarter-hour of new readings each: goal < 2 s
//   each; beside each, a from-scratch pass (every account counted again) as the baseline;
// - GET /api/trends at 50 connections beside GET /api/auth/me (the trivial endpoint) on the same
//   server and connections, alternating in rounds: goal p95 ≤ 1.5× /api/auth/me's.
// Ends with one JSON line of figures. BENCH_ACCOUNTS, BENCH_DAYS, BENCH_POSTS_PER_DAY,
// BENCH_SECONDS, BENCH_CONNECTIONS override.
import autocannon from 'autocannon';

import { log, percentile, rssMb, startApi } from './war-room-common.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const POSTS_PER_DAY = Number(process.env.BENCH_POSTS_PER_DAY ?? 2);
const ENTRIES = 500;
const DURATION = Number(process.env.BENCH_SECONDS ?? 12);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = 3;
const GOAL_RECOMPUTE_MS = 2_000;
const GOAL_RATIO = 1.5;
const round = (x) => Math.round(x * 100) / 100;

const t = await startApi('trends');

/** Set-based seed: accounts, posts over DAYS days with hashtags, captions and videos, their snapshots; entries with readings. */
async function seed(ws) {
  const started = Date.now();
  const posts = ACCOUNTS * DAYS * POSTS_PER_DAY;
  log(`seeding ${ACCOUNTS} accounts, ${posts} posts and their snapshots…`);
  await t.sql.query('BEGIN');
  // Bench data only: the foreign keys hold by construction and no webhook endpoint exists, so the
  // per-row checks and the outbox triggers are skipped; the big table's indexes are built at the end.
  await t.sql.query('SET LOCAL session_replication_role = replica');
  await t.sql.query("SET LOCAL maintenance_work_mem = '256MB'");
  const { rows: secondary } = await t.sql.query(
    `SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = 'public' AND tablename = 'metric_snapshots'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const { indexname } of secondary) await t.sql.query(`DROP INDEX "${indexname}"`);
  await t.sql.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle)
     SELECT $1, (ARRAY['tiktok', 'instagram', 'youtube', 'x'])[1 + g % 4], 'remote-' || g, 'account_' || g FROM generate_series(1, $2) g`,
    [ws, ACCOUNTS],
  );
  await t.sql.query(
    `INSERT INTO content_assets (workspace_id, original_filename, storage_key, mime, bytes, status, duration_ms, width, height)
     SELECT $1, 'v' || g || '.mp4', 'bench/' || g, 'video/mp4', 1000, 'ready', (ARRAY[9000, 22000, 45000, 120000])[1 + g % 4],
            (ARRAY[1080, 1080, 1920])[1 + g % 3], (ARRAY[1920, 1080, 1080])[1 + g % 3]
       FROM generate_series(1, 12) g`,
    [ws],
  );
  // One content item per post (its hashtags, caption opening, video), then its publication.
  await t.sql.query(
    `INSERT INTO content_items (workspace_id, title, caption, hashtags, asset_id, status, scheduled_at, time_zone)
     SELECT $1, 'p' || g, (ARRAY['Three tips for', 'You will not', 'Behind the scenes', 'Day in the'])[1 + g % 4] || ' post ' || g || ' more words',
            ARRAY['tag' || (g % 40), 'tag' || (g % 7)], (SELECT id FROM content_assets WHERE workspace_id = $1 ORDER BY id OFFSET g % 12 LIMIT 1),
            'published', now() - make_interval(hours => 1 + (g % ($3 * 24))), 'Europe/Paris'
       FROM generate_series(1, $2) g`,
    [ws, posts, DAYS],
  );
  await t.sql.query(
    `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
     SELECT c.workspace_id, c.id, a.id, a.platform, 'posted', c.scheduled_at
       FROM (SELECT id, workspace_id, scheduled_at, row_number() OVER (ORDER BY id) AS n FROM content_items WHERE workspace_id = $1) c
       JOIN (SELECT id, platform, row_number() OVER (ORDER BY id) - 1 AS k FROM social_accounts WHERE workspace_id = $1) a ON a.k = c.n % $2`,
    [ws, ACCOUNTS],
  );
  // Views grow with the age; each account has its own level; tag3 posts do better, noise on top.
  await t.sql.query(
    `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, read_at)
     SELECT p.workspace_id, p.social_account_id, p.id, p.platform, a.age, p.posted_at::date, m.metric,
            round((100 + (hashtext(p.social_account_id::text) & 1023)) * a.f * m.f * (0.5 + random()) * CASE WHEN 'tag3' = ANY (c.hashtags) THEN 2 ELSE 1 END),
            p.posted_at, p.posted_at + a.after
       FROM platform_publications p
       JOIN content_items c ON c.id = p.content_item_id
      CROSS JOIN (VALUES ('1h', 0.2, interval '1 hour'), ('24h', 1.0, interval '24 hours'), ('7d', 2.0, interval '7 days')) AS a(age, f, after)
      CROSS JOIN (VALUES ('views', 1.0), ('likes', 0.05)) AS m(metric, f)
      WHERE p.workspace_id = $1 AND p.posted_at + a.after <= now()`,
    [ws],
  );
  for (const { indexdef } of secondary) await t.sql.query(indexdef);
  await t.sql.query(
    `INSERT INTO metric_latest (publication_id, workspace_id, account_id, platform, posted_at, views, likes, source, read_at)
     SELECT publication_id, workspace_id, account_id, platform, max(posted_at), max(value) FILTER (WHERE metric = 'views'),
            max(value) FILTER (WHERE metric = 'likes'), 'platform', max(read_at)
       FROM metric_snapshots WHERE workspace_id = $1 GROUP BY publication_id, workspace_id, account_id, platform`,
    [ws],
  );
  // The board: entries with votes, links to posts, and readings from two sources over 8 days.
  await t.sql.query(`INSERT INTO trend_settings (workspace_id, regions, languages, topics) VALUES ($1, '{FR,US}', '{fr}', '{tag1,tag2,skincare}')`, [ws]);
  await t.sql.query(
    `INSERT INTO trend_entries (workspace_id, kind, label, source, status, region, notes, observed_at)
     SELECT $1, (ARRAY['hashtag', 'sound', 'format', 'topic'])[1 + g % 4], '#trend' || g, (ARRAY['manual', 'team_note', 'tiktok_creative_center'])[1 + g % 3],
            (ARRAY['spotted', 'planned', 'used'])[1 + g % 3], (ARRAY['FR', 'US', NULL])[1 + g % 3], 'note ' || g, now() - make_interval(mins => g)
       FROM generate_series(1, $2) g`,
    [ws, ENTRIES],
  );
  await t.sql.query(
    `INSERT INTO trend_votes (trend_id, user_id) SELECT e.id, m.user_id FROM trend_entries e CROSS JOIN memberships m
      WHERE e.workspace_id = $1 AND m.workspace_id = $1 AND hashtext(e.id::text) % 2 = 0`,
    [ws],
  );
  await t.sql.query(
    `INSERT INTO trend_items (trend_id, content_item_id)
     SELECT e.id, c.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM trend_entries WHERE workspace_id = $1) e
       JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM content_items WHERE workspace_id = $1 LIMIT 2000) c ON c.n % $2 = e.n % $2`,
    [ws, ENTRIES],
  );
  await t.sql.query(
    `INSERT INTO trend_observations (workspace_id, source, platform, term, label, metric, value, observed_at, others_content)
     SELECT $1, s.source, s.platform, 'trend' || g, '#trend' || g, s.metric, 100 + g + h * (g % 5), now() - make_interval(hours => h), s.others
       FROM generate_series(1, $2) g CROSS JOIN generate_series(0, 192, 6) h
      CROSS JOIN (VALUES ('x.counts', 'x', 'tweet_count', false), ('youtube.charts', 'youtube', 'view_count', true)) AS s(source, platform, metric, others)`,
    [ws, ENTRIES],
  );
  await t.sql.query('COMMIT');
  // The steady state autovacuum keeps: statistics and a visibility map (index-only scans).
  await t.sql.query('VACUUM ANALYZE');
  return Math.round((Date.now() - started) / 1000);
}

// The session's CSRF token is its mwr_csrf cookie, echoed in a header (as the SPA does).
const csrf = /mwr_csrf=([^;]+)/.exec(t.cookie)?.[1] ?? '';
const post = async (path) => {
  const res = await fetch(`${t.base}${path}`, { method: 'POST', headers: { cookie: t.cookie, 'x-csrf-token': csrf } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
};

const timed = async (fn) => {
  const started = performance.now();
  const body = await fn();
  return { wallMs: Math.round(performance.now() - started), serverMs: body.tookMs, body };
};

/** A quarter-hour of measurement: the `count` oldest posts still without a 24 h reading get theirs (views and likes). */
async function measureQuarterHour(count) {
  await t.sql.query(
    `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at)
     SELECT p.workspace_id, p.social_account_id, p.id, p.platform, '24h', p.posted_at::date, m.metric, round(500 * m.f * (0.5 + random())), p.posted_at
       FROM (SELECT * FROM platform_publications pp WHERE pp.workspace_id = $1
                AND NOT EXISTS (SELECT 1 FROM metric_snapshots s WHERE s.publication_id = pp.id AND s.age_bucket = '24h')
              ORDER BY pp.posted_at LIMIT $2) p
      CROSS JOIN (VALUES ('views', 1.0), ('likes', 0.05)) AS m(metric, f)`,
    [t.workspaceId, count],
  );
}

try {
  const seedSeconds = await seed(t.workspaceId);
  const [{ snapshots, posts, entries }] = (
    await t.sql.query(
      `SELECT (SELECT count(*) FROM metric_snapshots)::int AS snapshots, (SELECT count(*) FROM platform_publications)::int AS posts,
              (SELECT count(*) FROM trend_entries)::int AS entries`,
    )
  ).rows;
  log(`${snapshots} snapshots of ${posts} posts, ${entries} entries`);

  // The first pass counts every account (nothing kept yet). Then, ROUNDS times: 15 minutes of
  // measurement arrive (each account posts POSTS_PER_DAY a day: that many posts a quarter-hour get
  // their 24 h reading), the pass the scheduler runs (recounts the accounts those readings are
  // of), and a from-scratch pass on the same data (every account counted again, the old work) for
  // the ratio on this machine at this moment.
  const first = await timed(() => post('/api/trends/recompute'));
  log(`first pass (every account): ${first.wallMs} ms`);
  const perQuarterHour = Math.max(1, Math.ceil((ACCOUNTS * POSTS_PER_DAY) / 96));
  const recompute = [];
  const fromScratch = [];
  let last;
  for (let i = 0; i < ROUNDS; i++) {
    await measureQuarterHour(perQuarterHour);
    const incremental = await timed(() => post('/api/trends/recompute'));
    last = incremental.body;
    recompute.push(incremental);
    // A pass whose last full count is older than a day counts every account again.
    await t.sql.query(`UPDATE trend_recompute_marks SET full_pass_at = '-infinity'`);
    fromScratch.push(await timed(() => post('/api/trends/recompute')));
  }
  log(
    `recompute: ${JSON.stringify(recompute.map(({ body, ...r }) => r))}; from scratch: ${JSON.stringify(fromScratch.map(({ body, ...r }) => r))}; last ${JSON.stringify(last)}`,
  );
  const ownResults = (await t.sql.query(`SELECT count(*)::int AS n FROM trend_entries WHERE source = 'internal_analytics'`)).rows[0].n;

  const measure = async (path, seconds) => {
    const latencies = [];
    let non2xx = 0;
    const result = await autocannon({
      url: `${t.base}${path}`,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { cookie: t.cookie, 'accept-encoding': 'gzip, deflate, br' },
      setupClient: (client) =>
        client.on('response', (status, _bytes, ms) => {
          latencies.push(ms);
          if (status !== 200) non2xx++;
        }),
    });
    return { latencies, non2xx, rps: result.requests.average };
  };
  await measure('/api/trends', 2);
  await measure('/api/auth/me', 2);
  const list = { latencies: [], non2xx: 0, rps: 0 };
  const floor = { latencies: [], non2xx: 0, rps: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [path, into] of [
      ['/api/trends', list],
      ['/api/auth/me', floor],
    ]) {
      const m = await measure(path, DURATION / ROUNDS);
      into.latencies.push(...m.latencies);
      into.non2xx += m.non2xx;
      into.rps += m.rps / ROUNDS;
    }
  }
  list.latencies.sort((a, b) => a - b);
  floor.latencies.sort((a, b) => a - b);
  const listP95 = percentile(list.latencies, 95);
  const floorP95 = percentile(floor.latencies, 95);
  const recomputeMax = Math.max(...recompute.map((r) => r.wallMs));
  const fromScratchMedian = [...fromScratch.map((r) => r.wallMs)].sort((a, b) => a - b)[Math.floor(fromScratch.length / 2)];
  const recomputeMedian = [...recompute.map((r) => r.wallMs)].sort((a, b) => a - b)[Math.floor(recompute.length / 2)];
  const out = {
    bench: 'trends',
    accounts: ACCOUNTS,
    days: DAYS,
    posts,
    metric_snapshots: snapshots,
    entries,
    own_results_entries: ownResults,
    seed_s: seedSeconds,
    recompute_rounds: ROUNDS,
    recompute_ms: recompute.map((r) => r.wallMs),
    recompute_server_ms: recompute.map((r) => r.serverMs),
    recompute_max_ms: recomputeMax,
    recompute_posts_measured_per_pass: perQuarterHour,
    first_pass_ms: first.wallMs,
    baseline_from_scratch_ms: fromScratch.map((r) => r.wallMs),
    baseline_from_scratch_server_ms: fromScratch.map((r) => r.serverMs),
    ratio_recompute_over_from_scratch: round(recomputeMedian / Math.max(fromScratchMedian, 1)),
    goal_recompute_ms: GOAL_RECOMPUTE_MS,
    connections: CONNECTIONS,
    duration_s: DURATION,
    requests: list.latencies.length,
    non2xx: list.non2xx + floor.non2xx,
    trends_rps: round(list.rps),
    trends_p50_ms: round(percentile(list.latencies, 50)),
    trends_p95_ms: round(listP95),
    trends_p99_ms: round(percentile(list.latencies, 99)),
    baseline_auth_me_rps: round(floor.rps),
    baseline_auth_me_p95_ms: round(floorP95),
    p95_ratio_trends_over_auth_me: round(listP95 / Math.max(floorP95, 0.01)),
    goal_p95_ratio: GOAL_RATIO,
    api_rss_mb: rssMb(t.api.pid),
  };
  out.goal_met = out.recompute_max_ms < GOAL_RECOMPUTE_MS && out.p95_ratio_trends_over_auth_me <= GOAL_RATIO && out.non2xx === 0;
  console.log(JSON.stringify(out));
} finally {
  await t.close();
}
