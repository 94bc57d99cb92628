// npm run bench:sse — 5,000 concurrent SSE clients on the war-room stream of one workspace; a
// "worker" (this process, over its own PostgreSQL connection, exactly as the job runner writes:
// a job_events row + NOTIFY in one statement) emits 100 publication updates. Prints the fan-out
// latency (commit → event parsed by a client) p50/p99, the API's RSS and its growth per connected
// client, and the CPU the API spent per delivery; goal p99 < 100 ms. Options (env): BENCH_CLIENTS,
// BENCH_UPDATES, BENCH_INTERVAL_MS, BENCH_READER_THREADS, BENCH_CPU_PROF_DIR.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';

import { log, percentile, rssMb, startApi } from './war-room-common.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 100);
// One update every 20 ms at 1,000 clients (50,000 deliveries/s); with more clients the updates are
// spaced to keep those 50,000 deliveries/s, so the figure is the fan-out of one event, not a backlog.
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? Math.max(20, Math.round(CLIENTS / 50)));
/** Streams opened at once: clients arrive over time, not all in the same millisecond. */
const OPEN_CONCURRENCY = 200;
/**
 * The clients live in these threads, on raw sockets that only look for each QUEUE_UPDATED frame's
 * id: 5,000 full HTTP/SSE clients in this process took as much CPU as the API on the same 2 cores,
 * and their own queueing showed up as fan-out latency. What is measured is the server.
 */
