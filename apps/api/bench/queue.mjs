// npm run bench:queue [-- --jobs N] [-- --rounds N] [-- --guarantees-only | --no-guarantees] [-- --only postgres,graphile,pg-boss,bullmq,raw,ledger]
//
// Part 1, throughput: the same no-op job at concurrency 50 on the same PostgreSQL and Redis, through
//   - our Postgres driver, graphile-worker and pg-boss (pinned devDependencies; pg-boss in its best
//     batch configuration, picked by a short sweep in this run and stated in the output);
//   - our BullMQ driver, raw BullMQ, and "BullMQ + ledger": a BullMQ worker that runs one UPDATE at
//     claim and one at finish on a publish_jobs-like table (the least a job with a Postgres ledger needs).
// Every queue is filled before its clock starts, and each PostgreSQL contender's database is then
// ANALYZEd (the planner sees the filled queue, as autovacuum would show it a queue that filled
// gradually); the clock stops when the last job finished.
// Ours and their baselines run --rounds times (default 2), the order flipped each round, each keeping
// its best: on a shared 2-core machine the load moves within a minute, and one pass each is as
// likely to compare a quiet minute with a busy one as the queues themselves.
// Part 2, guarantees: 2 worker processes share 20,000 jobs; one is SIGKILLed mid-run. Every job must
// run exactly once (its effect commits with its release, under the lease's fencing token), and the
// jobs the killed worker held must be finished by the other one after their lease expired.
// Ends with ONE JSON line of figures.
import 'reflect-metadata';

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Logger as GraphileLogger, makeWorkerUtils, run as runGraphileWorker } from 'graphile-worker';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';

import { benchConfig, createBenchDatabase } from './bench-db.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

const JOBS = option('jobs', 20_000);
const ROUNDS = option('rounds', 2);
const CONCURRENCY = 50;
const GUARANTEE_JOBS = option('guarantee-jobs', 20_000);
const GUARANTEE_LEASE_SECONDS = 5;
const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
REDIS.pathname = '/11';
const redisConnection = { host: REDIS.hostname, port: Number(REDIS.port || 6379), db: 11, maxRetriesPerRequest: null };

/** Resolves once `count` calls of the returned tick happened. */
function countdown(count) {
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  return {
    finished,
    tick() {
      if (++done === count) finish();
    },
  };
}

/** What autovacuum would have done by now: fresh planner statistics of the filled queue. */
async function analyze(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
}

async function seed(sql, count) {
  const [{ id: ws }] = await sql.query(`INSERT INTO workspaces (name, slug) VALUES ('Bench', 'bench-' || gen_random_uuid()) RETURNING id`);
  const [{ id: account }] = await sql.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) VALUES ($1, 'tiktok', 'a', 'a') RETURNING id`,
    [ws],
  );
  return sql.query(
    `WITH items AS (INSERT INTO content_items (workspace_id, title, scheduled_at, time_zone, status)
       SELECT $1, 'q' || g, now() - interval '1 second', 'UTC', 'publishing' FROM generate_series(1, $2) g RETURNING id),
     pubs AS (INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) SELECT $1, id, $3, 'tiktok' FROM items RETURNING id)
     INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, run_at, account_id, platform)
     SELECT $1, id, 'publication:' || id, now() - interval '1 second', $3, 'tiktok' FROM pubs RETURNING id, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`,
    [ws, count, account],
  );
}

/** Our app's queue (QueueService + PublicationLedger) on a fresh database; `api` role, so nothing consumes until asked. */
async function openApp(dbUrl, env) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
  const config = await benchConfig({
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    ROLES: 'api',
    WORKER_CONCURRENCY: String(CONCURRENCY),
    ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 1).toString('base64')}`,
    ...env,
  });
  const { AppModule } = await import('../dist/app.module.js');
  const { QueueService } = await import('../dist/modules/queue/queue.service.js');
  const { PublicationLedger } = await import('../dist/modules/queue/publication-ledger.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  return {
    app,
    sql: app.get(DataSource),
    queue: app.get(QueueService),
    ledger: app.get(PublicationLedger),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function throughDriver(label, env) {
  const db = await createBenchDatabase(`queue_${label}`);
  try {
    const { sql, queue, ledger, close } = await openApp(db.url, env);
    if (queue.driver.bullQueue) await queue.driver.bullQueue.obliterate({ force: true });
    await queue.dispatch(await seed(sql, JOBS));
    await analyze(db.url);
    const { finished, tick } = countdown(JOBS);
    const started = performance.now();
    await queue.consume(async (job) => {
      await ledger.release(sql, job, { status: 'succeeded' }, undefined);
      tick();
    });
    await finished;
    const seconds = (performance.now() - started) / 1000;
    await close();
    return JOBS / seconds;
  } finally {
    await db.drop();
  }
}

async function graphileWorker() {
  const db = await createBenchDatabase('queue_graphile');
  const logger = new GraphileLogger(() => () => undefined);
  // Its default pool size (10), ours to end before the database is dropped.
  const pgPool = new pg.Pool({ connectionString: db.url, max: 10 });
  pgPool.on('error', () => undefined);
  pgPool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const utils = await makeWorkerUtils({ pgPool, logger });
    await utils.migrate();
    for (let i = 0; i < JOBS; i += 5_000) {
      await utils.addJobs(Array.from({ length: Math.min(5_000, JOBS - i) }, (_, k) => ({ identifier: 'noop', payload: { i: i + k } })));
    }
    await utils.release();
    await analyze(db.url);
    const { finished, tick } = countdown(JOBS);
    const started = performance.now();
    // Its defaults (LISTEN/NOTIFY, batched completion) at our concurrency.
    const runner = await runGraphileWorker({ pgPool, concurrency: CONCURRENCY, noHandleSignals: true, logger, taskList: { noop: async () => tick() } });
    await finished;
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    return JOBS / seconds;
  } finally {
    await pgPool.end().catch(() => undefined);
    await db.drop();
  }
}

