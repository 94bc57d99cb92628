import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { connectSandboxAccounts, IG_USER, startPipeline, waitFor } from '../../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';
import { TokensService } from '../../tokens/tokens.service.js';

const SECRET = 'sbx_instagram_app_secret';
const VERIFY_TOKEN = 'verify-token-for-tests';
const MEDIA = '18000000000000001';
const sign = (raw: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('ig_welcome_dm over the sandbox’s Instagram messaging and webhooks', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accountId: string;
  // The sandbox reads the callback when it delivers: set once the app listens.
  const target = { callbackUrl: 'http://127.0.0.1:9/unset', secret: SECRET };

  beforeAll(async () => {
    db = await createTestDatabase('igwelcome');
    pipeline = await startPipeline({ DATABASE_URL: db.url, META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN }, { webhooks: { instagram: target } });
    await pipeline.app.app.listen(0, '127.0.0.1');
    target.callbackUrl = `http://127.0.0.1:${(pipeline.app.app.getHttpServer().address() as AddressInfo).port}/api/webhooks/instagram`;
    // The app listens on loopback: the sandbox may deliver webhooks to exactly its origin (SSRF guard allowance).
    pipeline.sandbox.options.allowedFetchOrigins.push(new URL(target.callbackUrl).origin);
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accountId = (await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId)).instagram;
    // The account subscribes the app to its messages and comments (§5.6).
    const token = pipeline.sandbox.actions.mintInstagramToken({ igUserId: IG_USER })['access_token'] as string;
    const sub = await fetch(
      `${pipeline.running.urls.instagramGraphBaseUrl}/v26.0/${IG_USER}/subscribed_apps?subscribed_fields=messages,comments&access_token=${token}`,
      { method: 'POST' },
    );
    expect(sub.status).toBe(200);
    await owner
      .post('/api/marketing-war-room/automations/ig_welcome_dm', {
        enabled: true,
        config: { message: 'Hi {{username}}, welcome to {{account}}!', commentKeywords: ['LINK'], commentMediaIds: [MEDIA], welcomeOncePerDays: 1 },
      })
      .expect(200);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  const audits = async (what?: string) =>
    (
      await sql.query(`SELECT action, metadata FROM audit_log WHERE workspace_id = $1 AND action LIKE 'automation.ig_welcome_dm.%' ORDER BY id`, [workspaceId])
    ).filter((r: { action: string }) => !what || r.action === `automation.ig_welcome_dm.${what}`) as { action: string; metadata: Record<string, unknown> }[];
  const sends = () => pipeline.sandbox.inspect.requests({ endpoint: 'instagram.messages' });
  const seen = async (key: string) =>
    waitFor(async () => (await sql.query('SELECT 1 FROM ig_webhook_events WHERE event_key = $1', [key])).length > 0, `event ${key}`);
  const post = (raw: string, signature?: string) => {
    const req = request(pipeline.app.app.getHttpServer()).post('/api/webhooks/instagram').set('content-type', 'application/json');
    if (signature) req.set('x-hub-signature-256', signature);
    return req.send(raw);
  };
  const dmPayload = (mid: string, from: string, text: string, at: number) =>
    JSON.stringify({
      object: 'instagram',
      entry: [{ id: IG_USER, time: at, messaging: [{ sender: { id: from }, recipient: { id: IG_USER }, timestamp: at, message: { mid, text } }] }],
    });

  it('answers Meta’s verification handshake only with the configured token', async () => {
    const server = pipeline.app.app.getHttpServer();
    const ok = await request(server)
      .get('/api/webhooks/instagram')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' })
      .expect(200);
    expect(ok.text).toBe('1158201444');
    await request(server)
      .get('/api/webhooks/instagram')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token', 'hub.challenge': '1' })
      .expect(403);
    await request(server)
      .get('/api/webhooks/instagram')
      .query({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' })
      .expect(403);
  });

  it('welcomes a DM once inside the window, and not again the same day', async () => {
    const first = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'hello!', fromUsername: 'fan1' });
    await waitFor(async () => (await audits('sent')).length === 1, 'the welcome');
    const sent = sends().filter((r) => r.status === 200);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]?.body)).toContain(String(first['senderId']));
    expect(JSON.stringify(sent[0]?.body)).toContain('welcome to sandbox.business!');
    const second = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'are you there?', fromId: String(first['senderId']) });
    await seen(`mid:${String(second['mid'])}`);
    await waitFor(async () => (await audits('refused')).some((a) => a.metadata['mid'] === second['mid']), 'the refusal');
    expect((await audits('refused')).find((a) => a.metadata['mid'] === second['mid'])?.metadata).toMatchObject({ rule: 'welcome_period' });
    expect(sends()).toHaveLength(1);
    // Our own message came back as an echo webhook: recorded, never answered.
    expect((await sql.query(`SELECT count(*)::int AS n FROM ig_webhook_events WHERE kind = 'echo'`))[0].n).toBe(1);
  });

  it('sends exactly one private reply to a keyword comment on a chosen post', async () => {
    const before = sends().length;
    const c = pipeline.sandbox.actions.receiveInstagramComment({ igUserId: IG_USER, mediaId: MEDIA, text: 'LINK please', fromUsername: 'fan2' });
    await waitFor(async () => (await audits('sent')).some((a) => a.metadata['commentId'] === c['id']), 'the private reply');
    const other = pipeline.sandbox.actions.receiveInstagramComment({
      igUserId: IG_USER,
      mediaId: '18000000000000002',
      text: 'LINK please',
      fromUsername: 'fan9',
    });
    const noKeyword = pipeline.sandbox.actions.receiveInstagramComment({ igUserId: IG_USER, mediaId: MEDIA, text: 'nice video', fromUsername: 'fan8' });
    await seen(`comment:${String(other['id'])}`);
    await seen(`comment:${String(noKeyword['id'])}`);
    const replies = sends().slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ status: 200 });
    expect(JSON.stringify(replies[0]?.body)).toContain(String(c['id']));
    expect(await sql.query('SELECT comment_id, message_id FROM ig_private_replies')).toEqual([{ comment_id: c['id'], message_id: expect.any(String) }]);
  });

  it('refuses a forged or missing signature with 401 and stores nothing', async () => {
    const raw = dmPayload('m_forged_1', '9990000000000001', 'hi', Date.now());
    const count = async () =>
      (
        await sql.query(
          'SELECT (SELECT count(*) FROM ig_webhook_events)::int AS e, (SELECT count(*) FROM ig_contacts)::int AS c, (SELECT count(*) FROM audit_log)::int AS a',
        )
      )[0];
    const before = await count();
    expect((await post(raw).expect(401)).body).toMatchObject({ code: 'INVALID_SIGNATURE' });
    await post(raw, sign(raw, 'not-the-app-secret')).expect(401);
    await post(raw, sign(`${raw} `)).expect(401);
    await post(raw, 'sha256=').expect(401);
    expect(await count()).toEqual(before);
  });

  it('processes a redelivered webhook once', async () => {
    const raw = dmPayload('m_redelivered_1', '9990000000000002', 'hello there', Date.now());
    await post(raw, sign(raw)).expect(200);
    await post(raw, sign(raw)).expect(200);
    const mine = (await audits()).filter((a) => a.metadata['mid'] === 'm_redelivered_1');
    expect(mine.map((a) => a.action)).toHaveLength(1);
    expect((await sql.query(`SELECT count(*)::int AS n FROM ig_webhook_events WHERE event_key = 'mid:m_redelivered_1'`))[0].n).toBe(1);
  });

  it('refuses and logs a message attempt more than 24 h after the person wrote', async () => {
    const before = sends().length;
    const raw = dmPayload('m_late_1', '9990000000000003', 'hi from yesterday', Date.now() - 25 * 3_600_000);
    await post(raw, sign(raw)).expect(200);
    const refused = (await audits('refused')).find((a) => a.metadata['mid'] === 'm_late_1');
    expect(refused?.metadata).toMatchObject({ rule: 'outside_messaging_window', automation: 'ig_welcome_dm', recipient: '9990000000000003' });
    expect(sends()).toHaveLength(before);
  });

  it('honours an opt-out for good', async () => {
    const stop = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'STOP', fromUsername: 'fan4' });
    await waitFor(async () => (await audits('opted_out')).some((a) => a.metadata['mid'] === stop['mid']), 'the opt-out');
    const again = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'hello?', fromId: String(stop['senderId']) });
    await waitFor(async () => (await audits('refused')).some((a) => a.metadata['mid'] === again['mid']), 'the refusal');
    expect((await audits('refused')).find((a) => a.metadata['mid'] === again['mid'])?.metadata).toMatchObject({ rule: 'opted_out' });
    expect(sends().filter((r) => JSON.stringify(r.body).includes(String(stop['senderId'])))).toEqual([]);
    // Turning the automation off and on again does not forget it.
    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: false }).expect(200);
    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true }).expect(200);
    const [contact] = await sql.query('SELECT opted_out_at FROM ig_contacts WHERE account_id = $1 AND igsid = $2', [accountId, stop['senderId']]);
    expect(contact.opted_out_at).not.toBeNull();
  });

  it('keeps to the per-account hourly limit, and sends nothing while disabled', async () => {
    const sentSoFar = (await audits('sent')).length;
    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true, config: { maxMessagesPerHour: sentSoFar } }).expect(200);
    const m = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'hey', fromUsername: 'fan5' });
    await waitFor(async () => (await audits('refused')).some((a) => a.metadata['mid'] === m['mid']), 'the refusal');
    expect((await audits('refused')).find((a) => a.metadata['mid'] === m['mid'])?.metadata).toMatchObject({ rule: 'rate_limit' });

    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: false, config: { maxMessagesPerHour: 100 } }).expect(200);
    const before = sends().length;
    const off = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'hello', fromUsername: 'fan6' });
    await seen(`mid:${String(off['mid'])}`);
    expect(sends()).toHaveLength(before);
    expect((await audits()).filter((a) => a.metadata['mid'] === off['mid'])).toEqual([]);
  });

  it('acts only for the accounts its scope names, and refuses a scope of other accounts with 400', async () => {
    const tiktok = (await sql.query(`SELECT id FROM social_accounts WHERE workspace_id = $1 AND platform = 'tiktok'`, [workspaceId]))[0].id as string;
    const [other] = await sql.query(
      `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) VALUES ($1, 'instagram', '17800000000000999', 'second.shop') RETURNING id`,
      [workspaceId],
    );
    const refused = await owner
      .post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true, config: { accountIds: [tiktok, '00000000-0000-4000-8000-000000000000'] } })
      .expect(400);
    expect(refused.body.message).toEqual(expect.stringContaining('is on TikTok; this automation acts for Instagram accounts'));
    expect(JSON.stringify(refused.body)).toContain('no account 00000000-0000-4000-8000-000000000000 in this workspace');

    // Scoped to another Instagram account: this one's DMs are left alone.
    await owner
      .post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true, config: { accountIds: [other.id], maxMessagesPerHour: 100 } })
      .expect(200);
    const before = sends().length;
    const outOfScope = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'hello there', fromUsername: 'fan7' });
    await seen(`mid:${String(outOfScope['mid'])}`);
    expect(sends()).toHaveLength(before);
    expect((await audits()).filter((a) => a.metadata['mid'] === outOfScope['mid'])).toEqual([]);

    // Back in scope: welcomed.
    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true, config: { accountIds: [accountId, other.id] } }).expect(200);
    const inScope = pipeline.sandbox.actions.receiveInstagramMessage({ igUserId: IG_USER, text: 'hello again', fromUsername: 'fan10' });
    await waitFor(async () => (await audits('sent')).some((a) => a.metadata['mid'] === inScope['mid']), 'the welcome in scope');
  });
});
