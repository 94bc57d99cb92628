// npm run bench:sse — 5,000 concurrent SSE clients on the war-room stream of one workspace; a
// "worker" (this process, over its own PostgreSQL connection, exactly as the job runner writes:
// a job_events row + NOTIFY in one statement) emits 100 publication updates. Prints the fan-out
// latency (commit → event parsed by a client) p50/p99, the API's RSS and its growth per connected
// client; goal p99 < 100 ms. Options (env): BENCH_CLIENTS, BENCH_UPDATES, BENCH_INTERVAL_MS, BENCH_CPU_PROF_DIR.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';

import { log, percentile, rssMb, startApi } from './war-room-common.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 100);
// One update every 20 ms at 1,000 clients (50,000 deliveries/s); with more clients the updates are
// spaced to keep those 50,000 deliveries/s, so the figure is the fan-out of one event, not a backlog.
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? Math.max(20, Math.round(CLIENTS / 50)));
/** Streams opened at once: clients arrive over time, not all in the same millisecond. */
const OPEN_CONCURRENCY = 200;

// Both ends of every stream are on this machine: this process and the API (its child, which
// inherits the limit) each hold one descriptor per client. When the soft limit is too low, run
// again under a raised one (for this bench only, up to the hard limit).
const fdsNeeded = CLIENTS + 1024;
if (!process.env.BENCH_SSE_FD_RAISED) {
  const soft = Number(spawnSync('sh', ['-c', 'ulimit -Sn'], { encoding: 'utf8' }).stdout.trim());
  if (Number.isFinite(soft) && soft < fdsNeeded) {
    log(`file descriptor limit ${soft} < ${fdsNeeded}: running again with ulimit -n ${fdsNeeded}`);
    const again = spawnSync('sh', ['-c', `ulimit -n ${fdsNeeded} && exec "$0" "$@"`, process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_SSE_FD_RAISED: '1' },
    });
    process.exit(again.status ?? 1);
  }
}

// BENCH_CPU_PROF_DIR: the API writes a V8 CPU profile there when it exits (where the fan-out's time goes).
const profile = process.env.BENCH_CPU_PROF_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}` } : {};
const t = await startApi('sse', { SSE_CLIENT_BUFFER_BYTES: String(1024 * 1024), ...profile });
const sockets = [];
try {
  const ws = t.workspaceId;
  const {
    rows: [acct],
  } = await t.sql.query(`INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) VALUES ($1, 'tiktok', 'r1', 'bench') RETURNING id`, [
    ws,
  ]);
  const {
    rows: [item],
  } = await t.sql.query(`INSERT INTO content_items (workspace_id, title, scheduled_at, status) VALUES ($1, 'Bench', now(), 'publishing') RETURNING id`, [ws]);
  const {
    rows: [pub],
  } = await t.sql.query(
    `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, total_bytes) VALUES ($1, $2, $3, 'tiktok', 'uploading', 100000000) RETURNING id`,
    [ws, item.id, acct.id],
  );
  const {
    rows: [job],
  } = await t.sql.query(
    `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, account_id, platform) VALUES ($1, $2::uuid, 'publication:' || $2::text, 'active', $3, 'tiktok') RETURNING id`,
    [ws, pub.id, acct.id],
  );

  const received = new Map(); // event id -> array of receive times
  const rssBefore = rssMb(t.api.pid);
  log(`opening ${CLIENTS} streams (API RSS ${rssBefore} MB)…`);
  let open = 0;
  const openOne = () =>
    new Promise((resolve, reject) => {
      const req = request(`${t.base}/api/marketing-war-room/events`, { agent: false, headers: { cookie: t.cookie, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk) => {
          const now = performance.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!block.includes('\nevent: QUEUE_UPDATED')) continue;
            const id = /^id: (\d+)/.exec(block)?.[1];
            if (!id) continue;
            let list = received.get(id);
            if (!list) received.set(id, (list = []));
            list.push(now);
          }
        });
        open++;
        resolve();
      });
      req.on('error', reject);
      sockets.push(req);
      req.end();
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(OPEN_CONCURRENCY, CLIENTS) }, async () => {
      while (next < CLIENTS) {
        next++;
        await openOne();
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  const rssOpen = rssMb(t.api.pid);
  log(`${open} streams open (API RSS ${rssOpen} MB); emitting ${UPDATES} updates every ${INTERVAL_MS} ms`);

  const sent = new Map();
  for (let i = 1; i <= UPDATES; i++) {
    const before = performance.now();
    const {
      rows: [e],
    } = await t.sql.query(
      `WITH u AS (UPDATE platform_publications SET progress_bytes = $4, step = 'upload', updated_at = now() WHERE id = $3),
       e AS (
         INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status, data)
         VALUES ($1, $2, $3, 'step_finished', NULL, jsonb_build_object('step', 'upload', 'i', $5::int)) RETURNING id, workspace_id, job_id, publication_id, type, to_status
       )
       SELECT id::text, pg_notify('mwr_events', json_build_object('id', id, 'workspaceId', workspace_id, 'jobId', job_id, 'publicationId', publication_id, 'type', type, 'status', to_status)::text) FROM e`,
      [ws, job.id, pub.id, i * 1_000_000, i],
    );
    sent.set(e.id, before);
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && [...sent.keys()].some((id) => (received.get(id)?.length ?? 0) < open)) await new Promise((r) => setTimeout(r, 100));
  const rssAfter = rssMb(t.api.pid);

  const latencies = [];
  let missing = 0;
  for (const [id, at] of sent) {
    const times = received.get(id) ?? [];
    missing += open - times.length;
    for (const r of times) latencies.push(r - at);
  }
  latencies.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  const out = {
    bench: 'sse',
    clients: open,
    updates: UPDATES,
    update_interval_ms: INTERVAL_MS,
    deliveries: latencies.length,
    missing_deliveries: missing,
    fanout_p50_ms: round(percentile(latencies, 50)),
    fanout_p99_ms: round(percentile(latencies, 99)),
    fanout_max_ms: round(latencies[latencies.length - 1] ?? 0),
    api_rss_mb_idle: rssBefore,
    api_rss_mb_clients_open: rssOpen,
    api_rss_mb_after: rssAfter,
    api_rss_kb_per_client: open ? Math.round(((rssOpen - rssBefore) * 1024) / open) : 0,
    goal_p99_ms: 100,
  };
  out.goal_met = out.fanout_p99_ms < 100 && missing === 0;
  console.log(JSON.stringify(out));
} finally {
  for (const s of sockets) s.destroy();
  await t.close();
}