const READER_THREADS = Number(process.env.BENCH_READER_THREADS ?? 2);
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of a process and all its threads, in ms. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * A reader thread (eval'd, CommonJS): opens `count` streams as raw HTTP/1.1 requests and notes,
 * for every QUEUE_UPDATED frame, its id and when it was read (ms since the epoch, so the main
 * thread can compare with its own clock). Answers { open } once all are open, then a report
 * { complete, received: [id, times[]][] } each time it is asked.
 */
function readerThread() {
  const { connect } = require('node:net');
  const { parentPort, workerData } = require('node:worker_threads');
  const { port, cookie, count, concurrency } = workerData;
  const received = new Map();
  const note = (id, now) => {
    let list = received.get(id);
    if (!list) received.set(id, (list = []));
    list.push(now);
  };
  const MARK = Buffer.from('\nevent: QUEUE_UPDATED\n');
  const FRAME = /id: (\d+)\nevent: QUEUE_UPDATED\n/g;
  const request = `GET /api/marketing-war-room/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nAccept: text/event-stream\r\n\r\n`;
  // One read buffer for every socket of the thread (onread): nothing allocated per read.
  const shared = Buffer.alloc(256 * 1024);
  const sockets = [];
  const openOne = () =>
    new Promise((resolve, reject) => {
      let headersDone = false;
      /** The end of the previous read when it stopped inside a frame (rare: frames are written whole). */
      let tail = '';
      const onRead = (nread, buf) => {
        const now = performance.timeOrigin + performance.now();
        if (!headersDone || tail) {
          // Slow path: the response head, or a frame cut between two reads.
          let text = tail + buf.toString('latin1', 0, nread);
          if (!headersDone) {
            const end = text.indexOf('\r\n\r\n');
            if (end < 0) return void (tail = text);
            if (!text.startsWith('HTTP/1.1 200')) return reject(new Error(`stream answered ${text.slice(0, 40)}`));
            headersDone = true;
            resolve();
            text = text.slice(end + 4);
          }
          const skip = tail.length;
          FRAME.lastIndex = 0;
          for (let m; (m = FRAME.exec(text));) if (FRAME.lastIndex > skip) note(m[1], now);
          tail = text.endsWith('\n\n\r\n') ? '' : text.slice(-80);
          return;
        }
        // Fast path: find each QUEUE_UPDATED mark in the bytes, read the id just before it.
        for (let at = buf.indexOf(MARK, 0); at >= 0 && at < nread; at = buf.indexOf(MARK, at + MARK.length)) {
          let start = at;
          while (start > 0 && buf[start - 1] >= 0x30 && buf[start - 1] <= 0x39) start--;
          if (at + MARK.length <= nread) note(buf.toString('latin1', start, at), now);
        }
        const complete = nread >= 4 && buf[nread - 4] === 0x0a && buf[nread - 3] === 0x0a && buf[nread - 2] === 0x0d && buf[nread - 1] === 0x0a;
        // Not ending on a whole frame: keep the end, and count marks that straddle it on the next read.
        if (!complete) tail = buf.toString('latin1', Math.max(0, nread - 80), nread).replace(/id: \d+\nevent: QUEUE_UPDATED\n/g, '');
      };
      const socket = connect({ port, host: '127.0.0.1', onread: { buffer: shared, callback: onRead } }, () => socket.write(request));
      sockets.push(socket);
      socket.on('error', reject);
    });
  let next = 0;
  Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        await openOne();
      }
    }),
  ).then(
    () => parentPort.postMessage({ open: sockets.length }),
    (error) => parentPort.postMessage({ error: error.message }),
  );
  parentPort.on('message', (m) => {
    if (m.kind !== 'report') return;
    const complete = m.ids.every((id) => (received.get(id)?.length ?? 0) >= sockets.length);
    parentPort.postMessage({ complete, received: complete || m.final ? m.ids.map((id) => [id, received.get(id) ?? []]) : [] });
  });
}

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
const threads = [];
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

  const rssBefore = rssMb(t.api.pid);
  log(`opening ${CLIENTS} streams over ${READER_THREADS} reader threads (API RSS ${rssBefore} MB)…`);
  const { port } = new URL(t.base);
  const readers = Array.from({ length: READER_THREADS }, (_, i) => {
    const count = Math.floor(CLIENTS / READER_THREADS) + (i < CLIENTS % READER_THREADS ? 1 : 0);
    const worker = new Worker(`(${readerThread})()`, {
      eval: true,
      workerData: { port: Number(port), cookie: t.cookie, count, concurrency: Math.ceil(OPEN_CONCURRENCY / READER_THREADS) },
    });
    const replies = [];
    let waiting;
    worker.on('message', (m) => (waiting ? (waiting(m), (waiting = undefined)) : replies.push(m)));
    worker.on('error', (e) => log(`reader thread failed: ${e.message}`));
    const next = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((r) => (waiting = r)));
    return { worker, next };
  });
  threads.push(...readers.map((r) => r.worker));
  const opened = await Promise.all(readers.map((r) => r.next()));
  const failed = opened.find((m) => m.error);
  if (failed) throw new Error(failed.error);
  const open = opened.reduce((n, m) => n + m.open, 0);
  await new Promise((r) => setTimeout(r, 500));
  const rssOpen = rssMb(t.api.pid);
  log(`${open} streams open (API RSS ${rssOpen} MB); emitting ${UPDATES} updates every ${INTERVAL_MS} ms`);

  const sent = new Map();
  const apiCpuBefore = cpuMs(t.api.pid);
  const benchCpuBefore = process.cpuUsage();
  for (let i = 1; i <= UPDATES; i++) {
    const before = performance.timeOrigin + performance.now();
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
  // Every reader thread reports, per event id, when each of its clients parsed it.
  const deadline = Date.now() + 10_000;
  const received = new Map(); // event id -> receive times (ms since the epoch, fractional)
  for (let done = false; !done;) {
    const final = Date.now() > deadline;
    for (const r of readers) r.worker.postMessage({ kind: 'report', ids: [...sent.keys()], final });
    const reports = await Promise.all(readers.map((r) => r.next()));
    done = final || reports.every((m) => m.complete);
    if (!done) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    for (const m of reports) for (const [id, times] of m.received) received.set(id, [...(received.get(id) ?? []), ...times]);
  }
  const apiCpu = cpuMs(t.api.pid) - apiCpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
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
    // CPU while the updates went out: the API's per delivery (one event to one client), and the readers'.
    api_cpu_ms: Math.round(apiCpu),
    api_cpu_us_per_delivery: latencies.length ? round((apiCpu * 1000) / latencies.length) : 0,
    readers_cpu_ms: Math.round((benchCpu.user + benchCpu.system) / 1000),
    reader_threads: READER_THREADS,
    load_average: round(loadavg()[0]),
    goal_p99_ms: 100,
  };
  out.goal_met = out.fanout_p99_ms < 100 && missing === 0;
  console.log(JSON.stringify(out));
} finally {
  for (const w of threads) await w.terminate();
  await t.close();
}
