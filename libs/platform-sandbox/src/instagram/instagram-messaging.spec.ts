import { createHmac, timingSafeEqual } from 'node:crypto';

import { call, startReceiver, startTestSandbox, type Receiver, type TestSandbox } from '../testing/helpers.js';

type GraphErr = { error: { code: number; error_subcode?: number; message: string } };
const IG = '17841400000000001';
const SECRET = 'sbx_instagram_app_secret';

function verify(raw: Buffer, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
  const got = Buffer.from(String(header ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe('Instagram messaging, private replies and webhooks (platform-apis.md §5)', () => {
  let t: TestSandbox;
  let hook: Receiver;
  let token: string;
  let graph: string;

  beforeEach(async () => {
    hook = await startReceiver();
    t = await startTestSandbox({ webhooks: { instagram: { callbackUrl: `${hook.url}/webhooks/instagram`, secret: SECRET } }, allowedFetchOrigins: [hook.url] });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    graph = `${t.urls.instagramGraphBaseUrl}/v26.0`;
    const sub = await call(`${graph}/${IG}/subscribed_apps?subscribed_fields=messages,comments&access_token=${token}`, { method: 'POST' });
    expect(sub.body).toEqual({ success: true });
  });
  afterEach(async () => {
    await t.close();
    await hook.close();
  });

  const send = (body: unknown) =>
    call<{ recipient_id: string; message_id: string } & GraphErr>(`${graph}/${IG}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('delivers an inbound DM as a Meta webhook signed with X-Hub-Signature-256 over the raw bytes', async () => {
    const inbound = t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'Hallo, Grüße! 👋 https://x.y/z', fromUsername: 'fan1' });
    await hook.waitFor(1);
    const delivery = hook.received[0];
    expect(delivery?.path).toBe('/webhooks/instagram');
    expect(verify(delivery?.raw ?? Buffer.alloc(0), delivery?.headers['x-hub-signature-256'])).toBe(true);
    const raw = delivery?.raw.toString('utf8') ?? '';
    expect(raw).toContain('\\u00fc'); // unicode-escaped like Meta
    expect(raw).toContain('https:\\/\\/x.y\\/z');
    expect(JSON.parse(raw)).toEqual({
      object: 'instagram',
      entry: [
        {
          id: IG,
          time: expect.any(Number),
          messaging: [
            {
              sender: { id: inbound['senderId'] },
              recipient: { id: IG },
              timestamp: expect.any(Number),
              message: { mid: inbound['mid'], text: 'Hallo, Grüße! 👋 https://x.y/z' },
            },
          ],
        },
      ],
    });
  });

  it('answers inside the 24 h window and refuses after it with 10/2534022', async () => {
    const inbound = t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'price?', fromUsername: 'fan2' });
    const ok = await send({ recipient: { id: inbound['senderId'] }, message: { text: 'It is 10 €' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ recipient_id: inbound['senderId'], message_id: expect.any(String) });
    t.sb.clock.advance(24 * 3600 * 1000 + 1);
    const late = await send({ recipient: { id: inbound['senderId'] }, message: { text: 'still there?' } });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    const agent = await send({ recipient: { id: inbound['senderId'] }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'A human here' } });
    expect(agent.status).toBe(200);
  });

  it('rejects an unknown IGSID with 100/2534014 and text over 1000 bytes with 100', async () => {
    expect((await send({ recipient: { id: IG }, message: { text: 'hi' } })).body.error).toMatchObject({ code: 100, error_subcode: 2534014 });
    const inbound = t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'hi', fromUsername: 'fan3' });
    expect((await send({ recipient: { id: inbound['senderId'] }, message: { text: 'é'.repeat(501) } })).body.error.code).toBe(100);
  });

  it('allows one private reply per comment, within 7 days', async () => {
    const c1 = t.sb.actions.receiveInstagramComment({ igUserId: IG, mediaId: '18000000000000001', text: 'LINK please', fromUsername: 'fan4' });
    const first = await send({ recipient: { comment_id: c1['id'] }, message: { text: 'Here you go' } });
    expect(first.status).toBe(200);
    expect(first.body.recipient_id).toBe(c1['fromId']);
    const second = await send({ recipient: { comment_id: c1['id'] }, message: { text: 'again' } });
    expect(second.status).toBe(400);
    expect(second.body.error.code).toBe(10);
    const c2 = t.sb.actions.receiveInstagramComment({ igUserId: IG, mediaId: '18000000000000001', text: 'me too', fromUsername: 'fan5' });
    t.sb.clock.advance(7 * 24 * 3600 * 1000 + 1);
    expect((await send({ recipient: { comment_id: c2['id'] }, message: { text: 'late' } })).body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
  });

  it('delivers comment webhooks as entry[].changes[] with field comments', async () => {
    const c = t.sb.actions.receiveInstagramComment({ igUserId: IG, mediaId: '18000000000000009', text: 'nice', fromUsername: 'fan6' });
    await hook.waitFor(1);
    const body = JSON.parse(hook.received[0]?.raw.toString('utf8') ?? '{}') as { entry: { changes: unknown[] }[] };
    expect(body.entry[0]?.changes).toEqual([
      {
        field: 'comments',
        value: { id: c['id'], from: { id: c['fromId'], username: 'fan6' }, text: 'nice', media: { id: '18000000000000009', media_product_type: 'REELS' } },
      },
    ]);
  });

  it('retries a failed delivery on the simulated clock until the receiver answers 200', async () => {
    hook.status = 500;
    t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'retry me', fromUsername: 'fan7' });
    await hook.waitFor(1);
    await t.sb.settle();
    hook.status = 200;
    t.sb.clock.advance(5_000);
    await hook.waitFor(2);
    await t.sb.settle();
    expect(hook.received[1]?.raw.equals(hook.received[0]?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(t.sb.inspect.webhooks()[0]).toMatchObject({ attempts: 2, delivered: true });
  });

  it('rate-limits the Send API per account (613/2534040)', async () => {
    await t.close();
    t = await startTestSandbox({ instagram: { messaging: { sendPerSecond: 2 } } });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    graph = `${t.urls.instagramGraphBaseUrl}/v26.0`;
    const inbound = t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'hi', fromUsername: 'fan8' });
    for (let i = 0; i < 2; i++) expect((await send({ recipient: { id: inbound['senderId'] }, message: { text: `m${i}` } })).status).toBe(200);
    expect((await send({ recipient: { id: inbound['senderId'] }, message: { text: 'm3' } })).body.error).toMatchObject({ code: 613, error_subcode: 2534040 });
    t.sb.clock.advance(1000);
    expect((await send({ recipient: { id: inbound['senderId'] }, message: { text: 'm4' } })).status).toBe(200);
  });
});
