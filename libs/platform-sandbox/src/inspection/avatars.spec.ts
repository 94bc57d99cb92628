import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';

/** Issue 20: the accounts' pictures come from the sandbox itself, so a page offline has no broken image. */
describe('account pictures served by the sandbox', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  const picture = async (url: string) => {
    expect(url.startsWith(`${t.urls.inspectionUrl}/avatars/`)).toBe(true);
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type'), svg: await res.text() };
  };

  it("hands out a TikTok creator's avatar on the sandbox (user info and creator info), and serves it as an image", async () => {
    const tok = t.sb.actions.mintTikTokToken({ openId: 'tt-open-public-0001' })['access_token'] as string;
    const info = await call<{ data: { user: { avatar_url: string; avatar_url_100: string } } }>(
      `${t.urls.tiktokApiBaseUrl}/v2/user/info/?fields=avatar_url,avatar_url_100`,
      { headers: { authorization: `Bearer ${tok}` } },
    );
    expect(info.body.data.user.avatar_url).toBe(`${t.urls.inspectionUrl}/avatars/sandbox.public.svg`);
    expect(info.body.data.user.avatar_url_100).toBe(info.body.data.user.avatar_url);
    const creator = await call<{ data: { creator_avatar_url: string } }>(`${t.urls.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json; charset=UTF-8' },
    });
    expect(creator.body.data.creator_avatar_url).toBe(info.body.data.user.avatar_url);

    const image = await picture(info.body.data.user.avatar_url);
    expect(image).toMatchObject({ status: 200, type: 'image/svg+xml' });
    expect(image.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(image.svg).toContain('>SP</text>');
  });

  it("hands out an Instagram account's profile picture on the sandbox", async () => {
    const tok = t.sb.actions.mintInstagramToken({ igUserId: '17841400000000001' })['access_token'] as string;
    const me = await call<{ profile_picture_url: string }>(`${t.urls.instagramGraphBaseUrl}/v26.0/me?fields=profile_picture_url&access_token=${tok}`);
    expect(me.body.profile_picture_url).toBe(`${t.urls.inspectionUrl}/avatars/sandbox.business.svg`);
    expect(await picture(me.body.profile_picture_url)).toMatchObject({ status: 200, type: 'image/svg+xml' });
  });

  it('refuses a name that is not <username>.svg', async () => {
    expect((await call(`${t.urls.inspectionUrl}/avatars/..%2Fsecret`)).status).toBe(404);
    expect((await call(`${t.urls.inspectionUrl}/avatars/sandbox.public.png`)).status).toBe(404);
  });
});
