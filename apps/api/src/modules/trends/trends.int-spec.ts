import { DataSource } from 'typeorm';

import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { freshState } from '../../../test/war-room-state.js';

describe('Trend Radar (trends CRUD)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('trends');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('creates, lists, moves on the board, and deletes entries, each audited', async () => {
    const created = (
      await owner
        .post('/api/trends', {
          label: '#summerdrop',
          kind: 'hashtag',
          platform: 'tiktok',
          tags: ['summer', 'launch'],
          url: 'https://example.com/brief',
          notes: 'seen in our top post',
        })
        .expect(201)
    ).body;
    expect(created).toMatchObject({
      label: '#summerdrop',
      kind: 'hashtag',
      platform: 'tiktok',
      source: 'manual',
      status: 'spotted',
      tags: ['summer', 'launch'],
      expired: false,
      expiresAt: null,
    });
    const note = (await owner.post('/api/trends', { label: 'Green-screen explainers', kind: 'format', source: 'team_note' }).expect(201)).body;
    expect(note).toMatchObject({ platform: null, source: 'team_note' });

    const listed = (await owner.get('/api/trends').expect(200)).body.items;
    expect(listed.map((e: { id: string }) => e.id)).toEqual([note.id, created.id]);

    const moved = (await owner.patch(`/api/trends/${created.id}`, { status: 'planned', tags: ['summer'], notes: null }).expect(200)).body;
    expect(moved).toMatchObject({ status: 'planned', tags: ['summer'], notes: null, label: '#summerdrop' });
    expect((await owner.get('/api/trends?status=planned').expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([created.id]);

    // The state document lists the same entries, with their board status.
    const state = (await owner.get('/api/marketing-war-room/state').expect(200)).body;
    expect(state.trends.find((e: { id: string }) => e.id === created.id)).toMatchObject({ status: 'planned', tags: ['summer'] });

    await owner.delete(`/api/trends/${note.id}`).expect(204);
    await owner.get(`/api/trends/${note.id}`).expect(404);
    const actions = (await sql.query(`SELECT action FROM audit_log WHERE workspace_id = $1 AND target_type = 'trend' ORDER BY id`, [workspaceId])).map(
      (r: { action: string }) => r.action,
    );
    expect(actions).toEqual(['trend.created', 'trend.created', 'trend.updated', 'trend.deleted']);
  });

  it('hides expired entries from the board and the state document unless asked', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const e = (await owner.post('/api/trends', { label: 'old sound', kind: 'sound', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(201))
      .body;
    await sql.query('UPDATE trend_entries SET expires_at = $2 WHERE id = $1', [e.id, past]);
    const board = (await owner.get('/api/trends').expect(200)).body.items.map((x: { id: string }) => x.id) as string[];
    expect(board).not.toContain(e.id);
    expect(board.length).toBeGreaterThan(0);
    const all = (await owner.get('/api/trends?includeExpired=true').expect(200)).body.items;
    expect(all.find((x: { id: string }) => x.id === e.id)).toMatchObject({ expired: true });
    // A state document computed after the expiry lists exactly the board's live entries.
    const state = await freshState<{ trends: { id: string }[] }>(owner);
    expect(state.trends.map((x) => x.id).sort()).toEqual([...board].sort());
    // Clearing the expiry brings it back.
    expect((await owner.patch(`/api/trends/${e.id}`, { expiresAt: null }).expect(200)).body).toMatchObject({ expired: false, expiresAt: null });
  });

  it('turns an entry into a linked draft with a seeded caption and moves it to planned', async () => {
    const hashtag = (
      await owner.post('/api/trends', { label: '#SummerDrop', kind: 'hashtag', platform: 'tiktok', notes: 'Pair with a product reveal' }).expect(201)
    ).body;
    const made = (await owner.post(`/api/trends/${hashtag.id}/draft`).expect(201)).body;
    expect(made.trend).toMatchObject({ id: hashtag.id, status: 'planned', contentItemId: made.contentItemId, linkedItems: 1 });
    expect(made.prefill).toEqual({ hashtags: ['SummerDrop'], audio: null, format: null });
    const item = (await owner.get(`/api/content-items/${made.contentItemId}`).expect(200)).body;
    expect(item).toMatchObject({
      title: '#SummerDrop',
      caption: 'Pair with a product reveal',
      hashtags: ['SummerDrop'],
      status: 'draft',
      targets: [],
      scheduledAt: null,
    });
    expect((await owner.get(`/api/trends/${hashtag.id}`).expect(200)).body.contentItemId).toBe(made.contentItemId);

    // Anything else starts the caption; a used entry stays used.
    const sound = (await owner.post('/api/trends', { label: 'Lo-fi piano loop', kind: 'sound', status: 'used', notes: 'Use the 15 s cut' }).expect(201)).body;
    const soundDraft = (await owner.post(`/api/trends/${sound.id}/draft`).expect(201)).body;
    expect(soundDraft.trend.status).toBe('used');
    expect(soundDraft.prefill).toEqual({ hashtags: [], audio: 'Lo-fi piano loop', format: null });
    expect((await owner.get(`/api/content-items/${soundDraft.contentItemId}`).expect(200)).body).toMatchObject({
      title: 'Lo-fi piano loop',
      caption: 'Lo-fi piano loop\n\nUse the 15 s cut',
      hashtags: [],
    });

    // Deleting the draft clears the link, and only the link.
    await owner.delete(`/api/content-items/${soundDraft.contentItemId}`).expect(204);
    expect((await owner.get(`/api/trends/${sound.id}`).expect(200)).body).toMatchObject({ contentItemId: null, status: 'used' });

    const actions = (
      await sql.query(`SELECT action FROM audit_log WHERE workspace_id = $1 AND target_type = 'trend' AND target_id = $2 ORDER BY id`, [
        workspaceId,
        hashtag.id,
      ])
    ).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['trend.created', 'trend.draft_created']);
    await owner.post('/api/trends/00000000-0000-4000-8000-000000000000/draft').expect(404);
    const viewer = await addMember(t.app.getHttpServer(), owner, 'drafts-viewer@example.com', 'viewer');
    await viewer.client.post(`/api/trends/${hashtag.id}/draft`).expect(403);
  });

  it('validates input: no scraped source, known kinds, http(s) links only, and viewers cannot write', async () => {
    await owner.post('/api/trends', { label: 'x', kind: 'hashtag', source: 'internal_analytics' }).expect(400);
    await owner.post('/api/trends', { label: 'x', kind: 'hashtag', source: 'scraper' }).expect(400);
    await owner.post('/api/trends', { label: 'x', kind: 'meme' }).expect(400);
    await owner.post('/api/trends', { label: 'x', kind: 'topic', url: 'javascript:alert(1)' }).expect(400);
    await owner.post('/api/trends', { label: '', kind: 'topic' }).expect(400);
    const e = (await owner.post('/api/trends', { label: 'valid', kind: 'topic' }).expect(201)).body;
    await owner.patch(`/api/trends/${e.id}`, {}).expect(400);
    await owner.patch(`/api/trends/${e.id}`, { status: 'viral' }).expect(400);
    await owner.get('/api/trends/not-a-uuid').expect(404);
    const viewer = await addMember(t.app.getHttpServer(), owner, 'viewer@example.com', 'viewer');
    await viewer.client.get('/api/trends').expect(200);
    await viewer.client.post('/api/trends', { label: 'nope', kind: 'topic' }).expect(403);
    await viewer.client.delete(`/api/trends/${e.id}`).expect(403);
  });
});
