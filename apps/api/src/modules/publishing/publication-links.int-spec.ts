import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';
import { PublicationLinkBackfill } from './publication-links.backfill.js';

/**
 * Issue 18 items 1–2, over real HTTP against the sandbox in strict mode (it refuses what
 * platform-apis.md does not document, as an independent implementation does): a live post is never
 * reported as failed, "posted, link pending" is backfilled, and an admin settles any publication
 * that is not posted with the evidence.
 */
describe('posted, link pending: the link backfill and resolve with evidence (strict sandbox over HTTP)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let accounts: { tiktok: string; instagram: string };
  let workspaceId: string;
  let backfill: PublicationLinkBackfill;

  beforeAll(async () => {
    db = await createTestDatabase('links');
    // Moderation (TikTok withholding the post id) lasts 10 minutes of the sandbox's clock: it ends
    // when a test moves that clock on, never by itself during a test.
    pipeline = await startPipeline({ DATABASE_URL: db.url, JOB_BACKOFF_BASE_MS: '100', JOB_BACKOFF_CAP_MS: '400' }, { tiktok: { moderationMs: 600_000 } });
    pipeline.sandbox.setStrict(true);
    sql = pipeline.app.app.get(DataSource);
    backfill = pipeline.app.app.get(PublicationLinkBackfill);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });
  afterEach(() => pipeline.sandbox.clearFaults());

  const schedule = async (title: string, target: { accountId: string; options: Record<string, unknown> }) => {
    const assetId = await insertAsset(sql, workspaceId);
    const item = (
      await owner
        .post('/api/content-items', {
          title,
          caption: title,
          assetId,
          scheduledAt: new Date(Date.now() + 500).toISOString(),
          timeZone: 'UTC',
          targets: [target],
        })
        .expect(201)
    ).body as { id: string };
    // The scheduler creates the publication when the item falls due.
    const publicationId = await waitFor(
      async () => (await owner.get(`/api/content-items/${item.id}`).expect(200)).body.publications?.[0]?.id as string | undefined,
      'the publication',
    );
    return { itemId: item.id, publicationId };
  };
  const detail = async (id: string) => (await owner.get(`/api/publications/${id}`).expect(200)).body;
  const settledPublication = (id: string) =>
    waitFor(async () => {
      const d = await detail(id);
      return ['posted', 'failed'].includes(d.status) && d;
    }, 'the publication to settle').catch(async (error: Error) => {
      throw new Error(
        `${error.message}\n${JSON.stringify(await sql.query('SELECT type, to_status, message, data FROM job_events WHERE publication_id = $1 ORDER BY id', [id]), null, 1)}`,
      );
    });
  /** The backfill's next look is due now (instead of in a minute), then one pass runs. */
  const backfillNow = async (publicationId: string) => {
    await sql.query('UPDATE platform_publications SET link_next_check_at = now() WHERE id = $1 AND link_status = $2', [publicationId, 'pending']);
    return backfill.runOnce();
  };

  it('a lost media_publish answer ends posted, link pending (not failed), using only documented calls; the evidence then gives it its permalink', async () => {
    // The publish is applied, then the connection drops: the answer with the media id is lost.
    pipeline.sandbox.addFault({ match: { endpoint: 'instagram.media_publish' }, kind: 'timeout_after', delayMs: 100, nth: 1 });
    const before = pipeline.sandbox.inspect.publicPosts({ platform: 'instagram' }).length;
    const { itemId, publicationId } = await schedule('ambiguous reel', { accountId: accounts.instagram, options: { shareToFeed: true } });

    const d = await settledPublication(publicationId);
    expect(d).toMatchObject({ status: 'posted', linkStatus: 'pending', permalink: null, errorCode: null });
    expect(d.linkReason).toContain('no documented call');
    expect((await owner.get(`/api/content-items/${itemId}`).expect(200)).body.status).toBe('published');
    const live = pipeline.sandbox.inspect.publicPosts({ platform: 'instagram' });
    expect(live).toHaveLength(before + 1);
    // Strict mode refused nothing: the publisher never used an undocumented edge (no media listing).
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'instagram.media.list' })).toEqual([]);
    expect(pipeline.sandbox.inspect.requests().filter((r) => r.status === 400)).toEqual([]);
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'instagram.media_publish' })).toHaveLength(1);

    // The backfill confirms the Reel through its container and says why it cannot read a link.
    expect(await backfillNow(publicationId)).toMatchObject({ none: 1 });
    expect(await detail(publicationId)).toMatchObject({ status: 'posted', linkStatus: 'none', permalink: null });

    // An admin gives the media id they found: the permalink is read from the documented media object.
    const mediaId = live.at(-1)!.postId;
    await owner.post(`/api/publications/${publicationId}/resolve`, { outcome: 'posted', remoteMediaId: mediaId }).expect(204);
    expect(await detail(publicationId)).toMatchObject({ linkStatus: 'pending', remoteMediaId: mediaId });
    expect(await backfill.runOnce()).toMatchObject({ ready: 1 });
    const after = await detail(publicationId);
    expect(after).toMatchObject({
      status: 'posted',
      linkStatus: 'ready',
      remoteMediaId: mediaId,
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\//),
    });
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['succeeded', 'link_unavailable', 'review_resolved', 'link_ready']),
    );
    expect(pipeline.sandbox.inspect.requests().filter((r) => r.status === 400)).toEqual([]);
  });

  it('a failed permalink read after publishing leaves the Reel posted, link pending; the backfill fills the permalink', async () => {
    // The media object read (media ids start with 18; containers and the account with 17) fails once.
    pipeline.sandbox.addFault({ match: { endpoint: 'instagram.node', pathContains: '/18' }, kind: 'http_503', count: 1 });
    const { publicationId } = await schedule('permalink later', { accountId: accounts.instagram, options: { shareToFeed: true } });
    const d = await settledPublication(publicationId);
    expect(d).toMatchObject({ status: 'posted', linkStatus: 'pending', permalink: null, remoteMediaId: expect.stringMatching(/^18\d+$/) });
    expect(await backfillNow(publicationId)).toMatchObject({ ready: 1 });
    const after = await detail(publicationId);
    expect(after).toMatchObject({
      linkStatus: 'ready',
      remoteMediaId: d.remoteMediaId,
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\//),
    });
    const linkEvent = after.timeline.find((e: { type: string }) => e.type === 'link_ready');
    expect(linkEvent).toMatchObject({ message: after.permalink, data: { permalink: after.permalink, remoteMediaId: d.remoteMediaId } });
  });

  it('TikTok PUBLISH_COMPLETE without a post id: posted, link pending, then the backfill fills the post id and the link', async () => {
    const { publicationId } = await schedule('moderated', { accountId: accounts.tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } });
    const d = await settledPublication(publicationId);
    expect(d).toMatchObject({ status: 'posted', linkStatus: 'pending', permalink: null, remoteMediaId: d.remotePublishId });
    const [{ nextCheckInSec }] = await sql.query(
      'SELECT extract(epoch FROM link_next_check_at - now())::float8 AS "nextCheckInSec" FROM platform_publications WHERE id = $1',
      [publicationId],
    );
    expect(nextCheckInSec).toBeGreaterThan(30);

    // Still in moderation: the backfill looks, finds no id yet, and looks again later.
    expect(await backfillNow(publicationId)).toMatchObject({ pending: 1 });
    expect(await detail(publicationId)).toMatchObject({ linkStatus: 'pending', permalink: null });
    const [{ checksSoFar, laterInSec }] = await sql.query(
      'SELECT link_checks AS "checksSoFar", extract(epoch FROM link_next_check_at - now())::float8 AS "laterInSec" FROM platform_publications WHERE id = $1',
      [publicationId],
    );
    expect(checksSoFar).toBe(1);
    expect(laterInSec).toBeGreaterThan(90); // the interval grows: 1 min, then 2 min, …

    pipeline.sandbox.clock.advance(600_000); // moderation ends
    expect(await backfillNow(publicationId)).toMatchObject({ ready: 1 });
    const ready = await detail(publicationId);
    const post = pipeline.sandbox.inspect.publicPosts({ platform: 'tiktok' }).find((p) => p.sourceId === d.remotePublishId)!;
    expect(ready).toMatchObject({ remoteMediaId: post.postId, permalink: `https://www.tiktok.com/@sandbox.public/video/${post.postId}` });
    expect(ready.timeline.filter((e: { type: string }) => e.type === 'link_ready')).toHaveLength(1);
  });

  it("keeps to TikTok's 30 status reads a minute per token, and gives up after 72 h saying why", async () => {
    const { publicationId } = await schedule('budget', { accountId: accounts.tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } });
    expect(await settledPublication(publicationId)).toMatchObject({ status: 'posted', linkStatus: 'pending' });
    const statusCalls = () => pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.status' }).length;

    // The account's status/fetch budget for this minute is spent (by polls or other lookups).
    await sql.query(
      `INSERT INTO rate_limit_windows (key, hits) VALUES ($1, array_fill(now(), ARRAY[30])) ON CONFLICT (key) DO UPDATE SET hits = EXCLUDED.hits`,
      [`tiktok:status:${accounts.tiktok}`],
    );
    const calls = statusCalls();
    expect(await backfillNow(publicationId)).toMatchObject({ deferred: 1 });
    expect(statusCalls()).toBe(calls);
    const [{ waitSec, checks }] = await sql.query(
      'SELECT extract(epoch FROM link_next_check_at - now())::float8 AS "waitSec", link_checks AS checks FROM platform_publications WHERE id = $1',
      [publicationId],
    );
    expect(waitSec).toBeGreaterThan(1);
    expect(waitSec).toBeLessThanOrEqual(60);
    expect(checks).toBe(0);
    await sql.query('DELETE FROM rate_limit_windows WHERE key = $1', [`tiktok:status:${accounts.tiktok}`]);

    // 72 h after the post, a link still withheld is given up, with the reason, without asking again.
    await sql.query(`UPDATE platform_publications SET link_deadline_at = now() - interval '1 second' WHERE id = $1`, [publicationId]);
    expect(await backfillNow(publicationId)).toMatchObject({ none: 1 });
    expect(statusCalls()).toBe(calls);
    const d = await detail(publicationId);
    expect(d).toMatchObject({ status: 'posted', linkStatus: 'none', permalink: null, linkReason: expect.stringContaining('72 h') });
    expect(d.timeline.at(-1)).toMatchObject({ type: 'link_unavailable', message: d.linkReason });
  });

  it('TikTok SELF_ONLY: posted with link none and the reason; the backfill never asks', async () => {
    const statusCalls = () => pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.status' }).length;
    const { publicationId } = await schedule('only me', { accountId: accounts.tiktok, options: { privacyLevel: 'SELF_ONLY' } });
    const d = await settledPublication(publicationId);
    expect(d).toMatchObject({ status: 'posted', linkStatus: 'none', permalink: null });
    expect(d.linkReason).toContain('SELF_ONLY');
    const calls = statusCalls();
    await backfillNow(publicationId);
    expect(statusCalls()).toBe(calls);
  });

  it('an admin settles a failed publication as posted with the evidence; an editor may not; bad evidence is a 422', async () => {
    // Every quota read fails: eight attempts, then the publication is failed (job dead).
    pipeline.sandbox.addFault({ match: { endpoint: 'instagram.content_publishing_limit' }, kind: 'http_500', probability: 1 });
    const { itemId, publicationId } = await schedule('down', { accountId: accounts.instagram, options: { shareToFeed: true } });
    const failed = await settledPublication(publicationId);
    expect(failed).toMatchObject({ status: 'failed', job: { status: 'dead' } });
    pipeline.sandbox.clearFaults();

    const editor = await addMember(pipeline.app.app.getHttpServer(), owner, 'editor@example.com', 'editor');
    const evidence = { outcome: 'posted', remoteMediaId: '18000000000000001', permalink: 'https://www.instagram.com/reel/DEvidence01/' };
    const refused = await editor.client.post(`/api/publications/${publicationId}/resolve`, evidence).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: expect.any(String), message: expect.any(String) });
    expect((await detail(publicationId)).status).toBe('failed');

    const noId = await owner.post(`/api/publications/${publicationId}/resolve`, { outcome: 'posted' }).expect(422);
    expect(noId.body).toMatchObject({ statusCode: 422, code: 'INVALID_EVIDENCE', message: 'Give the post id (remoteMediaId) to mark it posted' });
    const badLink = await owner.post(`/api/publications/${publicationId}/resolve`, { ...evidence, permalink: 'javascript:alert(1)' }).expect(422);
    expect(badLink.body).toMatchObject({ code: 'INVALID_EVIDENCE', message: expect.stringContaining('https://') });

    await owner.post(`/api/publications/${publicationId}/resolve`, { ...evidence, note: 'Seen live in the Instagram app' }).expect(204);
    const posted = await detail(publicationId);
    expect(posted).toMatchObject({
      status: 'posted',
      linkStatus: 'ready',
      remoteMediaId: evidence.remoteMediaId,
      permalink: evidence.permalink,
      errorCode: null,
      job: { status: 'succeeded' },
    });
    expect(posted.timeline.at(-1)).toMatchObject({
      type: 'review_resolved',
      fromStatus: 'failed',
      toStatus: 'posted',
      message: 'Seen live in the Instagram app',
    });
    expect((await owner.get(`/api/content-items/${itemId}`).expect(200)).body.status).toBe('published');
    const audit = await sql.query(`SELECT metadata FROM audit_log WHERE action = 'publication.review_resolved' AND target_id = $1`, [publicationId]);
    expect(audit).toEqual([{ metadata: { outcome: 'posted', from: 'failed' } }]);
    // Settled once: a second settlement is a conflict.
    await owner.post(`/api/publications/${publicationId}/resolve`, evidence).expect(409);
  });
});
