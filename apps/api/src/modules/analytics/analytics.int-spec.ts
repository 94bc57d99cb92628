import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TrendProposer } from '../trends/trend-proposer.service.js';

describe("our own posts' results (publication metrics) and the Trend Radar proposals made from them", () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;
  let tiktok: string;

  beforeAll(async () => {
    db = await createTestDatabase('analytics');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok', 'brand.tt');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** A post that went out `daysAgo` days ago, with its hashtags and video. */
  const post = async (o: {
    accountId: string;
    platform: 'tiktok' | 'instagram';
    hashtags?: string[];
    daysAgo?: number;
    status?: string;
    durationMs?: number;
    workspace?: string;
  }) => {
    const ws = o.workspace ?? workspaceId;
    const [asset] = await sql.query(
      `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, duration_ms, width, height, status)
       VALUES ($1, 'k/' || gen_random_uuid(), 'v.mp4', 'video/mp4', 1000, encode(sha256(random()::text::bytea), 'hex'), $2, 1080, 1920, 'ready') RETURNING id`,
      [ws, o.durationMs ?? 20_000],
    );
    const days = o.daysAgo ?? 2;
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, hashtags, asset_id, status, scheduled_at) VALUES ($1, 'p', $2, $3, 'published', now() - make_interval(days => $4)) RETURNING id`,
      [ws, o.hashtags ?? [], asset.id, days],
    );
    const status = o.status ?? 'posted';
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'posted' THEN now() - make_interval(days => $6) END) RETURNING id`,
      [ws, item.id, o.accountId, o.platform, status, days],
    );
    return pub.id as string;
  };
  const put = (client: SessionClient, id: string, body: unknown) => client.call('put', `/api/publications/${id}/metrics`, { body });

  it("records a posted publication's results (replacing the previous reading), reads them back, and audits it", async () => {
    const id = await post({ accountId: tiktok, platform: 'tiktok' });
    const empty = (await owner.get(`/api/publications/${id}/metrics`).expect(200)).body;
    expect(empty).toEqual({
      publicationId: id,
      views: null,
      likes: null,
      comments: null,
      shares: null,
      saves: null,
      engagementRate: null,
      source: null,
      recordedAt: null,
      recordedBy: null,
    });

    await put(owner, id, { views: 1000, likes: 80, comments: 10, shares: 5, saves: 5 }).expect(200);
    const second = (await put(owner, id, { views: 2000, likes: 150, source: 'import' }).expect(200)).body;
    expect(second).toMatchObject({
      publicationId: id,
      views: 2000,
      likes: 150,
      comments: null,
      shares: null,
      saves: null,
      engagementRate: 0.075,
      source: 'import',
      recordedBy: expect.any(String),
    });
    expect((await owner.get(`/api/publications/${id}/metrics`).expect(200)).body).toEqual(second);
    expect(await sql.query('SELECT count(*)::int AS n FROM publication_metrics WHERE publication_id = $1', [id])).toEqual([{ n: 1 }]);
    const audits = await sql.query(`SELECT action, target_id AS "targetId" FROM audit_log WHERE action = 'publication.metrics_recorded' AND target_id = $1`, [
      id,
    ]);
    expect(audits).toEqual([
      { action: 'publication.metrics_recorded', targetId: id },
      { action: 'publication.metrics_recorded', targetId: id },
    ]);
  });

  it('refuses bad figures with a 400, a publication that is not posted with a 409, and viewers with a 403', async () => {
    const id = await post({ accountId: tiktok, platform: 'tiktok' });
    for (const body of [
      { views: -1 },
      { likes: 1.5 },
      { views: 'many' },
      {},
      { source: 'scraped', views: 1 },
      { views: 1, recordedAt: '2999-01-01T00:00:00Z' },
      { views: 1, extra: true },
    ]) {
      const res = await put(owner, id, body);
      expect(`${JSON.stringify(body)} → ${res.status}`).toBe(`${JSON.stringify(body)} → 400`);
    }
    expect((await owner.get(`/api/publications/${id}/metrics`).expect(200)).body.views).toBeNull();

    const failed = await post({ accountId: tiktok, platform: 'tiktok', status: 'failed' });
    expect((await put(owner, failed, { views: 10 }).expect(409)).body.code).toBe('PUBLICATION_NOT_POSTED');
    await put(owner, '00000000-0000-4000-8000-000000000000', { views: 10 }).expect(404);

    const viewer = await addMember(t.app.getHttpServer(), owner, 'viewer@example.com', 'viewer');
    await viewer.client.get(`/api/publications/${id}/metrics`).expect(200);
    await put(viewer.client, id, { views: 10 }).expect(403);
  });

  it('proposes the hashtags and the format of the best posts as new internal_analytics entries, once', async () => {
    // A workspace of its own: only these posts are measured there.
    const brand = (await owner.post('/api/workspaces', { name: 'Glow brand' }).expect(201)).body;
    await owner.post('/api/auth/switch-workspace', { workspaceId: brand.id }).expect(200);
    const tiktok = await insertSocialAccount(sql, brand.id, 'tiktok');
    const instagram = await insertSocialAccount(sql, brand.id, 'instagram');
    // Six measured posts of the last 30 days: the best three share #glowup, two of them #tutorial.
    const results: [string[], number, number][] = [
      [['glowup', 'tutorial'], 12_000, 20_000],
      [['GlowUp', 'tutorial'], 11_000, 25_000],
      [['glowup', 'behindthescenes'], 9_500, 9_000],
      [['behindthescenes'], 800, 70_000],
      [['random'], 500, 75_000],
      [['tutorial'], 300, 200_000],
    ];
    for (const [i, [hashtags, views, durationMs]] of results.entries()) {
      const id = await post({ accountId: i % 2 ? instagram : tiktok, platform: i % 2 ? 'instagram' : 'tiktok', hashtags, durationMs, workspace: brand.id });
      await put(owner, id, { views, likes: Math.round(views / 10) }).expect(200);
    }
    // An old post and an unmeasured one count for nothing; the team already filed #behindthescenes.
    const old = await post({ accountId: tiktok, platform: 'tiktok', hashtags: ['vintage'], daysAgo: 45, workspace: brand.id });
    await put(owner, old, { views: 99_000 }).expect(200);
    await post({ accountId: tiktok, platform: 'tiktok', hashtags: ['unmeasured'], workspace: brand.id });
    await owner.post('/api/trends', { label: '#BehindTheScenes', kind: 'hashtag' }).expect(201);

    const first = (await owner.post('/api/trends/proposals/refresh').expect(200)).body;
    const byLabel = new Map<string, Record<string, unknown>>(first.items.map((e: { label: string }) => [e.label.toLowerCase(), e]));
    expect([...byLabel.keys()].sort()).toEqual(['#glowup', '#tutorial', 'vertical video, 15–30 s']);
    expect(byLabel.get('#glowup')).toMatchObject({ kind: 'hashtag', source: 'internal_analytics', status: 'spotted', platform: null, score: 100 });
    expect(byLabel.get('#glowup')!.notes).toMatch(/^#glowup: in 3 of your 3 best posts \(last 30 days\), avg 10\.8k views vs /);
    expect(byLabel.get('#tutorial')).toMatchObject({ platform: null, score: 67 });
    expect(byLabel.get('vertical video, 15–30 s')).toMatchObject({ kind: 'format', notes: expect.stringContaining('in 2 of your 3 best posts') });

    // Again: nothing new, the earlier proposals are refreshed in place.
    const again = (await owner.post('/api/trends/proposals/refresh').expect(200)).body;
    expect(again).toEqual({ items: [], refreshed: 3 });
    const stored = await sql.query(
      `SELECT lower(label) AS label, count(*)::int AS n FROM trend_entries WHERE workspace_id = $1 GROUP BY lower(label) ORDER BY 1`,
      [brand.id],
    );
    expect(stored).toEqual([
      { label: '#behindthescenes', n: 1 },
      { label: '#glowup', n: 1 },
      { label: '#tutorial', n: 1 },
      { label: 'vertical video, 15–30 s', n: 1 },
    ]);
    expect(
      (await sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'trend.created' AND metadata->>'source' = 'internal_analytics'`))[0].n,
    ).toBe(3);

    // A proposal the team moved on the board is theirs: a refresh leaves it alone.
    const glowup = byLabel.get('#glowup') as { id: string };
    await owner.patch(`/api/trends/${glowup.id}`, { status: 'planned', notes: 'trying it this week' }).expect(200);
    expect((await owner.post('/api/trends/proposals/refresh').expect(200)).body).toEqual({ items: [], refreshed: 2 });
    expect((await owner.get(`/api/trends/${glowup.id}`).expect(200)).body).toMatchObject({ status: 'planned', notes: 'trying it this week' });

    // The scheduler's tick does the same pass for every workspace with results.
    await sql.query(`DELETE FROM trend_entries WHERE workspace_id = $1 AND source = 'internal_analytics' AND status = 'spotted'`, [brand.id]);
    await t.app.get(TrendProposer).runOnce();
    const afterTick = await sql.query(
      `SELECT label, source, status FROM trend_entries WHERE workspace_id = $1 AND source = 'internal_analytics' ORDER BY lower(label)`,
      [brand.id],
    );
    expect(afterTick.map((e: { label: string; status: string }) => `${e.label.toLowerCase()}:${e.status}`)).toEqual([
      '#glowup:planned',
      '#tutorial:spotted',
      'vertical video, 15–30 s:spotted',
    ]);
    await owner.post('/api/auth/switch-workspace', { workspaceId }).expect(200);
  });

  it('proposes nothing without enough measured posts, and only to editors', async () => {
    const solo = (await owner.post('/api/workspaces', { name: 'Solo brand' }).expect(201)).body;
    await owner.post('/api/auth/switch-workspace', { workspaceId: solo.id }).expect(200);
    const account = await insertSocialAccount(sql, solo.id, 'tiktok');
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, hashtags, status, scheduled_at) VALUES ($1, '{lonely}', 'published', now()) RETURNING id`,
      [solo.id],
    );
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at) VALUES ($1, $2, $3, 'tiktok', 'posted', now()) RETURNING id`,
      [solo.id, item.id, account],
    );
    await put(owner, pub.id, { views: 50_000 }).expect(200);
    expect((await owner.post('/api/trends/proposals/refresh').expect(200)).body).toEqual({ items: [], refreshed: 0 });
    await owner.post('/api/auth/switch-workspace', { workspaceId }).expect(200);
    const viewer = await addMember(t.app.getHttpServer(), owner, 'viewer2@example.com', 'viewer');
    await viewer.client.post('/api/trends/proposals/refresh').expect(403);
  });
});
