import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { IG_USER, startPipeline, TIKTOK_CREATOR, waitFor } from '../../../test/pipeline-fixture.js';
import { consent } from '../../../test/sandbox-browser.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { PublicationLedger } from '../queue/publication-ledger.js';

const OTHER_CREATOR = 'tt-open-private-0002';

/**
 * Issue #20 item 2, over real HTTP against the sandbox with the real worker, PostgreSQL and queue:
 * a post to a disconnected account waits on a person (no timer, the reason with the account
 * named), shows in the queue counts, the lane and the account, and goes out exactly once when the
 * account is reconnected; the disconnect dialog's impact count, pause and move.
 */
describe('posts waiting on a person, and disconnecting with scheduled posts (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let main: string;
  let other: string;
  let instagram: string;

  const connect = async (platform: 'tiktok' | 'instagram', value: string): Promise<string> => {
    const started = await owner.post(`/api/accounts/connect/${platform}`).expect(200);
    const back = await consent(started.body.authorizeUrl, { decision: 'approve', field: platform === 'tiktok' ? 'open_id' : 'ig_user_id', value });
    const res = await owner.get(`${back.pathname}${back.search}`).expect(302);
    const target = new URL(res.headers.location!);
    expect(target.searchParams.get('error')).toBeNull();
    return target.searchParams.get('connected')!;
  };
  const account = async (id: string) => (await owner.get('/api/accounts').expect(200)).body.find((a: { id: string }) => a.id === id);
  const schedule = async (accountId: string, title: string, inMs = 3_600_000): Promise<string> => {
    const assetId = await insertAsset(sql, workspaceId);
    const res = await owner
      .post('/api/content-items', {
        title,
        caption: title,
        assetId,
        scheduledAt: new Date(Date.now() + inMs).toISOString(),
        timeZone: 'UTC',
        targets: [{ accountId, options: { privacyLevel: 'SELF_ONLY' } }],
      })
      .expect(201);
    return res.body.id;
  };
  const jobOf = async (itemId: string) =>
    (
      await sql.query(
        `SELECT j.id, j.status, j.attempts, j.waiting_on AS "waitingOn", p.id AS "publicationId"
           FROM publish_jobs j JOIN platform_publications p ON p.id = j.publication_id WHERE p.content_item_id = $1`,
        [itemId],
      )
    )[0];
  const targetsOf = async (itemId: string) =>
    ((await sql.query('SELECT social_account_id AS id FROM content_item_targets WHERE content_item_id = $1', [itemId])) as { id: string }[]).map((r) => r.id);
  const itemStatus = async (itemId: string) => (await sql.query('SELECT status FROM content_items WHERE id = $1', [itemId]))[0].status;

  beforeAll(async () => {
    db = await createTestDatabase('waiting_on_person');
    pipeline = await startPipeline({ DATABASE_URL: db.url });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    main = await connect('tiktok', TIKTOK_CREATOR);
    other = await connect('tiktok', OTHER_CREATOR);
    instagram = await connect('instagram', IG_USER);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  it('makes a post to a disconnected account wait on a person with the reason, without retrying, and posts it exactly once after the reconnection', async () => {
    const itemId = await schedule(main, 'Waits for the reconnection');
    await owner.delete(`/api/accounts/${main}`).expect(204);
    // Due now: the scheduler hands it to the queue and the worker meets the disconnected account.
    await sql.query('UPDATE content_items SET scheduled_at = now() WHERE id = $1', [itemId]);
    const waiting = await waitFor(async () => {
      const job = await jobOf(itemId);
      return job?.status === 'waiting_person' && job;
    }, 'the job to wait on a person');
    expect(waiting.attempts).toBe(0);
    expect(waiting.waitingOn).toEqual({
      code: 'account_disconnected',
      accountId: main,
      handle: 'sandbox.public',
      platform: 'tiktok',
      detail: 'disabled',
      since: expect.any(String),
    });
    const timeline = (await owner.get(`/api/publications/${waiting.publicationId}`).expect(200)).body.timeline as { type: string; message: string | null }[];
    expect(timeline.filter((e) => e.type === 'waiting_person').map((e) => e.message)).toEqual([
      '@sandbox.public (TikTok) was disconnected: reconnect it and this post goes out',
    ]);
    expect(timeline.some((e) => e.message?.includes('@account'))).toBe(false);

    // No timer: even once its run time has long passed, no worker may claim it.
    await sql.query("UPDATE publish_jobs SET run_at = now() - interval '1 hour' WHERE id = $1", [waiting.id]);
    expect(await pipeline.app.app.get(PublicationLedger).claimById(waiting.id, 'test-worker', 30)).toBeUndefined();

    // Shown everywhere: the queue count, the lane, the account.
    const state = (await owner.get('/api/marketing-war-room/state').expect(200)).body;
    expect(state.queue.counts.waitingPerson).toBe(1);
    expect(state.queue.inFlight.find((l: { publicationId: string }) => l.publicationId === waiting.publicationId)).toMatchObject({
      jobStatus: 'waiting_person',
      waitingOn: { code: 'account_disconnected', handle: 'sandbox.public', platform: 'tiktok' },
    });
    expect(await account(main)).toMatchObject({ status: 'disabled', waitingPosts: 1 });

    const initsBefore = pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' }).length;
    expect(await connect('tiktok', TIKTOK_CREATOR)).toBe(main);
    const done = await waitFor(async () => {
      const res = await owner.get(`/api/content-items/${itemId}`);
      return ['published', 'failed', 'partially_published'].includes(res.body.status) && res.body;
    }, 'the item to publish after the reconnection');
    expect(done.status).toBe('published');
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' }).length - initsBefore).toBe(1);
    const after = (await owner.get(`/api/publications/${waiting.publicationId}`).expect(200)).body;
    expect(after.timeline.filter((e: { type: string }) => e.type === 'resumed')).toHaveLength(1);
    expect(after.timeline.filter((e: { type: string }) => e.type === 'succeeded')).toHaveLength(1);
    expect((await jobOf(itemId)).waitingOn).toBeNull();
    expect(await account(main)).toMatchObject({ status: 'active', waitingPosts: 0 });
    expect((await owner.get('/api/marketing-war-room/state').expect(200)).body.queue.counts.waitingPerson).toBe(0);
  });

  it('counts the scheduled posts a disconnect affects and the accounts they can move to', async () => {
    const items = [await schedule(other, 'Impact 1'), await schedule(other, 'Impact 2'), await schedule(other, 'Impact 3')];
    const impact = (await owner.get(`/api/accounts/${other}/impact`).expect(200)).body;
    expect(impact).toEqual({ scheduledPosts: 3, pausedPosts: 0, queuedPosts: 0, moveTargets: [main] });
    await owner.post(`/api/content-items/${items[2]}/pause`).expect(200);
    expect((await owner.get(`/api/accounts/${other}/impact`).expect(200)).body).toMatchObject({ scheduledPosts: 2, pausedPosts: 1 });
    await owner.get('/api/accounts/00000000-0000-4000-8000-000000000000/impact').expect(404);
  });

  it('refuses a move to the same account, another platform, an unknown account or without a target, changing nothing', async () => {
    const refused = async (query: string, status: number, code: string) => {
      const res = await owner.delete(`/api/accounts/${other}?${query}`).expect(status);
      expect(res.body.code).toBe(code);
    };
    await refused(`scheduledPosts=move&moveToAccountId=${instagram}`, 422, 'MOVE_TARGET_OTHER_PLATFORM');
    await refused(`scheduledPosts=move&moveToAccountId=${other}`, 422, 'MOVE_TARGET_SAME_ACCOUNT');
    await refused('scheduledPosts=move&moveToAccountId=00000000-0000-4000-8000-000000000000', 404, 'NOT_FOUND');
    await refused('scheduledPosts=move', 400, 'VALIDATION_FAILED');
    await refused('scheduledPosts=later', 400, 'VALIDATION_FAILED');
    expect(await account(other)).toMatchObject({ status: 'active' });
    expect((await owner.get(`/api/accounts/${other}/impact`).expect(200)).body).toMatchObject({ scheduledPosts: 2, pausedPosts: 1 });
  });

  it('moves the scheduled and paused posts to another connected account of the same platform when disconnecting', async () => {
    const items = ((await sql.query('SELECT content_item_id AS id FROM content_item_targets WHERE social_account_id = $1', [other])) as { id: string }[]).map(
      (r) => r.id,
    );
    expect(items).toHaveLength(3);
    await owner.delete(`/api/accounts/${other}?scheduledPosts=move&moveToAccountId=${main}`).expect(204);
    expect(await account(other)).toMatchObject({ status: 'disabled' });
    for (const id of items) expect(await targetsOf(id)).toEqual([main]);
    expect((await owner.get(`/api/accounts/${main}/impact`).expect(200)).body).toMatchObject({ scheduledPosts: 2, pausedPosts: 1 });
  });

  it('pauses the scheduled posts when disconnecting with pause, and refuses to move to a disconnected account', async () => {
    const moved = await owner.delete(`/api/accounts/${main}?scheduledPosts=move&moveToAccountId=${other}`).expect(409);
    expect(moved.body.code).toBe('MOVE_TARGET_NOT_CONNECTED');
    const scheduled = (
      (await sql.query(
        "SELECT ci.id FROM content_items ci JOIN content_item_targets t ON t.content_item_id = ci.id WHERE t.social_account_id = $1 AND ci.status = 'scheduled'",
        [main],
      )) as { id: string }[]
    ).map((r) => r.id);
    expect(scheduled).toHaveLength(2);
    await owner.delete(`/api/accounts/${main}?scheduledPosts=pause`).expect(204);
    for (const id of scheduled) expect(await itemStatus(id)).toBe('paused');
    expect((await owner.get(`/api/accounts/${main}/impact`).expect(200)).body).toMatchObject({ scheduledPosts: 0, pausedPosts: 3 });
  });
});
