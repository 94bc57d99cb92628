import { DataSource } from 'typeorm';

import { atSameLocalTime, localDateOf, nextLocalDate, startOfLocalDate } from '@mwr/domain';

import { insertSocialAccount } from '../../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';
import { freshState } from '../../../../test/war-room-state.js';

describe('tiktok_warmup: the scheduling ramp the API enforces', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;
  let timeZone = 'UTC';

  beforeAll(async () => {
    db = await createTestDatabase('warmup');
    t = await startTestApp({ DATABASE_URL: db.url });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** The local date `days` after today in the workspace's time zone. */
  const day = (days: number) => nextLocalDate(localDateOf(new Date(), timeZone), days);
  /** `hh:mm` on local `date`, as an instant (taken from a day without a DST change, then moved). */
  const at = (date: string, hours: number, minutes = 0) =>
    atSameLocalTime(new Date(startOfLocalDate('2026-01-15', timeZone).getTime() + (hours * 60 + minutes) * 60_000), timeZone, date).toISOString();
  const schedule = (accountIds: string[], scheduledAt: string) =>
    owner.post('/api/content-items', {
      title: 'Warm-up post',
      caption: 'Hello',
      scheduledAt,
      timeZone,
      targets: accountIds.map((accountId) => ({ accountId })),
    });
  const setWarmup = (enabled: boolean, config?: Record<string, unknown>) =>
    owner.post('/api/marketing-war-room/automations/tiktok_warmup', config ? { enabled, config } : { enabled }).expect(200);
  const audits = async (action: string) =>
    (await sql.query(`SELECT target_type AS "targetType", target_id AS "targetId", metadata FROM audit_log WHERE action = $1 ORDER BY id`, [action])) as {
      targetType: string;
      targetId: string;
      metadata: Record<string, unknown>;
    }[];
  const itemsOf = async (accountId: string) =>
    (await sql.query(
      `SELECT ci.scheduled_at AS "scheduledAt" FROM content_items ci JOIN content_item_targets t ON t.content_item_id = ci.id WHERE t.social_account_id = $1 ORDER BY ci.scheduled_at`,
      [accountId],
    )) as { scheduledAt: Date }[];
  const connectedDaysAgo = (accountId: string, days: number) =>
    sql.query(`UPDATE social_accounts SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [accountId, days]);

  it('sets no limit while the flag is off', async () => {
    const fresh = await insertSocialAccount(sql, workspaceId, 'tiktok', 'unlimited.brand');
    for (const hour of [9, 11, 13, 15]) await schedule([fresh], at(day(2), hour)).expect(201);
    expect(await itemsOf(fresh)).toHaveLength(4);
  });

  it('refuses a third post on a day of week 1 with a 422 that explains the ramp, audits the refusal and stores nothing', async () => {
    await setWarmup(true);
    const fresh = await insertSocialAccount(sql, workspaceId, 'tiktok', 'fresh.brand');
    await schedule([fresh], at(day(2), 10)).expect(201);
    await schedule([fresh], at(day(2), 12)).expect(201);

    const refused = await schedule([fresh], at(day(2), 14)).expect(422);
    expect(refused.body.code).toBe('WARMUP_LIMIT_REACHED');
    expect(refused.body.message).toContain(
      `TikTok @fresh.brand is warming up (week 1 of 4): at most 2 posts a day; 2 are already planned on ${day(2)}. Next free day: ${day(3)}.`,
    );
    expect(refused.body.details).toMatchObject({
      accountId: fresh,
      week: 1,
      totalWeeks: 4,
      allowedPerDay: 2,
      plannedThatDay: 2,
      date: day(2),
      nextAllowedDate: day(3),
      nextAllowedAt: at(day(3), 14),
      postsPerDayByWeek: [2, 3, 4, 5],
    });
    expect(await itemsOf(fresh)).toHaveLength(2);
    expect((await audits('automation.tiktok_warmup.refused')).find((a) => a.targetId === fresh)).toMatchObject({
      targetType: 'social_account',
      metadata: expect.objectContaining({ automation: 'tiktok_warmup', week: 1, allowedPerDay: 2, plannedThatDay: 2, postsPerDayByWeek: [2, 3, 4, 5] }),
    });

    // The next day has room; drafts never count.
    await schedule([fresh], at(day(3), 14)).expect(201);
    await owner.post('/api/content-items', { title: 'Idea', caption: 'later', timeZone, targets: [{ accountId: fresh }] }).expect(201);
  });

  it('allows more posts a day after week 1, and none of its limits once the ramp is over', async () => {
    const second = await insertSocialAccount(sql, workspaceId, 'tiktok', 'week2.brand');
    await connectedDaysAgo(second, 7);
    for (const hour of [9, 11, 13]) await schedule([second], at(day(1), hour)).expect(201);
    const refused = await schedule([second], at(day(1), 15)).expect(422);
    expect(refused.body.message).toContain('(week 2 of 4): at most 3 posts a day; 3 are already planned');

    const warmedUp = await insertSocialAccount(sql, workspaceId, 'tiktok', 'veteran.brand');
    await connectedDaysAgo(warmedUp, 40);
    for (const hour of [8, 9, 10, 11, 12, 13]) await schedule([warmedUp], at(day(1), hour)).expect(201);
  });

  it('starts week 1 again when a recovering account restarts its warm-up (audited), for TikTok accounts only', async () => {
    const recovering = await insertSocialAccount(sql, workspaceId, 'tiktok', 'recovering.brand');
    await connectedDaysAgo(recovering, 60);
    for (const hour of [9, 11, 13]) await schedule([recovering], at(day(4), hour)).expect(201);

    const res = await owner.post(`/api/accounts/${recovering}/warmup/restart`).expect(200);
    expect(res.body).toEqual({ accountId: recovering, startedAt: expect.any(String) });
    expect(Date.now() - Date.parse(res.body.startedAt)).toBeLessThan(60_000);
    expect(await audits('automation.tiktok_warmup.restarted')).toEqual([expect.objectContaining({ targetId: recovering })]);
    const refused = await schedule([recovering], at(day(4), 15)).expect(422);
    expect(refused.body.details).toMatchObject({ week: 1, allowedPerDay: 2, plannedThatDay: 3 });

    const instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'restart.ig');
    expect((await owner.post(`/api/accounts/${instagram}/warmup/restart`).expect(422)).body.code).toBe('NOT_A_TIKTOK_ACCOUNT');
    await owner.post('/api/accounts/00000000-0000-4000-8000-000000000000/warmup/restart').expect(404);
  });

  it('leaves Instagram targets alone, but refuses an item whose TikTok target is full', async () => {
    const instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'free.ig');
    for (const hour of [9, 10, 11, 12]) await schedule([instagram], at(day(2), hour)).expect(201);
    const full = await insertSocialAccount(sql, workspaceId, 'tiktok', 'full.brand');
    await schedule([full, instagram], at(day(2), 13)).expect(201);
    await schedule([full, instagram], at(day(2), 14)).expect(201);
    expect((await schedule([full, instagram], at(day(2), 15)).expect(422)).body.details.accountId).toBe(full);
  });

  it('counts a reschedule against the new day but never the item against itself', async () => {
    const mover = await insertSocialAccount(sql, workspaceId, 'tiktok', 'mover.brand');
    const a = (await schedule([mover], at(day(5), 9)).expect(201)).body;
    await schedule([mover], at(day(5), 11)).expect(201);
    const c = (await schedule([mover], at(day(6), 9)).expect(201)).body;

    const moved = await owner.post(`/api/content-items/${a.id}/reschedule`, { scheduledAt: at(day(5), 18), version: a.version }).expect(200);
    expect(moved.body.scheduledAt).toBe(at(day(5), 18));
    const refused = await owner.post(`/api/content-items/${c.id}/reschedule`, { scheduledAt: at(day(5), 20), version: c.version }).expect(422);
    expect(refused.body.details).toMatchObject({ plannedThatDay: 2, nextAllowedDate: day(6) });
    expect((await audits('automation.tiktok_warmup.refused')).find((x) => x.metadata.contentItemId === c.id)).toBeDefined();
    // Caption edits of a plan already past the ramp are not refused: only new times or accounts are checked.
    await owner.patch(`/api/content-items/${a.id}`, { caption: 'Edited', version: moved.body.version }).expect(200);
  });

  it('refuses to resume a draft onto a day past the ramp (422, audited), and leaves it a draft', async () => {
    const resumer = await insertSocialAccount(sql, workspaceId, 'tiktok', 'resumer.brand');
    await schedule([resumer], at(day(2), 9)).expect(201);
    await schedule([resumer], at(day(2), 11)).expect(201);
    const draft = (
      await owner
        .post('/api/content-items', {
          title: 'Idea',
          caption: 'later',
          status: 'draft',
          scheduledAt: at(day(2), 15),
          timeZone,
          targets: [{ accountId: resumer }],
        })
        .expect(201)
    ).body;

    const refused = await owner.post(`/api/content-items/${draft.id}/resume`).expect(422);
    expect(refused.body).toMatchObject({
      statusCode: 422,
      code: 'WARMUP_LIMIT_REACHED',
      message: expect.stringContaining('TikTok @resumer.brand is warming up'),
      details: { plannedThatDay: 2, nextAllowedDate: day(3) },
    });
    expect((await owner.get(`/api/content-items/${draft.id}`).expect(200)).body).toMatchObject({
      status: 'draft',
      version: draft.version,
      scheduledAt: at(day(2), 15),
    });
    expect((await audits('automation.tiktok_warmup.refused')).find((x) => x.metadata.contentItemId === draft.id)).toBeDefined();
  });

  it("counts days in the workspace's time zone", async () => {
    await owner.patch(`/api/workspaces/${workspaceId}`, { timeZone: 'America/Los_Angeles' }).expect(200);
    timeZone = 'America/Los_Angeles';
    try {
      const west = await insertSocialAccount(sql, workspaceId, 'tiktok', 'west.brand');
      // 00:30 and 23:30 Los Angeles time are on two UTC days but one local day.
      await schedule([west], at(day(2), 0, 30)).expect(201);
      await schedule([west], at(day(2), 23, 30)).expect(201);
      expect((await schedule([west], at(day(2), 12)).expect(422)).body.details.date).toBe(day(2));
      await schedule([west], at(day(3), 0, 30)).expect(201);
    } finally {
      await owner.patch(`/api/workspaces/${workspaceId}`, { timeZone: 'UTC' }).expect(200);
      timeZone = 'UTC';
    }
  });

  it('with auto-spread on, places a post past the ramp on the next day with room at the same time (audited, with a warning)', async () => {
    await setWarmup(true, { autoSpread: true });
    const spread = await insertSocialAccount(sql, workspaceId, 'tiktok', 'spread.brand');
    await schedule([spread], at(day(2), 10)).expect(201);
    await schedule([spread], at(day(2), 12)).expect(201);
    await schedule([spread], at(day(3), 9)).expect(201);

    const third = await schedule([spread], at(day(2), 14)).expect(201);
    expect(third.body.scheduledAt).toBe(at(day(3), 14));
    expect(third.body.warnings).toEqual([expect.objectContaining({ code: 'warmup_spread', message: expect.stringContaining(`Moved to ${day(3)}`) })]);
    expect((await audits('automation.tiktok_warmup.spread')).find((a) => a.targetId === third.body.id)?.metadata).toMatchObject({
      from: at(day(2), 14),
      to: at(day(3), 14),
      movedTo: day(3),
    });

    // Day 3 is full now too: the next one goes to day 4.
    expect((await schedule([spread], at(day(2), 16)).expect(201)).body.scheduledAt).toBe(at(day(4), 16));
    // Resuming a draft is scheduling it: it is spread the same way.
    const draft = (
      await owner
        .post('/api/content-items', {
          title: 'Idea',
          caption: 'later',
          status: 'draft',
          scheduledAt: at(day(2), 18),
          timeZone,
          targets: [{ accountId: spread }],
        })
        .expect(201)
    ).body;
    const resumed = await owner.post(`/api/content-items/${draft.id}/resume`).expect(200);
    expect(resumed.body).toMatchObject({ status: 'scheduled', scheduledAt: at(day(4), 18) });
    expect((await audits('automation.tiktok_warmup.spread')).find((a) => a.targetId === draft.id)?.metadata).toMatchObject({ movedTo: day(4) });
    await setWarmup(true, { autoSpread: false });
  });

  it('never lets concurrent requests past the ramp', async () => {
    const busy = await insertSocialAccount(sql, workspaceId, 'tiktok', 'busy.brand');
    const results = await Promise.all([9, 10, 11, 12, 13, 14].map((hour) => schedule([busy], at(day(2), hour)).then((r) => r.status)));
    expect(results.filter((s) => s === 201)).toHaveLength(2);
    expect(results.filter((s) => s === 422)).toHaveLength(4);
    expect(await itemsOf(busy)).toHaveLength(2);
  });

  it('shows cadence against the ramp in Account Health', async () => {
    const today = await insertSocialAccount(sql, workspaceId, 'tiktok', 'today.brand');
    const [item] = await sql.query(`INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'p', 'published', now()) RETURNING id`, [
      workspaceId,
    ]);
    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at) VALUES ($1, $2, $3, 'tiktok', 'posted', now())`,
      [workspaceId, item.id, today],
    );
    const instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'health.ig');

    type Health = { health: { accountId: string; cadence: { warmup: unknown } }[] };
    const health = (await freshState<Health>(owner)).health;
    expect(health.find((h) => h.accountId === today)?.cadence.warmup).toEqual({
      week: 1,
      totalWeeks: 4,
      allowedPerDay: 2,
      plannedToday: 1,
      postsToday: 1,
      startedAt: expect.any(String),
      endsOn: day(28),
    });
    expect(health.find((h) => h.accountId === instagram)?.cadence.warmup).toBeNull();

    await setWarmup(false);
    const off = (await freshState<Health>(owner)).health;
    expect(off.find((h) => h.accountId === today)).toBeDefined();
    expect(off.find((h) => h.accountId === today)?.cadence.warmup).toBeNull();
  });

  it('validates the ramp: 1 to 12 weeks of 1 to 20 posts a day, never going down', async () => {
    const bad = async (postsPerDayByWeek: unknown) =>
      (await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true, config: { postsPerDayByWeek } }).expect(400)).body
        .message as string;
    expect(await bad([])).toContain('postsPerDayByWeek');
    expect(await bad(new Array(13).fill(2))).toContain('postsPerDayByWeek');
    expect(await bad([0, 2])).toContain('at least 1');
    expect(await bad([2, 21])).toContain('at most 20');
    expect(await bad([3, 2])).toContain('only goes up');
    const ok = await setWarmup(true, { postsPerDayByWeek: [1, 1, 2] });
    expect(ok.body.config).toEqual({ postsPerDayByWeek: [1, 1, 2], autoSpread: false, accountIds: [] });
    await setWarmup(false);
  });

  it('holds only the accounts its scope names to the ramp', async () => {
    const scoped = await insertSocialAccount(sql, workspaceId, 'tiktok', 'scoped.brand');
    const free = await insertSocialAccount(sql, workspaceId, 'tiktok', 'free.brand');
    await setWarmup(true, { postsPerDayByWeek: [2, 3, 4, 5], accountIds: [scoped] });
    try {
      for (const hour of [9, 11, 13]) await schedule([free], at(day(4), hour)).expect(201);
      await schedule([scoped], at(day(4), 9)).expect(201);
      await schedule([scoped], at(day(4), 11)).expect(201);
      expect((await schedule([scoped], at(day(4), 13)).expect(422)).body.code).toBe('WARMUP_LIMIT_REACHED');
      const instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'not.tiktok');
      const refused = await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true, config: { accountIds: [instagram] } }).expect(400);
      expect(refused.body.message).toContain('@not.tiktok is on Instagram; this automation acts for TikTok accounts');
    } finally {
      await setWarmup(false, { accountIds: [] });
    }
  });
});
