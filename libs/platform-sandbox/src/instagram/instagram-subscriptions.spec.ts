import { call, startReceiver, startTestSandbox, type Receiver, type TestSandbox } from '../testing/helpers.js';

type GraphErr = { error: { code: number; error_subcode?: number; message: string } };
const IG = '17841400000000001';
const SECRET = 'sbx_instagram_app_secret';

describe('Instagram webhook subscriptions: /{ig-user-id}/subscribed_apps (platform-apis.md §5.6)', () => {
  let t: TestSandbox;
  let hook: Receiver;
  let token: string;
  let url: string;

  beforeEach(async () => {
    hook = await startReceiver();
    t = await startTestSandbox({ webhooks: { instagram: { callbackUrl: `${hook.url}/webhooks/instagram`, secret: SECRET } }, allowedFetchOrigins: [hook.url] });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    url = `${t.urls.instagramGraphBaseUrl}/v26.0/${IG}/subscribed_apps`;
  });
  afterEach(async () => {
    await t.close();
    await hook.close();
  });

  const bearer = (method: string) => ({ method, headers: { authorization: `Bearer ${token}` } });
  const delivered = () => hook.received.map((r) => JSON.parse(r.raw.toString('utf8')) as { entry: { messaging?: unknown[]; changes?: unknown[] }[] });

  it('delivers nothing for an account until the app subscribes, then only the fields subscribed', async () => {
    t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'anyone?', fromUsername: 'early' });
    await t.sb.settle();
    expect(hook.received).toHaveLength(0);

    const sub = await call(`${url}?subscribed_fields=messages`, bearer('POST'));
    expect(sub).toMatchObject({ status: 200, body: { success: true } });
    t.sb.actions.receiveInstagramComment({ igUserId: IG, mediaId: '18000000000000001', text: 'LINK', fromUsername: 'commenter' });
    t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'hello', fromUsername: 'fan' });
    await hook.waitFor(1);
    await t.sb.settle();
    expect(delivered()).toHaveLength(1);
    expect(delivered()[0]?.entry[0]?.messaging).toHaveLength(1);
  });

  it('adds fields to the subscription, lists them with GET and removes them with DELETE', async () => {
    await call(`${url}?subscribed_fields=messages`, bearer('POST'));
    expect((await call(`${url}?subscribed_fields=messages,comments`, bearer('POST'))).body).toEqual({ success: true });
    const listed = await call<{ data: { id: string; subscribed_fields: string[] }[] }>(url, bearer('GET'));
    expect(listed.body.data).toEqual([{ id: expect.any(String), subscribed_fields: ['messages', 'comments'] }]);

    expect((await call(url, bearer('DELETE'))).body).toEqual({ success: true });
    expect((await call<{ data: unknown[] }>(url, bearer('GET'))).body.data).toEqual([]);
    t.sb.actions.receiveInstagramMessage({ igUserId: IG, text: 'still there?', fromUsername: 'late' });
    await t.sb.settle();
    expect(hook.received).toHaveLength(0);
  });

  it('answers Graph errors: no fields (100), no token (104), a bad token (190), another account (100/33)', async () => {
    expect((await call<GraphErr>(url, bearer('POST'))).body.error.code).toBe(100);
    expect((await call<GraphErr>(`${url}?subscribed_fields=messages`, { method: 'POST' })).body.error.code).toBe(104);
    expect((await call<GraphErr>(`${url}?subscribed_fields=messages&access_token=not-a-token`, { method: 'POST' })).body.error.code).toBe(190);
    const other = await call<GraphErr>(`${t.urls.instagramGraphBaseUrl}/v26.0/17841400000009999/subscribed_apps?subscribed_fields=messages`, bearer('POST'));
    expect(other.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
