import { call, startTestSandbox, tiktokJson, type TestSandbox } from '../testing/helpers.js';

type Env = { data: Record<string, unknown>; error: { code: string } };

describe('sandbox control: a TikTok creator changes settings (issue 18)', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox();
  });
  afterEach(() => t.close());

  const creatorInfo = (openId: string) =>
    call<Env>(
      `${t.urls.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`,
      tiktokJson(t.sb.actions.mintTikTokToken({ openId })['access_token'] as string, {}),
    );
  const patch = (openId: string, body: unknown) =>
    call<Record<string, unknown>>(`${t.urls.inspectionUrl}/tiktok/creators/${openId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('bans and un-bans a creator, and turns duets off: creator_info answers accordingly', async () => {
    expect((await creatorInfo('tt-open-public-0001')).body.error.code).toBe('ok');
    expect((await patch('tt-open-public-0001', { bannedFromPosting: true, duetDisabled: true })).status).toBe(200);
    expect((await creatorInfo('tt-open-public-0001')).body.error.code).toBe('spam_risk_user_banned_from_posting');
    await patch('tt-open-public-0001', { bannedFromPosting: false });
    const info = (await creatorInfo('tt-open-public-0001')).body;
    expect(info.error.code).toBe('ok');
    expect(info.data).toMatchObject({ duet_disabled: true });
  });

  it('refuses unknown creators and settings', async () => {
    expect((await patch('nobody', { bannedFromPosting: true })).status).toBe(404);
    expect((await patch('tt-open-public-0001', { username: 'x' })).status).toBe(400);
    expect((await patch('tt-open-public-0001', { bannedFromPosting: 'yes' })).status).toBe(400);
  });
});
