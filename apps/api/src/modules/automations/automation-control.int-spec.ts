import { createHmac } from 'node:crypto';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { connectSandboxAccounts, IG_USER, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { consent } from '../../../test/sandbox-browser.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';

const SECRET = 'sbx_instagram_app_secret';
const sign = (raw: string) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
const AUTOMATION = '/api/marketing-war-room/automations/ig_welcome_dm';

interface ActivityEntry {
  id: string;
  action: string;
  outcome: string;
  rule: string | null;
  reason: string | null;
  message: string | null;
  accountId: string | null;
  accountHandle: string | null;
  details: Record<string, unknown>;
}

describe('Bot Control Center API: activity, template preview, webhook subscription on enable', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let viewer: SessionClient;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('botcontrol');
    pipeline = await startPipeline({ DATABASE_URL: db.url });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accountId = (await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId)).instagram;
    viewer = (await addMember(pipeline.app.app.getHttpServer(), owner, 'viewer@example.com', 'viewer')).client;
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  const subscribeCalls = () => pipeline.sandbox.inspect.requests({ endpoint: 'instagram.subscribed_apps' }).filter((r) => r.method === 'POST');
  const subscribedFields = async () => {
    const token = pipeline.sandbox.actions.mintInstagramToken({ igUserId: IG_USER })['access_token'] as string;
    const res = await fetch(`${pipeline.running.urls.instagramGraphBaseUrl}/v26.0/${IG_USER}/subscribed_apps?access_token=${token}`);
    return ((await res.json()) as { data: { subscribed_fields: string[] }[] }).data.flatMap((d) => d.subscribed_fields);
  };
  const activity = async (client: SessionClient = owner, query = '') =>
    (await client.get(`${AUTOMATION}/activity${query}`).expect(200)).body as { items: ActivityEntry[]; nextCursor: string | null };
  const preview = (body: object, key = 'ig_welcome_dm') => owner.post(`/api/marketing-war-room/automations/${key}/preview`, body);

  it('subscribes each connected Instagram account to its message and comment webhooks when the welcome DM is turned on', async () => {
    expect(await subscribedFields()).toEqual([]);
    const res = await owner.post(AUTOMATION, { enabled: true }).expect(200);
    expect(res.body).toMatchObject({ key: 'ig_welcome_dm', enabled: true, warnings: [] });
    expect(subscribeCalls()).toHaveLength(1);
    expect(subscribeCalls()[0]).toMatchObject({ status: 200, query: expect.stringContaining('subscribed_fields=messages,comments') });
    expect((await subscribedFields()).sort()).toEqual(['comments', 'messages']);

    // Saving settings while it is on does not subscribe again; only turning it on does.
    await owner.post(AUTOMATION, { enabled: true, config: { welcomeOncePerDays: 7 } }).expect(200);
    expect(subscribeCalls()).toHaveLength(1);

    const entries = (await activity()).items;
    expect(entries.slice(0, 3).map((e) => e.outcome)).toEqual(['enabled', 'subscribed', 'enabled']);
    expect(entries[1]).toMatchObject({
      action: 'automation.ig_welcome_dm.subscribed',
      accountId,
      accountHandle: 'sandbox.business',
      details: { igUserId: IG_USER, fields: ['messages', 'comments'] },
    });
  });

  it('keeps the switch on when a subscription fails, and returns and audits the failure as a warning', async () => {
    await owner.post(AUTOMATION, { enabled: false }).expect(200);
    pipeline.sandbox.addFault({ match: { endpoint: 'instagram.subscribed_apps', method: 'POST' }, kind: 'http_500', count: 1 });
    const res = await owner.post(AUTOMATION, { enabled: true }).expect(200);
    expect(res.body.enabled).toBe(true);
    expect(res.body.warnings).toEqual([{ accountId, handle: 'sandbox.business', message: expect.stringContaining('@sandbox.business') }]);
    const state = await owner.get('/api/marketing-war-room/state').expect(200);
    expect(state.body.automations.find((a: { key: string }) => a.key === 'ig_welcome_dm')).toMatchObject({ enabled: true });
    const [failed] = (await activity()).items.filter((e) => e.outcome === 'subscribe_failed');
    expect(failed).toMatchObject({
      action: 'automation.ig_welcome_dm.subscribe_failed',
      accountId,
      message: expect.any(String),
      details: expect.objectContaining({ status: 500 }),
    });
  });

  it('lists a refused action with the rule that refused it, newest first, page by page', async () => {
    const at = Date.now() - 25 * 3_600_000;
    const raw = JSON.stringify({
      object: 'instagram',
      entry: [
        {
          id: IG_USER,
          time: at,
          messaging: [
            {
              sender: { id: '9990000000000042' },
              recipient: { id: IG_USER },
              timestamp: at,
              message: { mid: 'm_bot_control_late', text: 'hello from yesterday' },
            },
          ],
        },
      ],
    });
    await request(pipeline.app.app.getHttpServer())
      .post('/api/webhooks/instagram')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', sign(raw))
      .send(raw)
      .expect(200);

    // Viewers read it too: the Bot Control page is everyone's, only the switches are admins'.
    const [latest] = (await activity(viewer)).items;
    expect(latest).toMatchObject({
      action: 'automation.ig_welcome_dm.refused',
      outcome: 'refused',
      rule: 'outside_messaging_window',
      reason: expect.stringContaining('replies are allowed within 24 h'),
      accountId,
      accountHandle: 'sandbox.business',
      details: expect.objectContaining({ trigger: 'message', recipient: '9990000000000042', mid: 'm_bot_control_late' }),
    });
    expect(latest?.details).not.toHaveProperty('automation');

    const all = (await activity()).items;
    const first = await activity(owner, '?limit=2');
    expect(first.items.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    const second = await activity(owner, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));

    // The refused ones alone, for the "refused actions" list.
    const refused = (await activity(owner, '?outcome=refused')).items;
    expect(refused.map((e) => e.id)).toEqual([latest!.id]);
    expect(refused.map((e) => e.outcome)).toEqual(['refused']);
    // The switch turned on: the welcome DM's own three times (twice in the first test, once in
    // the second), newest first; another automation's switch is not among them.
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true }).expect(200);
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: false }).expect(200);
    const enabledIds = (
      await sql.query(
        `SELECT id::text AS id FROM audit_log WHERE workspace_id = $1 AND action = 'automation.enabled' AND target_type = 'automation' AND target_id = 'ig_welcome_dm' ORDER BY id DESC`,
        [workspaceId],
      )
    ).map((r: { id: string }) => r.id);
    expect(enabledIds).toHaveLength(3);
    const enabled = (await activity(owner, '?outcome=enabled')).items;
    expect(enabled.map((e) => e.id)).toEqual(enabledIds);
    expect(enabled.map((e) => e.action)).toEqual(['automation.enabled', 'automation.enabled', 'automation.enabled']);

    // Another automation's page does not show these.
    const other = (await owner.get('/api/marketing-war-room/automations/auto_reposter/activity').expect(200)).body as { items: ActivityEntry[] };
    expect(other.items.filter((e) => e.action.includes('ig_welcome_dm'))).toEqual([]);
  });

  it('answers 404 for an unknown automation and 400 for a bad cursor or limit', async () => {
    expect((await owner.get('/api/marketing-war-room/automations/follow_bot/activity').expect(404)).body).toMatchObject({ code: 'AUTOMATION_NOT_FOUND' });
    await owner.get(`${AUTOMATION}/activity?cursor=abc`).expect(400);
    await owner.get(`${AUTOMATION}/activity?limit=0`).expect(400);
    await owner.get(`${AUTOMATION}/activity?limit=1000`).expect(400);
    await owner.get(`${AUTOMATION}/activity?outcome=DROP%20TABLE`).expect(400);
  });

  it('renders a template with sample values like the engine, and flags unknown variables', async () => {
    await owner.post(AUTOMATION, { enabled: true, config: { commentKeywords: ['GUIDE'] } }).expect(200);
    const res = await preview({ template: 'Hi {{username}}, welcome to {{ account }}! {{coupon}} {{keyword}}' }).expect(200);
    expect(res.body).toMatchObject({
      field: 'message',
      text: 'Hi maya.rose, welcome to sandbox.business!',
      allowedVariables: ['username', 'account'],
      usedVariables: ['username', 'account'],
      unknownVariables: ['coupon', 'keyword'],
      maxBytes: 1000,
    });
    expect(res.body.problems.map((p: { code: string; variable: string | null }) => [p.code, p.variable])).toEqual([
      ['unknown_variable', 'coupon'],
      ['unknown_variable', 'keyword'],
    ]);

    const reply = await preview({
      template: 'Here is the {{keyword}} link, {{username}}',
      field: 'commentReplyMessage',
      variables: { username: 'fan_42' },
    }).expect(200);
    expect(reply.body).toMatchObject({
      text: 'Here is the GUIDE link, fan_42',
      problems: [],
      unknownVariables: [],
      sampleValues: { username: 'fan_42', account: 'sandbox.business', keyword: 'GUIDE' },
    });
  });

  it("flags a message over Instagram's 1000-byte limit, one that may exceed it, an empty one and a broken placeholder", async () => {
    const long = await preview({ template: `${'é'.repeat(501)}` }).expect(200);
    expect(long.body).toMatchObject({ bytes: 1002, problems: [{ code: 'too_long', bytes: 1002 }] });
    const close = await preview({ template: `${'a'.repeat(975)} {{username}}` }).expect(200);
    expect(close.body.problems).toEqual([expect.objectContaining({ code: 'may_be_too_long', bytes: 1006 })]);
    expect((await preview({ template: '{{username}}', variables: { username: '' } }).expect(200)).body.problems).toEqual([
      expect.objectContaining({ code: 'empty' }),
    ]);
    expect((await preview({ template: 'Hi {{user name}}' }).expect(200)).body.problems).toEqual([expect.objectContaining({ code: 'malformed_placeholder' })]);
  });

  it('answers 4xx to a bad preview: unknown automation, one without messages, unknown message, invalid body', async () => {
    await preview({ template: 'hi' }, 'follow_bot').expect(404);
    expect((await preview({ template: 'hi' }, 'auto_reposter').expect(400)).body).toMatchObject({ code: 'NO_MESSAGE_TEMPLATE' });
    expect((await preview({ template: 'hi', field: 'optOutKeywords' }).expect(400)).body).toMatchObject({ code: 'NO_MESSAGE_TEMPLATE' });
    await preview({}).expect(400);
    await preview({ template: 42 }).expect(400);
    await preview({ template: 'hi', variables: { coupon: 'X' } }).expect(400);
    await preview({ template: 'hi', extra: true }).expect(400);
    await preview({ template: 'x'.repeat(5001) }).expect(400);
  });

  it('subscribes an Instagram account (re)connected while the welcome DM is on, and not one it does not cover', async () => {
    await owner.post(AUTOMATION, { enabled: true, config: { accountIds: [] } }).expect(200);
    const reconnect = async () => {
      const started = await owner.post('/api/accounts/connect/instagram').expect(200);
      const back = await consent(started.body.authorizeUrl, { decision: 'approve', field: 'ig_user_id', value: IG_USER });
      await owner.get(`${back.pathname}${back.search}`).expect(302);
    };
    const before = subscribeCalls().length;
    await reconnect();
    await waitFor(async () => subscribeCalls().length === before + 1, 'the subscription after connecting');

    // Scoped to another account: connecting this one subscribes nothing.
    const [other] = await sql.query(
      `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) VALUES ($1, 'instagram', '17800000000000777', 'other.shop') RETURNING id`,
      [workspaceId],
    );
    await owner.post(AUTOMATION, { enabled: true, config: { accountIds: [other.id] } }).expect(200);
    const scoped = subscribeCalls().length;
    await reconnect();
    expect(subscribeCalls()).toHaveLength(scoped);
  });
});
