import { DataSource } from 'typeorm';

import { atLocalMinute, localDateOf, nextLocalDate, weekdayOfDate } from '@mwr/domain';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const ZONE = 'Europe/Paris';

describe('best times and queue slots (issue 24)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('best_times');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    await owner.patch(`/api/workspaces/${workspaceId}`, { timeZone: ZONE }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** A posted publication that went live at `postedAt`, with its views read at 24 h. */
  const posted = async (accountId: string, platform: string, postedAt: Date, views: number, ws = workspaceId) => {
    const [item] = await sql.query(`INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'p', 'published', $2) RETURNING id`, [
      ws,
      postedAt,
    ]);
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
       VALUES ($1, $2, $3, $4, 'posted', $5) RETURNING id`,
      [ws, item.id, accountId, platform, postedAt],
    );
    await sql.query(
      `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, read_at)
       VALUES ($1, $2, $3, $4, '24h', ($5::timestamptz AT TIME ZONE 'UTC')::date, 'views', $6, $5, $5::timestamptz + interval '24 hours')`,
      [ws, accountId, pub.id, platform, postedAt, views],
    );
  };

  it('answers 400 without exactly one of accountId and platform, and 404 for an account of another workspace', async () => {
    const neither = await owner.get('/api/analytics/best-times').expect(400);
    expect(neither.body.code).toBe('BEST_TIMES_INVALID_QUERY');
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const both = await owner.get(`/api/analytics/best-times?accountId=${account}&platform=tiktok`).expect(400);
    expect(both.body.code).toBe('BEST_TIMES_INVALID_QUERY');
    expect((await owner.get('/api/analytics/best-times?platform=myspace').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await owner.get('/api/analytics/best-times?accountId=not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const [other] = await sql.query(`INSERT INTO workspaces (name, slug, time_zone) VALUES ('Other', 'other-bt', 'UTC') RETURNING id`);
    const foreign = await insertSocialAccount(sql, other.id, 'tiktok');
    await owner.get(`/api/analytics/best-times?accountId=${foreign}`).expect(404);
    await owner.get(`/api/queue-slots?accountId=${foreign}`).expect(404);
    await owner.post('/api/queue-slots', { accountId: foreign, weekday: 1, time: '18:30' }).expect(404);
    await owner.get(`/api/queue-slots/next?accountIds=${foreign}`).expect(404);
  });

  it("says how many more posts are needed below 10 posts, and buckets by the workspace's local hour", async () => {
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    for (let i = 0; i < 6; i++) await posted(account, 'tiktok', atLocalMinute(`2026-03-${String(23 + i).padStart(2, '0')}`, 18 * 60 + 30, ZONE), 1000);
    const body = (await owner.get(`/api/analytics/best-times?accountId=${account}`).expect(200)).body;
    expect(body).toMatchObject({
      scope: 'account',
      accountId: account,
      platform: 'tiktok',
      timeZone: ZONE,
      posts: 6,
      morePostsNeeded: 4,
      best: [],
      seed: null,
    });
    expect(body.buckets).toHaveLength(168);
    const filled = body.buckets.filter((b: { n: number }) => b.n > 0);
    expect(filled.map((b: { weekday: number; hour: number }) => `${b.weekday}@${b.hour}`)).toEqual(['0@18', '1@18', '2@18', '3@18', '4@18', '5@18']);
    expect(filled.every((b: { suggestable: boolean; morePostsNeeded: number }) => !b.suggestable && b.morePostsNeeded === 2)).toBe(true);
  });

  it('finds the better hour across a DST change, per account and per platform, with n and an interval per bucket', async () => {
    const a = await insertSocialAccount(sql, workspaceId, 'instagram', 'bt_insta_a');
    const b = await insertSocialAccount(sql, workspaceId, 'instagram', 'bt_insta_b');
    // Three weeks around 29 March (Paris goes to summer time): every day at 09:00 and 18:30 local;
    // 18:30 does three times better. Account b is ten times bigger: it is scored against its own median.
    let date = '2026-03-16';
    for (let d = 0; d < 21; d++, date = nextLocalDate(date)) {
      await posted(a, 'instagram', atLocalMinute(date, 9 * 60, ZONE), 1000 + d);
      await posted(a, 'instagram', atLocalMinute(date, 18 * 60 + 30, ZONE), 3000 + d);
      if (d % 3 === 0) await posted(b, 'instagram', atLocalMinute(date, 18 * 60 + 30, ZONE), 30_000);
      if (d % 3 === 1) await posted(b, 'instagram', atLocalMinute(date, 9 * 60, ZONE), 10_000);
    }
    const own = (await owner.get(`/api/analytics/best-times?accountId=${a}`).expect(200)).body;
    expect(own.posts).toBe(42);
    expect(own.morePostsNeeded).toBe(0);
    expect(own.best).toHaveLength(3);
    for (const bucket of own.best) {
      expect(bucket.hour).toBe(18);
      expect(bucket.n).toBe(3);
      expect(bucket.low).toBeLessThan(bucket.estimate);
      expect(bucket.high).toBeGreaterThan(bucket.estimate);
      expect(bucket.multiplier).toBeCloseTo(Math.exp(bucket.estimate), 10);
    }
    // Every post sits at 09 or 18 local, in winter and in summer alike.
    const hours = new Set(own.buckets.filter((x: { n: number }) => x.n > 0).map((x: { hour: number }) => x.hour));
    expect([...hours].sort((x, y) => Number(x) - Number(y))).toEqual([9, 18]);
    expect(own.prior.tau2).toBeGreaterThanOrEqual(0.01);
    expect(own.method).toContain('empirical Bayes');

    const platform = (await owner.get('/api/analytics/best-times?platform=instagram').expect(200)).body;
    expect(platform).toMatchObject({ scope: 'platform', accountId: null, platform: 'instagram', posts: 42 + 14 });
    expect(platform.best[0].hour).toBe(18);
  });

  it('seeds a new Instagram account from its online followers, labelled seed, in the workspace time zone', async () => {
    const fresh = await insertSocialAccount(sql, workspaceId, 'instagram');
    // Followers online peak at 11:00 Pacific (20:00 in Paris most of the year).
    for (let d = 1; d <= 7; d++)
      for (let h = 0; h < 24; h++)
        await sql.query(
          `INSERT INTO metric_snapshots (workspace_id, account_id, platform, age_bucket, bucket_date, metric, value)
           VALUES ($1, $2, 'instagram', 'daily', current_date - $3::int, $4, $5)`,
          [workspaceId, fresh, d, `online_followers_h${String(h).padStart(2, '0')}`, h === 11 ? 900 : 100],
        );
    const body = (await owner.get(`/api/analytics/best-times?accountId=${fresh}`).expect(200)).body;
    expect(body.morePostsNeeded).toBe(10);
    expect(body.seed).toMatchObject({ source: 'online_followers', days: 7 });
    const peak = body.seed.buckets.filter((x: { weight: number }) => x.weight > 2);
    expect(peak.length).toBeGreaterThan(0);
    const suggestions = (await owner.get(`/api/queue-slots/suggestions?accountId=${fresh}&count=3&seed=1`).expect(200)).body;
    expect(suggestions.morePostsNeeded).toBe(10);
    expect(suggestions.items).toHaveLength(3);
    for (const s of suggestions.items) expect(s.kind).toBe('seed');
    expect(new Set(peak.map((x: { hour: number }) => x.hour)).has(Number(suggestions.items[0].time.slice(0, 2)))).toBe(true);
    // A TikTok account has no such seed.
    const tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok');
    expect((await owner.get(`/api/analytics/best-times?accountId=${tiktok}`).expect(200)).body.seed).toBeNull();
  });

  it('edits slots: create, refuse a duplicate (409) and a bad time (400), move, list Monday first, delete', async () => {
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const tue = (await owner.post('/api/queue-slots', { accountId: account, weekday: 1, time: '18:30' }).expect(201)).body;
    expect(tue).toMatchObject({ accountId: account, weekday: 1, time: '18:30', origin: 'manual' });
    const dup = await owner.post('/api/queue-slots', { accountId: account, weekday: 1, time: '18:30' }).expect(409);
    expect(dup.body).toMatchObject({ code: 'QUEUE_SLOT_TAKEN', params: { weekday: 1, time: '18:30' } });
    expect((await owner.post('/api/queue-slots', { accountId: account, weekday: 1, time: '24:00' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await owner.post('/api/queue-slots', { accountId: account, weekday: 7, time: '10:00' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const mon = (await owner.post('/api/queue-slots', { accountId: account, weekday: 0, time: '09:00', origin: 'explore' }).expect(201)).body;
    expect(mon.origin).toBe('explore');
    const list = (await owner.get(`/api/queue-slots?accountId=${account}`).expect(200)).body;
    expect(list.timeZone).toBe(ZONE);
    expect(list.items.map((s: { time: string }) => s.time)).toEqual(['09:00', '18:30']);
    const moved = (await owner.patch(`/api/queue-slots/${mon.id}`, { time: '10:15' }).expect(200)).body;
    expect(moved).toMatchObject({ weekday: 0, time: '10:15', origin: 'manual' });
    expect((await owner.patch(`/api/queue-slots/${mon.id}`, { weekday: 1, time: '18:30' }).expect(409)).body.code).toBe('QUEUE_SLOT_TAKEN');
    await owner.delete(`/api/queue-slots/${mon.id}`).expect(204);
    await owner.delete(`/api/queue-slots/${mon.id}`).expect(404);
    expect((await owner.get(`/api/queue-slots?accountId=${account}`).expect(200)).body.items).toHaveLength(1);
  });

  it('suggests slots from the best times with the configured share exploring untried hours, labelled explore (0 allowed)', async () => {
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    let date = '2026-02-02';
    for (let d = 0; d < 28; d++, date = nextLocalDate(date)) {
      await posted(account, 'tiktok', atLocalMinute(date, 12 * 60, ZONE), 500 + d);
      await posted(account, 'tiktok', atLocalMinute(date, 21 * 60, ZONE), 2000 + d);
    }
    expect(await owner.get('/api/queue-slots/settings').expect(200)).toMatchObject({ body: { explorePercent: 20, minSpacingMinutes: 60 } });
    const s = (await owner.get(`/api/queue-slots/suggestions?accountId=${account}&count=5&seed=42`).expect(200)).body;
    expect(s.explorePercent).toBe(20);
    expect(s.items.map((x: { kind: string }) => x.kind)).toEqual(['best', 'best', 'best', 'best', 'explore']);
    for (const x of s.items.filter((i: { kind: string }) => i.kind === 'best')) expect(x.time).toBe('21:00');
    const explored = s.items.find((x: { kind: string }) => x.kind === 'explore');
    expect(explored.n).toBe(0);
    expect(['12:00', '21:00']).not.toContain(explored.time);
    // The same seed, the same answer.
    expect((await owner.get(`/api/queue-slots/suggestions?accountId=${account}&count=5&seed=42`).expect(200)).body).toEqual(s);

    expect((await owner.call('put', '/api/queue-slots/settings', { body: { explorePercent: 0 } }).expect(200)).body).toEqual({
      explorePercent: 0,
      minSpacingMinutes: 60,
    });
    const none = (await owner.get(`/api/queue-slots/suggestions?accountId=${account}&count=5&seed=42`).expect(200)).body;
    expect(none.items.every((x: { kind: string }) => x.kind === 'best')).toBe(true);
    expect((await owner.call('put', '/api/queue-slots/settings', { body: { explorePercent: 101 } }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await owner.call('put', '/api/queue-slots/settings', { body: { explorePercent: 20 } }).expect(200);
  });

  it('"Add to queue" takes the next free slot: skips a taken one and one too close to another post, answers 409 without slots', async () => {
    const account = await insertSocialAccount(sql, workspaceId, 'instagram');
    const none = await owner.get(`/api/queue-slots/next?accountIds=${account}`).expect(409);
    expect(none.body).toMatchObject({ code: 'QUEUE_NO_FREE_SLOT', params: { reason: 'no_slots' } });
    expect((await owner.get('/api/queue-slots/next?accountIds=nope').expect(400)).body.code).toBe('VALIDATION_FAILED');

    // Slots at 10:00 and 16:00 on the weekday two days from now (local).
    const target = nextLocalDate(localDateOf(new Date(), ZONE), 2);
    const weekday = weekdayOfDate(target);
    await owner.post('/api/queue-slots', { accountId: account, weekday, time: '10:00' }).expect(201);
    await owner.post('/api/queue-slots', { accountId: account, weekday, time: '16:00' }).expect(201);
    await owner.post('/api/queue-slots', { accountId: account, weekday, time: '20:00' }).expect(201);
    const ten = atLocalMinute(target, 600, ZONE);
    const first = (await owner.get(`/api/queue-slots/next?accountIds=${account}`).expect(200)).body;
    expect(first).toMatchObject({ scheduledAt: ten.toISOString(), timeZone: ZONE, slot: { weekday, time: '10:00' }, skipped: [] });
    expect(first.localTime.slice(0, 16)).toBe(`${target}T10:00`);

    // An item planned at 10:00 takes that slot; another at 16:20 is within the 60 min spacing of 16:00.
    const plan = (at: Date) =>
      owner
        .post('/api/content-items', { title: 'Planned', caption: 'c', scheduledAt: at.toISOString(), timeZone: ZONE, targets: [{ accountId: account }] })
        .expect(201);
    await plan(ten);
    await plan(atLocalMinute(target, 16 * 60 + 20, ZONE));
    const next = (await owner.get(`/api/queue-slots/next?accountIds=${account}`).expect(200)).body;
    expect(next.scheduledAt).toBe(atLocalMinute(target, 20 * 60, ZONE).toISOString());
    expect(next.skipped.map((s: { reason: string }) => s.reason)).toEqual(['taken', 'spacing']);

    // A wider spacing (5 h) also rules out 20:00 that day; the next week's 10:00 comes next.
    await owner.call('put', '/api/queue-slots/settings', { body: { minSpacingMinutes: 300 } }).expect(200);
    const later = (await owner.get(`/api/queue-slots/next?accountIds=${account}`).expect(200)).body;
    expect(later.scheduledAt).toBe(atLocalMinute(nextLocalDate(target, 7), 600, ZONE).toISOString());
    await owner.call('put', '/api/queue-slots/settings', { body: { minSpacingMinutes: 60 } }).expect(200);
  });

  it('"Add to queue" keeps the TikTok warm-up ramp: a day without room is skipped', async () => {
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true, config: { postsPerDayByWeek: [1, 2] } }).expect(200);
    const target = nextLocalDate(localDateOf(new Date(), ZONE), 2);
    const weekday = weekdayOfDate(target);
    await owner.post('/api/queue-slots', { accountId: account, weekday, time: '09:00' }).expect(201);
    await owner.post('/api/queue-slots', { accountId: account, weekday, time: '19:00' }).expect(201);
    // One post already planned that day at 13:00: the ramp allows one a day in week 1.
    await owner
      .post('/api/content-items', {
        title: 'Planned',
        caption: 'c',
        scheduledAt: atLocalMinute(target, 13 * 60, ZONE).toISOString(),
        timeZone: ZONE,
        targets: [{ accountId: account }],
      })
      .expect(201);
    const next = (await owner.get(`/api/queue-slots/next?accountIds=${account}`).expect(200)).body;
    expect(next.skipped.map((s: { reason: string }) => s.reason)).toEqual(['warmup', 'warmup']);
    expect(next.scheduledAt).toBe(atLocalMinute(nextLocalDate(target, 7), 9 * 60, ZONE).toISOString());
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: false }).expect(200);
    expect((await owner.get(`/api/queue-slots/next?accountIds=${account}`).expect(200)).body.scheduledAt).toBe(
      atLocalMinute(target, 9 * 60, ZONE).toISOString(),
    );
  });
});
