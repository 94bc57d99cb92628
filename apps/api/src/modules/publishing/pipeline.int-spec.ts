import { DataSource } from 'typeorm';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { insertAsset } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
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
          targets: [{ accountId: accounts.tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }, { accountId: accounts.instagram, options: { shareToFeed: true } }],
        })
        .expect(201)
    ).body;

    const published = await waitFor(
      async () => {
        const res = await owner.get(`/api/content-items/${item.id}`);
        return ['published', 'partially_published', 'failed'].includes(res.body.status) && res.body;
      },
      40_000,
      'the item to finish publishing',
    ).catch(async (error: Error) => {
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

    const detail = (await owner.get(`/api/publications/${ig.id}`).expect(200)).body;
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('queued');
    expect(types).toEqual(expect.arrayContaining(['claimed', 'started', 'step_finished', 'succeeded']));
    expect(detail.job).toMatchObject({ status: 'succeeded', attempts: 0 });
    await owner.post(`/api/publications/${ig.id}/retry`).expect(409);
  }, 60_000);
});
