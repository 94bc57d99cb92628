import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

/** Bad input is a 4xx with the standard error body and a message, never a 500, and changes nothing. */
describe('bad input (issue #28): deep JSON, control characters, lone surrogates, null', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('bad_input');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const item = (overrides: Record<string, unknown> = {}) => ({
    title: 'Teaser',
    caption: 'Hello',
    scheduledAt: inDays(3),
    timeZone: 'UTC',
    targets: [{ accountId }],
    ...overrides,
  });
  const items = async () => Number((await sql.query('SELECT count(*)::int AS n FROM content_items'))[0].n);
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });
  const rawJson = (method: 'post' | 'patch', path: string, text: string) => owner.call(method, path).set('content-type', 'application/json').send(text);
  const expectRefused = (res: { status: number; body: unknown }, status: number, message: RegExp) => {
    expect({ status: res.status, body: res.body }).toEqual({
      status,
      body: {
        statusCode: status,
        code: expect.any(String),
        message: expect.stringMatching(message),
        ...((res.body as { params?: unknown }).params ? { params: expect.any(Object) } : {}),
        ...((res.body as { details?: unknown }).details ? { details: expect.anything() } : {}),
      },
    });
  };

  it('refuses deeply nested JSON with a 400 before validation, on sign-in as on every JSON route', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expectRefused(await owner.call('post', '/api/auth/login').set('content-type', 'application/json').send(deep), 400, /nested too deeply/);
    const deepOptions = JSON.stringify(item({ options: 'HERE' })).replace('"HERE"', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    expectRefused(await rawJson('post', '/api/content-items', deepOptions), 400, /nested too deeply \(more than 32 levels/);
    expectRefused(await rawJson('post', '/api/content-items', JSON.stringify(item({ options: nested(40) }))), 400, /nested too deeply/);
    // Brackets inside strings are text, not nesting.
    await owner.post('/api/content-items', item({ title: '[[[[{{{{'.repeat(10), options: nested(20) })).expect(201);
    expect(await items()).toBe(1);
  });

  it.each([
    ['a NUL character', 'Team\u0000Brand', /name must not contain a NUL character/],
    ['a bell character', 'Team\u0007Brand', /must not contain control characters/],
    ['a lone surrogate', 'Team\ud800Brand', /not valid Unicode text/],
  ])('refuses a workspace name with %s (400) and keeps the name', async (_name, name, message) => {
    const before = (await owner.get('/api/workspaces/current').expect(200)).body.name;
    expectRefused(await owner.patch(`/api/workspaces/${workspaceId}`, { name }), 400, message);
    expect((await owner.get('/api/workspaces/current').expect(200)).body.name).toBe(before);
  });

  it('refuses a lone surrogate in an e-mail at sign-in and at invitation (400)', async () => {
    expectRefused(await owner.post('/api/auth/login', { email: 'a\udc00b@example.com', password: 'whatever-long' }), 400, /not valid Unicode text/);
    expectRefused(await owner.post('/api/invitations', { email: 'x\ud83d@example.com', role: 'editor' }), 400, /not valid Unicode text/);
    expect(Number((await sql.query('SELECT count(*)::int AS n FROM invitations'))[0].n)).toBe(0);
  });

  it('keeps line breaks and tabs in a caption but refuses them in a title', async () => {
    const ok = await owner.post('/api/content-items', item({ caption: 'Line one\nLine two\r\n\tindented' })).expect(201);
    expect(ok.body.caption).toBe('Line one\nLine two\r\n\tindented');
    const before = await items();
    expectRefused(await owner.post('/api/content-items', item({ title: 'Two\nlines' })), 400, /title must not contain control characters/);
    expectRefused(
      await owner.post('/api/content-items', item({ caption: 'bad\u0007caption' })),
      400,
      /caption must not contain control characters other than line breaks/,
    );
    expectRefused(await owner.post('/api/content-items', item({ caption: 'bad\u0000caption' })), 400, /caption must not contain a NUL character/);
    expect(await items()).toBe(before);
  });

  it('refuses NUL and lone surrogates anywhere in free-form JSON, query strings and path parameters', async () => {
    const before = await items();
    expectRefused(await owner.post('/api/content-items', item({ options: { note: 'a\u0000b' } })), 400, /options\.note must not contain a NUL character/);
    expectRefused(await owner.post('/api/content-items', item({ options: { 'k\ud800': 1 } })), 400, /the name of options\.k.* is not valid Unicode text/);
    expectRefused(await owner.post('/api/content-items', item({ targets: [{ accountId, options: { caption: 'x\ud800' } }] })), 400, /not valid Unicode text/);
    expect(await items()).toBe(before);
    expectRefused(await owner.get('/api/content-items?q=a%00b'), 400, /q must not contain/);
    const nul = await owner.get('/api/content-items/a%00b');
    expect(nul.status).toBeGreaterThanOrEqual(400);
    expect(nul.status).toBeLessThan(500);
  });

  it('refuses null on a field that cannot be null (400), and keeps the entry', async () => {
    const trend = (await owner.post('/api/trends', { label: 'Sea shanties', kind: 'sound' }).expect(201)).body;
    for (const field of ['label', 'kind', 'status', 'tags']) {
      expectRefused(await owner.patch(`/api/trends/${trend.id}`, { [field]: null }), 400, new RegExp(`${field} must not be null|${field}`));
    }
    expect((await owner.get(`/api/trends/${trend.id}`).expect(200)).body).toMatchObject({
      label: 'Sea shanties',
      kind: 'sound',
      status: trend.status,
      tags: trend.tags,
    });
    // Where null means something, it is still accepted.
    await owner.patch(`/api/trends/${trend.id}`, { notes: null, url: null, platform: null, expiresAt: null }).expect(200);
  });
});
