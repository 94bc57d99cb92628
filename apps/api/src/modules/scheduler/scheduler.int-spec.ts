import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SchedulerService } from './scheduler.service.js';

describe('scheduleDueContent (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let workspaceId: string;
  let accounts: string[];

  beforeAll(async () => {
    db = await createTestDatabase('scheduler');
    // The tick runs once at boot (nothing due yet), then the test drives the scheduler itself.
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api,scheduler', SCHEDULER_TICK_MS: '3600000' });
    sql = t.app.get(DataSource);
    const owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = [await insertSocialAccount(sql, workspaceId, 'tiktok'), await insertSocialAccount(sql, workspaceId, 'instagram')];
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const seedItems = async (count: number, at: string) => {
    await sql.query(
      `WITH items AS (
         INSERT INTO content_items (workspace_id, title, scheduled_at, time_zone, status)
         SELECT $1, 'bulk ' || g, ${at}, 'UTC', 'scheduled' FROM generate_series(1, $2) g RETURNING id)
       INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id)
       SELECT $1, items.id, a FROM items, unnest($3::uuid[]) a`,
      [workspaceId, count, accounts],
    );
  };

  it('gives 1,000 due items exactly one publication and one job per target with five schedulers at once', async () => {
    await seedItems(1000, "now() - interval '1 second'");
    const scheduler = t.app.get(SchedulerService);
    const results = await Promise.all(Array.from({ length: 5 }, () => scheduler.scheduleDueContent({ batchSize: 300 })));
    expect(results.reduce((n, r) => n + r.jobs, 0)).toBe(2000);
    const [counts] = await sql.query(
      `SELECT (SELECT count(*)::int FROM publish_jobs) AS jobs, (SELECT count(DISTINCT idempotency_key)::int FROM publish_jobs) AS keys,
              (SELECT count(*)::int FROM platform_publications) AS publications,
              (SELECT count(*)::int FROM content_items WHERE status = 'publishing') AS publishing,
              (SELECT count(*)::int FROM job_events WHERE type = 'queued') AS events`,
    );
    expect(counts).toEqual({ jobs: 2000, keys: 2000, publications: 2000, publishing: 1000, events: 2000 });
    // Running again finds nothing new.
    expect(await scheduler.scheduleDueContent()).toEqual({ items: 0, jobs: 0 });
  });

  it('creates jobs ahead for items due within the lookahead, to run exactly at their time', async () => {
    await sql.query('TRUNCATE content_items CASCADE');
    await seedItems(3, "now() + interval '30 seconds'");
    await seedItems(2, "now() + interval '10 minutes'");
    const { jobs } = await t.app.get(SchedulerService).scheduleDueContent({ lookaheadSeconds: 60 });
    expect(jobs).toBe(6);
    const rows = await sql.query(
      `SELECT j.run_at = ci.scheduled_at AS exact FROM publish_jobs j JOIN platform_publications p ON p.id = j.publication_id JOIN content_items ci ON ci.id = p.content_item_id`,
    );
    expect(rows.every((r: { exact: boolean }) => r.exact)).toBe(true);
    expect((await sql.query("SELECT count(*)::int AS n FROM content_items WHERE status = 'scheduled'"))[0].n).toBe(2);
  });
});
