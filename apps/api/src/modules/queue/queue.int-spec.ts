import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL } from '../../../test/test-database.js';
import { BullMqQueueDriver } from './bullmq.driver.js';
import { JobsRepository, type ClaimedJob } from './jobs.repository.js';
import { PublicationLedger } from './publication-ledger.js';
import { QueueService } from './queue.service.js';

/** Jobs with real rows behind them, due at `runAtSql`. */
async function seedJobs(
  sql: DataSource,
  workspaceId: string,
  accountId: string,
  count: number,
  runAtSql: string,
): Promise<{ id: string; runAt: Date; dispatchSeq: number }[]> {
  return sql.query(
    `WITH items AS (
       INSERT INTO content_items (workspace_id, title, scheduled_at, time_zone, status)
       SELECT $1, 'q ' || g, ${runAtSql}, 'UTC', 'publishing' FROM generate_series(1, $2) g RETURNING id, scheduled_at),
     pubs AS (
       INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform)
       SELECT $1, id, $3, 'tiktok' FROM items RETURNING id, content_item_id)
     INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, run_at, account_id, platform)
     SELECT $1, p.id, 'publication:' || p.id, i.scheduled_at, $3, 'tiktok' FROM pubs p JOIN items i ON i.id = p.content_item_id
     RETURNING id, run_at AS "runAt", dispatch_seq AS "dispatchSeq"`,
    [workspaceId, count, accountId],
  );
}

async function bootstrap(env: Record<string, string>) {
  const db = await createTestDatabase('queue');
  // The api role has the queue but does not consume: each test decides what the worker does.
  const t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', JOB_LEASE_SECONDS: '30', ...env });
  const sql = t.app.get(DataSource);
  const owner = await setupOwner(t.app.getHttpServer());
  const workspaceId: string = (await owner.get('/api/auth/me')).body.workspace.id;
  const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
  return { db, t, sql, workspaceId, accountId };
}

describe('queue leases and fencing (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof bootstrap>>;
  beforeAll(async () => (ctx = await bootstrap({})));
  afterAll(async () => {
    await ctx?.t.close();
    await ctx?.db.drop();
  });

  it('rejects a late write from a worker whose lease expired and was taken over', async () => {
    const jobs = ctx.t.app.get(JobsRepository);
    const ledger = ctx.t.app.get(PublicationLedger);
    const [seeded] = await seedJobs(ctx.sql, ctx.workspaceId, ctx.accountId, 1, "now() - interval '1 second'");
    const [first] = await ledger.claimDue('worker-a', 10, 30);
    expect(first!.id).toBe(seeded!.id);
    expect(await ledger.claimDue('worker-b', 10, 30)).toEqual([]);

    // Worker A stalls past its lease; worker B reclaims with a new fencing token.
    await ctx.sql.query("UPDATE publish_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1", [first!.id]);
    const [second] = await ledger.claimDue('worker-b', 10, 30);
    expect(BigInt(second!.fencingToken)).toBe(BigInt(first!.fencingToken) + 1n);

    expect(await jobs.saveCheckpoint(ctx.sql, first!.id, first!.fencingToken, { step: 'stale' })).toBe(false);
    expect(await ledger.release(ctx.sql, first!, { status: 'succeeded' }, undefined)).toBeUndefined();
    expect(await jobs.renewLease(first!.id, first!.fencingToken, 30)).toBe(false);
    expect(await jobs.saveCheckpoint(ctx.sql, second!.id, second!.fencingToken, { step: 'fresh' })).toBe(true);
    const [row] = await ctx.sql.query('SELECT status, checkpoint, locked_by FROM publish_jobs WHERE id = $1', [first!.id]);
    expect(row).toEqual({ status: 'active', checkpoint: { step: 'fresh' }, locked_by: 'worker-b' });
  });

  it('never claims a job before its run_at on the database clock', async () => {
    const jobs = ctx.t.app.get(PublicationLedger);
    await seedJobs(ctx.sql, ctx.workspaceId, ctx.accountId, 3, "now() + interval '2 seconds'");
    expect(await jobs.claimDue('worker-c', 10, 30)).toEqual([]);
    const claimed = await waitFor(async () => {
      const got = await jobs.claimDue('worker-c', 10, 30);
      return got.length > 0 && got;
    });
    const [{ early }] = await ctx.sql.query(`SELECT count(*)::int AS early FROM publish_jobs WHERE id = ANY($1::uuid[]) AND run_at > now()`, [
      claimed.map((j) => j.id),
    ]);
    expect(early).toBe(0);
  });
});

describe('BullMQ driver (PostgreSQL + Redis)', () => {
  let ctx: Awaited<ReturnType<typeof bootstrap>>;
  let redis: Redis;
  const queueName = () => (ctx.t.app.get(QueueService).driver as BullMqQueueDriver).bullQueue.name;

  // A Redis database of its own: this suite wipes it, and other suites share the server.
  const redisUrl = `${TEST_REDIS_URL}/9`;

  beforeAll(async () => {
    ctx = await bootstrap({ REDIS_URL: redisUrl });
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    redis?.disconnect();
    await ctx?.t.close();
    await ctx?.db.drop();
  });

  beforeEach(async () => {
    await ctx.sql.query('TRUNCATE content_items CASCADE');
    await (ctx.t.app.get(QueueService).driver as BullMqQueueDriver).bullQueue.obliterate({ force: true });
  });

  it('runs every one of 500 delayed jobs exactly once after Redis lost them all (flushed)', async () => {
    const queue = ctx.t.app.get(QueueService);
    const jobs = await seedJobs(ctx.sql, ctx.workspaceId, ctx.accountId, 500, "now() + interval '1 second'");
    await queue.dispatch(jobs);
    expect(await redis.zcard(`bull:${queueName()}:delayed`)).toBe(500);
    await redis.flushdb();

    const runs = new Map<string, number>();
    const ledger = ctx.t.app.get(PublicationLedger);
    await queue.consume(async (job: ClaimedJob) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await ledger.release(ctx.sql, job, { status: 'succeeded' }, undefined);
    });
    const driver = queue.driver as BullMqQueueDriver;
    await waitFor(async () => {
      await driver.reconcile();
      const [{ left }] = await ctx.sql.query("SELECT count(*)::int AS left FROM publish_jobs WHERE status <> 'succeeded'");
      return left === 0;
    }, 'all jobs to run');
    expect(runs.size).toBe(500);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('does not run a message that arrives early because the process clock is ahead', async () => {
    const queue = ctx.t.app.get(QueueService);
    const [job] = await seedJobs(ctx.sql, ctx.workspaceId, ctx.accountId, 1, "now() + interval '3 seconds'");
    const realNow = Date.now;
    // This process believes it is ten minutes later: its BullMQ delay comes out as 0.
    Date.now = () => realNow() + 10 * 60_000;
    try {
      await queue.dispatch([job!]);
    } finally {
      Date.now = realNow;
    }
    const ledger = ctx.t.app.get(PublicationLedger);
    expect(await ledger.claimById(job!.id, 'skewed-worker', 30)).toBeUndefined();
    const [{ status }] = await ctx.sql.query('SELECT status FROM publish_jobs WHERE id = $1', [job!.id]);
    expect(status).toBe('queued');
  });
});
