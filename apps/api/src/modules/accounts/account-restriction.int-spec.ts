import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { consent } from '../../../test/sandbox-browser.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { AccountsService } from './accounts.service.js';

const BANNED = 'tt-open-banned-0003';
const PRIVATE = 'tt-open-private-0002';

/**
 * Issue 18.3 and 18.4, over real HTTP against the sandbox: a creator TikTok bans from posting is
 * `restricted` from the moment it connects and its posts wait on a person with TikTok's reason
 * (never "needs review", issue #20) until the ban is lifted; TikTok options a creator does not allow are refused when the item is created or edited.
 */
describe('TikTok creator restrictions and options (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let banned: string;
  let privateAccount: string;

  const connect = async (openId: string): Promise<string> => {
    const started = await owner.post('/api/accounts/connect/tiktok').expect(200);
    const back = await consent(started.body.authorizeUrl, { decision: 'approve', field: 'open_id', value: openId });
    const res = await owner.get(`${back.pathname}${back.search}`).expect(302);
    const target = new URL(res.headers.location!);
    expect(target.searchParams.get('error')).toBeNull();
    return target.searchParams.get('connected')!;
  };
  const setCreator = async (openId: string, settings: Record<string, unknown>) => {
    const res = await fetch(`${pipeline.running.urls.inspectionUrl}/tiktok/creators/${openId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(res.status).toBe(200);
  };
  const account = async (id: string) => (await owner.get('/api/accounts').expect(200)).body.find((a: { id: string }) => a.id === id);
  const health = async (id: string) =>
    (await owner.get('/api/marketing-war-room/state').expect(200)).body.health.find((a: { accountId: string }) => a.accountId === id);

  beforeAll(async () => {
    db = await createTestDatabase('account_restriction');
    pipeline = await startPipeline({ DATABASE_URL: db.url });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    banned = await connect(BANNED);
    privateAccount = await connect(PRIVATE);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  describe('a creator banned from posting (18.3)', () => {
    it('is restricted with TikTok’s reason as soon as it is connected, in Accounts and Account Health', async () => {
      expect(await account(banned)).toMatchObject({
        handle: 'sandbox.banned',
        status: 'restricted',
        restriction: {
          code: 'spam_risk_user_banned_from_posting',
          message: expect.stringMatching(/banned this account from posting/),
          since: expect.any(String),
        },
      });
      expect(await health(banned)).toMatchObject({ status: 'restricted', restriction: { code: 'spam_risk_user_banned_from_posting' }, token: { valid: true } });
      expect(await account(privateAccount)).toMatchObject({ status: 'active', restriction: null });
    });

    it('becomes active again when the test finds creator_info no longer refuses, and restricted when it refuses again', async () => {
      await setCreator(BANNED, { bannedFromPosting: false });
      expect((await owner.post(`/api/accounts/${banned}/test`).expect(200)).body).toEqual({ ok: true, handle: 'sandbox.banned', status: 'active' });
      expect(await account(banned)).toMatchObject({ status: 'active', restriction: null });
      expect((await account(banned)).capabilities.privacyLevelOptions).toContain('PUBLIC_TO_EVERYONE');

      await setCreator(BANNED, { bannedFromPosting: true });
      expect((await owner.post(`/api/accounts/${banned}/test`).expect(200)).body).toEqual({
        ok: false,
        handle: 'sandbox.banned',
        error: 'spam_risk_user_banned_from_posting',
        status: 'restricted',
      });
      expect(await account(banned)).toMatchObject({ status: 'restricted', restriction: { code: 'spam_risk_user_banned_from_posting' } });
    });

    it('re-checks creator_info when the token is refreshed', async () => {
      await setCreator(BANNED, { bannedFromPosting: false });
      await sql.query("UPDATE oauth_tokens SET expires_at = now() + interval '5 minutes' WHERE account_id = $1", [banned]);
      const result = await pipeline.app.app.get(AccountsService).refreshDueTokens();
      expect(result.refreshed).toBeGreaterThanOrEqual(1);
      expect(await account(banned)).toMatchObject({ status: 'active', restriction: null });
      await setCreator(BANNED, { bannedFromPosting: true });
      await sql.query("UPDATE oauth_tokens SET expires_at = now() + interval '5 minutes' WHERE account_id = $1", [banned]);
      await pipeline.app.app.get(AccountsService).refreshDueTokens();
      expect(await account(banned)).toMatchObject({ status: 'restricted', restriction: { code: 'spam_risk_user_banned_from_posting' } });
    });

    it('makes a scheduled post wait on a person with TikTok’s reason (#20: not failed, never "needs review", nothing sent), and posts it once when the ban is lifted', async () => {
      await setCreator(BANNED, { bannedFromPosting: true });
      const assetId = await insertAsset(sql, workspaceId);
      const item = (
        await owner
          .post('/api/content-items', {
            title: 'Banned',
            caption: 'hello',
            assetId,
            scheduledAt: new Date(Date.now() + 1000).toISOString(),
            timeZone: 'UTC',
            targets: [{ accountId: banned, options: { privacyLevel: 'SELF_ONLY' } }],
          })
          .expect(201)
      ).body;
      // Scheduling to it is allowed (the ban may be lifted by then) but says so.
      expect(item.warnings).toEqual([
        expect.objectContaining({ code: 'account_restricted', message: expect.stringContaining('@sandbox.banned is restricted by the platform') }),
      ]);
      const waiting = await waitFor(async () => {
        const [job] = await sql.query(
          'SELECT j.status, j.attempts, j.waiting_on AS "waitingOn" FROM publish_jobs j JOIN platform_publications p ON p.id = j.publication_id WHERE p.content_item_id = $1',
          [item.id],
        );
        return job && ['waiting_person', 'failed', 'dead', 'needs_review', 'succeeded'].includes(job.status) && job;
      }, 'the job to stop on the ban');
      expect(waiting.status).toBe('waiting_person');
      expect(waiting.attempts).toBe(0);
      expect(waiting.waitingOn).toMatchObject({
        code: 'account_restricted',
        handle: 'sandbox.banned',
        platform: 'tiktok',
        detail: 'spam_risk_user_banned_from_posting',
      });
      const [pub] = await sql.query('SELECT error_class, error_code, needs_review FROM platform_publications WHERE content_item_id = $1', [item.id]);
      expect(pub).toEqual({ error_class: 'account_restricted', error_code: 'tiktok.spam_risk_user_banned_from_posting', needs_review: false });
      // Nothing was sent: creator_info refused before any init.
      expect(pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(0);
      expect(await account(banned)).toMatchObject({ status: 'restricted', waitingPosts: 1 });

      // The ban is lifted and a re-check (here the connection test) sees it: the post goes out, once.
      await setCreator(BANNED, { bannedFromPosting: false });
      expect((await owner.post(`/api/accounts/${banned}/test`).expect(200)).body).toMatchObject({ ok: true, status: 'active' });
      const done = await waitFor(async () => {
        const res = await owner.get(`/api/content-items/${item.id}`);
        return ['published', 'failed'].includes(res.body.status) && res.body;
      }, 'the item to publish once the ban is lifted');
      expect(done.status).toBe('published');
      expect(pipeline.sandbox.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(1);
      expect(await account(banned)).toMatchObject({ status: 'active', waitingPosts: 0 });
      await setCreator(BANNED, { bannedFromPosting: true });
      await owner.post(`/api/accounts/${banned}/test`).expect(200);
    });
  });

  describe('a ban lifted before the post goes out (18.3)', () => {
    it('posts, and the account is active again', async () => {
      expect(await account(banned)).toMatchObject({ status: 'restricted' });
      await setCreator(BANNED, { bannedFromPosting: false });
      const assetId = await insertAsset(sql, workspaceId);
      const item = (
        await owner
          .post('/api/content-items', {
            title: 'Lifted',
            caption: 'back',
            assetId,
            scheduledAt: new Date(Date.now() + 1000).toISOString(),
            timeZone: 'UTC',
            targets: [{ accountId: banned, options: { privacyLevel: 'SELF_ONLY' } }],
          })
          .expect(201)
      ).body;
      const done = await waitFor(async () => {
        const res = await owner.get(`/api/content-items/${item.id}`);
        return ['published', 'failed'].includes(res.body.status) && res.body;
      }, 'the item to finish publishing');
      expect(done.status).toBe('published');
      expect(await account(banned)).toMatchObject({ status: 'active', restriction: null });
    });
  });

  describe('TikTok options checked against the creator’s creator_info (18.4)', () => {
    const PRIVATE_OPTIONS = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
    const draft = (options: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      title: 'Options',
      caption: 'hi',
      timeZone: 'UTC',
      targets: [{ accountId: privateAccount, options }],
      ...extra,
    });

    it('refuses a privacy level the creator does not offer, with the allowed values', async () => {
      const res = await owner.post('/api/content-items', draft({ privacyLevel: 'PUBLIC_TO_EVERYONE' })).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'TIKTOK_OPTIONS_NOT_ALLOWED', message: expect.stringContaining('PUBLIC_TO_EVERYONE') });
      expect(res.body.details).toMatchObject([
        { field: 'targets[0].options.privacyLevel', messages: [expect.any(String)], allowed: expect.arrayContaining(PRIVATE_OPTIONS) },
      ]);
      expect(res.body.details[0].allowed).toHaveLength(3);
    });

    it('refuses duets or stitches the creator turned off', async () => {
      const res = await owner
        .post('/api/content-items', draft({ privacyLevel: 'SELF_ONLY', disableDuet: false, disableStitch: false, disableComment: false }))
        .expect(422);
      expect(res.body.code).toBe('TIKTOK_OPTIONS_NOT_ALLOWED');
      expect(res.body.details).toMatchObject([
        { field: 'targets[0].options.disableDuet', messages: [expect.stringContaining('duets')], allowed: [true] },
        { field: 'targets[0].options.disableStitch', messages: [expect.stringContaining('stitches')], allowed: [true] },
      ]);
      await owner.post('/api/content-items', draft({ privacyLevel: 'SELF_ONLY', disableDuet: true, disableStitch: true, disableComment: false })).expect(201);
    });

    it('refuses an edit to a disallowed option and leaves the item as it was', async () => {
      const created = (await owner.post('/api/content-items', draft({ privacyLevel: 'SELF_ONLY' })).expect(201)).body;
      const res = await owner
        .call('patch', `/api/content-items/${created.id}`)
        .set('If-Match', `"${created.version}"`)
        .send({ targets: [{ accountId: privateAccount, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'TIKTOK_OPTIONS_NOT_ALLOWED',
        details: [{ field: 'targets[0].options.privacyLevel', allowed: expect.arrayContaining(PRIVATE_OPTIONS) }],
      });
      const after = (await owner.get(`/api/content-items/${created.id}`).expect(200)).body;
      expect(after.version).toBe(created.version);
      expect(after.targets[0].options).toEqual(created.targets[0].options);
    });

    it('refuses scheduling a video longer than the creator may post, with the limit, on create and edit', async () => {
      const assetId = await insertAsset(sql, workspaceId, 'long.mp4');
      await sql.query(`UPDATE content_assets SET duration_ms = 200000, probe = $2::jsonb WHERE id = $1`, [
        assetId,
        JSON.stringify({
          container: 'mp4',
          majorBrand: 'isom',
          durationMs: 200_000,
          width: 1080,
          height: 1920,
          rotation: 0,
          fps: 30,
          videoCodec: 'h264',
          videoProfile: 'High',
          videoBitrate: 4_000_000,
          audioCodec: 'aac',
          audioProfile: 'LC',
          audioSampleRate: 44_100,
          audioChannels: 2,
          bitrate: 4_100_000,
          faststart: true,
          hasEditList: false,
          fragmented: false,
          bytes: 1_000_000,
        }),
      ]);
      const scheduledAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const res = await owner.post('/api/content-items', draft({ privacyLevel: 'SELF_ONLY' }, { assetId, scheduledAt })).expect(422);
      expect(res.body.code).toBe('QUALITY_GATE_FAILED');
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ platform: 'tiktok', code: 'duration_over_creator_limit', limit: 180 })]),
      );

      const shortAsset = await insertAsset(sql, workspaceId, 'short.mp4');
      const scheduled = (await owner.post('/api/content-items', draft({ privacyLevel: 'SELF_ONLY' }, { assetId: shortAsset, scheduledAt })).expect(201)).body;
      const edit = await owner.call('patch', `/api/content-items/${scheduled.id}`).set('If-Match', `"${scheduled.version}"`).send({ assetId });
      expect(edit.status).toBe(422);
      expect(edit.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'duration_over_creator_limit', limit: 180 })]));
      const after = (await owner.get(`/api/content-items/${scheduled.id}`).expect(200)).body;
      expect(after).toMatchObject({ version: scheduled.version, assetId: shortAsset });
    });
  });
});
