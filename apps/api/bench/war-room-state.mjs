// npm run bench:state — GET /api/marketing-war-room/state with 100,000 jobs and 50 accounts in
// the database, autocannon with 50 connections. Prints one JSON line; goal p95 < 25 ms.
import autocannon from 'autocannon';

import { log, percentile, rssMb, startApi } from './war-room-common.mjs';

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const t = await startApi('state');
try {
  const ws = t.workspaceId;
  const items = Math.ceil(JOBS / ACCOUNTS);
  log(`seeding ${ACCOUNTS} accounts, ${items} items, ${JOBS} publications and jobs…`);
  await t.sql.query('BEGIN');
  await t.sql.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, target_posts_per_week)
     SELECT $1, CASE WHEN g % 2 = 0 THEN 'tiktok' ELSE 'instagram' END, 'remote-' || g, 'account_' || g, 7 FROM generate_series(1, $2) g`,
    [ws, ACCOUNTS],
  );
  await t.sql.query(
    `INSERT INTO oauth_tokens (account_id, workspace_id, access_token_ciphertext, refresh_token_ciphertext, key_version, expires_at)
     SELECT id, workspace_id, '\\x00'::bytea, '\\x00'::bytea, 1, now() + interval '20 hours' FROM social_accounts WHERE workspace_id = $1`,
    [ws],
  );
  await t.sql.query(
    `INSERT INTO content_items (workspace_id, title, caption, scheduled_at, status)
     SELECT $1, 'Item ' || g, 'caption', now() - (g || ' minutes')::interval * 20, 'published' FROM generate_series(1, $2) g`,
    [ws, items],
  );
  // 97 % posted, 2 % failed, 1 % still open (waiting, retrying, running, under review); finished over 30 days.
  await t.sql.query(
    `WITH pairs AS (
       SELECT ci.id AS item_id, ci.scheduled_at, sa.id AS account_id, sa.platform, row_number() OVER () AS n
         FROM content_items ci CROSS JOIN social_accounts sa WHERE ci.workspace_id = $1 AND sa.workspace_id = $1 LIMIT $2
     ), pubs AS (
       INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, step, posted_at, error_code, error_message, needs_review, updated_at)
       SELECT $1, item_id, account_id, platform,
              CASE WHEN n % 100 < 97 THEN 'posted' WHEN n % 100 < 99 THEN 'failed' ELSE 'uploading' END,
              CASE WHEN n % 100 = 99 THEN 'upload' ELSE 'publish' END,
              CASE WHEN n % 100 < 97 THEN scheduled_at + interval '2 minutes' END,
              CASE WHEN n % 100 IN (97, 98) THEN 'spam_risk' END, CASE WHEN n % 100 IN (97, 98) THEN 'Rejected by the platform' END,
              false, scheduled_at + interval '2 minutes'
         FROM pairs RETURNING id, social_account_id, platform, status, updated_at
     )
     INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, run_at, account_id, platform, finished_at, updated_at)
     SELECT $1, id, 'publication:' || id, CASE status WHEN 'posted' THEN 'succeeded' WHEN 'failed' THEN 'failed' ELSE 'active' END,
            updated_at - interval '2 minutes', social_account_id, platform,
            CASE WHEN status IN ('posted', 'failed') THEN updated_at END, updated_at
       FROM pubs`,
    [ws, JOBS],
  );
  await t.sql.query(
    `INSERT INTO trend_entries (workspace_id, kind, label, source, score) SELECT $1, 'hashtag', '#trend' || g, 'manual', g FROM generate_series(1, 30) g`,
    [ws],
  );
  await t.sql.query('COMMIT');
  await t.sql.query('ANALYZE');
  const [{ n }] = (await t.sql.query('SELECT count(*)::int AS n FROM publish_jobs')).rows;
  log(`${n} jobs in the database; warming up`);

  const once = await fetch(`${t.base}/api/marketing-war-room/state`, { headers: { cookie: t.cookie } });
  if (once.status !== 200) throw new Error(`GET /state answered ${once.status}`);
  const doc = await once.json();
  log(`state: ${doc.queue.inFlight.length} in flight, ${doc.health.length} accounts, ${doc.trends.length} trends, ${JSON.stringify(doc.queue.counts)}`);
  await autocannon({ url: `${t.base}/api/marketing-war-room/state`, connections: 10, duration: 2, headers: { cookie: t.cookie } });

  const latencies = [];
  let non2xx = 0;
  const result = await autocannon({
    url: `${t.base}/api/marketing-war-room/state`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { cookie: t.cookie },
    setupClient: (client) =>
      client.on('response', (status, _bytes, ms) => {
        latencies.push(ms);
        if (status !== 200) non2xx++;
      }),
  });
  latencies.sort((a, b) => a - b);
  // The same load on the cheapest authenticated route, measured in the same run: the floor set by
  // the machine, the load generator sharing it, and session authentication.
  const floor = [];
  await autocannon({
    url: `${t.base}/api/auth/me`,
    connections: CONNECTIONS,
    duration: Math.min(DURATION, 5),
    headers: { cookie: t.cookie },
    setupClient: (c) => c.on('response', (_s, _b, ms) => floor.push(ms)),
  });
  floor.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  const out = {
    bench: 'state',
    jobs: n,
    accounts: ACCOUNTS,
    connections: CONNECTIONS,
    duration_s: DURATION,
    requests: latencies.length,
    non2xx,
    rps: round(result.requests.average),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    baseline_auth_me_p50_ms: round(percentile(floor, 50)),
    baseline_auth_me_p95_ms: round(percentile(floor, 95)),
    api_rss_mb: rssMb(t.api.pid),
    goal_p95_ms: 25,
  };
  out.goal_met = out.p95_ms < 25 && non2xx === 0;
  console.log(JSON.stringify(out));
} finally {
  await t.close();
}
