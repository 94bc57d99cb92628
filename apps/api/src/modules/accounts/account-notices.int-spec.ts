import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const CHANNEL = 'UCsandboxShorts000000001';
const UNAUDITED = 'sbx_youtube_unaudited_client';

/** Google's consent page as a person answers it: the channel, every scope left ticked. */
async function googleConsent(authorizeUrl: string): Promise<URL> {
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', 'approve');
  fields.set('channel_id', CHANNEL);
  for (const scope of (fields.get('scope') ?? '').split(' ')) fields.append('granted_scope', scope);
  const res = await fetch(authorizeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}

/**
 * Account notices (issue 22): a fact a publication shows about its account without stopping it.
 * An unaudited Google Cloud project's uploads are locked private: the post still goes out, the
 * account says why it is private (Accounts and Account Health) until a later upload is public.
 */
describe('account notices: uploads locked private (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accountId: string;

  const account = async () => (await owner.get('/api/accounts').expect(200)).body.find((a: { id: string }) => a.id === accountId);
  const health = async () =>
    (await owner.get('/api/marketing-war-room/state').expect(200)).body.health.find((a: { accountId: string }) => a.accountId === accountId);
  const setAudited = async (audited: boolean) => {
    const res = await fetch(`${pipeline.running.urls.inspectionUrl}/youtube/clients/${UNAUDITED}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ audited }),
    });
    expect(res.status).toBe(200);
  };
  /** A Short asked public, due now; resolves once its publication is posted. */
  const postShort = async (title: string, privacyStatus = 'public') => {
    const assetId = await insertAsset(sql, workspaceId);
    const item = (
      await owner
        .post('/api/content-items', {
          title,
          caption: title,
          assetId,
          scheduledAt: new Date(Date.now() + 1000).toISOString(),
          timeZone: 'UTC',
          targets: [{ accountId, options: { title, privacyStatus, selfDeclaredMadeForKids: 'not_made_for_kids' } }],
        })
        .expect(201)
    ).body;
    const publication = await waitFor(async () => {
      const [row] = await sql.query('SELECT status, remote_media_id AS "remoteMediaId" FROM platform_publications WHERE content_item_id = $1', [item.id]);
      return row && ['posted', 'failed'].includes(row.status) && row;
    }, `"${title}" to be posted`);
    expect(publication.status).toBe('posted');
    return publication.remoteMediaId as string;
  };

  beforeAll(async () => {
    db = await createTestDatabase('account_notices');
    pipeline = await startPipeline(
      {
        DATABASE_URL: db.url,
        YOUTUBE_CLIENT_ID: UNAUDITED,
        YOUTUBE_CLIENT_SECRET: 'sbx_youtube_unaudited_secret',
      },
      { youtube: { processingMs: 300 } },
    );
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    const started = await owner.post('/api/accounts/connect/youtube').expect(200);
    const back = await googleConsent(started.body.authorizeUrl);
    const res = await owner.get(`${back.pathname}${back.search}`).expect(302);
    accountId = new URL(res.headers.location!).searchParams.get('connected')!;
    expect(accountId).toBeTruthy();
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  it('starts with no notice', async () => {
    expect(await account()).toMatchObject({ status: 'active', notices: [] });
    expect(await health()).toMatchObject({ notices: [] });
  });

  it('posts the Short and keeps "uploads locked private" on the account, in Accounts and Account Health, the account staying active', async () => {
    const videoId = await postShort('Locked');
    expect(pipeline.sandbox.actions.youtubeVideo(videoId)).toMatchObject({ status: { privacyStatus: 'private' }, requestedPrivacyStatus: 'public' });
    const notices = (await account()).notices;
    expect(notices).toEqual([{ code: 'uploads_locked_private', since: expect.any(String) }]);
    expect(Date.parse(notices[0].since)).not.toBeNaN();
    expect(await account()).toMatchObject({ status: 'active', restriction: null });
    expect(await health()).toMatchObject({ status: 'active', notices });
  });

  it('keeps the first time it was seen when the next upload is locked too', async () => {
    const before = (await account()).notices;
    await postShort('Locked again');
    expect((await account()).notices).toEqual(before);
  });

  it('says nothing new for an upload asked private, and clears the notice when a later upload is public', async () => {
    await setAudited(true);
    const before = (await account()).notices;
    // A private request cannot tell whether the lock is gone.
    await postShort('Private on purpose', 'private');
    expect((await account()).notices).toEqual(before);
    const videoId = await postShort('Public at last');
    expect(pipeline.sandbox.actions.youtubeVideo(videoId)).toMatchObject({ status: { privacyStatus: 'public' } });
    expect((await account()).notices).toEqual([]);
    expect((await health()).notices).toEqual([]);
  });
});
