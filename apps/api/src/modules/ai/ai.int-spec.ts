import request from 'supertest';
import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { OpenAiStub } from '../../../test/openai-stub.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const EIGHT_TAGS = 'Launch day is here #a #b #c #d #e #f #g #h';
const ANSWER = JSON.stringify({
  suggestions: {
    instagram: ['Our new sneaker is out: light, loud, yours. #sneakers #launch', EIGHT_TAGS],
    tiktok: ['POV: you finally found the sneaker that keeps up #sneakers'],
  },
});
const REQUEST = { title: 'Sneaker launch', draft: 'New sneaker out today', platforms: ['instagram', 'tiktok'], count: 2 };

/** The SSE body of a streamed answer: its events in order. */
const eventsOf = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.includes('event:'))
    .map((block) => ({ event: /event: (.*)/.exec(block)![1], data: JSON.parse(/data: (.*)/.exec(block)![1]!) as Record<string, unknown> }));
const asText = (res: request.Response, cb: (err: Error | null, body: string) => void) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => cb(null, body));
};

describe('AI caption suggestions (issue 24)', () => {
  let db: TestDatabase;
  let stub: OpenAiStub;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('ai_suggestions');
    stub = await new OpenAiStub().start();
    stub.content = ANSWER;
    t = await startTestApp({
      DATABASE_URL: db.url,
      LOGIN_ATTEMPTS_PER_IP: '1000',
      AI_BASE_URL: stub.baseUrl,
      AI_MODEL: 'stub-model',
      AI_API_KEY: 'sk-test-key',
      AI_TIMEOUT_MS: '1500',
      AI_MAX_RETRIES: '2',
    });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
    await db?.drop();
  });
  beforeEach(() => stub.reset());

  const enable = async () => (await owner.call('put', '/api/ai/settings', { body: { suggestionsEnabled: true } }).expect(200)).body;

  it('is off for the workspace until an admin turns it on; an editor may not', async () => {
    expect((await owner.get('/api/ai/status').expect(200)).body).toEqual({
      serverEnabled: true,
      workspaceEnabled: false,
      available: false,
      canManage: true,
      model: 'stub-model',
    });
    expect((await owner.post('/api/ai/caption-suggestions', REQUEST).expect(409)).body.code).toBe('AI_WORKSPACE_DISABLED');
    expect((await owner.post('/api/ai/caption-suggestions/stream', REQUEST).expect(409)).body.code).toBe('AI_WORKSPACE_DISABLED');
    expect(stub.requests).toHaveLength(0);
    const editor = (await addMember(t.app.getHttpServer(), owner, 'editor@example.com', 'editor')).client;
    await editor.call('put', '/api/ai/settings', { body: { suggestionsEnabled: true } }).expect(403);
    expect((await editor.get('/api/ai/status').expect(200)).body).toMatchObject({ canManage: false, available: false });
    expect(await enable()).toMatchObject({ workspaceEnabled: true, available: true });
    expect((await editor.get('/api/ai/status').expect(200)).body.available).toBe(true);
  });

  it("sends the title, the draft, each platform's rules and the workspace's best captions, and checks every suggestion against the rules", async () => {
    await enable();
    const account = await insertSocialAccount(sql, workspaceId, 'instagram');
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, caption, hashtags, status) VALUES ($1, 'old', 'Our best one ever', '{summer}', 'draft') RETURNING id`,
      [workspaceId],
    );
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at) VALUES ($1, $2, $3, 'instagram', 'posted', now() - interval '3 days') RETURNING id`,
      [workspaceId, item.id, account],
    );
    await sql.query(
      `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at)
       VALUES ($1, $2, $3, 'instagram', '24h', current_date, 'views', 48210, now() - interval '3 days')`,
      [workspaceId, account, pub.id],
    );

    const body = (await owner.post('/api/ai/caption-suggestions', REQUEST).expect(200)).body;

    expect(stub.requests).toHaveLength(1);
    const sent = stub.requests[0]!;
    expect(sent.headers.authorization).toBe('Bearer sk-test-key');
    expect(sent.body).toMatchObject({ model: 'stub-model', stream: false });
    const prompt = sent.body.messages!.map((m) => m.content).join('\n');
    expect(prompt).toContain('"Sneaker launch"');
    expect(prompt).toContain('"New sneaker out today"');
    expect(prompt).toMatch(/Platform "instagram".*at most 2200 characters; at most 5 hashtags; at most 20 @mentions/);
    expect(prompt).toMatch(/Platform "tiktok".*at most 2200 UTF-16 code units/);
    expect(prompt).toContain('(48210 views at 24 h) "Our best one ever\\n\\n#summer"');

    expect(body.model).toBe('stub-model');
    expect(body.items).toEqual([
      { platform: 'instagram', caption: 'Our new sneaker is out: light, loud, yours. #sneakers #launch', source: 'ai', accepted: true, refusals: [] },
      {
        platform: 'instagram',
        caption: EIGHT_TAGS,
        source: 'ai',
        accepted: false,
        refusals: [{ code: 'too_many_hashtags', message: 'Instagram: 8 hashtags, the limit is 5', limit: 5, actual: 8 }],
      },
      { platform: 'tiktok', caption: 'POV: you finally found the sneaker that keeps up #sneakers', source: 'ai', accepted: true, refusals: [] },
    ]);
    expect(body.basis).toEqual([
      { platform: 'instagram', maxLength: 2200, counting: 'characters', maxHashtags: 5, maxMentions: 20, examples: 1 },
      { platform: 'tiktok', maxLength: 2200, counting: 'utf16_units', examples: 0 },
    ]);
    // Nothing was written: the item and the drafts are untouched.
    expect((await sql.query(`SELECT count(*)::int AS n FROM content_items WHERE workspace_id = $1`, [workspaceId]))[0].n).toBe(1);
  });

  it('streams the model’s text as delta events, then the checked result', async () => {
    await enable();
    const text = (
      await owner
        .post('/api/ai/caption-suggestions/stream', REQUEST)
        .buffer(true)
        .parse(asText)
        .expect(200)
        .expect('content-type', /text\/event-stream/)
    ).body as string;
    expect(stub.requests[0]!.body.stream).toBe(true);
    const events = eventsOf(text);
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.data.text).join('')).toBe(ANSWER);
    expect(events.at(-1)!.event).toBe('result');
    expect((events.at(-1)!.data.items as { accepted: boolean }[]).map((i) => i.accepted)).toEqual([true, false, true]);
  });

  it.each([
    ['a refused key (401), not retried', [{ kind: 'status', status: 401 }], 502, 'AI_PROVIDER_REFUSED', 1],
    ['429 three times: retried twice, then refused', [1, 2, 3].map(() => ({ kind: 'status', status: 429, retryAfter: 0 })), 502, 'AI_PROVIDER_REFUSED', 3],
    ['500 three times: retried twice, then refused', [1, 2, 3].map(() => ({ kind: 'status', status: 500 })), 502, 'AI_PROVIDER_REFUSED', 3],
    ['an answer that is not JSON', [{ kind: 'malformed' }], 502, 'AI_PROVIDER_BAD_ANSWER', 1],
    ['a model text without any caption', [{ kind: 'answer', content: 'Sure! Here are some ideas.' }], 502, 'AI_PROVIDER_BAD_ANSWER', 1],
    ['no answer within AI_TIMEOUT_MS', [{ kind: 'hang' }], 504, 'AI_PROVIDER_TIMEOUT', 1],
  ] as const)('answers %s with a clear code', async (_name, script, status, code, calls) => {
    await enable();
    stub.queue(...(script as unknown as Parameters<OpenAiStub['queue']>));
    const body = (await owner.post('/api/ai/caption-suggestions', REQUEST).expect(status)).body;
    expect(body).toMatchObject({ statusCode: status, code });
    expect(body.message).not.toContain('sk-test-key');
    expect(stub.requests).toHaveLength(calls);
  });

  it('gets through a 429 and a 503 within the retry bound', async () => {
    await enable();
    stub.queue({ kind: 'status', status: 429, retryAfter: 0 }, { kind: 'status', status: 503 });
    const body = (await owner.post('/api/ai/caption-suggestions', REQUEST).expect(200)).body;
    expect(body.items).toHaveLength(3);
    expect(stub.requests).toHaveLength(3);
  });

  it('ends a stream with an error event when the provider fails mid-stream or times out', async () => {
    await enable();
    stub.queue({ kind: 'malformed' });
    const bad = eventsOf((await owner.post('/api/ai/caption-suggestions/stream', REQUEST).buffer(true).parse(asText).expect(200)).body as string);
    expect(bad.at(-1)).toMatchObject({ event: 'error', data: { code: 'AI_PROVIDER_BAD_ANSWER', statusCode: 502 } });
    stub.queue({ kind: 'hang' });
    const slow = eventsOf((await owner.post('/api/ai/caption-suggestions/stream', REQUEST).buffer(true).parse(asText).expect(200)).body as string);
    expect(slow.at(-1)).toMatchObject({ event: 'error', data: { code: 'AI_PROVIDER_TIMEOUT', statusCode: 504 } });
  });

  it('refuses bad input with 400 before asking the provider', async () => {
    await enable();
    expect((await owner.post('/api/ai/caption-suggestions', { ...REQUEST, platforms: ['myspace'] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await owner.post('/api/ai/caption-suggestions', { ...REQUEST, count: 50 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await owner.post('/api/ai/caption-suggestions', { ...REQUEST, platforms: [] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(stub.requests).toHaveLength(0);
  });

  it('says the provider is unreachable when nothing listens at AI_BASE_URL', async () => {
    await enable();
    await stub.close();
    const body = (await owner.post('/api/ai/caption-suggestions', REQUEST).expect(502)).body;
    expect(body.code).toBe('AI_PROVIDER_UNREACHABLE');
  });
});

describe('AI caption suggestions without AI_BASE_URL (off by default)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;

  beforeAll(async () => {
    db = await createTestDatabase('ai_off');
    t = await startTestApp({ DATABASE_URL: db.url });
    owner = await setupOwner(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('reports the feature off and answers AI_DISABLED, even with the workspace switch on', async () => {
    await owner.call('put', '/api/ai/settings', { body: { suggestionsEnabled: true } }).expect(200);
    expect((await owner.get('/api/ai/status').expect(200)).body).toEqual({ serverEnabled: false, workspaceEnabled: true, available: false, canManage: true });
    expect((await owner.post('/api/ai/caption-suggestions', REQUEST).expect(409)).body.code).toBe('AI_DISABLED');
    expect((await owner.post('/api/ai/caption-suggestions/stream', REQUEST).expect(409)).body.code).toBe('AI_DISABLED');
  });
});
