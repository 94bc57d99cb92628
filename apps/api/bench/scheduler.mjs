// npm run bench:scheduler — 100,000 due items × 2 targets: scheduleDueContent against a raw
// INSERT … SELECT of the same publications and jobs, in the same run on the same database.
import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { benchConfig, createBenchDatabase } from './bench-db.mjs';

const ITEMS = Number(process.argv[2] ?? 100_000);
const db = await createBenchDatabase('scheduler');
const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
try {
  const config = await benchConfig({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    ROLES: 'scheduler',
    SCHEDULER_TICK_MS: '3600000',
    ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 1).toString('base64')}`,
  });
  const { AppModule } = await import('../dist/app.module.js');
  const { SchedulerService } = await import('../dist/modules/scheduler/scheduler.service.js');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  const sql = app.get(DataSource);
  const [{ id: workspaceId }] = await sql.query(`INSERT INTO workspaces (name, slug) VALUES ('Bench', 'bench') RETURNING id`);
  const accounts = (
    await sql.query(
      `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) VALUES ($1, 'tiktok', 'a', 'a'), ($1, 'instagram', 'b', 'b') RETURNING id`,
      [workspaceId],
    )
  ).map((r) => r.id);
  await sql.query(
    `WITH items AS (INSERT INTO content_items (workspace_id, title, scheduled_at, time_zone, status)
       SELECT $1, 'b' || g, now() - interval '1 minute', 'UTC', 'scheduled' FROM generate_series(1, $2) g RETURNING id)
     INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id) SELECT $1, items.id, a FROM items, unnest($3::uuid[]) a`,
    [workspaceId, ITEMS, accounts],
  );
  for (const table of ['content_items', 'content_item_targets']) await sql.query(`VACUUM ANALYZE ${table}`);

  let t = performance.now();
  const ours = await app.get(SchedulerService).scheduleDueContent();
  const oursMs = performance.now() - t;
  if (ours.jobs !== ITEMS * 2) throw new Error(`expected ${ITEMS * 2} jobs, got ${ours.jobs}`);

  // Baseline: the same rows (publications, jobs, their "queued" events, items moved to publishing),
  // written by the plainest statements that produce them: no locking, batching or conflict handling.
  await sql.query(`TRUNCATE platform_publications CASCADE; TRUNCATE job_events; UPDATE content_items SET status = 'scheduled'`);
  for (const table of ['content_items', 'platform_publications', 'publish_jobs']) await sql.query(`VACUUM ANALYZE ${table}`);
  t = performance.now();
  await sql.query(
    `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform)
     SELECT ci.workspace_id, ci.id, t.social_account_id, sa.platform FROM content_items ci
       JOIN content_item_targets t ON t.content_item_id = ci.id JOIN social_accounts sa ON sa.id = t.social_account_id
      WHERE ci.status = 'scheduled' AND ci.scheduled_at <= now()`,
  );
  await sql.query(
    `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, run_at) SELECT workspace_id, id, 'publication:' || id, now() FROM platform_publications`,
  );
  await sql.query(
    `INSERT INTO job_events (workspace_id, job_id, publication_id, type, to_status) SELECT workspace_id, id, publication_id, 'queued', 'queued' FROM publish_jobs`,
  );
  await sql.query(`UPDATE content_items SET status = 'publishing' WHERE status = 'scheduled' AND scheduled_at <= now()`);
  const baselineMs = performance.now() - t;
  await app.close();
  process.stdout.write(
    `${JSON.stringify({ bench: 'scheduler', items: ITEMS, jobs: ours.jobs, ours_ms: Math.round(oursMs), baseline_ms: Math.round(baselineMs), ratio: Number((oursMs / baselineMs).toFixed(2)), goal_ratio_max: 1.5 })}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await db.drop();
}
