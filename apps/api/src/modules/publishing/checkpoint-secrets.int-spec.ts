import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';
import { CheckpointSecrets } from './checkpoint-secrets.js';

/**
 * publish_jobs.checkpoint keeps what a resume needs, but never a credential in the clear: the
 * signed media link and TikTok's upload URL (its upload_token) are sealed with the token keys,
 * and a job that stops after such a checkpoint resumes from it and posts exactly once.
 */
describe('publishing: no media link or upload token in the clear in stored checkpoints (PostgreSQL + sandbox)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accounts: { tiktok: string; instagram: string };

  beforeAll(async () => {
    db = await createTestDatabase('checkpoint_secrets');
    pipeline = await startPipeline({ DATABASE_URL: db.url, JOB_BACKOFF_BASE_MS: '200', JOB_BACKOFF_CAP_MS: '400' });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  /** Schedules one post to one account and returns its publication id once the job exists. */
  async function post(accountId: string, title: string, options: Record<string, unknown>): Promise<string> {
    const assetId = await insertAsset(sql, workspaceId);
    const item = (
      await owner
        .post('/api/content-items', {
          title,
          caption: title,
          assetId,
          scheduledAt: new Date(Date.now() + 300).toISOString(),
          timeZone: 'UTC',
          targets: [{ accountId, options }],
        })
        .expect(201)
    ).body as { id: string };
    const [publication] = await waitFor(async () => {
      const rows = await sql.query('SELECT p.id FROM platform_publications p JOIN publish_jobs j ON j.publication_id = p.id WHERE p.content_item_id = $1', [
        item.id,
      ]);
      return rows.length ? rows : undefined;
    }, 'the job');
    return publication.id as string;
  }

  const events = async (publicationId: string): Promise<string[]> =>
    (await sql.query('SELECT type FROM job_events WHERE publication_id = $1 ORDER BY id', [publicationId])).map((r: { type: string }) => r.type);
  const rawCheckpoint = async (publicationId: string): Promise<string> =>
    (await sql.query('SELECT checkpoint::text AS raw FROM publish_jobs WHERE publication_id = $1', [publicationId]))[0].raw;
  const posted = (publicationId: string) =>
    waitFor(async () => {
      const [p] = await sql.query('SELECT status FROM platform_publications WHERE id = $1', [publicationId]);
      if (['failed', 'cancelled'].includes(p.status)) throw new Error(`publication ${p.status}: ${JSON.stringify(await events(publicationId))}`);
      return p.status === 'posted';
    }, 'the post');

  async function expectNoSecrets(raw: string, accountId: string): Promise<void> {
    const token = await pipeline.app.app.get(TokensService).peekAccessToken(accountId);
    expect(raw).not.toContain('/video.mp4');
    expect(raw).not.toMatch(/upload_token|upload_id=/);
    expect(raw).not.toContain(token!);
  }

  it('Instagram: the stored checkpoint holds the media link sealed, and a retry after the first checkpoint resumes from it and posts once', async () => {
    // The first call after the "started" checkpoint fails: the job goes back to the queue with it.
    pipeline.sandbox.addFault({ match: { endpoint: 'instagram.content_publishing_limit' }, kind: 'http_503', nth: 1 });
    const publicationId = await post(accounts.instagram, 'sealed reel', { shareToFeed: true });
    await waitFor(async () => (await events(publicationId)).includes('retry_scheduled'), 'the retry after the first checkpoint');
    await posted(publicationId);

    const raw = await rawCheckpoint(publicationId);
    await expectNoSecrets(raw, accounts.instagram);
    const stored = JSON.parse(raw) as { media: { publicUrl?: string }; containerId?: string };
    expect(stored.media.publicUrl).toMatch(/^mwr-sealed:\d+:/);
    expect(stored.containerId).toEqual(expect.any(String));
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'instagram.media.create' })).toHaveLength(1);
    expect(pipeline.sandbox.inspect.publicPosts({ platform: 'instagram' })).toHaveLength(1);
  });

  it('TikTok: the upload URL (upload_token) is stored sealed, and a retry of the upload resumes with it: one init, one post', async () => {
    pipeline.sandbox.clearFaults();
    pipeline.sandbox.addFault({ match: { endpoint: 'tiktok.upload' }, kind: 'http_503', nth: 1 });
    const publicationId = await post(accounts.tiktok, 'sealed upload', { privacyLevel: 'SELF_ONLY' });
    await waitFor(async () => (await events(publicationId)).includes('retry_scheduled'), 'the retry of the upload');
    await posted(publicationId);

    const raw = await rawCheckpoint(publicationId);
    await expectNoSecrets(raw, accounts.tiktok);
    const stored = JSON.parse(raw) as { uploadUrl?: string; publishId?: string; media: { publicUrl?: string } };
    expect(stored.uploadUrl).toMatch(/^mwr-sealed:\d+:/);
    expect(stored.media.publicUrl).toMatch(/^mwr-sealed:\d+:/);
    expect(stored.publishId).toEqual(expect.any(String));
    // Resumed with the stored upload URL: no second init, one post.
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(1);
    expect(pipeline.sandbox.inspect.publicPosts({ platform: 'tiktok' })).toHaveLength(1);
  });

  it('a sealed value copied into another job does not open there (AAD binds it to its job and field)', async () => {
    const [a, b] = await sql.query(
      "SELECT id, checkpoint FROM publish_jobs WHERE checkpoint->>'platform' = 'tiktok' UNION ALL SELECT id, checkpoint FROM publish_jobs WHERE checkpoint->>'platform' = 'instagram'",
    );
    const secrets = pipeline.app.app.get(CheckpointSecrets);
    const own = secrets.open(a.id, ['media.publicUrl'], a.checkpoint);
    expect(own.dropped).toEqual([]);
    expect((own.checkpoint as { media: { publicUrl: string } }).media.publicUrl).toMatch(/\/video\.mp4$/);
    const foreign = secrets.open(b.id, ['media.publicUrl'], a.checkpoint);
    expect(foreign.dropped).toEqual(['media.publicUrl']);
    expect((foreign.checkpoint as { media: { publicUrl?: string } }).media.publicUrl).toBeUndefined();
  });
});