/** pg-boss with `workers` polling loops each fetching (and completing) batches of `batchSize`. */
async function pgBoss(workers, batchSize, jobs = JOBS) {
  const db = await createBenchDatabase('queue_pgboss');
  try {
    const boss = new PgBoss({ connectionString: db.url, max: 10, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue('noop');
    for (let i = 0; i < jobs; i += 5_000) {
      await boss.insert(
        'noop',
        Array.from({ length: Math.min(5_000, jobs - i) }, (_, k) => ({ data: { i: i + k } })),
      );
    }
    await analyze(db.url);
    const { finished, tick } = countdown(jobs);
    const started = performance.now();
    await boss.work('noop', { localConcurrency: workers, batchSize, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async (batch) => {
      for (const _ of batch) tick();
    });
    await finished;
    const seconds = (performance.now() - started) / 1000;
    await boss.stop({ graceful: false, wait: true });
    return jobs / seconds;
  } finally {
    await db.drop();
  }
}

/** A plain BullMQ worker on a filled queue; `perJob` is what each job does besides nothing. */
async function bullMqWorker(name, perJob) {
  const queue = new Queue(name, { connection: redisConnection });
  await queue.obliterate({ force: true });
  for (let i = 0; i < JOBS; i += 5_000) {
    await queue.addBulk(
      Array.from({ length: Math.min(5_000, JOBS - i) }, (_, k) => ({
        name: 'noop',
        data: { i: i + k },
        opts: { jobId: `${name}-${i + k}`, removeOnComplete: true },
      })),
    );
  }
  const { finished, tick } = countdown(JOBS);
  const started = performance.now();
  const worker = new Worker(
    name,
    async (message) => {
      await perJob(message);
      tick();
    },
    { connection: redisConnection, concurrency: CONCURRENCY },
  );
  // A job that fails never ticks: end the measurement with its error instead of waiting forever
  // (seen when the shared PostgreSQL ran out of connections: "too many clients already").
  await new Promise((resolve, reject) => {
    worker.on('failed', (_job, error) => reject(new Error(`${name}: a job failed: ${error.message}`)));
    finished.then(resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return JOBS / seconds;
}

const rawBullMq = () => bullMqWorker('mwr-bench-raw', async () => undefined);

/** BullMQ + the least a Postgres ledger needs: mark the row running at claim, done at finish (one UPDATE each). */
async function bullMqPlusLedger() {
  const db = await createBenchDatabase('queue_ledger');
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  // An idle client cut off (the database dropped, a server restart by a chaos run) must not end the bench.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE TABLE bench_jobs (
      id int PRIMARY KEY, status text NOT NULL DEFAULT 'queued', locked_by text, lease_expires_at timestamptz,
      attempts int NOT NULL DEFAULT 0, run_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query('INSERT INTO bench_jobs (id) SELECT g FROM generate_series(0, $1 - 1) g', [JOBS]);
    await pool.query('ANALYZE bench_jobs');
    return await bullMqWorker('mwr-bench-ledger', async (message) => {
      const claimed = await pool.query(
        `UPDATE bench_jobs SET status = 'active', locked_by = 'bench', lease_expires_at = now() + interval '60 seconds', attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND status = 'queued' AND run_at <= now()`,
        [message.data.i],
      );
      if (claimed.rowCount !== 1) throw new Error(`job ${message.data.i} not claimable`);
      await pool.query(
        `UPDATE bench_jobs SET status = 'succeeded', locked_by = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'active'`,
        [message.data.i],
      );
    });
  } finally {
    await pool.end();
    await db.drop();
  }
}

// ---------------------------------------------------------------- part 2: guarantees

/** A worker process: consumes with our driver; each job's effect (a bench_runs row) commits with its release. */
async function guaranteeChild(dbUrl, driver, workMs) {
  const env = { JOB_LEASE_SECONDS: String(GUARANTEE_LEASE_SECONDS), ...(driver === 'bullmq' ? { REDIS_URL: REDIS.toString() } : {}) };
  const { sql, queue, ledger } = await openApp(dbUrl, env);
  await queue.consume(async (job) => {
    await new Promise((resolve) => setTimeout(resolve, workMs));
    await sql
      .transaction(async (tx) => {
        await tx.query('INSERT INTO bench_runs (job_id, worker) VALUES ($1, $2)', [job.id, queue.workerId]);
        if (!(await ledger.release(tx, job, { status: 'succeeded' }, undefined))) throw new Error('lease lost');
      })
      .catch(() => undefined); // lease lost: nothing committed, the holder finishes it
  });
  // The reconciler re-dispatches the jobs whose lease expired (BullMQ); the Postgres driver's claim takes them itself.
  queue.startReconciler();
  process.send({ workerId: queue.workerId });
}

async function guarantees(driver) {
  const db = await createBenchDatabase(`queue_guarantee_${driver}`);
  const children = [];
  try {
    const env = driver === 'bullmq' ? { REDIS_URL: REDIS.toString() } : {};
    const { sql, queue, close } = await openApp(db.url, env);
    if (queue.driver.bullQueue) await queue.driver.bullQueue.obliterate({ force: true });
    await sql.query('CREATE TABLE bench_runs (job_id uuid NOT NULL, worker text NOT NULL)');
    const jobs = await seed(sql, GUARANTEE_JOBS);
    await queue.dispatch(jobs);
    await close();
    await analyze(db.url);

    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const runs = async () => (await admin.query('SELECT count(*)::int AS n FROM bench_runs')).rows[0].n;
    const started = performance.now();
    for (let i = 0; i < 2; i++) {
      const child = fork(fileURLToPath(import.meta.url), ['--child', db.url, driver, '5'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push({ child, workerId: new Promise((resolve) => child.once('message', (m) => resolve(m.workerId))) });
    }
    const [victim, survivor] = [children[0], children[1]];
    const [victimId, survivorId] = await Promise.all([victim.workerId, survivor.workerId]);

    // Kill one mid-run, while it holds leases.
    while ((await runs()) < GUARANTEE_JOBS * 0.3) await new Promise((resolve) => setTimeout(resolve, 20));
    victim.child.kill('SIGKILL');
    await new Promise((resolve) => victim.child.once('exit', resolve));
    const { rows: held } = await admin.query(`SELECT id FROM publish_jobs WHERE status = 'active' AND locked_by = $1`, [victimId]);

    const deadline = Date.now() + 180_000;
    for (;;) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM publish_jobs WHERE status <> 'succeeded'`);
      if (rows[0].n === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const {
      rows: [figures],
    } = await admin.query(
      `SELECT (SELECT count(*)::int FROM (SELECT job_id FROM bench_runs GROUP BY job_id HAVING count(*) > 1) d) AS twice,
              (SELECT count(*)::int FROM publish_jobs j WHERE j.status <> 'succeeded' OR NOT EXISTS (SELECT 1 FROM bench_runs r WHERE r.job_id = j.id)) AS lost,
              (SELECT count(*)::int FROM bench_runs WHERE worker = $1 AND job_id = ANY($2::uuid[])) AS held_finished_by_survivor,
              (SELECT count(*)::int FROM job_events WHERE type = 'claimed' AND job_id = ANY($2::uuid[]) AND data->>'worker' = $1) AS held_reclaimed_by_survivor`,
      [survivorId, held.map((r) => r.id)],
    );
    await admin.end();
    return {
      jobs: GUARANTEE_JOBS,
      workers: 2,
      lease_s: GUARANTEE_LEASE_SECONDS,
      run_twice: figures.twice,
      lost: figures.lost,
      killed_worker_leased_jobs: held.length,
      killed_worker_jobs_finished_by_other: figures.held_finished_by_survivor,
      killed_worker_jobs_reclaimed_by_other: figures.held_reclaimed_by_survivor,
      seconds: Number(seconds.toFixed(1)),
    };
  } finally {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db.drop();
  }
}

// ---------------------------------------------------------------- main

if (flag('child')) {
  const [dbUrl, driver, workMs] = args.slice(args.indexOf('--child') + 1);
  await guaranteeChild(dbUrl, driver, Number(workMs));
} else {
  const result = {
    bench: 'queue',
    node: process.version,
    jobs: JOBS,
    concurrency: CONCURRENCY,
    note: 'queues filled (and ANALYZEd) before the clock starts; no-op job; ours and the baselines: best of `rounds`, order flipped each round',
  };
  const log = (line) => process.stderr.write(`${line}\n`);
  const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : undefined;
  const measure = async (name, run) => (only && !only.has(name) ? NaN : run());
  if (!flag('guarantees-only')) {
    const rounds = {};
    /** Each of `contenders` once per round (the order flipped each round); each keeps its best. */
    const best = async (contenders) => {
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, label, run] of round % 2 === 0 ? contenders : [...contenders].reverse()) {
          const jobsPerS = await measure(name, run);
          (rounds[label] ??= []).push(Math.round(jobsPerS));
          log(`${label} (round ${round + 1}): ${Math.round(jobsPerS)} jobs/s`);
        }
      }
      return contenders.map(([, label]) => Math.max(...rounds[label]));
    };
    const [pgDriver, graphile] = await best([
      ['postgres', 'postgres_driver', () => throughDriver('pg', {})],
      ['graphile', 'graphile_worker', graphileWorker],
    ]);
    // pg-boss: a short sweep of batch configurations (jobs in flight = workers x batch), the best one runs the full count.
    const sweep = [];
    for (const [workers, batchSize] of only && !only.has('pg-boss')
      ? []
      : [
          [50, 1],
          [1, 50],
          [5, 10],
          [5, 100],
          [10, 100],
        ]) {
      // Single-job fetching is two orders of magnitude slower: a short sample says enough.
      sweep.push({ workers, batchSize, jobsPerS: await pgBoss(workers, batchSize, Math.min(JOBS, batchSize === 1 ? 500 : 3_000)) });
      log(`pg-boss ${workers} workers x batch ${batchSize}: ${Math.round(sweep.at(-1).jobsPerS)} jobs/s (sweep)`);
    }
    const bossConfig = sweep.reduce((a, b) => (b.jobsPerS > a.jobsPerS ? b : a), { workers: 0, batchSize: 0, jobsPerS: -1 });
    const boss = await measure('pg-boss', () => pgBoss(bossConfig.workers, bossConfig.batchSize));
    log(`pg-boss best (${bossConfig.workers} x ${bossConfig.batchSize}): ${Math.round(boss)} jobs/s`);
    const [bullDriver, plusLedger, raw] = await best([
      ['bullmq', 'bullmq_driver', () => throughDriver('bull', { REDIS_URL: REDIS.toString() })],
      ['ledger', 'bullmq_plus_ledger', bullMqPlusLedger],
      ['raw', 'raw_bullmq', rawBullMq],
    ]);
    Object.assign(result, {
      rounds: ROUNDS,
      rounds_jobs_per_s: rounds,
      postgres_driver_jobs_per_s: Math.round(pgDriver),
      graphile_worker_jobs_per_s: Math.round(graphile),
      pg_boss_jobs_per_s: Math.round(boss),
      pg_boss_config: `${bossConfig.workers} workers x batchSize ${bossConfig.batchSize}, burstWhenBatchFull, poll 0.5 s (best of sweep ${sweep.map((s) => `${s.workers}x${s.batchSize}=${Math.round(s.jobsPerS)}`).join(' ')})`,
      bullmq_driver_jobs_per_s: Math.round(bullDriver),
      raw_bullmq_jobs_per_s: Math.round(raw),
      bullmq_plus_ledger_jobs_per_s: Math.round(plusLedger),
      ratio_pg_driver_to_graphile_worker: Number((pgDriver / graphile).toFixed(2)),
      ratio_pg_driver_to_pg_boss: Number((pgDriver / boss).toFixed(2)),
      ratio_bullmq_driver_to_bullmq_plus_ledger: Number((bullDriver / plusLedger).toFixed(2)),
      ratio_bullmq_driver_to_raw_bullmq: Number((bullDriver / raw).toFixed(2)),
    });
  }
  if (!flag('no-guarantees')) {
    result.guarantees_postgres = await guarantees('postgres');
    log(`guarantees (postgres): ${JSON.stringify(result.guarantees_postgres)}`);
    result.guarantees_bullmq = await guarantees('bullmq');
    log(`guarantees (bullmq): ${JSON.stringify(result.guarantees_bullmq)}`);
  }
  result.goals = { ratio_pg_driver_to_graphile_worker_min: 1.0, ratio_bullmq_driver_to_bullmq_plus_ledger_min: 0.8, run_twice: 0, lost: 0 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
