import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase } from '../../../test/test-database.js';
import type { ClaimedJob } from './jobs.repository.js';
import { PublicationLedger } from './publication-ledger.js';

/** Jobs with real rows behind them, due now, claimed by `worker`. */
async function claimedJobs(
  sql: DataSource,
  ledger: PublicationLedger,
  workspaceId: string,
  accountId: string,
  count: number,
  worker: string,
): Promise<ClaimedJob[]> {
  await sql.query(
    `WITH items AS (
       INSERT INTO content_items (workspace_id, title, scheduled_at, time_zone, status)
       SELECT $1, 'r ' || g, now() - interval '1 second', 'UTC', 'publishing' FROM generate_series(1, $2) g RETURNING id),
     pubs AS (
       INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) SELECT $1, id, $3, 'tiktok' FROM items RETURNING id)
     INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, run_at, account_id, platform)
     SELECT $1, id, 'publication:' || id, now() - interval '1 second', $3, 'tiktok' FROM pubs`,
    [workspaceId, count, accountId],
  );
  const jobs = await ledger.claimDue(worker, count, 30);
  expect(jobs).toHaveLength(count);
  return jobs;
}

const jobRow = async (sql: DataSource, id: string) =>
  (
    await sql.query(
      `SELECT status, attempts, last_error AS "lastError", locked_by AS "lockedBy", finished_at IS NOT NULL AS finished,
              (SELECT count(*)::int FROM job_events e WHERE e.job_id = j.id AND e.type <> 'claimed') AS events
         FROM publish_jobs j WHERE id = $1`,
      [id],
    )
  )[0];

describe('releases outside a transaction are written together (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let sql: DataSource;
  let ledger: PublicationLedger;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('release_batch');
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

  /** The statements `sql` runs while `work` does (they still run: the spy only counts). */
  async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const spy = jest.spyOn(sql, 'query');
    try {
      const result = await work();
      return { result, statements: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  it('writes 40 releases finishing together in 2 statements, each under its own lease, move and timeline row', async () => {
    const jobs = await claimedJobs(sql, ledger, workspaceId, accountId, 40, 'batch-worker');
    // One lease was lost: its job expired and another worker holds it now (a newer fencing token).
    const stolen = jobs[7]!;
    await sql.query(`UPDATE publish_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [stolen.id]);
    const [reclaimed] = await ledger.claimDue('other-worker', 1, 30);
    expect(reclaimed!.id).toBe(stolen.id);

    const { result, statements } = await statementsDuring(() =>
      Promise.all(
        jobs.map((job, i) =>
          i % 2 === 0
            ? ledger.release(sql, job, { status: 'succeeded' }, { type: 'succeeded', toStatus: 'succeeded', data: { i } })
            : ledger.release(sql, job, { status: 'waiting_retry', runAt: new Date(Date.now() + 60_000), attemptsDelta: 1, lastError: { i } }, undefined),
        ),
      ),
    );
    // The first goes out at once; the 39 that arrive while it is in flight go in one statement.
    expect(statements).toBe(2);
    expect(result[7]).toBeUndefined();
    expect(result.filter((r) => r === undefined)).toHaveLength(1);
    for (const [i, job] of jobs.entries()) {
      const row = await jobRow(sql, job.id);
      if (i === 7) expect(row).toEqual({ status: 'active', attempts: 0, lastError: null, lockedBy: 'other-worker', finished: false, events: 0 });
      else if (i % 2 === 0) expect(row).toEqual({ status: 'succeeded', attempts: 0, lastError: null, lockedBy: null, finished: true, events: 1 });
      else expect(row).toEqual({ status: 'waiting_retry', attempts: 1, lastError: { i }, lockedBy: null, finished: false, events: 0 });
      // Each caller gets its own job's dispatch request (a retry moves the dispatch sequence on).
      if (i !== 7) expect(result[i]).toMatchObject({ id: job.id, dispatchSeq: i % 2 === 0 ? 0 : 1 });
    }
    const events: { i: number }[] = (await sql.query(`SELECT data FROM job_events WHERE type = 'succeeded' ORDER BY (data->>'i')::int`)).map(
      (r: { data: { i: number } }) => r.data,
    );
    expect(events).toEqual(
      jobs
        .map((_, i) => i)
        .filter((i) => i % 2 === 0 && i !== 7)
        .map((i) => ({ i })),
    );
  });

  it('gives one of two releases of the same job its result and the other nothing, even when they arrive together', async () => {
    const [first, twice] = await claimedJobs(sql, ledger, workspaceId, accountId, 2, 'dup-worker');
    const results = await Promise.all([
      ledger.release(sql, first!, { status: 'succeeded' }, undefined),
      // These two land in the same batch (the first release is in flight when they arrive).
      ledger.release(sql, twice!, { status: 'succeeded' }, { type: 'succeeded', toStatus: 'succeeded' }),
      ledger.release(sql, twice!, { status: 'succeeded' }, { type: 'succeeded', toStatus: 'succeeded' }),
    ]);
    expect(results[0]).toBeDefined();
    expect(results.slice(1).filter((r) => r !== undefined)).toHaveLength(1);
    expect(await jobRow(sql, twice!.id)).toMatchObject({ status: 'succeeded', events: 1 });
  });

  it('writes a batch that fails as a whole one release at a time: only the bad release fails', async () => {
    const jobs = await claimedJobs(sql, ledger, workspaceId, accountId, 6, 'fail-worker');
    // A checkpoint PostgreSQL refuses (a NUL character in jsonb): its statement fails, whichever it is in.
    const bad = jobs[3]!;
    const settled = await Promise.allSettled(
      jobs.map((job) => ledger.release(sql, job, { status: 'succeeded', checkpoint: job === bad ? { text: 'a\u0000b' } : undefined }, undefined)),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    for (const job of jobs) expect((await jobRow(sql, job.id)).status).toBe(job === bad ? 'active' : 'succeeded');
  });

  it('keeps a release inside a transaction in that transaction: rolled back with it', async () => {
    const [job] = await claimedJobs(sql, ledger, workspaceId, accountId, 1, 'tx-worker');
    await expect(
      sql.transaction(async (tx) => {
        expect(await ledger.release(tx, job!, { status: 'succeeded' }, { type: 'succeeded', toStatus: 'succeeded' })).toBeDefined();
        throw new Error('the job effect failed');
      }),
    ).rejects.toThrow('the job effect failed');
    expect(await jobRow(sql, job!.id)).toMatchObject({ status: 'active', lockedBy: 'tx-worker', events: 0 });
  });
});
