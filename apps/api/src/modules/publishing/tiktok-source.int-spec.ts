import { DataSource } from 'typeorm';

import { defaultSeedData, type RequestLogEntry } from '@mwr/platform-sandbox';

import { insertAsset } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, TIKTOK_CREATOR, waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';

/**
 * TikTok source mode (issue 18): PULL_FROM_URL when the job's media link is under a prefix the
 * operator verified with TikTok (TIKTOK_PULL_VERIFIED_PREFIXES), FILE_UPLOAD otherwise. The
 * sandbox (its own server, inspected in-process) has the media origin verified in the first two
 * cases, so only the product's configuration decides; in the third the product claims a prefix
 * TikTok never verified, and TikTok's refusal (§1.3 url_ownership_unverified) is what the user sees.
 */
describe.each([
  ['with the media origin in TIKTOK_PULL_VERIFIED_PREFIXES', true, true],
  ['without TIKTOK_PULL_VERIFIED_PREFIXES', false, true],
  ['with a prefix TikTok has not verified', true, false],
])('TikTok source mode %s', (_name, verified, tiktokVerified) => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let tiktokAccount: string;

  beforeAll(async () => {
    db = await createTestDatabase(!tiktokVerified ? 'tt_unverified' : verified ? 'tt_pull' : 'tt_file');
    pipeline = await startPipeline(
      ({ mediaUrl }) => ({ DATABASE_URL: db.url, ...(verified ? { TIKTOK_PULL_VERIFIED_PREFIXES: `${mediaUrl}/` } : {}) }),
      ({ mediaUrl }) => {
        const seedData = defaultSeedData();
        if (tiktokVerified) for (const client of seedData.tiktokClients) client.verifiedUrlPrefixes.push(`${mediaUrl}/`);
        return { seedData };
      },
    );
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    const workspaceId = (await owner.get('/api/auth/me')).body.workspace.id as string;
    tiktokAccount = (await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId)).tiktok;
    const assetId = await insertAsset(sql, workspaceId);
    await owner
      .post('/api/content-items', {
        title: 'Source mode',
        caption: 'Pulled or uploaded 🎬',
        assetId,
        scheduledAt: new Date(Date.now() + 1000).toISOString(),
        timeZone: 'Europe/Paris',
        targets: [{ accountId: tiktokAccount, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
      })
      .expect(201);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  const title = !tiktokVerified
    ? 'fails with TikTok’s url_ownership_unverified reason after one PULL_FROM_URL init, posting nothing'
    : verified
      ? 'sends one PULL_FROM_URL init with the media link and posts once, uploading no byte'
      : 'sends one FILE_UPLOAD init, uploads the bytes and posts once';
  it(title, async () => {
    const [publication] = await waitFor(async () => {
      const rows: { status: string; remote_media_id: string | null; error_code: string | null; error_message: string | null }[] = await sql.query(
        `SELECT status, remote_media_id, error_code, error_message FROM platform_publications WHERE social_account_id = $1`,
        [tiktokAccount],
      );
      return rows.length > 0 && rows.every((r) => ['posted', 'failed'].includes(r.status)) && rows;
    }, 'the TikTok publication to finish').catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await sql.query('SELECT type, to_status, message, data FROM job_events ORDER BY id'), null, 1)}`);
    });
    const inits: RequestLogEntry[] = pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' });
    expect(inits).toHaveLength(1);
    const sourceInfo = (inits[0]!.body as { source_info: Record<string, unknown> }).source_info;
    const uploads = pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.upload' });
    if (!tiktokVerified) {
      expect(publication).toMatchObject({ status: 'failed', error_code: 'tiktok.url_ownership_unverified', error_message: expect.stringMatching(/verified/) });
      expect(sourceInfo).toMatchObject({ source: 'PULL_FROM_URL' });
      expect(inits[0]!.status).toBe(403);
      expect(uploads).toHaveLength(0);
      expect(pipeline.sandbox.inspect.publicPosts({ platform: 'tiktok', accountId: TIKTOK_CREATOR })).toHaveLength(0);
      return;
    }
    expect(publication).toMatchObject({ status: 'posted', remote_media_id: expect.any(String) });
    if (verified) {
      expect(sourceInfo).toEqual({ source: 'PULL_FROM_URL', video_url: `${pipeline.mediaUrl}/video.mp4` });
      expect(uploads).toHaveLength(0);
    } else {
      expect(sourceInfo).toMatchObject({ source: 'FILE_UPLOAD', video_size: pipeline.video.length });
      expect(sourceInfo).not.toHaveProperty('video_url');
      expect(uploads.length).toBeGreaterThan(0);
    }
    expect(pipeline.sandbox.inspect.publicPosts({ platform: 'tiktok', accountId: TIKTOK_CREATOR })).toHaveLength(1);
    expect(pipeline.sandbox.inspect.duplicates(TIKTOK_CREATOR).flatMap((d) => d.duplicates)).toEqual([]);
  });
});
