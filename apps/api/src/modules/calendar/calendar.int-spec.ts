import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';

import { inDays, insertAsset, insertSocialAccount } from '../../../test/factories.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { CALENDAR_WINDOW_SQL } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

describe('calendar API (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let tiktok: string;
  let instagram: string;

  beforeAll(async () => {
    db = await createTestDatabase('calendar');
    t = await startTestApp({ DATABASE_URL: db.url });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    await owner.patch(`/api/workspaces/${workspaceId}`, { timeZone: 'Europe/Paris' }).expect(200);
    tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok', 'acme_tt');
    instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'acme_ig');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const count = async () => Number((await sql.query('SELECT count(*)::int AS n FROM content_items'))[0].n);
  const scheduled = (overrides: Record<string, unknown> = {}) => ({
    title: 'Launch teaser',
    caption: 'Our new drop is here',
    hashtags: ['launch'],
    scheduledAt: inDays(3),
    timeZone: 'Europe/Paris',
    targets: [
      { accountId: tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } },
      { accountId: instagram, options: { shareToFeed: true } },
    ],
    ...overrides,
  });

  it('creates a scheduled item with its targets and returns it with its version', async () => {
    const res = await owner.post('/api/content-items', scheduled()).expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ status: 'scheduled', version: 1, timeZone: 'Europe/Paris', warnings: [] });
    expect(res.body.targets.map((x: { platform: string }) => x.platform)).toEqual(['instagram', 'tiktok']);
    const got = await owner.get(`/api/content-items/${res.body.id}`).expect(200);
    expect(got.body.targets.find((x: { platform: string }) => x.platform === 'tiktok').options).toEqual({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
    expect(got.body.publications).toEqual([]);
  });

  it('keeps 02:30+01:00 on the Paris spring-forward day as the real instant, shown as 03:30 summer time', async () => {
    const res = await owner.post('/api/content-items', scheduled({ scheduledAt: '2027-03-28T02:30:00+01:00' })).expect(201);
    expect(res.body.scheduledAt).toBe('2027-03-28T01:30:00.000Z');
    expect(res.body.scheduledAtLocal).toBe('2027-03-28T03:30:00+02:00');
  });

  it('answers a calendar day across DST with its 23 real hours', async () => {
    const late = await owner.post('/api/content-items', scheduled({ title: 'late', scheduledAt: '2027-03-28T23:30:00+02:00' })).expect(201);
    const next = await owner.post('/api/content-items', scheduled({ title: 'next day', scheduledAt: '2027-03-29T00:30:00+02:00' })).expect(201);
    const day = await owner.get('/api/calendar?fromDate=2027-03-28&toDate=2027-03-28').expect(200);
    expect(day.body).toMatchObject({ timeZone: 'Europe/Paris', from: '2027-03-27T23:00:00.000Z', to: '2027-03-28T22:00:00.000Z' });
    const ids = day.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(late.body.id);
    expect(ids).not.toContain(next.body.id);
    const listed = await owner.get('/api/content-items?fromDate=2027-03-28&toDate=2027-03-28').expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...ids].sort());
  });

  it.each([
    ['a past time', { scheduledAt: '2020-01-01T10:00:00Z' }, 'scheduledAt'],
    ['a time without offset', { scheduledAt: '2030-01-01T10:00:00' }, 'scheduledAt'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['an unknown account', { targets: [{ accountId: '5f0c9a1e-1111-4c1d-9e1a-000000000000' }] }, 'targets[0].accountId'],
    ['a non-UUID account id', { targets: [{ accountId: 'abc' }] }, 'targets.0.accountId'],
    [
      'a TikTok option on an Instagram target',
      { targets: [{ accountId: '__ig__', options: { privacyLevel: 'SELF_ONLY' } }] },
      'targets[0].options.privacyLevel',
    ],
    ['scheduling with no account', { targets: [] }, 'targets'],
    // The TikTok descriptor's rule (platform registry): branded content cannot be private.
    [
      'branded TikTok content posted as only me',
      { targets: [{ accountId: '__tt__', options: { privacyLevel: 'SELF_ONLY', brandContentToggle: true } }] },
      'targets[0].options.privacyLevel',
    ],
  ])('refuses %s with a field message and stores nothing', async (_name, override, field) => {
    const body = JSON.parse(JSON.stringify(scheduled(override)).replace('__ig__', instagram).replace('__tt__', tiktok));
    const before = await count();
    const res = await owner.post('/api/content-items', body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses with 422 a caption a platform would refuse, naming the platform and the limit, and stores nothing', async () => {
    const before = await count();
    const res = await owner.post('/api/content-items', scheduled({ hashtags: Array.from({ length: 31 }, (_, i) => `t${i}`) })).expect(422);
    expect(res.body).toMatchObject({ code: 'CAPTION_REJECTED', details: [{ field: 'caption', messages: ['Instagram: 31 hashtags, the limit is 5'] }] });
    expect(res.body.message).toContain('Instagram: 31 hashtags, the limit is 5');
    expect(await count()).toBe(before);
  });

  it('stores a per-platform caption override on its target and returns it with the item', async () => {
    const targets = [
      { accountId: tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE', caption: 'POV: the drop is live 🚀', hashtags: ['fyp', 'launch'] } },
      { accountId: instagram, options: { shareToFeed: true } },
    ];
    const created = await owner.post('/api/content-items', scheduled({ targets })).expect(201);
    const got = (await owner.get(`/api/content-items/${created.body.id}`).expect(200)).body;
    const byPlatform = (platform: string) => got.targets.find((x: { platform: string }) => x.platform === platform).options;
    expect(byPlatform('tiktok')).toEqual({ privacyLevel: 'PUBLIC_TO_EVERYONE', caption: 'POV: the drop is live 🚀', hashtags: ['fyp', 'launch'] });
    expect(byPlatform('instagram')).toEqual({ shareToFeed: true });
    expect(got.caption).toBe('Our new drop is here');

    // Reset to the shared caption: the target is sent again without its override.
    const reset = await owner
      .patch(`/api/content-items/${got.id}`, {
        version: got.version,
        targets: [{ accountId: tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }, targets[1]],
      })
      .expect(200);
    expect(reset.body.targets.find((x: { platform: string }) => x.platform === 'tiktok').options).toEqual({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
  });

  it('refuses with 422 a TikTok override over 2,200 UTF-16 units, on that target, even when the shared caption is fine', async () => {
    const before = await count();
    // 1,101 emoji: 1,101 characters (fine for Instagram) but 2,202 UTF-16 units (too long for TikTok).
    const targets = [{ accountId: tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE', caption: '🚀'.repeat(1101), hashtags: [] } }];
    const res = await owner.post('/api/content-items', scheduled({ targets })).expect(422);
    expect(res.body).toMatchObject({
      code: 'CAPTION_REJECTED',
      details: [{ field: 'targets[0].options.caption', messages: ['TikTok: 2202 UTF-16 units in the caption, the limit is 2200'] }],
    });
    expect(await count()).toBe(before);

    const item = (await owner.post('/api/content-items', scheduled()).expect(201)).body;
    const patched = await owner.patch(`/api/content-items/${item.id}`, { version: item.version, targets }).expect(422);
    expect(patched.body.code).toBe('CAPTION_REJECTED');
    expect((await owner.get(`/api/content-items/${item.id}`).expect(200)).body.version).toBe(item.version);
  });

  it('lets an override fix a shared caption that one platform would refuse', async () => {
    const tooManyTags = Array.from({ length: 31 }, (_, i) => `t${i}`);
    const targets = [
      { accountId: tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } },
      { accountId: instagram, options: { shareToFeed: true, hashtags: ['launch'] } },
    ];
    await owner.post('/api/content-items', scheduled({ hashtags: tooManyTags, targets })).expect(201);
    const overLimit = [targets[0], { accountId: instagram, options: { hashtags: tooManyTags } }];
    const res = await owner.post('/api/content-items', scheduled({ hashtags: ['launch'], targets: overLimit })).expect(422);
    expect(res.body.details).toMatchObject([{ field: 'targets[1].options.hashtags', messages: ['Instagram: 31 hashtags, the limit is 5'] }]);
  });

  it('schedules a draft and takes it back to draft through PATCH, checking the time like a new item', async () => {
    const draft = (await owner.post('/api/content-items', scheduled({ scheduledAt: undefined, status: 'draft' })).expect(201)).body;
    expect(draft.status).toBe('draft');
    const past = await owner
      .patch(`/api/content-items/${draft.id}`, { version: draft.version, status: 'scheduled', scheduledAt: '2020-01-01T10:00:00Z' })
      .expect(400);
    expect(past.body.details.map((d: { field: string }) => d.field)).toContain('scheduledAt');
    const planned = await owner.patch(`/api/content-items/${draft.id}`, { version: draft.version, status: 'scheduled', scheduledAt: inDays(4) }).expect(200);
    expect(planned.body).toMatchObject({ status: 'scheduled', version: draft.version + 1 });
    const back = await owner.patch(`/api/content-items/${draft.id}`, { version: planned.body.version, status: 'draft' }).expect(200);
    expect(back.body.status).toBe('draft');
    await sql.query("UPDATE content_items SET status = 'failed' WHERE id = $1", [draft.id]);
    const failed = await owner.patch(`/api/content-items/${draft.id}`, { version: back.body.version, status: 'scheduled' }).expect(409);
    expect(failed.body.message).toBe('A failed item cannot become scheduled');
  });

  it('refuses a malformed override with 400', async () => {
    const res = await owner
      .post('/api/content-items', scheduled({ targets: [{ accountId: tiktok, options: { privacyLevel: 'SELF_ONLY', hashtags: ['#nope'] } }] }))
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it("refuses another workspace's account as if it did not exist", async () => {
    const other = (await owner.post('/api/workspaces', { name: 'Other brand' }).expect(201)).body;
    const foreign = await insertSocialAccount(sql, other.id, 'tiktok');
    const res = await owner.post('/api/content-items', scheduled({ targets: [{ accountId: foreign }] })).expect(400);
    expect(res.body.details).toMatchObject([{ field: 'targets[0].accountId', messages: ['no such account in this workspace'] }]);
  });

  it('answers 404 for a non-UUID or unknown item id', async () => {
    await owner.get('/api/content-items/not-a-uuid').expect(404);
    await owner.get('/api/content-items/5f0c9a1e-1111-4c1d-9e1a-000000000000').expect(404);
  });

  it('needs the version to edit, and answers 412 to the second of two concurrent edits', async () => {
    const item = (await owner.post('/api/content-items', scheduled()).expect(201)).body;
    expect((await owner.patch(`/api/content-items/${item.id}`, { caption: 'no version' }).expect(428)).body.code).toBe('VERSION_REQUIRED');
    const [a, b] = await Promise.all([
      owner.call('patch', `/api/content-items/${item.id}`, { body: { caption: 'edit A', version: 1 } }),
      owner.call('patch', `/api/content-items/${item.id}`, { body: { caption: 'edit B', version: 1 } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.body).toMatchObject({ code: 'STALE_VERSION', details: { currentVersion: 2 } });
    const stale = await owner
      .call('patch', `/api/content-items/${item.id}`, { body: { caption: 'late' } })
      .set('if-match', '"1"')
      .expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    const ok = await owner
      .call('patch', `/api/content-items/${item.id}`, { body: { caption: 'fresh' } })
      .set('if-match', '"2"')
      .expect(200);
    expect(ok.body).toMatchObject({ caption: 'fresh', version: 3 });
  });

  it('never republishes an edited published item, and locks its time and accounts', async () => {
    const item = (await owner.post('/api/content-items', scheduled()).expect(201)).body;
    await sql.query("UPDATE content_items SET status = 'published' WHERE id = $1", [item.id]);
    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, posted_at)
       VALUES ($1, $2, $3, 'tiktok', 'posted', '7300000000000000001', now())`,
      [workspaceId, item.id, tiktok],
    );
    const edited = await owner.patch(`/api/content-items/${item.id}`, { caption: 'typo fixed', version: 1 }).expect(200);
    expect(edited.body.warnings.map((w: { code: string }) => w.code)).toContain('not_republished');
    expect(edited.body.status).toBe('published');
    expect(edited.body.publications).toEqual([expect.objectContaining({ status: 'posted', remoteMediaId: '7300000000000000001' })]);
    const locked = await owner.patch(`/api/content-items/${item.id}`, { scheduledAt: inDays(5), version: 2 }).expect(409);
    expect(locked.body.code).toBe('ITEM_LOCKED');
    expect((await sql.query('SELECT count(*)::int AS n FROM publish_jobs'))[0].n).toBe(0);
  });

  it('reschedules, pauses, resumes, cancels, duplicates and deletes through the status rules', async () => {
    const item = (await owner.post('/api/content-items', scheduled()).expect(201)).body;
    const moved = await owner
      .call('post', `/api/content-items/${item.id}/reschedule`, { body: { scheduledAt: inDays(6) } })
      .set('if-match', '"1"')
      .expect(200);
    expect(moved.body.version).toBe(2);
    const paused = await owner.post(`/api/content-items/${item.id}/pause`).expect(200);
    expect(paused.body.status).toBe('paused');
    await owner.post(`/api/content-items/${item.id}/pause`).expect(409);
    expect((await owner.post(`/api/content-items/${item.id}/resume`).expect(200)).body.status).toBe('scheduled');
    await owner.delete(`/api/content-items/${item.id}`).expect(409);
    expect((await owner.post(`/api/content-items/${item.id}/cancel`).expect(200)).body.status).toBe('cancelled');
    await owner.post(`/api/content-items/${item.id}/resume`).expect(409);

    const copy = await owner.post(`/api/content-items/${item.id}/duplicate`).expect(201);
    expect(copy.body).toMatchObject({ status: 'draft', scheduledAt: null, duplicatedFrom: item.id, title: 'Launch teaser (copy)' });
    expect(copy.body.targets).toHaveLength(2);
    await owner.delete(`/api/content-items/${item.id}`).expect(204);
    await owner.get(`/api/content-items/${item.id}`).expect(404);
  });

  it.each([
    ['no time', { scheduledAt: undefined }, 'scheduledAt', 'scheduledAt is required to schedule an item'],
    ['no account', { targets: [] }, 'targets', 'pick at least one account to schedule an item'],
    ['a time now past', { pastTime: true }, 'scheduledAt', 'is in the past'],
  ])('refuses to resume a draft with %s like scheduling it, and leaves it a draft', async (_name, overrides, field, message) => {
    const { pastTime, ...body } = overrides as Record<string, unknown>;
    const draft = (await owner.post('/api/content-items', { ...scheduled({ status: 'draft' }), ...body }).expect(201)).body;
    expect(draft.status).toBe('draft');
    // A draft planned for a time that has since passed.
    if (pastTime) await sql.query(`UPDATE content_items SET scheduled_at = '2020-01-01T10:00:00Z' WHERE id = $1`, [draft.id]);
    const refused = await owner.post(`/api/content-items/${draft.id}/resume`).expect(400);
    expect(refused.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
    expect(refused.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect((await owner.get(`/api/content-items/${draft.id}`).expect(200)).body).toMatchObject({ status: 'draft', version: draft.version });
  });

  it('resumes a complete draft onto the schedule, checking the If-Match version', async () => {
    const draft = (await owner.post('/api/content-items', scheduled({ status: 'draft' })).expect(201)).body;
    expect((await owner.call('post', `/api/content-items/${draft.id}/resume`).set('if-match', '"7"').expect(412)).body.code).toBe('STALE_VERSION');
    const resumed = await owner.call('post', `/api/content-items/${draft.id}/resume`).set('if-match', `"${draft.version}"`).expect(200);
    expect(resumed.body).toMatchObject({ status: 'scheduled', version: draft.version + 1, scheduledAt: draft.scheduledAt });
  });

  it('warns, without refusing, when the same video goes to the same account within 24 h', async () => {
    const assetId = await insertAsset(sql, workspaceId);
    await owner.post('/api/content-items', scheduled({ assetId, scheduledAt: inDays(10) })).expect(201);
    const second = await owner.post('/api/content-items', scheduled({ assetId, scheduledAt: inDays(10, 5), targets: [{ accountId: tiktok }] })).expect(201);
    expect(second.body.warnings).toEqual([expect.objectContaining({ code: 'near_duplicate', message: expect.stringContaining('@acme_tt') })]);
  });

  it("gives each item its video's poster frame link in the calendar and the list, and null without one", async () => {
    const withPoster = await insertAsset(sql, workspaceId, 'poster.mp4');
    await sql.query('UPDATE content_assets SET thumbnail_key = $2 WHERE id = $1', [withPoster, `thumbnails/${workspaceId}/poster.jpg`]);
    const withoutPoster = await insertAsset(sql, workspaceId, 'no-poster.mp4');
    const a = await owner.post('/api/content-items', scheduled({ title: 'poster', assetId: withPoster, scheduledAt: inDays(20, 1) })).expect(201);
    const b = await owner.post('/api/content-items', scheduled({ title: 'no poster', assetId: withoutPoster, scheduledAt: inDays(20, 2) })).expect(201);
    const c = await owner.post('/api/content-items', scheduled({ title: 'no video', scheduledAt: inDays(20, 3) })).expect(201);
    expect(a.body.thumbnailUrl).toBe(`/api/assets/${withPoster}/thumbnail`);

    const around = (days: number) => inDays(days).slice(0, 10);
    const day = await owner.get(`/api/calendar?fromDate=${around(19)}&toDate=${around(22)}`).expect(200);
    const posterOf = (items: { id: string; thumbnailUrl: string | null }[], id: string) => items.find((i) => i.id === id)?.thumbnailUrl;
    expect(posterOf(day.body.items, a.body.id)).toBe(`/api/assets/${withPoster}/thumbnail`);
    expect(posterOf(day.body.items, b.body.id)).toBeNull();
    expect(posterOf(day.body.items, c.body.id)).toBeNull();
    const list = await owner.get('/api/content-items?q=poster').expect(200);
    expect(posterOf(list.body.items, a.body.id)).toBe(`/api/assets/${withPoster}/thumbnail`);
  });

  it('honours Idempotency-Key: same body replays, another body is refused, racing retries make one item', async () => {
    const body = scheduled({ title: 'idempotent' });
    const first = await owner.call('post', '/api/content-items', { body }).set('idempotency-key', 'zap-123').expect(201);
    const again = await owner.call('post', '/api/content-items', { body }).set('idempotency-key', 'zap-123').expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const changed = await owner
      .call('post', '/api/content-items', { body: { ...body, caption: 'other' } })
      .set('idempotency-key', 'zap-123')
      .expect(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // One body for all four (scheduled() reads the clock: two bodies a millisecond apart differ).
    const racedBody = scheduled({ title: 'raced' });
    const raced = await Promise.all(
      Array.from({ length: 4 }, () => owner.call('post', '/api/content-items', { body: racedBody }).set('idempotency-key', 'race-1')),
    );
    expect(new Set(raced.map((r) => r.body.id)).size).toBe(1);
    expect((await sql.query("SELECT count(*)::int AS n FROM content_items WHERE title = 'raced'"))[0].n).toBe(1);
  });

  it('filters by status, platform, account and text, each returning exactly the matching items', async () => {
    // A workspace of its own, so that every filter's answer is known exactly.
    const ws = (await owner.post('/api/workspaces', { name: 'Filters' }).expect(201)).body;
    await owner.post('/api/auth/switch-workspace', { workspaceId: ws.id }).expect(200);
    try {
      const tt = await insertSocialAccount(sql, ws.id, 'tiktok', 'filters_tt');
      const tt2 = await insertSocialAccount(sql, ws.id, 'tiktok', 'filters_tt2');
      const ig = await insertSocialAccount(sql, ws.id, 'instagram', 'filters_ig');
      const options = (accountId: string) => (accountId === ig ? { shareToFeed: true } : { privacyLevel: 'PUBLIC_TO_EVERYONE' });
      const item = async (title: string, accountIds: string[], scheduledAt?: string): Promise<string> => {
        const body = {
          title,
          caption: `${title} caption`,
          timeZone: 'UTC',
          ...(scheduledAt ? { scheduledAt } : {}),
          targets: accountIds.map((accountId) => ({ accountId, options: options(accountId) })),
        };
        const created = (await owner.post('/api/content-items', body).expect(201)).body;
        expect(created.status).toBe(scheduledAt ? 'scheduled' : 'draft');
        return created.id;
      };
      const tiktokOnly = await item('TikTok only', [tt], inDays(4, 1));
      const instagramOnly = await item('Instagram only', [ig], inDays(4, 2));
      const both = await item('Both platforms', [tt, ig], inDays(4, 3));
      const otherTiktok = await item('Second TikTok account', [tt2], inDays(4, 4));
      const instagramDraft = await item('Needle draft', [ig]);
      const tiktokDraft = await item('TikTok draft', [tt]);
      const ids = async (query: string) =>
        ((await owner.get(`/api/content-items?${query}`).expect(200)).body.items as { id: string }[]).map((i) => i.id).sort();
      const sorted = (...list: string[]) => [...list].sort();

      expect(await ids('')).toHaveLength(6);
      expect(await ids('platform=tiktok')).toEqual(sorted(tiktokOnly, both, otherTiktok, tiktokDraft));
      expect(await ids('platform=instagram')).toEqual(sorted(instagramOnly, both, instagramDraft));
      expect(await ids('status=draft')).toEqual(sorted(instagramDraft, tiktokDraft));
      expect(await ids('status=draft&platform=instagram')).toEqual([instagramDraft]);
      expect(await ids('status=scheduled&platform=tiktok')).toEqual(sorted(tiktokOnly, both, otherTiktok));
      expect(await ids(`accountId=${tt}`)).toEqual(sorted(tiktokOnly, both, tiktokDraft));
      expect(await ids(`accountId=${tt2}`)).toEqual([otherTiktok]);
      expect(await ids('q=needle')).toEqual([instagramDraft]);
      expect(await ids('q=needle&platform=tiktok')).toEqual([]);
      await owner.get('/api/content-items?status=bogus').expect(400);
      await owner.get('/api/content-items?platform=myspace').expect(400);
    } finally {
      await owner.post('/api/auth/switch-workspace', { workspaceId }).expect(200);
    }
  });

  it('pages through every item of the workspace with a cursor, each once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await owner
        .get(`/api/content-items?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const [{ n }] = await sql.query('SELECT count(*)::int AS n FROM content_items WHERE workspace_id = $1 AND deleted_at IS NULL', [workspaceId]);
    expect(n).toBeGreaterThan(3);
    expect(seen.length).toBe(n);
  });
});

describe('calendar window at scale', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('calendar_scale');
    // API role only: no scheduler or worker passes whose queries the spy below would count.
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    sql = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers a month of a 10,000-item workspace in one query that uses the calendar index', async () => {
    const owner = await setupOwner(t.app.getHttpServer());
    const me = (await owner.get('/api/auth/me')).body;
    const workspaceId: string = me.workspace.id;
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    // 10,000 items spread over a year, each with a target.
    await sql.query(
      `WITH items AS (
         INSERT INTO content_items (workspace_id, title, caption, scheduled_at, time_zone, status)
         SELECT $1, 'item ' || g, 'caption', timestamptz '2027-01-01 00:00Z' + (g * interval '52 minutes'), 'UTC', 'scheduled'
           FROM generate_series(1, 10000) g RETURNING id)
       INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id) SELECT $1, id, $2 FROM items`,
      [workspaceId, account],
    );
    await sql.query('ANALYZE content_items; ANALYZE content_item_targets');

    const principal = { kind: 'user' as const, userId: me.user.id, sessionId: 'test', workspaceId, role: 'owner' as const, allowedAccountIds: null };
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    const window = await t.app.get(CalendarService).window(principal, '2027-03-01', '2027-03-31');
    const queries = spy.mock.calls.length;
    spy.mockRestore();
    expect(queries).toBe(1);
    // Exactly the items generated inside March (the workspace's zone is UTC), each with its target.
    const first = Date.parse('2027-01-01T00:00:00Z');
    const [from, to] = [Date.parse('2027-03-01T00:00:00Z'), Date.parse('2027-04-01T00:00:00Z')];
    const inMarch = Array.from({ length: 10000 }, (_, i) => new Date(first + (i + 1) * 52 * 60_000)).filter((d) => d.getTime() >= from && d.getTime() < to);
    expect(inMarch.length).toBeGreaterThan(800);
    expect(window.items.map((i) => (i.scheduledAt ? new Date(i.scheduledAt).toISOString() : null)).sort()).toEqual(inMarch.map((d) => d.toISOString()));
    expect(window.items.map((i) => i.targets.map((x) => x.accountId))).toEqual(window.items.map(() => [account]));

    const plan = JSON.stringify(await sql.query(`EXPLAIN (FORMAT JSON) ${CALENDAR_WINDOW_SQL}`, [workspaceId, '2027-03-01', '2027-03-31', 5000]));
    expect(plan).toMatch(/"Index Name":"content_items_calendar_idx"/);
    expect(plan).not.toMatch(
      /"Node Type":"Seq Scan","Parent Relationship":"[^"]*","Parallel Aware":false,"Async Capable":false,"Relation Name":"content_items"/,
    );
  });
});

describe('calendar on the embedded database (PGlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => t?.close());

  // PGlite is one session shared by turns: a query issued outside a running transaction would wait
  // for it forever. Creating an item (with an idempotency key, warnings and audit) must not do that.
  it('creates, edits and lists items without waiting on itself', async () => {
    const owner = await setupOwner(t.app.getHttpServer());
    const workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    const accountId = await insertSocialAccount(t.app.get(DataSource), workspaceId, 'tiktok');
    const assetId = await insertAsset(t.app.get(DataSource), workspaceId);
    const body = { title: 'Embedded', caption: 'hi', assetId, scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId }] };
    const created = await owner.call('post', '/api/content-items', { body }).set('idempotency-key', 'embedded-1').expect(201);
    await owner.call('post', '/api/content-items', { body }).set('idempotency-key', 'embedded-1').expect(201);
    await owner.patch(`/api/content-items/${created.body.id}`, { caption: 'edited', version: 1 }).expect(200);
    expect((await owner.get('/api/content-items').expect(200)).body.items).toHaveLength(1);
  });
});
