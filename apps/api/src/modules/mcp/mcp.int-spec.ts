import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { DataSource } from 'typeorm';

import { buildMp4 } from '@mwr/platform-sandbox';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const VIDEO = buildMp4({ videoTrack: { fps: 30 }, durationSec: 8, width: 1080, height: 1920, totalBytes: 320_000 });

interface ToolAnswer {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string }[];
}

describe('MCP server at /mcp: the official SDK client over real HTTP, API key scopes per tool, approval policy (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let base: string;
  let owner: SessionClient;
  let workspaceId: string;
  let tiktok: string;
  let instagram: string;
  let videoSource: Server;
  let videoUrl: string;
  const secrets: Record<string, string> = {};
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('mcp');
    t = await startTestApp({ DATABASE_URL: db.url, ALLOW_INTERNAL_URLS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/workspaces/current').expect(200)).body.id;
    tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok', 'brand_tt');
    instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'brand_ig', 'needs_reconnect');
    for (const [name, scopes] of Object.entries({ writer: ['content:write', 'accounts:read'], reader: ['content:read'], accounts: ['accounts:read'] })) {
      secrets[name] = (await owner.post('/api/api-keys', { name, scopes }).expect(201)).body.secret;
    }
    videoSource = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': VIDEO.length }).end(VIDEO));
    await new Promise<void>((resolve) => videoSource.listen(0, '127.0.0.1', resolve));
    videoUrl = `http://127.0.0.1:${(videoSource.address() as AddressInfo).port}/teaser.mp4`;
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await new Promise<void>((resolve) => (videoSource ? videoSource.close(() => resolve()) : resolve()));
    await t?.close();
    await db?.drop();
  });

  const connect = async (secret: string): Promise<Client> => {
    const client = new Client({ name: 'mcp-int-spec', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${secret}` } } }));
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> =>
    (await client.callTool({ name, arguments: args })) as ToolAnswer;
  const ok = (answer: ToolAnswer): Record<string, unknown> => {
    if (answer.isError) throw new Error(`tool error: ${JSON.stringify(answer.structuredContent ?? answer.content)}`);
    expect(JSON.parse(answer.content[0]!.text!)).toEqual(answer.structuredContent);
    return answer.structuredContent!;
  };
  const errorOf = (answer: ToolAnswer) => {
    expect(answer.isError).toBe(true);
    return (answer.structuredContent as { error: { code: string; message: string; details?: unknown } }).error;
  };

  it('lists the seven tools with their input schemas and scopes', async () => {
    const client = await connect(secrets.reader!);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      ['analytics_summary', 'best_times', 'create_draft', 'get_post_status', 'import_video_from_url', 'list_accounts', 'schedule_post'].sort(),
    );
    const schedule = tools.find((tool) => tool.name === 'schedule_post')!;
    expect(schedule.inputSchema).toMatchObject({ type: 'object', required: ['postId', 'scheduledAt'] });
    expect(schedule.description).toContain('content:write');
    expect(tools.find((tool) => tool.name === 'list_accounts')!.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('refuses a call without a key (401) and a session user, never reaching a tool', async () => {
    const anonymous = new Client({ name: 'anon', version: '1.0.0' });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)))).rejects.toThrow();
    const raw = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(raw.status).toBe(401);
    const bad = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: 'Bearer mwr_nope' },
      body: '{}',
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    // A signed-in person (cookie, GET: no CSRF involved) is sent to the web app: the endpoint is for keys.
    const session = await owner.get('/mcp').set('accept', 'application/json, text/event-stream').expect(401);
    expect(session.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers a tool call without the scope with an MCP tool error (INSUFFICIENT_SCOPE), not a 500, and changes nothing', async () => {
    const accountsOnly = await connect(secrets.accounts!);
    const before = Number((await sql.query('SELECT count(*)::int AS n FROM content_items'))[0].n);
    const refused = errorOf(await call(accountsOnly, 'create_draft', { caption: 'not allowed' }));
    expect(refused).toEqual({ code: 'INSUFFICIENT_SCOPE', message: 'This API key needs the content:write scope' });
    expect(errorOf(await call(accountsOnly, 'get_post_status', { postId: '00000000-0000-4000-8000-000000000000' })).code).toBe('INSUFFICIENT_SCOPE');
    const reader = await connect(secrets.reader!);
    expect(errorOf(await call(reader, 'list_accounts')).code).toBe('INSUFFICIENT_SCOPE');
    expect(errorOf(await call(reader, 'import_video_from_url', { url: videoUrl })).code).toBe('INSUFFICIENT_SCOPE');
    expect(Number((await sql.query('SELECT count(*)::int AS n FROM content_items'))[0].n)).toBe(before);
  });

  it('lists the accounts with their health', async () => {
    const client = await connect(secrets.accounts!);
    const { accounts } = ok(await call(client, 'list_accounts')) as { accounts: Record<string, unknown>[] };
    expect(accounts).toHaveLength(2);
    expect(accounts.find((a) => a.id === tiktok)).toMatchObject({
      platform: 'tiktok',
      handle: 'brand_tt',
      status: 'active',
      health: { token: expect.any(Object), failures24h: expect.any(Object), rateLimits: expect.any(Array), cadence: expect.any(Object) },
    });
    expect(accounts.find((a) => a.id === instagram)).toMatchObject({ status: 'needs_reconnect' });
  });

  it('imports a video, creates a draft, dry-runs the schedule with every refusal, then schedules it; the status shows the timeline', async () => {
    const client = await connect(secrets.writer!);
    const imported = ok(await call(client, 'import_video_from_url', { url: videoUrl })) as { asset: { id: string; status: string }; duplicate: boolean };
    expect(imported).toMatchObject({ asset: { status: 'ready' }, duplicate: false });
    expect((ok(await call(client, 'import_video_from_url', { url: videoUrl })) as { asset: { id: string } }).asset.id).toBe(imported.asset.id);

    const draft = ok(
      await call(client, 'create_draft', {
        title: 'Teaser',
        caption: 'Coming soon',
        hashtags: ['launch'],
        assetId: imported.asset.id,
        accountIds: [tiktok, instagram],
      }),
    ) as { post: { id: string; status: string } };
    expect(draft.post.status).toBe('draft');
    const [audit] = await sql.query("SELECT actor_api_key_id FROM audit_log WHERE action = 'content_item.created' AND target_id = $1", [draft.post.id]);
    expect(audit.actor_api_key_id).toEqual(expect.any(String));

    // A dry run with a past time: every check that would refuse it, nothing saved.
    const past = ok(await call(client, 'schedule_post', { postId: draft.post.id, scheduledAt: '2020-01-01T10:00:00Z', dry_run: true })) as {
      wouldSchedule: boolean;
      refusals: { check: string; code: string; params?: Record<string, unknown> }[];
      wouldPublish: Record<string, unknown>;
    };
    expect(past.wouldSchedule).toBe(false);
    expect(past.refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'content', field: 'scheduledAt' }),
        expect.objectContaining({ check: 'account', code: 'ACCOUNT_NEEDS_RECONNECT', params: expect.objectContaining({ accountId: instagram }) }),
      ]),
    );
    expect(past.wouldPublish).toMatchObject({
      postId: draft.post.id,
      at: '2020-01-01T10:00:00.000Z',
      caption: 'Coming soon',
      video: { id: imported.asset.id, status: 'ready' },
      targets: expect.arrayContaining([expect.objectContaining({ accountId: tiktok, platform: 'tiktok' })]),
    });
    const [still] = await sql.query('SELECT status, scheduled_at FROM content_items WHERE id = $1', [draft.post.id]);
    expect(still).toEqual({ status: 'draft', scheduled_at: null });

    // The real schedule to the healthy account only: the item is planned.
    const tiktokOnly = ok(await call(client, 'create_draft', { caption: 'TikTok only', assetId: imported.asset.id, accountIds: [tiktok] })) as {
      post: { id: string };
    };
    const when = inDays(2);
    const clean = ok(await call(client, 'schedule_post', { postId: tiktokOnly.post.id, scheduledAt: when, dry_run: true })) as {
      wouldSchedule: boolean;
      refusals: unknown[];
    };
    expect(clean).toMatchObject({ wouldSchedule: true, refusals: [] });
    const scheduled = ok(await call(client, 'schedule_post', { postId: tiktokOnly.post.id, scheduledAt: when })) as Record<string, unknown>;
    expect(scheduled).toMatchObject({
      outcome: 'scheduled',
      post: { status: 'scheduled', scheduledAt: new Date(when).toISOString() },
      approval: { awaitingApproval: false },
    });

    // Its status, with a publication's timeline (the worker's rows, inserted as it would).
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'uploading') RETURNING id`,
      [workspaceId, tiktokOnly.post.id, tiktok],
    );
    await sql.query(
      `INSERT INTO job_events (workspace_id, publication_id, type, from_status, to_status, message) VALUES ($1, $2, 'status', 'queued', 'uploading', 'Upload started')`,
      [workspaceId, pub.id],
    );
    const status = ok(await call(client, 'get_post_status', { postId: tiktokOnly.post.id })) as {
      post: { status: string };
      publications: { id: string; status: string; timeline: { message: string }[] }[];
    };
    expect(status.publications).toEqual([expect.objectContaining({ id: pub.id, platform: 'tiktok', status: 'uploading' })]);
    expect(status.publications[0]!.timeline).toEqual([expect.objectContaining({ message: 'Upload started', at: expect.any(String) })]);
  });

  it('goes through the approval policy: under a required policy the scheduled post awaits approval instead of being due', async () => {
    await owner.patch('/api/review-settings', { policy: 'required_internal', allowSelfApproval: false }).expect(200);
    try {
      const client = await connect(secrets.writer!);
      const draft = ok(await call(client, 'create_draft', { caption: 'Needs a review', accountIds: [tiktok] })) as { post: { id: string } };
      const dry = ok(await call(client, 'schedule_post', { postId: draft.post.id, scheduledAt: inDays(1), dry_run: true })) as Record<string, unknown>;
      expect(dry.approval).toEqual({ policy: 'required_internal', wouldAwaitApproval: true });
      const result = ok(await call(client, 'schedule_post', { postId: draft.post.id, scheduledAt: inDays(1) })) as Record<string, unknown>;
      expect(result).toMatchObject({ outcome: 'awaiting_approval', approval: { policy: 'required_internal', awaitingApproval: true } });
      // In the review queue, and not due: the scheduler skips it until approved.
      const queue = (await owner.get('/api/reviews').expect(200)).body as { items: unknown[] };
      expect(JSON.stringify(queue.items)).toContain(draft.post.id);
      const review = (await owner.get(`/api/content-items/${draft.post.id}/review`).expect(200)).body;
      expect(review).toMatchObject({ awaitingApproval: true });
    } finally {
      await owner.patch('/api/review-settings', { policy: 'none' }).expect(200);
    }
  });

  it('answers bad input and missing things with the API’s own codes as tool errors', async () => {
    const client = await connect(secrets.writer!);
    expect(errorOf(await call(client, 'get_post_status', { postId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
    t.config.allowInternalUrls = false;
    try {
      expect(errorOf(await call(client, 'import_video_from_url', { url: 'http://10.0.0.1/x.mp4' })).code).toBe('IMPORT_URL_NOT_ALLOWED');
    } finally {
      t.config.allowInternalUrls = true;
    }
    const badTime = errorOf(await call(client, 'schedule_post', { postId: '00000000-0000-4000-8000-000000000000', scheduledAt: 'tomorrow' }));
    expect(badTime.code).toBe('VALIDATION_FAILED');
    expect(errorOf(await call(client, 'best_times', {})).code).toBe('BEST_TIMES_INVALID_QUERY');
    // The SDK validates the input schema before the tool runs.
    const unknownField = await call(client, 'create_draft', { caption: 'x', surprise: true }).catch((e: Error) => e);
    expect(unknownField instanceof Error || (unknownField as ToolAnswer).isError).toBe(true);
  });

  it('reads the analytics summary and best times through the same services as REST', async () => {
    const client = await connect(secrets.reader!);
    const summary = ok(await call(client, 'analytics_summary', { from: '2026-11-01', to: '2026-11-30', timeZone: 'UTC' }));
    const rest = (await owner.get('/api/analytics/summary?from=2026-11-01&to=2026-11-30&timeZone=UTC').expect(200)).body;
    expect(summary).toEqual(rest);
    const best = ok(await call(client, 'best_times', { accountId: tiktok }));
    expect(best).toEqual((await owner.get(`/api/analytics/best-times?accountId=${tiktok}`).expect(200)).body);
  });
});
