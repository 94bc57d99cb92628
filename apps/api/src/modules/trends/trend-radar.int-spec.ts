import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TrendScoring } from './trend-scoring.service.js';

const HOUR = 3_600_000;

/**
 * The advanced Trend Radar (issue 33) against real PostgreSQL, and its fetched sources over real
 * HTTP to the sandbox: settings, watch-list, CSV import, votes and owners, our own results and the
 * scores with their evidence, spike alerts once a day, the platform watch, the 30-day purge, and
 * each budget refusing the call that would exceed it.
 */
describe('Trend Radar', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;
  let ownerId: string;
  let inspect: (path: string) => Promise<Record<string, unknown>>;

  beforeAll(async () => {
    db = await createTestDatabase('trend_radar');
    sandbox = createSandbox({});
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    const origin = new URL(running.urls.youtubeApiBaseUrl).origin;
    inspect = async (path) => (await (await fetch(`${origin}/__sandbox${path}`)).json()) as Record<string, unknown>;
    t = await startTestApp({
      DATABASE_URL: db.url,
      LOGIN_ATTEMPTS_PER_IP: '1000',
      PLATFORM_MODE: 'live',
      YOUTUBE_API_BASE_URL: running.urls.youtubeApiBaseUrl,
      YOUTUBE_API_KEY: 'sbx_youtube_api_key',
      X_API_BASE_URL: running.urls.xApiBaseUrl,
      X_APP_BEARER_TOKEN: 'sbx_x_app_bearer_sbx_x_client',
      INSTAGRAM_GRAPH_BASE_URL: running.urls.instagramGraphBaseUrl,
      FACEBOOK_GRAPH_BASE_URL: running.urls.facebookGraphBaseUrl,
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    const me = (await owner.get('/api/auth/me')).body;
    workspaceId = me.workspace.id;
    ownerId = me.user.id;
  });
  afterAll(async () => {
    await t?.close();
    await running?.close();
    await db?.drop();
  });

  const account = async (platform: string, capabilities: Record<string, unknown> = {}, scopes: string[] = []): Promise<string> => {
    const [row] = await sql.query(
      `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, scopes, capabilities) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [workspaceId, platform, `r${randomBytes(6).toString('hex')}`, `h${randomBytes(3).toString('hex')}`, scopes, capabilities],
    );
    return row.id as string;
  };

  /** A live post of the account with its views at 24 h, made of these hashtags. */
  const post = async (
    accountId: string,
    platform: string,
    views: number,
    hashtags: string[],
    hoursAgo = 48,
    audio?: string,
  ): Promise<{ itemId: string; publicationId: string }> => {
    const at = new Date(Date.now() - hoursAgo * HOUR);
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, caption, hashtags, status, scheduled_at) VALUES ($1, 'p', 'Three words here and more', $2, 'published', $3) RETURNING id`,
      [workspaceId, hashtags, at],
    );
    // The target's options, as the composer stores them (an Instagram Reel's audio name).
    await sql.query(`INSERT INTO content_item_targets (content_item_id, social_account_id, workspace_id, options) VALUES ($1, $2, $3, $4)`, [
      item.id,
      accountId,
      workspaceId,
      audio ? { audioName: audio } : {},
    ]);
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, posted_at)
       VALUES ($1, $2, $3, $4, 'posted', $5, $6) RETURNING id`,
      [workspaceId, item.id, accountId, platform, `m${randomBytes(6).toString('hex')}`, at],
    );
    await sql.query(
      `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at)
       VALUES ($1, $2, $3, $4, '24h', $5::date, 'views', $6, $5)`,
      [workspaceId, accountId, pub.id, platform, at, views],
    );
    return { itemId: item.id, publicationId: pub.id };
  };

  it('keeps the settings admin-only and refuses an unknown region or a negative cap without losing the stored ones', async () => {
    expect((await owner.get('/api/trends/settings').expect(200)).body).toMatchObject({ regions: [], xMonthlyCapCents: 0, youtubeDailyUnits: 100 });
    const saved = (await owner.call('put', '/api/trends/settings', { body: { regions: ['FR', 'US'], languages: ['fr'], topics: ['skincare'] } }).expect(200))
      .body;
    expect(saved).toMatchObject({ regions: ['FR', 'US'], languages: ['fr'], topics: ['skincare'], xMonthlyCapCents: 0 });
    for (const bad of [{ regions: ['XX'] }, { regions: ['fr'] }, { xMonthlyCapCents: -1 }, { languages: ['zz'] }, { youtubeDailyUnits: 1.5 }]) {
      const res = await owner.call('put', '/api/trends/settings', { body: bad }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await owner.get('/api/trends/settings').expect(200)).body).toMatchObject({ regions: ['FR', 'US'], topics: ['skincare'] });
    const editor = await addMember(t.app.getHttpServer(), owner, 'radar-editor@example.com', 'editor');
    await editor.client.call('put', '/api/trends/settings', { body: { xMonthlyCapCents: 100 } }).expect(403);
    await editor.client.get('/api/trends/settings').expect(200);
  });

  it('keeps a watch-list whose terms every source can take', async () => {
    const tag = (await owner.post('/api/trends/watch-list', { term: '#GlowUp', kind: 'hashtag' }).expect(201)).body;
    expect(tag).toMatchObject({ term: 'GlowUp', kind: 'hashtag' });
    expect((await owner.post('/api/trends/watch-list', { term: 'glowup', kind: 'hashtag' }).expect(409)).body.code).toBe('TREND_WATCH_TERM_TAKEN');
    expect((await owner.post('/api/trends/watch-list', { term: 'glow up', kind: 'hashtag' }).expect(400)).body.code).toBe('TREND_WATCH_TERM_INVALID');
    expect((await owner.post('/api/trends/watch-list', { term: 'a'.repeat(101), kind: 'hashtag' }).expect(400)).body.code).toBe('TREND_WATCH_TERM_INVALID');
    await owner.post('/api/trends/watch-list', { term: 'a'.repeat(513), kind: 'topic' }).expect(400);
    const topic = (await owner.post('/api/trends/watch-list', { term: 'summer skincare', kind: 'topic' }).expect(201)).body;
    expect((await owner.get('/api/trends/watch-list').expect(200)).body.items.map((w: { term: string }) => w.term)).toEqual(['GlowUp', 'summer skincare']);
    await owner.delete(`/api/trends/watch-list/${topic.id}`).expect(204);
    await owner.delete(`/api/trends/watch-list/${topic.id}`).expect(404);
  });

  it('imports Creative Center entries from CSV: a wrong header refuses the file, a wrong row is reported and the rest filed', async () => {
    const before = Number((await sql.query('SELECT count(*) FROM trend_entries WHERE workspace_id = $1', [workspaceId]))[0].count);
    const wrong = await owner.post('/api/trends/import', { csv: 'label,kind,country,date\n#a,hashtag,FR,2026-12-01\n' }).expect(400);
    expect(wrong.body).toMatchObject({ code: 'TREND_CSV_COLUMNS', details: { missing: ['region'], unknown: ['country'] } });
    expect(Number((await sql.query('SELECT count(*) FROM trend_entries WHERE workspace_id = $1', [workspaceId]))[0].count)).toBe(before);

    const csv = [
      'label,kind,region,date,platform,notes',
      '#dancechallenge,hashtag,FR,2026-12-01,tiktok,"seen in ""Trends"", top 10"',
      'Sped-up remix,sound,ZZ,2026-12-01,tiktok,',
      'Day in the life,format,US,01/12/2026,,',
      'Get ready with me,format,US,2026-12-02,,',
    ].join('\r\n');
    const res = (await owner.post('/api/trends/import', { csv }).expect(200)).body;
    expect(res.items).toHaveLength(2);
    expect(res.items[0]).toMatchObject({
      label: '#dancechallenge',
      kind: 'hashtag',
      source: 'tiktok_creative_center',
      region: 'FR',
      sourceDate: '2026-12-01',
      platform: 'tiktok',
      notes: 'seen in "Trends", top 10',
      status: 'spotted',
    });
    expect(res.errors).toEqual([
      { row: 3, column: 'region', message: expect.stringContaining('unknown region "ZZ"') },
      { row: 4, column: 'date', message: expect.stringContaining('date must be a day') },
    ]);
  });

  it('gives entries an owner who is a member and counts one vote per person', async () => {
    const e = (await owner.post('/api/trends', { label: 'Unboxing in one take', kind: 'format', region: 'FR', ownerId }).expect(201)).body;
    expect(e).toMatchObject({ ownerId, region: 'FR', votes: 0, voted: false, strength: null, evidence: { said: [], ownResults: [] } });
    expect((await owner.post('/api/trends', { label: 'x', kind: 'topic', ownerId: '00000000-0000-4000-8000-000000000000' }).expect(400)).body.code).toBe(
      'TREND_OWNER_NOT_MEMBER',
    );
    await owner.post('/api/trends', { label: 'x', kind: 'topic', region: 'XX' }).expect(400);
    expect((await owner.call('put', `/api/trends/${e.id}/vote`, { body: { vote: 'up' } }).expect(200)).body).toMatchObject({ votes: 1, voted: true });
    expect((await owner.call('put', `/api/trends/${e.id}/vote`, { body: { vote: 'up' } }).expect(200)).body).toMatchObject({ votes: 1, voted: true });
    const top = (await owner.get('/api/trends?sort=votes&limit=1').expect(200)).body.items;
    expect(top.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect((await owner.call('put', `/api/trends/${e.id}/vote`, { body: { vote: 'none' } }).expect(200)).body).toMatchObject({ votes: 0, voted: false });
    expect((await owner.patch(`/api/trends/${e.id}`, { ownerId: null, status: 'retired' }).expect(200)).body).toMatchObject({
      ownerId: null,
      status: 'retired',
    });
    expect((await owner.get(`/api/trends?ownerId=${ownerId}`).expect(200)).body.items).toEqual([]);
  });

  it("finds our own results against each account's median at the same age, and proves trend-linked posts against the baseline", async () => {
    const tiktok = await account('tiktok');
    // Median of the account's 24 h views: 100. #winner posts beat it, #loser ones do not.
    for (const views of [100, 100, 100, 90, 110]) await post(tiktok, 'tiktok', views, ['filler']);
    for (const views of [400, 350, 500]) await post(tiktok, 'tiktok', views, ['Winner'], 48, ' Summer Beat ');
    for (const views of [10, 20, 30]) await post(tiktok, 'tiktok', views, ['loser']);

    const result = (await owner.post('/api/trends/recompute').expect(200)).body;
    expect(result.scored).toBeGreaterThan(0);
    const own = (await owner.get('/api/trends?source=internal_analytics').expect(200)).body.items as {
      label: string;
      kind: string;
      proof: number;
      evidence: { ownResults: unknown[]; proof: { posts: number; beatBaseline: number; interval: number[] } };
    }[];
    const winner = own.find((x) => x.label === '#Winner');
    expect(winner).toMatchObject({ kind: 'hashtag', proof: 100 });
    expect(winner!.evidence.ownResults).toEqual([{ accountId: tiktok, platform: 'tiktok', posts: 3, beat: 3, age: '24h', interval: [0.438, 1] }]);
    expect(winner!.evidence.proof).toMatchObject({ posts: 3, beatBaseline: 3, interval: [0.438, 1] });
    expect(own.find((x) => x.label === '#loser')).toBeUndefined();
    // The audio those posts named is a result of its own (kind sound), trimmed.
    const sound = own.find((x) => x.kind === 'sound');
    expect(sound).toMatchObject({ label: 'Summer Beat', proof: 100 });
    expect(sound!.evidence.ownResults).toEqual([{ accountId: tiktok, platform: 'tiktok', posts: 3, beat: 3, age: '24h', interval: [0.438, 1] }]);

    // A trend the team used: its post beat the account's median (5 of 11 posts at 100 or less).
    const trend = (await owner.post('/api/trends', { label: '#skincare routine', kind: 'topic' }).expect(201)).body;
    const used = await post(tiktok, 'tiktok', 300, []);
    await sql.query('INSERT INTO trend_items (trend_id, content_item_id) VALUES ($1, $2)', [trend.id, used.itemId]);
    await owner.post('/api/trends/recompute').expect(200);
    const scored = (await owner.get(`/api/trends/${trend.id}`).expect(200)).body;
    expect(scored.proof).toBe(100);
    expect(scored.evidence.proof).toMatchObject({
      posts: 1,
      beatBaseline: 1,
      items: [{ publicationId: used.publicationId, views: 300, baseline: 100, ratio: 3 }],
    });
    // Relevance: the workspace's topic "skincare" matches; it has no region to compare.
    expect(scored.evidence.relevance).toMatchObject({ topics: ['skincare'], regionMatch: null, languageMatch: true, languageBasis: 'script', languages: [] });
    expect(scored.relevance).toBe(100);
    // A label in a script none of the workspace's languages (fr) writes: not in its languages, and it weighs.
    const foreign = (await owner.post('/api/trends', { label: '#スキンケア', kind: 'hashtag' }).expect(201)).body;
    await owner.post('/api/trends/recompute').expect(200);
    const foreignScored = (await owner.get(`/api/trends/${foreign.id}`).expect(200)).body;
    expect(foreignScored.evidence.relevance).toMatchObject({ topics: [], languageMatch: false, languageBasis: 'script' });
    expect(foreignScored.relevance).toBe(0);
    const perf = (await owner.get('/api/trends/performance').expect(200)).body.items;
    expect(perf).toEqual([{ source: 'manual', platform: 'tiktok', posts: 1, beatBaseline: 1, medianRatio: 3, interval: expect.any(Array) }]);
  });

  it('recounts only the accounts whose data changed since the last pass, with the figures a from-scratch pass gives', async () => {
    const a = await account('instagram');
    const b = await account('youtube');
    const untouched = await account('x');
    for (const id of [a, b, untouched]) {
      const platform = id === a ? 'instagram' : id === b ? 'youtube' : 'x';
      for (const views of [100, 100, 100, 90, 110]) await post(id, platform, views, ['steady']);
      for (const views of [120, 130, 140]) await post(id, platform, views, ['Incremental']);
    }
    const edge = await post(b, 'youtube', 150, ['Incremental']);
    await owner.post('/api/trends/recompute').expect(200);

    const figures = async () => ({
      counts: await sql.query(
        `SELECT account_id, platform, kind, key, label, n, k FROM trend_own_result_counts WHERE workspace_id = $1 AND key <> 'sentinel'
          ORDER BY account_id, platform, kind, key`,
        [workspaceId],
      ),
      baselines: await sql.query(`SELECT account_id, age_bucket, median, posts FROM trend_account_baselines WHERE workspace_id = $1 ORDER BY account_id`, [
        workspaceId,
      ]),
      entries: await sql.query(
        `SELECT kind, label, platform, score, notes, evidence -> 'ownResults' AS own FROM trend_entries
          WHERE workspace_id = $1 AND source = 'internal_analytics' ORDER BY kind, label`,
        [workspaceId],
      ),
    });
    const before = await figures();
    expect(before.counts.find((r: { account_id: string; key: string }) => r.account_id === b && r.key === 'incremental')).toMatchObject({ n: 4, k: 4 });

    // Since that pass: account a's posts were measured again (its median moves from 110 to 125: its #Incremental post at 120 no longer beats it),
    // one of b's posts crossed the 30-day edge (the pass ran an hour ago), and nothing of `untouched` changed (a planted row
    // of it must survive an incremental pass, so it was not recounted).
    for (const views of [200, 200, 200, 200]) await post(a, 'instagram', views, ['later']);
    await sql.query(`UPDATE metric_snapshots SET posted_at = now() - interval '30 days 1 minute' WHERE publication_id = $1`, [edge.publicationId]);
    await sql.query(`UPDATE trend_recompute_marks SET passed_at = passed_at - interval '1 hour' WHERE workspace_id = $1`, [workspaceId]);
    await sql.query(
      `INSERT INTO trend_own_result_counts (workspace_id, account_id, platform, kind, key, label, n, k) VALUES ($1, $2, 'x', 'hashtag', 'sentinel', '#sentinel', 1, 1)`,
      [workspaceId, untouched],
    );

    await owner.post('/api/trends/recompute').expect(200);
    const incremental = await figures();
    const kept = await sql.query(`SELECT 1 FROM trend_own_result_counts WHERE account_id = $1 AND key = 'sentinel'`, [untouched]);
    expect(kept).toHaveLength(1);
    expect(incremental).not.toEqual(before);
    expect(incremental.counts.find((r: { account_id: string; key: string }) => r.account_id === b && r.key === 'incremental')).toMatchObject({ n: 3, k: 3 });
    expect(incremental.counts.find((r: { account_id: string; key: string }) => r.account_id === a && r.key === 'incremental')).toMatchObject({ n: 3, k: 2 });

    await t.app.get(TrendScoring).recompute([workspaceId], { fromScratch: true });
    expect(await figures()).toEqual(incremental);
    expect(await sql.query(`SELECT 1 FROM trend_own_result_counts WHERE account_id = $1 AND key = 'sentinel'`, [untouched])).toHaveLength(0);
  });

  it('scores strength from growth, says which source said what, and alerts a spike once a day (in-app and alert.raised)', async () => {
    await sql.query(
      `INSERT INTO webhook_endpoints (workspace_id, url, event_types, secret) VALUES ($1, 'https://hooks.example.com/radar', '{alert.raised}', 'whsec_Yg==')`,
      [workspaceId],
    );
    // GlowUp is on the watch-list: 100 posts counted 25 h ago, 300 now.
    const seen = (hoursAgo: number, value: number) =>
      sql.query(
        `INSERT INTO trend_observations (workspace_id, source, platform, term, label, metric, value, observed_at) VALUES ($1, 'x.counts', 'x', 'glowup', '#GlowUp', 'tweet_count', $2, $3)`,
        [workspaceId, value, new Date(Date.now() - hoursAgo * HOUR)],
      );
    await seen(96, 50);
    await seen(72, 80);
    await seen(25, 100);
    await seen(0, 300);
    const entry = (await owner.post('/api/trends', { label: '#glowup', kind: 'hashtag' }).expect(201)).body;
    const first = (await owner.post('/api/trends/recompute').expect(200)).body;
    expect(first.alerts).toBe(1);
    const scored = (await owner.get(`/api/trends/${entry.id}`).expect(200)).body;
    expect(scored.evidence.strength).toMatchObject({ growth24h: 2, latest: 300, metric: 'tweet_count', platform: 'x', source: 'x.counts' });
    // The sparkline is the series' own readings, one a UTC day, oldest first.
    const dayOf = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString().slice(0, 10);
    expect(scored.evidence.strength.readings).toEqual([
      { day: dayOf(96), value: 50 },
      { day: dayOf(72), value: 80 },
      { day: dayOf(25), value: 100 },
      { day: dayOf(0), value: 300 },
    ]);
    expect(scored.strength).toBeGreaterThan(90);
    expect(scored.evidence.said).toEqual([
      { source: 'x.counts', platform: 'x', region: null, metric: 'tweet_count', value: 300, observedAt: expect.any(String) },
    ]);

    const again = (await owner.post('/api/trends/recompute').expect(200)).body;
    expect(again.alerts).toBe(0);
    // Told once per editor (the owner and the editor added above), not again on the second pass.
    const notices = await sql.query(`SELECT user_id, data FROM notifications WHERE workspace_id = $1 AND event = 'trend_spike' ORDER BY user_id`, [
      workspaceId,
    ]);
    expect(notices.map((n: { data: { term: string } }) => n.data.term)).toEqual(['glowup', 'glowup']);
    expect(new Set(notices.map((n: { user_id: string }) => n.user_id)).size).toBe(2);
    const events = await sql.query(`SELECT data FROM webhook_events WHERE workspace_id = $1 AND type = 'alert.raised'`, [workspaceId]);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ rule: 'trend_spike', subject: 'glowup', severity: 'warning' });
  });

  it('purges the statistics of others’ videos after 30 days and keeps the rest', async () => {
    const add = (daysAgo: number, others: boolean) =>
      sql.query(
        `INSERT INTO trend_observations (workspace_id, source, platform, term, label, metric, value, observed_at, others_content)
         VALUES ($1, 'youtube.charts', 'youtube', 'song', 'Song', 'view_count', 1, $2, $3) RETURNING id`,
        [workspaceId, new Date(Date.now() - daysAgo * 24 * HOUR), others],
      );
    const [old] = await add(31, true);
    const [fresh] = await add(29, true);
    const [ours] = await add(40, false);
    expect(await t.app.get(TrendScoring).purge()).toBe(1);
    const left = (await sql.query('SELECT id FROM trend_observations WHERE id = ANY($1::bigint[])', [[old.id, fresh.id, ours.id]])).map(
      (r: { id: string }) => r.id,
    );
    expect(left.sort()).toEqual([fresh.id, ours.id].sort());
  });

  it('watches the platforms: the API version in use, access an account lacks for a source, retired metrics', async () => {
    await account('instagram', {}, ['instagram_business_basic']);
    await sql.query(`INSERT INTO platform_retired_metrics (platform, metric) VALUES ('instagram', 'plays') ON CONFLICT DO NOTHING`);
    const items = (await owner.get('/api/trends/platform-watch').expect(200)).body.items as { kind: string; platform: string; missing: string[] }[];
    expect(items.find((i) => i.kind === 'api_version')).toMatchObject({ platform: 'instagram', version: 'v26.0', endOfLife: '2028-07-29' });
    expect(items.find((i) => i.kind === 'missing_access')).toMatchObject({
      platform: 'instagram',
      sourceKey: 'instagram.hashtag_search',
      missing: ['login through facebook_login', 'instagram_basic'],
    });
    expect(items.find((i) => i.kind === 'retired_metric')).toMatchObject({ platform: 'instagram', metric: 'plays' });
  });

  describe('budgets: a run that would exceed one is refused before calling the platform', () => {
    const source = async (key: string) =>
      (
        (await owner.get('/api/trends/sources').expect(200)).body.items as {
          key: string;
          enabled: boolean;
          disabledReason: string | null;
          budget: { used: number; left: number };
          runs: { lastError: string | null }[];
        }[]
      ).find((s) => s.key === key)!;

    it('YouTube: units a day', async () => {
      await owner.call('put', '/api/trends/settings', { body: { regions: ['US'], languages: ['en'], youtubeDailyUnits: 2 } }).expect(200);
      const first = (await owner.post('/api/trends/sources/youtube.charts/run').expect(200)).body.items[0];
      expect(first.budget).toMatchObject({ limit: 2, used: 2, left: 0 });
      const sandboxUnits = Object.values(((await inspect('/youtube/charts')) as { unitsToday: Record<string, number> }).unitsToday).reduce((s, n) => s + n, 0);
      expect(sandboxUnits).toBe(2);
      const observed = await sql.query(
        `SELECT count(*)::int AS n FROM trend_observations WHERE workspace_id = $1 AND source = 'youtube.charts' AND others_content`,
        [workspaceId],
      );
      expect(observed[0].n).toBeGreaterThan(0);
      // The uploaders' declared languages decide the cards' language match; without one, the title's script does.
      await owner.post('/api/trends/recompute').expect(200);
      const relevances = ((await owner.get('/api/trends?limit=100').expect(200)).body.items as { source: string; evidence: { relevance: Relevance } }[])
        .filter((x) => x.source === 'youtube.charts')
        .map((x) => x.evidence.relevance);
      type Relevance = { languageMatch: boolean | null; languageBasis: string | null; languages: string[] };
      const declared = relevances.filter((r) => r.languageBasis === 'source');
      expect(declared.length).toBeGreaterThan(0);
      for (const r of declared) expect(r.languageMatch).toBe(r.languages.includes('en'));
      expect(declared.some((r) => r.languageMatch === false)).toBe(true);
      expect(relevances.filter((r) => r.languageBasis === 'script').every((r) => r.languageMatch === true && r.languages.length === 0)).toBe(true);
      const second = (await owner.post('/api/trends/sources/youtube.charts/run').expect(200)).body.items[0];
      expect(second.runs[0].lastError).toMatch(/Budget spent/);
      const after = Object.values(((await inspect('/youtube/charts')) as { unitsToday: Record<string, number> }).unitsToday).reduce((s, n) => s + n, 0);
      expect(after).toBe(2);
    });

    it('X: money against the monthly cap (0: off)', async () => {
      expect((await source('x.trends')).disabledReason).toMatch(/cap is 0/);
      await owner.call('put', '/api/trends/settings', { body: { regions: ['US'], xMonthlyCapCents: 1 } }).expect(200);
      const first = (await owner.post('/api/trends/sources/x.trends/run').expect(200)).body.items[0];
      expect(first.budget).toMatchObject({ limit: 1, used: 1, left: 0 });
      expect(first.spend).toEqual([{ what: expect.stringContaining('US'), cents: 1, spentAt: expect.any(String) }]);
      const billed = (await inspect('/x/trends/billing')) as { apps: Record<string, { calls: { trends: number } }> };
      const calls = () => Object.values(billed.apps).reduce((s, a) => s + a.calls.trends, 0);
      expect(calls()).toBe(1);
      const second = (await owner.post('/api/trends/sources/x.trends/run').expect(200)).body.items[0];
      expect(second.runs[0].lastError).toMatch(/Budget spent/);
      const billedAfter = (await inspect('/x/trends/billing')) as { apps: Record<string, { calls: { trends: number } }> };
      expect(Object.values(billedAfter.apps).reduce((s, a) => s + a.calls.trends, 0)).toBe(1);
    });

    it('Instagram: 30 unique hashtags per account per rolling 7 days', async () => {
      const ig = await account('instagram', { loginFlavour: 'facebook_login' }, ['instagram_basic']);
      await sql.query(
        `INSERT INTO instagram_hashtag_searches (workspace_id, account_id, tag, counted_at) SELECT $1, $2, 'tag' || i, now() - interval '1 day' FROM generate_series(1, 30) i`,
        [workspaceId, ig],
      );
      // GlowUp (on the watch-list) would be the 31st.
      const state = (await owner.post('/api/trends/sources/instagram.hashtag_search/run').expect(200)).body.items[0];
      expect(state.budget).toMatchObject({ limit: 30, used: 30, left: 0 });
      expect(state.runs.find((r: { scope: string }) => r.scope === ig).lastError).toMatch(/Budget spent: 30 of 30 unique hashtags/);
      expect(state.counted.filter((c: { accountId: string }) => c.accountId === ig)).toHaveLength(30);
      const ledger = (await inspect('/instagram/hashtags')) as { accounts: unknown };
      expect(JSON.stringify(ledger.accounts)).not.toContain('glowup');
    });
  });
});
