// npm run bench:queue — no-op jobs per second through each queue driver on this machine, and a
// raw BullMQ worker (no Postgres) as the baseline for the BullMQ driver, in the same run.
import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';

import { benchConfig, createBenchDatabase } from './bench-db.mjs';

const JOBS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = 50;
const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
REDIS.pathname = '/11';

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

async function throughDriver(label, env) {
  const db = await createBenchDatabase(`queue_${label}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
  try {
    const config = await benchConfig({
      DATABASE_URL: db.url,
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
    const sql = app.get(DataSource);
    const queue = app.get(QueueService);
    const ledger = app.get(PublicationLedger);
    if (queue.driver.bullQueue) await queue.driver.bullQueue.obliterate({ force: true });
    const jobs = await seed(sql, JOBS);
    let done = 0;
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    const started = performance.now();
    await queue.dispatch(jobs);
    await queue.consume(async (job) => {
      await ledger.release(sql, job, { status: 'succeeded' }, undefined);
      if (++done === JOBS) finish();
    });
    await finished;
    const seconds = (performance.now() - started) / 1000;
    await app.close();
    return JOBS / seconds;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}

async function rawBullMq() {
  const connection = { host: REDIS.hostname, port: Number(REDIS.port || 6379), db: 11, maxRetriesPerRequest: null };
  const queue = new Queue('mwr-bench-raw', { connection });
  await queue.obliterate({ force: true });
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const started = performance.now();
  await queue.addBulk(Array.from({ length: JOBS }, (_, i) => ({ name: 'noop', data: { i }, opts: { jobId: `raw-${i}`, removeOnComplete: true } })));
  const worker = new Worker(
    'mwr-bench-raw',
    async () => {
      if (++done === JOBS) finish();
    },
    { connection, concurrency: CONCURRENCY },
  );
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return JOBS / seconds;
}

const postgres = await throughDriver('pg', {});
const bullmq = await throughDriver('bull', { REDIS_URL: REDIS.toString() });
const raw = await rawBullMq();
process.stdout.write(
  `${JSON.stringify({
    bench: 'queue',
    jobs: JOBS,
    concurrency: CONCURRENCY,
    postgres_driver_jobs_per_s: Math.round(postgres),
    bullmq_driver_jobs_per_s: Math.round(bullmq),
    raw_bullmq_jobs_per_s: Math.round(raw),
    bullmq_ratio: Number((bullmq / raw).toFixed(2)),
    goals: { postgres_jobs_per_s_min: 3000, bullmq_ratio_min: 0.6 },
  })}\n`,
);
process.exit(0);
