import { DataSource } from 'typeorm';

import { inDays, insertAsset, insertSocialAccount } from '../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { ExperimentDecider } from './experiment-decider.tick.js';

const HOUR = 3_600_000;

describe('caption experiments (issue 24)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let decider: ExperimentDecider;
  let workspaceId: string;
  let assetId: string;

  beforeAll(async () => {
    db = await createTestDatabase('experiments');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    decider = t.app.get(ExperimentDecider);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    assetId = await insertAsset(sql, workspaceId);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const item = async (accountId: string, withVideo = true) =>
    (
      await owner
        .post('/api/content-items', {
          title: 'Launch',
          caption: 'Draft caption',
          ...(withVideo ? { assetId } : {}),
          timeZone: 'UTC',
          targets: [{ accountId }],
        })
        .expect(201)
    ).body.id as string;

  /** The pipeline's part, as the scheduler and worker would leave it: the variant's post live at `postedAt`. */
  const goLive = async (variant: { itemId: string; accountId: string }, postedAt: Date, status = 'posted') => {
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
       SELECT $1, $2, $3, platform, $4, $5 FROM social_accounts WHERE id = $3 RETURNING id`,
      [workspaceId, variant.itemId, variant.accountId, status, status === 'posted' ? postedAt : null],
    );
    return pub.id as string;
  };

  /** Analytics' reading of a post at 24 h. */
  const reading = async (accountId: string, publicationId: string, postedAt: Date, views: number) => {
    await sql.query(
      `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, read_at)
       SELECT $1, $2, $3, platform, '24h', ($4::timestamptz AT TIME ZONE 'UTC')::date, 'views', $5, $4, $4::timestamptz + interval '24 hours'
         FROM social_accounts WHERE id = $2`,
      [workspaceId, accountId, publicationId, postedAt, views],
    );
  };

  /** Earlier posts of an account with their views at 24 h (its baseline). */
  const history = async (accountId: string, views: number[]) => {
    for (const [i, v] of views.entries()) {
      const postedAt = new Date(Date.now() - (30 - i) * 86_400_000);
      const [it] = await sql.query(`INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'old', 'published', $2) RETURNING id`, [
        workspaceId,
        postedAt,
      ]);
      const pub = await goLive({ itemId: it.id, accountId }, postedAt);
      await reading(accountId, pub, postedAt, v);
    }
  };

  it('refuses the same caption twice, fewer than 2 variants, mixed platforms, a repeated account and an item without video, with clear codes', async () => {
    const a = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const b = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const ig = await insertSocialAccount(sql, workspaceId, 'instagram');
    const itemId = await item(a);
    const at = inDays(2);
    const body = { itemId, mode: 'accounts', accountIds: [a, b], scheduledAt: at };

    const dup = await owner.post('/api/experiments', { ...body, variants: [{ caption: 'New drop  today' }, { caption: 'new drop today' }] }).expect(400);
    expect(dup.body.code).toBe('EXPERIMENT_DUPLICATE_VARIANT');
    expect(dup.body.params).toEqual({ index: 2, sameAs: 1 });
    const one = await owner.post('/api/experiments', { ...body, accountIds: [a], variants: [{ caption: 'x' }] }).expect(400);
    expect(one.body.code).toBe('VALIDATION_FAILED');
    const mixed = await owner.post('/api/experiments', { ...body, accountIds: [a, ig], variants: [{ caption: 'x' }, { caption: 'y' }] }).expect(400);
    expect(mixed.body.code).toBe('EXPERIMENT_ACCOUNTS_INVALID');
    expect(mixed.body.params).toEqual({ problem: 'platforms' });
    const repeated = await owner.post('/api/experiments', { ...body, accountIds: [a, a], variants: [{ caption: 'x' }, { caption: 'y' }] }).expect(400);
    expect(repeated.body.params).toEqual({ problem: 'repeated' });
    const trialElsewhere = await owner
      .post('/api/experiments', { ...body, trialGraduation: 'MANUAL', variants: [{ caption: 'x' }, { caption: 'y' }] })
      .expect(400);
    expect(trialElsewhere.body.code).toBe('EXPERIMENT_TRIAL_INSTAGRAM_ONLY');
    const noVideo = await owner.post('/api/experiments', { ...body, itemId: await item(a, false), variants: [{ caption: 'x' }, { caption: 'y' }] }).expect(400);
    expect(noVideo.body.code).toBe('EXPERIMENT_NEEDS_VIDEO');
    // Nothing was planned by the refused requests.
    const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM content_items WHERE workspace_id = $1 AND caption IN ('x', 'y')`, [workspaceId]);
    expect(n).toBe(0);
  });

  it('posts each variant to its own account at one time, waits for the age, then names the winner with P(best) and the figures', async () => {
    const a = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const b = await insertSocialAccount(sql, workspaceId, 'tiktok');
    // Both accounts usually get about 1,000 views at 24 h, with little spread.
    await history(a, [950, 1000, 1050, 980, 1020, 1000]);
    await history(b, [1000, 1040, 960, 1010, 990, 1000]);
    const at = inDays(2);
    const created = await owner
      .post('/api/experiments', {
        itemId: await item(a),
        mode: 'accounts',
        accountIds: [a, b],
        scheduledAt: at,
        variants: [{ caption: 'Caption one' }, { caption: 'Caption two', hashtags: ['launch'] }],
      })
      .expect(201);
    const e = created.body;
    expect(e).toMatchObject({ status: 'running', mode: 'accounts', metric: 'views', age: '24h', platform: 'tiktok', verdict: null });
    expect(e.variants.map((v: { label: string; accountId: string; scheduledAt: string }) => [v.label, v.accountId, v.scheduledAt])).toEqual([
      ['A', a, new Date(at).toISOString()],
      ['B', b, new Date(at).toISOString()],
    ]);
    // Each variant is a post of its own in the calendar, with its caption and the item's video.
    const variantItem = (await owner.get(`/api/content-items/${e.variants[1].itemId}`).expect(200)).body;
    expect(variantItem).toMatchObject({ caption: 'Caption two', hashtags: ['launch'], assetId, status: 'scheduled' });
    expect(variantItem.targets.map((x: { accountId: string }) => x.accountId)).toEqual([b]);

    // The decider's clock is passed in: now, while the posts are young, then past 24 h.
    const postedAt = new Date(at);
    const clock = (hours: number) => new Date(postedAt.getTime() + hours * HOUR);
    expect((await decider.decide(new Date()))[e.id]).toBe('running');
    const pubA = await goLive({ itemId: e.variants[0].itemId, accountId: a }, postedAt);
    const pubB = await goLive({ itemId: e.variants[1].itemId, accountId: b }, new Date(postedAt.getTime() + 60_000));
    // Live, but 24 h are not over at this moment.
    expect((await decider.decide(clock(2)))[e.id]).toBe('waiting_for_age');
    expect((await owner.get(`/api/experiments/${e.id}`).expect(200)).body.status).toBe('waiting_for_age');
    // Old enough but not read yet: still waiting.
    expect((await decider.decide(clock(25)))[e.id]).toBe('waiting_for_age');
    await reading(a, pubA, postedAt, 1000);
    await reading(b, pubB, postedAt, 1700);
    expect((await decider.decide(clock(25.1)))[e.id]).toBe('decided');

    const decided = (await owner.get(`/api/experiments/${e.id}`).expect(200)).body;
    expect(decided.status).toBe('decided');
    expect(decided.verdict).toMatchObject({ outcome: 'winner', winner: 'B', threshold: 0.95 });
    const [vA, vB] = decided.verdict.variants;
    expect(vA).toMatchObject({ label: 'A', value: 1000, varianceSource: 'account', baselinePosts: 6 });
    expect(vB.value).toBe(1700);
    expect(vB.pBest).toBeGreaterThanOrEqual(0.95);
    expect(vA.pBest + vB.pBest).toBeCloseTo(1, 3);
    expect(decided.variants.map((v: { publicationId: string; publicationStatus: string }) => [v.publicationId, v.publicationStatus])).toEqual([
      [pubA, 'posted'],
      [pubB, 'posted'],
    ]);
    // Listed with its item, and decided only once.
    const listed = (await owner.get(`/api/experiments?itemId=${e.variants[0].itemId}`).expect(200)).body.items;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect((await decider.decide(clock(48)))[e.id]).toBeUndefined();
    const cancelLate = await owner.post(`/api/experiments/${e.id}/cancel`, {}).expect(409);
    expect(cancelLate.body.code).toBe('EXPERIMENT_NOT_OPEN');
  });

  it('says no clear winner when the gap is within what the accounts usually scatter', async () => {
    const a = await insertSocialAccount(sql, workspaceId, 'x');
    const b = await insertSocialAccount(sql, workspaceId, 'x');
    await history(a, [100, 5000, 800, 20000, 300, 2500]);
    await history(b, [200, 9000, 700, 15000, 400, 3000]);
    const e = (
      await owner
        .post('/api/experiments', {
          itemId: await item(a),
          mode: 'accounts',
          accountIds: [a, b],
          scheduledAt: inDays(3),
          variants: [{ caption: 'First take' }, { caption: 'Second take' }],
        })
        .expect(201)
    ).body;
    const postedAt = new Date(Date.now() - 26 * HOUR);
    const pubA = await goLive({ itemId: e.variants[0].itemId, accountId: a }, postedAt);
    const pubB = await goLive({ itemId: e.variants[1].itemId, accountId: b }, postedAt);
    await reading(a, pubA, postedAt, 1000);
    await reading(b, pubB, postedAt, 1700);
    expect((await decider.decide(new Date(Date.now() + 60_000)))[e.id]).toBe('no_clear_winner');
    const done = (await owner.get(`/api/experiments/${e.id}`).expect(200)).body;
    expect(done.verdict.outcome).toBe('no_clear_winner');
    expect(done.verdict.winner).toBeNull();
    expect(done.verdict.variants[1].pBest).toBeLessThan(0.95);
    expect(done.verdict.variants[1].pBest).toBeGreaterThan(0.5);
  });

  it('ends the experiment when a variant’s post fails', async () => {
    const a = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const b = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const e = (
      await owner
        .post('/api/experiments', {
          itemId: await item(a),
          mode: 'accounts',
          accountIds: [a, b],
          scheduledAt: inDays(4),
          variants: [{ caption: 'Alpha' }, { caption: 'Beta' }],
        })
        .expect(201)
    ).body;
    await goLive({ itemId: e.variants[0].itemId, accountId: a }, new Date());
    await goLive({ itemId: e.variants[1].itemId, accountId: b }, new Date(), 'failed');
    expect((await decider.decide(new Date(Date.now() + 60_000)))[e.id]).toBe('cancelled');
    expect((await owner.get(`/api/experiments/${e.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', cancelReason: 'variant_failed' });
  });

  it('puts the variants on one account at its next free queue slots, spaced apart, and a cancel takes back the unposted ones', async () => {
    const a = await insertSocialAccount(sql, workspaceId, 'instagram');
    for (const weekday of [0, 1, 2, 3, 4, 5, 6]) await owner.post('/api/queue-slots', { accountId: a, weekday, time: '18:30' }).expect(201);
    const e = (
      await owner
        .post('/api/experiments', {
          itemId: await item(a),
          mode: 'slots',
          accountIds: [a],
          trialGraduation: 'SS_PERFORMANCE',
          variants: [{ caption: 'Evening one' }, { caption: 'Evening two' }, { caption: 'Evening three' }],
        })
        .expect(201)
    ).body;
    // Instagram: each variant is a trial Reel (the publisher sends trial_params from this option).
    const first = (await owner.get(`/api/content-items/${e.variants[0].itemId}`).expect(200)).body;
    expect(first.targets[0].options).toMatchObject({ trialGraduation: 'SS_PERFORMANCE' });
    const times = e.variants.map((v: { scheduledAt: string }) => Date.parse(v.scheduledAt));
    expect(new Set(e.variants.map((v: { accountId: string }) => v.accountId))).toEqual(new Set([a]));
    // Three different days at the same local time: comparable, and never two posts within the spacing.
    expect(new Set(times).size).toBe(3);
    for (const at of times) expect(new Date(at).toISOString().slice(11, 16)).toBe('18:30');
    expect(times[1] - times[0]).toBe(86_400_000);
    expect(times[2] - times[1]).toBe(86_400_000);

    const cancelled = (await owner.post(`/api/experiments/${e.id}/cancel`, {}).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'person' });
    for (const v of e.variants) expect((await owner.get(`/api/content-items/${v.itemId}`).expect(200)).body.status).toBe('cancelled');
    expect((await owner.post(`/api/experiments/${e.id}/cancel`, {}).expect(409)).body.code).toBe('EXPERIMENT_NOT_OPEN');
  });

  it("does not show another workspace's experiment", async () => {
    const [other] = await sql.query(`INSERT INTO workspaces (name, slug, time_zone) VALUES ('Other', 'other-exp', 'UTC') RETURNING id`);
    const account = await insertSocialAccount(sql, other.id, 'tiktok');
    const [it] = await sql.query(`INSERT INTO content_items (workspace_id, title) VALUES ($1, 'theirs') RETURNING id`, [other.id]);
    const [foreign] = await sql.query(
      `INSERT INTO experiments (workspace_id, content_item_id, platform, mode, metric) VALUES ($1, $2, 'tiktok', 'accounts', 'views') RETURNING id`,
      [other.id, it.id],
    );
    expect(account).toBeTruthy();
    await owner.get(`/api/experiments/${foreign.id}`).expect(404);
    await owner.post(`/api/experiments/${foreign.id}/cancel`, {}).expect(404);
    const list = (await owner.get('/api/experiments?limit=100').expect(200)).body.items;
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((x: { id: string }) => x.id)).not.toContain(foreign.id);
  });
});
