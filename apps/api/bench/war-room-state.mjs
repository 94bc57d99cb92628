// npm run bench:state — GET /api/marketing-war-room/state with 1,000,000 jobs (and their
// job_events) over 1,000 accounts, 50 connections, next to GET /api/auth/me on the same server and
// connections, both with a browser's headers (issue #32 item 2: /state p95 ≤ 1.5× the trivial
// endpoint). Before the load it records every query one cold /state runs (capture-queries.mjs
// inside the API) and prints the EXPLAIN (ANALYZE, BUFFERS) of each: none may scan publish_jobs or
// job_events sequentially.
// Prints one JSON line. BENCH_JOBS, BENCH_ACCOUNTS, BENCH_SECONDS, BENCH_CONNECTIONS override.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import autocannon from 'autocannon';

import { log, percentile, rssMb, startApi } from './war-room-common.mjs';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 12);
const ROUNDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const GOAL_RATIO = 1.5;
const BIG_TABLES = ['publish_jobs', 'job_events'];

const queryLog = join(tmpdir(), `mwr-bench-state-queries-${process.pid}.json`);
const t = await startApi('state', {
  NODE_OPTIONS: `--import ${pathToFileURL(join(import.meta.dirname, 'capture-queries.mjs')).href}`,
  BENCH_QUERY_LOG: queryLog,
});
const round = (x) => Math.round(x * 100) / 100;
const until = async (what, ready) => {
  for (let i = 0; i < 500 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ready()) throw new Error(`timed out waiting for ${what}`);
};

