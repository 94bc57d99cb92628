import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { DeletedContentPurgeJob } from './calendar-purge.job.js';

/** Issue #20: undoable delete and cancel, and the queue's history (state, search, filters, cursor). */
describe('managing posts: undo and the queue (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let tiktok: string;
  let instagram: string;

  beforeAll(async () => {
    db = await createTestDatabase('calendar_manage');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api,scheduler' });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok', 'acme_tt');
    instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'acme_ig');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const post = (overrides: Record<string, unknown> = {}) => ({
    title: 'Launch teaser',
    caption: 'Our new drop is here',
    scheduledAt: inDays(3),
    timeZone: 'Europe/Paris',
    targets: [{ accountId: tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => (await owner.post('/api/content-items', post(overrides)).expect(201)).body;
  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

  describe('soft delete and restore', () => {
    it('hides a deleted draft from the item, the list, the queue and the calendar, and restore brings it back as it was', async () => {
      const draft = await create({ status: 'draft', caption: 'soft delete me' });
      await owner.delete(`/api/content-items/${draft.id}`).expect(204);

      await owner.get(`/api/content-items/${draft.id}`).expect(404);
      expect(ids((await owner.get('/api/content-items?q=soft%20delete').expect(200)).body)).toEqual([]);
      expect(ids((await owner.get('/api/calendar/queue?state=draft&q=soft%20delete').expect(200)).body)).toEqual([]);
      const day = draft.scheduledAt.slice(0, 10);
      expect(ids((await owner.get(`/api/calendar?fromDate=${day}&toDate=${day}`).expect(200)).body)).not.toContain(draft.id);
      // The row is still there, restorable.
      expect((await sql.query('SELECT deleted_at IS NOT NULL AS deleted FROM content_items WHERE id = $1', [draft.id]))[0].deleted).toBe(true);

      const restored = await owner.post(`/api/content-items/${draft.id}/restore`).expect(200);
      expect(restored.body).toMatchObject({ id: draft.id, status: 'draft', caption: 'soft delete me' });
      expect(ids((await owner.get('/api/calendar/queue?state=draft&q=soft%20delete').expect(200)).body)).toEqual([draft.id]);
      expect(ids((await owner.get(`/api/calendar?fromDate=${day}&toDate=${day}`).expect(200)).body)).toContain(draft.id);
    });

    it('refuses to restore an item that is not deleted (409 NOT_DELETED) or does not exist (404), and to delete a scheduled one', async () => {
      const item = await create();
      expect((await owner.post(`/api/content-items/${item.id}/restore`).expect(409)).body).toMatchObject({ statusCode: 409, code: 'NOT_DELETED' });
      await owner.post('/api/content-items/00000000-0000-4000-8000-000000000000/restore').expect(404);
      expect((await owner.delete(`/api/content-items/${item.id}`).expect(409)).body.code).toBe('INVALID_STATE');
    });

    it('keeps a deleted item from ever becoming due: the database refuses a deleted scheduled row', async () => {
      const draft = await create({ status: 'draft' });
      await owner.delete(`/api/content-items/${draft.id}`).expect(204);
      await expect(sql.query(`UPDATE content_items SET status = 'scheduled' WHERE id = $1`, [draft.id])).rejects.toThrow(/content_items_deleted_inert/);
      // And every path that moves an item ignores it.
      await owner.post(`/api/content-items/${draft.id}/resume`).expect(404);
    });

    it('purges items deleted more than 30 days ago, and only those', async () => {
      const old = await create({ status: 'draft', caption: 'purge old' });
      const recent = await create({ status: 'draft', caption: 'purge recent' });
      await owner.delete(`/api/content-items/${old.id}`).expect(204);
      await owner.delete(`/api/content-items/${recent.id}`).expect(204);
      await sql.query(`UPDATE content_items SET deleted_at = now() - interval '31 days' WHERE id = $1`, [old.id]);

      expect(await t.app.get(DeletedContentPurgeJob).purge()).toBe(1);
      const left = await sql.query('SELECT id FROM content_items WHERE id = ANY($1::uuid[])', [[old.id, recent.id]]);
      expect(left.map((r: { id: string }) => r.id)).toEqual([recent.id]);
      await owner.post(`/api/content-items/${old.id}/restore`).expect(404);
      await owner.post(`/api/content-items/${recent.id}/restore`).expect(200);
    });
  });

  describe('undoing a cancel', () => {
    it('puts a cancelled scheduled item back to scheduled, and a paused one back to paused', async () => {
      const item = await create();
      await owner.post(`/api/content-items/${item.id}/cancel`).expect(200);
      const back = await owner.post(`/api/content-items/${item.id}/uncancel`).expect(200);
      expect(back.body.status).toBe('scheduled');

      await owner.post(`/api/content-items/${item.id}/pause`).expect(200);
      await owner.post(`/api/content-items/${item.id}/cancel`).expect(200);
      expect((await owner.post(`/api/content-items/${item.id}/uncancel`).expect(200)).body.status).toBe('paused');
      // Once undone, there is nothing left to undo.
      expect((await owner.post(`/api/content-items/${item.id}/uncancel`).expect(409)).body.code).toBe('NOT_CANCELLED');
    });

    it('refuses with SCHEDULE_IN_PAST when its time has passed, and leaves it cancelled', async () => {
      const item = await create();
      await owner.post(`/api/content-items/${item.id}/cancel`).expect(200);
      await sql.query(`UPDATE content_items SET scheduled_at = now() - interval '1 minute' WHERE id = $1`, [item.id]);
      const refused = await owner.post(`/api/content-items/${item.id}/uncancel`).expect(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'SCHEDULE_IN_PAST', message: expect.stringContaining('duplicate') });
      expect((await owner.get(`/api/content-items/${item.id}`).expect(200)).body.status).toBe('cancelled');
    });

    it('refuses with ALREADY_PUBLISHED when a target was posted', async () => {
      const item = await create();
      await owner.post(`/api/content-items/${item.id}/cancel`).expect(200);
      await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'posted')`,
        [workspaceId, item.id, tiktok],
      );
      expect((await owner.post(`/api/content-items/${item.id}/uncancel`).expect(409)).body.code).toBe('ALREADY_PUBLISHED');
    });

    it('never lets a failed publication of a cancelled item go again (retry refused, nothing moves)', async () => {
      const item = await create();
      const [publication] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'failed') RETURNING id`,
        [workspaceId, item.id, tiktok],
      );
      await sql.query(
        `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, run_at, account_id, platform)
         VALUES ($1, $2::uuid, 'publication:' || $2::text, 'dead', now(), $3, 'tiktok')`,
        [workspaceId, publication.id, tiktok],
      );
      await sql.query(`UPDATE content_items SET status = 'failed' WHERE id = $1`, [item.id]);
      await owner.post(`/api/content-items/${item.id}/cancel`).expect(200);

      const refused = await owner.post(`/api/publications/${publication.id}/retry`).expect(409);
      expect(refused.body.code).toBe('ITEM_CANCELLED');
      const [job] = await sql.query('SELECT status FROM publish_jobs WHERE publication_id = $1', [publication.id]);
      expect(job.status).toBe('dead');
      expect((await owner.get(`/api/content-items/${item.id}`).expect(200)).body.status).toBe('cancelled');
    });
  });

  describe('the queue', () => {
    it('sorts what is coming soonest first and the history latest first, paging back through all of it by cursor', async () => {
      const tag = `hist${Date.now()}`;
      const made: string[] = [];
      for (let day = 1; day <= 5; day += 1) made.push((await create({ caption: `${tag} ${day}`, scheduledAt: inDays(day + 10) })).id);
      // Five published posts in the past (as the publishing side leaves them).
      await sql.query(
        `UPDATE content_items SET status = 'published', scheduled_at = now() - (interval '1 day' * (6 - ordinality))
                         FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ordinality) WHERE content_items.id = u.id`,
        [made],
      );

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await owner.get(`/api/calendar/queue?state=published&q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        const page = res.body as { items: { id: string }[]; nextCursor: string | null };
        pages.push(ids(page));
        cursor = page.nextCursor;
      } while (cursor);
      // Latest first: the one scheduled 1 day ago (made[4]) down to 5 days ago (made[0]).
      expect(pages).toEqual([[made[4], made[3]], [made[2], made[1]], [made[0]]]);

      const upcoming = [await create({ caption: `${tag} later`, scheduledAt: inDays(9) }), await create({ caption: `${tag} sooner`, scheduledAt: inDays(8) })];
      const soonest = await owner.get(`/api/calendar/queue?state=upcoming&q=${tag}`).expect(200);
      expect(ids(soonest.body)).toEqual([upcoming[1].id, upcoming[0].id]);
    });

    it('searches captions and filters by state, account and platform', async () => {
      const tag = `filt${Date.now()}`;
      const onTiktok = await create({ caption: `${tag} tiktok one` });
      const onInstagram = await create({ caption: `${tag} instagram one`, targets: [{ accountId: instagram, options: {} }] });
      const draft = await create({ caption: `${tag} a draft`, status: 'draft' });

      expect(ids((await owner.get(`/api/calendar/queue?q=${tag}%20instagram`).expect(200)).body)).toEqual([onInstagram.id]);
      expect(ids((await owner.get(`/api/calendar/queue?state=draft&q=${tag}`).expect(200)).body)).toEqual([draft.id]);
      expect(ids((await owner.get(`/api/calendar/queue?state=upcoming&q=${tag}&platform=tiktok`).expect(200)).body)).toEqual([onTiktok.id]);
      expect(ids((await owner.get(`/api/calendar/queue?state=upcoming&q=${tag}&accountId=${instagram}`).expect(200)).body)).toEqual([onInstagram.id]);
      expect(ids((await owner.get(`/api/calendar/queue?state=all&q=${tag}`).expect(200)).body).sort()).toEqual([onTiktok.id, onInstagram.id, draft.id].sort());
    });

    it.each([
      ['an unknown state', 'state=live', 'state must be one of upcoming, draft, failed, published, cancelled, all'],
      ['an unknown platform', 'platform=myspace', 'platform must be one of'],
      ['an account that is not an id', 'accountId=abc', 'accountId'],
      ['a limit over 100', 'limit=500', 'limit'],
    ])('answers 400 naming what is allowed for %s', async (_name, query, message) => {
      const res = await owner.get(`/api/calendar/queue?${query}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringContaining(message) });
    });

    it('answers 400 INVALID_CURSOR for a cursor it did not make', async () => {
      const res = await owner.get('/api/calendar/queue?cursor=bm90LWEtY3Vyc29y').expect(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    });
  });
});
