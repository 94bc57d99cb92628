import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { TokensService } from '../tokens/tokens.service.js';

describe.each([
  ['Postgres driver', {}],
  ['BullMQ driver', { REDIS_URL: `${TEST_REDIS_URL}/8` }],
])('publishing pipeline end to end (%s, sandbox over HTTP)', (_name, driverEnv) => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let accounts: { tiktok: string; instagram: string };
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('pipeline');
    pipeline = await startPipeline({ DATABASE_URL: db.url, ...driverEnv });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  it('turns one item with two targets into exactly two jobs and posts both, once', async () => {
    // The account's token is read once per claim, not once per platform call (issue #32 item 3).
    const tokenReads = jest.spyOn(pipeline.app.app.get(AccountsService), 'getValidAccessToken');
    const assetId = await insertAsset(sql, workspaceId);
    const scheduledAt = new Date(Date.now() + 1500).toISOString();
    const item = (
      await owner
        .post('/api/content-items', {
          title: 'Launch',
          caption: 'New drop 🚀',
          hashtags: ['launch'],
          assetId,
          scheduledAt,
          timeZone: 'Europe/Paris',
          targets: [
            { accountId: accounts.tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } },
            { accountId: accounts.instagram, options: { shareToFeed: true } },
          ],
        })
        .expect(201)
    ).body;

    const published = await waitFor(async () => {
      const res = await owner.get(`/api/content-items/${item.id}`);
      return ['published', 'partially_published', 'failed'].includes(res.body.status) && res.body;
    }, 'the item to finish publishing').catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await sql.query('SELECT type, to_status, message, data, at FROM job_events ORDER BY id'), null, 1)}`);
    });
    expect(published.status).toBe('published');
    expect((await sql.query('SELECT count(*)::int AS n FROM publish_jobs'))[0].n).toBe(2);
    const ig = published.publications.find((p: { platform: string }) => p.platform === 'instagram');
    expect(ig).toMatchObject({ status: 'posted', remoteMediaId: expect.stringMatching(/^\d+$/), permalink: expect.stringContaining('instagram') });
    expect(new Date(ig.postedAt).getTime()).toBeGreaterThanOrEqual(new Date(scheduledAt).getTime());

    const posts = pipeline.sandbox.inspect.publicPosts();
    expect(posts).toHaveLength(2);
    expect(pipeline.sandbox.inspect.duplicates().flatMap((d) => d.duplicates)).toEqual([]);
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(1);

    // Nothing started before its time, by the database's clock.
    const [{ first }] = await sql.query(`SELECT min(at) AS first FROM job_events WHERE type = 'claimed'`);
    expect(new Date(first).getTime()).toBeGreaterThanOrEqual(new Date(scheduledAt).getTime());
    const [{ claims }] = await sql.query(`SELECT count(*)::int AS claims FROM job_events WHERE type = 'claimed'`);
    expect(tokenReads.mock.calls.length).toBeGreaterThan(0);
    expect(tokenReads.mock.calls.length).toBeLessThanOrEqual(claims);
    tokenReads.mockRestore();

    const detail = (await owner.get(`/api/publications/${ig.id}`).expect(200)).body;
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('queued');
    expect(types).toEqual(expect.arrayContaining(['claimed', 'started', 'step_finished', 'succeeded']));
    expect(detail.job).toMatchObject({ status: 'succeeded', attempts: 0 });
    await owner.post(`/api/publications/${ig.id}/retry`).expect(409);

    // Instagram's own usage headers reach Account Health; TikTok sends none.
    const health = (await owner.get('/api/marketing-war-room/state').expect(200)).body.health as {
      accountId: string;
      platformUsage: { businessUseCase?: object; app?: object; reportedAt: string } | null;
    }[];
    expect(health.find((h) => h.accountId === accounts.instagram)!.platformUsage).toMatchObject({
      businessUseCase: expect.any(Object),
      app: expect.any(Object),
      reportedAt: expect.any(String),
    });
    expect(health.find((h) => h.accountId === accounts.tiktok)!.platformUsage).toBeNull();
  });

  it("posts each account's own caption when the item customises it for that platform", async () => {
    const assetId = await insertAsset(sql, workspaceId);
    const item = (
      await owner
        .post('/api/content-items', {
          title: 'Override',
          caption: 'Shared words',
          hashtags: ['shared'],
          assetId,
          scheduledAt: new Date(Date.now() + 1500).toISOString(),
          timeZone: 'UTC',
          targets: [
            { accountId: accounts.tiktok, options: { privacyLevel: 'SELF_ONLY', caption: 'TikTok only words 🎬', hashtags: ['fyp'] } },
            { accountId: accounts.instagram, options: { shareToFeed: true } },
          ],
        })
        .expect(201)
    ).body;
    await waitFor(async () => {
      const res = await owner.get(`/api/content-items/${item.id}`);
      return ['published', 'partially_published', 'failed'].includes(res.body.status) && res.body;
    }, 'the item to finish publishing');
    // The sandbox records each post with the publish id (TikTok) or container id (Instagram) it came from.
    const ids = (await sql.query('SELECT platform, remote_publish_id AS "publishId" FROM platform_publications WHERE content_item_id = $1', [item.id])) as {
      platform: string;
      publishId: string;
    }[];
    const captionOn = (platform: string) => {
      const publishId = ids.find((p) => p.platform === platform)?.publishId;
      return pipeline.sandbox.inspect.publicPosts().find((post) => post.platform === platform && post.sourceId === publishId)?.caption;
    };
    expect(captionOn('tiktok')).toBe('TikTok only words 🎬\n\n#fyp');
    expect(captionOn('instagram')).toBe('Shared words\n\n#shared');
  });
});

describe('retries against a misbehaving platform (Postgres driver, sandbox over HTTP)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let accounts: { tiktok: string; instagram: string };
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('retries');
    // A fast, controllable backoff: 100 ms base, 400 ms cap.
    pipeline = await startPipeline({ DATABASE_URL: db.url, JOB_BACKOFF_BASE_MS: '100', JOB_BACKOFF_CAP_MS: '400' });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  const schedule = async (title: string) => {
    const assetId = await insertAsset(sql, workspaceId);
    return (
      await owner
        .post('/api/content-items', {
          title,
          caption: title,
          assetId,
          scheduledAt: new Date(Date.now() + 500).toISOString(),
          timeZone: 'UTC',
          targets: [{ accountId: accounts.tiktok, options: { privacyLevel: 'SELF_ONLY' } }],
        })
        .expect(201)
    ).body as { id: string };
  };
  const settled = (id: string) =>
    waitFor(async () => {
      const res = await owner.get(`/api/content-items/${id}`);
      return ['published', 'failed'].includes(res.body.status) && res.body;
    }, 'the item to settle').catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await sql.query('SELECT type, to_status, message, data FROM job_events ORDER BY id'), null, 1)}`);
    });

  it('waits out a 429 storm for as long as Retry-After says, then posts once', async () => {
    pipeline.sandbox.addFault({ match: { endpoint: 'tiktok.video.init' }, kind: 'rate_limit_429', retryAfterSec: 1, count: 3 });
    const item = await schedule('storm');
    const done = await settled(item.id);
    expect(done.status).toBe('published');
    const inits = pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' });
    expect(inits).toHaveLength(4);
    // No hot loop: consecutive init calls are at least Retry-After apart.
    for (let i = 1; i < inits.length; i++) expect(inits[i]!.at - inits[i - 1]!.at).toBeGreaterThanOrEqual(950);
    const retries = await sql.query(`SELECT (data->>'delayMs')::int AS delay FROM job_events WHERE type = 'retry_scheduled' ORDER BY id`);
    expect(retries).toHaveLength(3);
    expect(retries.every((r: { delay: number }) => r.delay >= 1000)).toBe(true);
  });

  it("keeps to TikTok's 6 inits a minute without burning attempts, and gives up after 8 attempts in all", async () => {
    pipeline.sandbox.clearFaults();
    await sql.query('DELETE FROM rate_limit_windows');
    pipeline.sandbox.addFault({ match: { endpoint: 'tiktok.video.init' }, kind: 'http_503', probability: 1 });
    const before = pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' }).length;
    const item = await schedule('always down');
    const inits = () => pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' }).length - before;

    // Six failing inits in well under a minute; the seventh waits for the window instead of being sent.
    await waitFor(async () => (await sql.query("SELECT 1 FROM job_events WHERE type = 'rate_limited'")).length > 0, 'the init limit to bite');
    expect(inits()).toBe(6);
    const [{ attempts }] = await sql.query("SELECT attempts FROM publish_jobs WHERE status = 'queued'");
    expect(attempts).toBe(6);

    // A minute passes (the limiter's window and the job's wait, on the database's side).
    await sql.query('DELETE FROM rate_limit_windows');
    await sql.query("UPDATE publish_jobs SET run_at = now() WHERE status = 'queued'");
    const done = await settled(item.id);
    pipeline.sandbox.clearFaults();
    expect(done.status).toBe('failed');
    expect(inits()).toBe(8);
    const detail = (await owner.get(`/api/publications/${done.publications[0].id}`).expect(200)).body;
    expect(detail.job).toMatchObject({ status: 'dead', attempts: 8 });
    // The reason stays; the promise of a retry does not.
    expect(detail.errorMessage).toMatch(/^TikTok had a temporary error\. Gave up after 8 attempts: use Retry once the problem is solved\.$/);
    const delays = detail.timeline.filter((e: { type: string }) => e.type === 'retry_scheduled').map((e: { data: { delayMs: number } }) => e.data.delayMs);
    expect(delays).toHaveLength(7);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
  });
});