/** Seeds the history set-based: accounts, one published item per slot over 30 days, a job per (item, account), 2–3 events per job. */
async function seed(ws) {
  const items = Math.ceil(JOBS / ACCOUNTS);
  log(`seeding ${ACCOUNTS} accounts, ${items} items, ${JOBS} publications and jobs with their events…`);
  const started = Date.now();
  await t.sql.query('BEGIN');
  // Bench data only: foreign keys are known good by construction, so their per-row checks are skipped.
  await t.sql.query('SET LOCAL session_replication_role = replica');
  // …and the secondary indexes of the big tables are built once at the end, not row by row.
  await t.sql.query("SET LOCAL maintenance_work_mem = '256MB'");
  const { rows: secondary } = await t.sql.query(
    `SELECT indexname, indexdef FROM pg_indexes i
      WHERE schemaname = 'public' AND tablename IN ('platform_publications', 'publish_jobs', 'job_events')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const { indexname } of secondary) await t.sql.query(`DROP INDEX "${indexname}"`);
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
     SELECT $1, 'Item ' || g, 'caption', now() - interval '30 days' * g / $2, 'published' FROM generate_series(1, $2) g`,
    [ws, items],
  );
  // 20 upcoming posts, each for 3 accounts.
  await t.sql.query(
    `WITH up AS (
       INSERT INTO content_items (workspace_id, title, caption, scheduled_at, status)
       SELECT $1, 'Upcoming ' || g, 'caption', now() + interval '1 hour' * g, 'scheduled' FROM generate_series(1, 20) g RETURNING id
     )
     INSERT INTO content_item_targets (content_item_id, social_account_id, workspace_id)
     SELECT up.id, sa.id, $1 FROM up CROSS JOIN LATERAL (SELECT id FROM social_accounts WHERE workspace_id = $1 ORDER BY random() LIMIT 3) sa`,
    [ws],
  );
  // 97 % posted, 2 % failed, 1 % open (queued, active, waiting_retry, waiting_person, needs_review
  // in turn); each account posts a given item at its own minute of the item's hour.
  await t.sql.query(
    `WITH shaped AS MATERIALIZED (
       SELECT gen_random_uuid() AS pub_id, item_id, account_id, platform, at,
              CASE WHEN n % 100 < 97 THEN 'succeeded' WHEN n % 100 < 99 THEN 'failed'
                   ELSE (ARRAY['queued', 'active', 'waiting_retry', 'waiting_person', 'needs_review'])[1 + (n / 100) % 5] END AS job_status
         FROM (SELECT ci.id AS item_id, ci.scheduled_at + interval '1 minute' * (row_number() OVER () % 60) AS at, sa.id AS account_id, sa.platform,
                      row_number() OVER () AS n
                 FROM content_items ci CROSS JOIN social_accounts sa
                WHERE ci.workspace_id = $1 AND ci.status = 'published' AND sa.workspace_id = $1 LIMIT $2) pairs
     ), pubs AS (
       INSERT INTO platform_publications (id, workspace_id, content_item_id, social_account_id, platform, status, step, posted_at, error_code, error_message, needs_review, created_at, updated_at)
       SELECT pub_id, $1, item_id, account_id, platform,
              CASE job_status WHEN 'succeeded' THEN 'posted' WHEN 'failed' THEN 'failed' WHEN 'active' THEN 'uploading' WHEN 'needs_review' THEN 'processing' ELSE 'pending' END,
              CASE WHEN job_status = 'active' THEN 'upload' ELSE 'publish' END,
              CASE WHEN job_status = 'succeeded' THEN at + interval '2 minutes' END,
              CASE WHEN job_status = 'failed' THEN 'spam_risk' END, CASE WHEN job_status = 'failed' THEN 'Rejected by the platform' END,
              job_status = 'needs_review', at, at + interval '2 minutes'
         FROM shaped
     )
     INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, attempts, run_at, account_id, platform, waiting_on, created_at, finished_at, updated_at)
     SELECT $1, pub_id, 'publication:' || pub_id, job_status, CASE WHEN job_status IN ('queued', 'waiting_person') THEN 0 ELSE 1 END, at, account_id, platform,
            CASE WHEN job_status = 'waiting_person' THEN jsonb_build_object('code', 'account_needs_reconnect', 'accountId', account_id, 'handle', 'h', 'platform', platform, 'detail', NULL, 'since', at) END,
            at, CASE WHEN job_status IN ('succeeded', 'failed', 'needs_review') THEN at + interval '2 minutes' END, at + interval '2 minutes'
       FROM shaped`,
    [ws, JOBS],
  );
  // Their timeline: scheduled; claimed (all but queued / waiting_person); the end for finished ones.
  await t.sql.query(
    `INSERT INTO job_events (workspace_id, job_id, publication_id, type, from_status, to_status, data, at)
     SELECT j.workspace_id, j.id, j.publication_id, e.type, e.from_status, e.to_status, '{}'::jsonb, j.created_at + e.after
       FROM publish_jobs j
      CROSS JOIN LATERAL (VALUES ('queued', NULL, 'queued', interval '0', 1), ('claimed', 'queued', 'active', interval '1 second', 2),
                                 (j.status, 'active', j.status, interval '2 minutes', 3)) AS e(type, from_status, to_status, after, k)
      WHERE j.workspace_id = $1 AND (e.k = 1 OR (e.k = 2 AND j.status NOT IN ('queued', 'waiting_person')) OR (e.k = 3 AND j.finished_at IS NOT NULL))`,
    [ws],
  );
  await t.sql.query(
    `INSERT INTO trend_entries (workspace_id, kind, label, source, score) SELECT $1, 'hashtag', '#trend' || g, 'manual', g FROM generate_series(1, 30) g`,
    [ws],
  );
  for (const { indexdef } of secondary) await t.sql.query(indexdef);
  await t.sql.query('COMMIT');
  // What autovacuum does for a table that has settled: statistics and the visibility map.
  await t.sql.query('VACUUM ANALYZE');
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`seeded in ${seconds} s`);
  return seconds;
}

