import request from 'supertest';
import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../../test/factories.js';
import { addMember, setupOwner, type SessionClient } from '../../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';

const POSTS = '/api/automations/instagram-posts';

describe('GET /api/automations/instagram-posts: our own published Instagram posts for the welcome DM', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let viewer: SessionClient;
  let sql: DataSource;
  let workspaceId: string;

  /** A content item with one publication on `accountId`, as the publisher leaves it. */
  const publication = async (
    accountId: string,
    platform: 'instagram' | 'tiktok',
    title: string,
    status: 'posted' | 'failed',
    mediaId: string | null,
    postedAt: string | null,
  ) => {
    const [item] = (await sql.query(
      `INSERT INTO content_items (workspace_id, title, caption, scheduled_at, status) VALUES ($1, $2, $3, now(), 'published') RETURNING id`,
      [workspaceId, title, `${title} caption #ours`],
    )) as { id: string }[];
    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, permalink, posted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [workspaceId, item!.id, accountId, platform, status, mediaId, mediaId ? `https://www.instagram.com/p/${mediaId}/` : null, postedAt],
    );
    return item!.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase('igownposts');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    viewer = (await addMember(t.app.getHttpServer(), owner, 'viewer@example.com', 'viewer')).client;
    const instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'acme_shop');
    const tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok', 'acme.studio');
    await publication(instagram, 'instagram', 'Spring launch', 'posted', '17895695668004550', '2030-03-01T10:00:00.000Z');
    await publication(instagram, 'instagram', 'Behind the scenes', 'posted', '17895695668004551', '2030-03-05T10:00:00.000Z');
    await publication(instagram, 'instagram', 'Never went out', 'failed', null, null);
    await publication(tiktok, 'tiktok', 'Spring on TikTok', 'posted', '7300000000000000001', '2030-03-06T10:00:00.000Z');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists the posted Instagram publications, newest first, with media id, account, caption and date; not TikTok, not failed', async () => {
    const res = await viewer.get(POSTS).expect(200);
    expect(res.body).toEqual([
      {
        mediaId: '17895695668004551',
        accountId: expect.any(String),
        handle: 'acme_shop',
        title: 'Behind the scenes',
        caption: 'Behind the scenes caption #ours',
        postedAt: '2030-03-05T10:00:00.000Z',
        permalink: 'https://www.instagram.com/p/17895695668004551/',
      },
      expect.objectContaining({ mediaId: '17895695668004550', title: 'Spring launch', postedAt: '2030-03-01T10:00:00.000Z' }),
    ]);
  });

  it('searches title and caption (case-insensitive, % and _ taken literally) or an exact media id', async () => {
    expect((await owner.get(`${POSTS}?search=SPRING`).expect(200)).body.map((p: { title: string }) => p.title)).toEqual(['Spring launch']);
    expect((await owner.get(`${POSTS}?search=17895695668004550`).expect(200)).body.map((p: { title: string }) => p.title)).toEqual(['Spring launch']);
    expect((await owner.get(`${POSTS}?search=${encodeURIComponent('%')}`).expect(200)).body).toEqual([]);
    expect((await owner.get(`${POSTS}?limit=1`).expect(200)).body).toHaveLength(1);
  });

  it('refuses a bad limit with a 400 and a message, and an unsigned caller with a 401', async () => {
    const res = await owner.get(`${POSTS}?limit=1000`).expect(400);
    expect(JSON.stringify(res.body)).toContain('limit');
    await request(t.app.getHttpServer()).get(POSTS).expect(401);
  });
});
