import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase } from '../../../test/test-database.js';
import { waitFor } from '../../../test/wait.js';
import { JobsRepository, type ClaimedJob } from './jobs.repository.js';
import { PostgresQueueDriver } from './postgres.driver.js';
import { PublicationLedger } from './publication-ledger.js';

/** Jobs with real rows behind them, due now. */
async function seedDueJobs(
  sql: DataSource,
  workspaceId: string,
  accountId: string,
  count: number,
): Promise<{ id: string; runAt: Date; dispatchSeq: number }[]> {
  return sql.query(
    `WITH items AS (
       INSERT INTO content_items (workspace_id, title, scheduled_at, time_zone, status)
       SELECT $1, 'c ' || g, now() - interval '1 second', 'UTC', 'publishing' FROM generate_series(1, $2) g RETURNING id),
     pubs AS (
       INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) SELECT $1, id, $3, 'tiktok' FROM items RETURNING id)
     INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, run_at, account_id, platform)
     SELECT $1, id, 'publication:' || id, now() - interval '1 second', $3, 'tiktok' FROM pubs
     RETURNING id, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`,
    [workspaceId, count, accountId],
  );
}

describe('batch claims (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let sql: DataSource;
  let ledger: PublicationLedger;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('claim');
    // The api role has the queue but does not consume: each test decides who claims.
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', JOB_LEASE_SECONDS: '30' });
    sql = t.app.get(DataSource);
    ledger = t.app.get(PublicationLedger);
    const owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await sql.query('TRUNCATE content_items CASCADE');
  });

  it('never gives the same job to two claimers racing for batches', async () => {
    const seeded = await seedDueJobs(sql, workspaceId, accountId, 300);
    // 2 workers x 12 concurrent claims of 20: more asked than there are jobs, all at once.
    const batches = await Promise.all(Array.from({ length: 24 }, (_, i) => ledger.claimDue(`racer-${i % 2}`, 20, 30)));
    const ids = batches.flat().map((job) => job.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(seeded.map((job) => job.id)));
    const [{ claims }] = await sql.query(`SELECT count(*)::int AS claims FROM job_events WHERE type = 'claimed'`);
    expect(claims).toBe(300);
  });

  it('never gives the same job to two BullMQ workers claiming overlapping batches by id', async () => {
    const seeded = (await seedDueJobs(sql, workspaceId, accountId, 200)).map((job) => job.id);
    // Every id is asked for by both workers, in different orders and batch cuts.
    const reversed = [...seeded].reverse();
    const batches = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => ledger.claimByIds(seeded.slice(i * 50, i * 50 + 50), 'bull-a', 30)),
      ...Array.from({ length: 5 }, (_, i) => ledger.claimByIds(reversed.slice(i * 40, i * 40 + 40), 'bull-b', 30)),
    ]);
    const ids = batches.flat().map((job) => job.id);
    expect(ids.length).toBe(200);
    expect(new Set(ids).size).toBe(200);
  });

  it('looks the ids of a claim up by primary key, even in a burst of due jobs the planner has no statistics for', async () => {
    // A fresh burst: 3,000 due jobs, the table not analyzed since (as right after the scheduler's insert).
    const seeded = (await seedDueJobs(sql, workspaceId, accountId, 3000)).map((job) => job.id);
    const spy = jest.spyOn(sql, 'query');
    let statement: [string, unknown[]];
    try {
      expect(await ledger.claimByIds(seeded.slice(0, 20), 'plan-worker', 30)).toHaveLength(20);
      statement = spy.mock.calls.find(([text]) => /id = ANY\(\$1::uuid\[\]\)/.test(text)) as [string, unknown[]];
    } finally {
      spy.mockRestore();
    }
    const [{ 'QUERY PLAN': plan }] = await sql.query(`EXPLAIN (FORMAT JSON) ${statement[0]}`, [seeded.slice(20, 40), ...statement[1].slice(1)]);
    const indexes = new Set<string>();
    const visit = (node: { 'Index Name'?: string; Plans?: unknown[] }): void => {
      if (node['Index Name']) indexes.add(node['Index Name']);
      for (const child of node.Plans ?? []) visit(child as typeof node);
    };
    visit(plan[0].Plan);
    // Filtering every due job by id (publish_jobs_due_idx) cost 10-20 ms per claim in bench:queue.
    expect([...indexes]).toEqual(['publish_jobs_pkey']);
  });

  it('reclaims exactly the jobs whose lease expired, with a new fencing token', async () => {
    await seedDueJobs(sql, workspaceId, accountId, 5);
    const held = await ledger.claimDue('worker-a', 10, 30);
    expect(held).toHaveLength(5);
    const [expiredA, expiredB] = held;
    // Worker A died holding them: two of its leases run out, three are still live.
    await sql.query(`UPDATE publish_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [[expiredA!.id, expiredB!.id]]);

    const reclaimed = await ledger.claimDue('worker-b', 10, 30);
    expect(reclaimed.map((job) => job.id).sort()).toEqual([expiredA!.id, expiredB!.id].sort());
    for (const job of reclaimed) {
      const before = held.find((h) => h.id === job.id)!;
      expect(BigInt(job.fencingToken)).toBe(BigInt(before.fencingToken) + 1n);
    }
    const rows: { locked_by: string; n: number }[] = await sql.query(
      `SELECT locked_by, count(*)::int AS n FROM publish_jobs WHERE status = 'active' GROUP BY locked_by ORDER BY locked_by`,
    );
    expect(rows).toEqual([
      { locked_by: 'worker-a', n: 3 },
      { locked_by: 'worker-b', n: 2 },
    ]);
  });

  it('starts a job added to an idle worker on NOTIFY, without waiting for its poll', async () => {
    // The poll is far longer than the wait below: only the notification can start the job in time.
    const driver = new PostgresQueueDriver(
      ledger,
      t.app.get(JobsRepository),
      { databaseUrl: db.url, queue: { leaseSeconds: 30 } },
      'notify-worker',
      10 * 60_000,
    );
    const ran: ClaimedJob[] = [];
    try {
      await driver.startConsuming(async (job) => {
        ran.push(job);
        await ledger.release(sql, job, { status: 'succeeded' }, undefined);
      }, 4);
      await waitFor(async () => driver.sleeping, 'the worker to find nothing and sleep');

      const jobs = await seedDueJobs(sql, workspaceId, accountId, 1);
      await driver.dispatch(jobs);
      await waitFor(async () => ran.length === 1, 30_000, 'the notified job to run');
      expect(ran[0]!.id).toBe(jobs[0]!.id);
    } finally {
      await driver.stop();
    }
  });
});