/** The queries one cold /state runs, each EXPLAINed (ANALYZE, BUFFERS) on the bench's own connection. */
async function explainState() {
  const api = t.api.pid;
  rmSync(queryLog, { force: true });
  process.kill(api, 'SIGUSR2');
  await until('query capture', () => existsSync(queryLog));
  const once = await fetch(`${t.base}/api/marketing-war-room/state`, { headers: { cookie: t.cookie } });
  if (once.status !== 200) throw new Error(`GET /state answered ${once.status}`);
  const doc = await once.json();
  process.kill(api, 'SIGUSR2');
  await until('captured queries', () => readFileSync(queryLog, 'utf8') !== 'capturing');
  const captured = JSON.parse(readFileSync(queryLog, 'utf8'));
  rmSync(queryLog, { force: true });
  const queries = [...new Map(captured.filter((q) => /^\s*(WITH|SELECT|\()/i.test(q.text)).map((q) => [q.text, q])).values()];
  const report = [];
  for (const q of queries) {
    const plan = (await t.sql.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
    const seqScans = BIG_TABLES.filter((table) => new RegExp(`Seq Scan on ${table}\\b`).test(plan));
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    console.error(`\n--- ${q.text.replace(/\s+/g, ' ').slice(0, 160)}\n${plan}`);
    report.push({ ms, seqScans, text: q.text.replace(/\s+/g, ' ').slice(0, 60) });
  }
  return { doc, report };
}

try {
  const seedSeconds = await seed(t.workspaceId);
  const [{ n, events }] = (await t.sql.query('SELECT (SELECT count(*) FROM publish_jobs)::int AS n, (SELECT count(*) FROM job_events)::int AS events')).rows;
  log(`${n} jobs and ${events} job events in the database`);

  const { doc, report } = await explainState();
  log(`state: ${doc.queue.inFlight.length} in flight, ${doc.health.length} accounts, ${doc.trends.length} trends, ${JSON.stringify(doc.queue.counts)}`);
  log(`${report.length} queries per cold /state; slowest: ${JSON.stringify([...report].sort((a, b) => b.ms - a.ms).slice(0, 5))}`);

  const measure = async (path, seconds) => {
    const latencies = [];
    let non2xx = 0;
    const result = await autocannon({
      url: `${t.base}${path}`,
      connections: CONNECTIONS,
      duration: seconds,
      // What a browser sends (the SPA is /state's client): both routes get the same headers.
      headers: { cookie: t.cookie, 'accept-encoding': 'gzip, deflate, br' },
      setupClient: (client) =>
        client.on('response', (status, _bytes, ms) => {
          latencies.push(ms);
          if (status !== 200) non2xx++;
        }),
    });
    latencies.sort((a, b) => a - b);
    return { latencies, non2xx, rps: result.requests.average, bytes: result.throughput.average };
  };
  await measure('/api/marketing-war-room/state', 2);
  await measure('/api/auth/me', 2);
  // The same load on the cheapest authenticated route, same server and connections, same length:
  // the floor set by the machine, the load generator sharing it, and session authentication. The
  // two alternate in rounds, so a change in what else the machine runs weighs on both alike.
  const state = { latencies: [], non2xx: 0, rps: 0 };
  const floor = { latencies: [], non2xx: 0, rps: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [path, into] of [
      ['/api/marketing-war-room/state', state],
      ['/api/auth/me', floor],
    ]) {
      const r = await measure(path, DURATION / ROUNDS);
      into.latencies.push(...r.latencies);
      into.non2xx += r.non2xx;
      into.rps += r.rps / ROUNDS;
    }
  }
  state.latencies.sort((a, b) => a - b);
  floor.latencies.sort((a, b) => a - b);

  const stateP95 = percentile(state.latencies, 95);
  const floorP95 = percentile(floor.latencies, 95);
  const out = {
    bench: 'state',
    jobs: n,
    job_events: events,
    accounts: ACCOUNTS,
    seed_s: seedSeconds,
    connections: CONNECTIONS,
    duration_s: DURATION,
    rounds: ROUNDS,
    requests: state.latencies.length,
    non2xx: state.non2xx + floor.non2xx,
    rps: round(state.rps),
    state_doc_kb: Math.round(JSON.stringify(doc).length / 1024),
    state_doc_gzip_kb: Math.round(gzipSync(JSON.stringify(doc)).length / 1024),
    p50_ms: round(percentile(state.latencies, 50)),
    p95_ms: round(stateP95),
    p99_ms: round(percentile(state.latencies, 99)),
    baseline_auth_me_rps: round(floor.rps),
    baseline_auth_me_p50_ms: round(percentile(floor.latencies, 50)),
    baseline_auth_me_p95_ms: round(floorP95),
    baseline_auth_me_p99_ms: round(percentile(floor.latencies, 99)),
    p95_ratio_state_over_auth_me: round(stateP95 / Math.max(floorP95, 0.01)),
    goal_p95_ratio: GOAL_RATIO,
    state_queries: report.length,
    state_queries_total_ms: round(report.reduce((s, q) => s + q.ms, 0)),
    state_query_max_ms: round(Math.max(...report.map((q) => q.ms))),
    seq_scans_publish_jobs_or_job_events: report.filter((q) => q.seqScans.length > 0).length,
    api_rss_mb: rssMb(t.api.pid),
  };
  out.goal_met = out.p95_ratio_state_over_auth_me <= GOAL_RATIO && out.non2xx === 0 && out.seq_scans_publish_jobs_or_job_events === 0;
  console.log(JSON.stringify(out));
} finally {
  await t.close();
}
