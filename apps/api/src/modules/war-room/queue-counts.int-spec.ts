import { DataSource } from 'typeorm';

import { JOB_OPEN_STATUSES } from '@mwr/domain';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { waitFor } from '../../../test/wait.js';
import { PublicationLedger, type ClaimedJob } from '../queue/publication-ledger.js';
import { QUEUE_COUNTS_SQL, WarRoomRepository } from './war-room.repository.js';

/** The state document's names for the open job statuses. */
const COUNT_KEYS: Record<string, string> = {
  queued: 'queued',
  active: 'active',
  waiting_retry: 'waitingRetry',
  waiting_person: 'waitingPerson',
  needs_review: 'needsReview',
};

describe('war room: the queue counts stay equal to a real count of the jobs (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let sql: DataSource;
  let owner: SessionClient;
  let ledger: PublicationLedger;
  let repository: WarRoomRepository;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('queue_counts');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    sql = t.app.get(DataSource);
    ledger = t.app.get(PublicationLedger);
    repository = t.app.get(WarRoomRepository);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** COUNT(*) over the table itself (no index), every open status present, zeros included. */
  async function realCounts(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await sql.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_indexscan = off');
      await tx.query('SET LOCAL enable_indexonlyscan = off');
      await tx.query('SET LOCAL enable_bitmapscan = off');
      return tx.query('SELECT status, count(*)::int AS n FROM publish_jobs WHERE workspace_id = $1 GROUP BY status', [workspaceId]);
    });
    const byStatus = new Map(rows.map((r) => [r.status, r.n]));
    return Object.fromEntries(JOB_OPEN_STATUSES.map((s) => [COUNT_KEYS[s]!, byStatus.get(s) ?? 0]));
  }

  /** What the war room reports, named as in the state document, zeros included. */
  async function reported(): Promise<Record<string, number>> {
    const counts = await repository.queueCounts(workspaceId);
    return Object.fromEntries(JOB_OPEN_STATUSES.map((s) => [COUNT_KEYS[s]!, counts[s] ?? 0]));
  }

  /** `n` due items, one target each, scheduled through the ledger: their jobs are queued. */
  async function schedule(n: number): Promise<void> {
    await sql.query(
      `WITH items AS (
         INSERT INTO content_items (workspace_id, title, caption, scheduled_at, time_zone, status)
         SELECT $1, 'counts ' || g, 'c', now() - interval '1 second', 'UTC', 'scheduled' FROM generate_series(1, $3) g RETURNING id
       )
       INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id) SELECT $1, id, $2 FROM items`,
      [workspaceId, accountId, n],
    );
    expect((await ledger.scheduleDue(0, 100)).jobs).toHaveLength(n);
  }

  const release = (job: ClaimedJob, change: Parameters<PublicationLedger['release']>[2], lane?: Parameters<PublicationLedger['release']>[4]) =>
    sql.transaction(async (tx) => expect(await ledger.release(tx, job, change, { type: 'counts_test', toStatus: change.status }, lane)).toBeDefined());

  it('after scheduling, claims, retries, waits on a person, resumes, reviews, cancels and manual retries', async () => {
    const checkpoints: { step: string; reported: Record<string, number>; real: Record<string, number> }[] = [];
    const checkpoint = async (step: string) => checkpoints.push({ step, reported: await reported(), real: await realCounts() });

    await schedule(12);
    await checkpoint('scheduled');
    const claimed = await ledger.claimDue('counts-worker', 10, 60);
    expect(claimed).toHaveLength(10);
    await checkpoint('claimed');
    const [retrying, waiting1, waiting2, review, posted, failed1, failed2, cancelledLater, stillActive] = claimed as [
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
      ClaimedJob,
    ];
    expect(stillActive).toBeDefined();

    // A transient failure: back off (waiting_retry), due later.
    await release(retrying, { status: 'waiting_retry', runAt: new Date(Date.now() + 3_600_000), attemptsDelta: 1, lastError: { code: 'busy' } });
    // Two posts wait on a person (the account was disconnected).
    const waitingOn = { code: 'account_disconnected' as const, accountId, handle: 'counts', platform: 'tiktok', detail: null, since: new Date().toISOString() };
    await release(waiting1, { status: 'waiting_person', waitingOn });
    await release(waiting2, { status: 'waiting_person', waitingOn });
    await release(review, { status: 'needs_review' }, { from: 'pending', to: 'processing' });
    await release(posted, { status: 'succeeded' }, { from: 'pending', to: 'posted' });
    await release(failed1, { status: 'failed', lastError: { code: 'rejected' } }, { from: 'pending', to: 'failed' });
    await release(failed2, { status: 'failed', lastError: { code: 'rejected' } }, { from: 'pending', to: 'failed' });
    await release(cancelledLater, { status: 'queued', runAt: new Date(Date.now() + 3_600_000) });
    await checkpoint('released');

    // The account is back: its waiting jobs are queued again.
    await sql.transaction((tx) => ledger.resumeAccount(tx, accountId, 'reconnected'));
    await checkpoint('resumed');

    // People act: cancel a queued one, cancel the one backing off, retry a failure.
    await owner.call('post', `/api/publications/${cancelledLater.publicationId}/cancel`).expect(204);
    await owner.call('post', `/api/publications/${retrying.publicationId}/cancel`).expect(204);
    await owner.call('post', `/api/publications/${failed1.publicationId}/retry`).expect(204);
    await checkpoint('people acted');

    for (const c of checkpoints) expect({ step: c.step, counts: c.reported }).toEqual({ step: c.step, counts: c.real });
    // The mix reached every open status at some point, so none is left out unnoticed.
    for (const key of Object.values(COUNT_KEYS)) expect(checkpoints.some((c) => c.real[key]! > 0)).toBe(true);

    // The state document carries the same figures once the events reached its cache.
    const real = await realCounts();
    await waitFor(async () => {
      const res = await owner.get('/api/marketing-war-room/state').expect(200);
      return JSON.stringify(res.body.queue.counts) === JSON.stringify(real) || undefined;
    }, 'the state document to show the real counts');
  });

  it('counts from an index-only scan of the open jobs, never reading publish_jobs itself', async () => {
    const plan = JSON.stringify(
      await sql.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        return tx.query(`EXPLAIN (FORMAT JSON) ${QUEUE_COUNTS_SQL}`, [workspaceId]);
      }),
    );
    expect(plan).toContain('"Node Type":"Index Only Scan"');
    expect(plan).toContain('"Index Name":"publish_jobs_open_status_idx"');
    expect(plan).not.toContain('Seq Scan');
  });
});
