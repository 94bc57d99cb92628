import { buildMp4 } from '../index.js';
import { call, form, startFileServer, startTestSandbox, type FileServer, type TestSandbox } from '../testing/helpers.js';

type GraphErr = { error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string; is_transient: boolean } };
const IG = '17841400000000001';
const V = 'v26.0';

describe('Instagram Graph API: Reels publishing (platform-apis.md §3)', () => {
  let t: TestSandbox;
  let files: FileServer;
  let token: string;
  let graph: string;
  const reel = buildMp4({ durationSec: 12, seed: 11, totalBytes: 300_000 });

  beforeEach(async () => {
    files = await startFileServer({ '/reel.mp4': reel, '/short.mp4': buildMp4({ durationSec: 1 }), '/text.mp4': Buffer.from('not a video at all') });
    // The file server is on loopback: the crawler may fetch from exactly its origin.
    t = await startTestSandbox({ instagram: { downloadRangeBytes: 100_000 }, allowedFetchOrigins: [files.url] });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
  });
  afterEach(async () => {
    await files.close();
    await t.close();
  });

  const create = (params: Record<string, string>) =>
    call<{ id: string } & GraphErr>(`${graph}/${IG}/media?${new URLSearchParams({ access_token: token, ...params })}`, { method: 'POST' });
  const statusOf = (id: string) =>
    call<{ id: string; status_code: string; status: string }>(`${graph}/${id}?fields=status_code,status`, { headers: { authorization: `Bearer ${token}` } });
  const publish = (id: string) =>
    call<{ id: string } & GraphErr>(`${graph}/${IG}/media_publish`, {
      ...form({ creation_id: id }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
  const ready = async (): Promise<string> => {
    const c = await create({ media_type: 'REELS', video_url: `${files.url}/reel.mp4`, caption: 'Hello reels #mwr' });
    expect(c.status).toBe(200);
    await t.sb.settle();
    t.sb.clock.advance(20_000);
    return c.body.id;
  };

  it('creates a container, downloads video_url with Range requests, and goes IN_PROGRESS → FINISHED', async () => {
    const c = await create({ media_type: 'REELS', video_url: `${files.url}/reel.mp4`, caption: 'Hello' });
    expect(c.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
    expect((await statusOf(c.body.id)).body).toEqual({ id: c.body.id, status_code: 'IN_PROGRESS', status: expect.any(String) });
    await t.sb.settle();
    expect(files.requests.map((r) => r.range)).toEqual(['bytes=0-99999', 'bytes=100000-199999', 'bytes=200000-299999']);
    t.sb.clock.advance(20_000);
    expect((await statusOf(c.body.id)).body).toEqual({
      id: c.body.id,
      status_code: 'FINISHED',
      status: 'Finished: Media has been uploaded and it is ready to be published.',
    });
  });

  it('publishes a FINISHED container once; a PUBLISHED container is never published again', async () => {
    const id = await ready();
    const first = await publish(id);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
    expect((await statusOf(id)).body.status_code).toBe('PUBLISHED');
    const second = await publish(id);
    expect(second.status).toBe(400);
    expect(second.body.error).toMatchObject({ code: 506, type: 'OAuthException', fbtrace_id: expect.any(String) });
    expect(t.sb.inspect.publicPosts({ platform: 'instagram' })).toHaveLength(1);
    const media = await call<{ permalink: string; media_product_type: string }>(
      `${graph}/${first.body.id}?fields=permalink,media_product_type&access_token=${token}`,
    );
    expect(media.body).toMatchObject({ permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\/[\w-]+\/$/), media_product_type: 'REELS' });
  });

  it('answers 9007/2207027 when publishing before FINISHED', async () => {
    const c = await create({ media_type: 'REELS', video_url: `${files.url}/reel.mp4` });
    const res = await publish(c.body.id);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
  });

  it('expires an unpublished container after 24 h (EXPIRED, publish → -2/2207020)', async () => {
    const id = await ready();
    t.sb.clock.advance(24 * 3600 * 1000);
    expect((await statusOf(id)).body.status_code).toBe('EXPIRED');
    expect((await publish(id)).body.error).toMatchObject({ code: -2, error_subcode: 2207020 });
  });

  it.each([
    ['/text.mp4', '2207026'],
    ['/short.mp4', '2207026'],
  ])('puts %s into ERROR with the subcode in status', async (path, subcode) => {
    const c = await create({ media_type: 'REELS', video_url: `${files.url}${path}` });
    await t.sb.settle();
    t.sb.clock.advance(20_000);
    expect((await statusOf(c.body.id)).body).toMatchObject({ status_code: 'ERROR', status: subcode });
  });

  it('fails container creation with 9004/2207052 when video_url cannot be fetched', async () => {
    const res = await create({ media_type: 'REELS', video_url: `${files.url}/missing.mp4` });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
  });

  it.each(['http://[::ffff:127.0.0.1]:{port}/reel.mp4', 'http://localhost:{port}/reel.mp4'])(
    'never fetches video_url %s, another spelling of the allowed loopback origin: 9004/2207052',
    async (template) => {
      const port = new URL(files.url).port;
      const res = await create({ media_type: 'REELS', video_url: template.replace('{port}', port) });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
      await t.sb.settle();
      expect(files.requests).toHaveLength(0);
    },
  );

  it('rejects media_type=VIDEO, a missing video_url, and a caption over 2200 characters', async () => {
    expect((await create({ media_type: 'VIDEO', video_url: `${files.url}/reel.mp4` })).body.error).toMatchObject({ code: 100, error_subcode: 2207023 });
    expect((await create({ media_type: 'REELS' })).body.error).toMatchObject({ code: 100, message: 'The parameter video_url is required' });
    expect((await create({ media_type: 'REELS', upload_type: 'resumable' })).body.error).toMatchObject({
      code: 100,
      message: 'The parameter video_url is required',
    });
    expect((await create({ media_type: 'REELS', video_url: `${files.url}/reel.mp4`, caption: 'x'.repeat(2201) })).body.error).toMatchObject({
      code: 36004,
      error_subcode: 2207010,
    });
  });

  it('refuses a caption with more than 5 hashtags (platform-apis.md §11), accepts exactly 5', async () => {
    const six = await create({ media_type: 'REELS', video_url: `${files.url}/reel.mp4`, caption: 'Launch #a #b #c #d #e #f' });
    expect(six.body.error).toMatchObject({ code: 36004, error_subcode: 2207010 });
    const five = await create({ media_type: 'REELS', video_url: `${files.url}/reel.mp4`, caption: 'Launch #a #b #c #d #e' });
    expect(five.status).toBe(200);
  });

  it('enforces content_publishing_limit (configurable quota) with 9/2207042 and reports usage', async () => {
    await files.close();
    await t.close();
    files = await startFileServer({ '/reel.mp4': reel });
    t = await startTestSandbox({ instagram: { publishQuota: 2 }, allowedFetchOrigins: [files.url] });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
    for (let i = 0; i < 2; i++) expect((await publish(await ready())).status).toBe(200);
    const over = await publish(await ready());
    expect(over.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    const limit = await call(`${graph}/${IG}/content_publishing_limit?fields=quota_usage,config&access_token=${token}`);
    expect(limit.body).toEqual({ data: [{ quota_usage: 2, config: { quota_total: 2, quota_duration: 86400 } }] });
    t.sb.clock.advance(24 * 3600 * 1000);
    expect((await call(`${graph}/${IG}/content_publishing_limit?access_token=${token}`)).body).toEqual({ data: [{ quota_usage: 0 }] });
  });

  it('answers token errors with the Graph envelope: 104 missing, 190 invalid, 190/463 expired', async () => {
    const missing = await call<GraphErr>(`${graph}/me?fields=username`);
    expect(missing.body.error).toMatchObject({ code: 104, type: 'OAuthException' });
    expect((await call<GraphErr>(`${graph}/me?access_token=bogus`)).body.error.code).toBe(190);
    t.sb.clock.advance(61 * 24 * 3600 * 1000);
    expect((await call<GraphErr>(`${graph}/me?access_token=${token}`)).body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('sends X-Business-Use-Case-Usage and X-App-Usage headers and throttles at the BUC budget', async () => {
    await t.close();
    t = await startTestSandbox({
      instagram: { bucCallsPerImpression: 1 },
      seedData: {
        instagramAccounts: [
          {
            igUserId: IG,
            appScopedUserId: '1',
            username: 'u',
            name: 'n',
            accountType: 'BUSINESS',
            pageId: 'p',
            pageName: 'pn',
            impressions: 3,
            messagingEnabled: true,
            humanAgentEnabled: false,
          },
        ],
      },
    });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
    const first = await call(`${graph}/me?fields=username&access_token=${token}`);
    const usage = JSON.parse(first.headers.get('x-business-use-case-usage') ?? '{}') as Record<string, { type: string; call_count: number }[]>;
    expect(usage[IG]?.[0]).toMatchObject({ type: 'instagram', call_count: 33 });
    expect(JSON.parse(first.headers.get('x-app-usage') ?? '{}')).toHaveProperty('call_count');
    await call(`${graph}/me?access_token=${token}`);
    await call(`${graph}/me?access_token=${token}`);
    const throttled = await call<GraphErr>(`${graph}/me?access_token=${token}`);
    expect(throttled.body.error).toMatchObject({ code: 80002, is_transient: true });
  });

  it('answers unknown objects and paths with Graph errors, never a stack trace', async () => {
    const obj = await call<GraphErr>(`${graph}/999999?access_token=${token}`);
    expect([obj.status, obj.body.error.code, obj.body.error.error_subcode]).toEqual([400, 100, 33]);
    const path = await call<GraphErr>(`${graph}/${IG}/media/extra/deep?access_token=${token}`);
    expect(path.body.error.code).toBe(2500);
    const field = await call<GraphErr>(`${graph}/me?fields=secret_sauce&access_token=${token}`);
    expect(field.body.error.code).toBe(100);
  });

  it('exchanges the Instagram Login code, then a long-lived token, and refreshes only after 24 h', async () => {
    const redirect = 'http://localhost:3000/auth/instagram/callback';
    const q = {
      client_id: '990000000000001',
      redirect_uri: redirect,
      response_type: 'code',
      scope: 'instagram_business_basic,instagram_business_content_publish',
      state: 'ig-state',
    };
    const pageRes = await call(`${t.urls.instagramAuthUrl}/oauth/authorize?${new URLSearchParams(q)}`);
    expect(pageRes.text).toContain('@sandbox.business');
    const decision = await call(`${t.urls.instagramAuthUrl}/oauth/authorize`, form({ ...q, decision: 'approve', ig_user_id: IG }));
    const location = decision.headers.get('location') ?? '';
    expect(location.endsWith('#_')).toBe(true);
    const code = new URL(location).searchParams.get('code') ?? '';
    const ex = await call(
      `${t.urls.instagramAuthUrl}/oauth/access_token`,
      form({ client_id: q.client_id, client_secret: 'sbx_instagram_app_secret', grant_type: 'authorization_code', redirect_uri: redirect, code }),
    );
    expect(ex.text).toMatch(/"user_id":26000000000000001/);
    expect(ex.body).toMatchObject({
      access_token: expect.stringMatching(/^IGAA/),
      permissions: ['instagram_business_basic', 'instagram_business_content_publish'],
    });
    const long = await call(
      `${t.urls.instagramGraphBaseUrl}/access_token?grant_type=ig_exchange_token&client_secret=sbx_instagram_app_secret&access_token=${ex.body['access_token'] as string}`,
    );
    expect(long.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 5183944 });
    const refresh = (tok: string) => call(`${t.urls.instagramGraphBaseUrl}/refresh_access_token?grant_type=ig_refresh_token&access_token=${tok}`);
    expect((await refresh(long.body['access_token'] as string)).status).toBe(400);
    t.sb.clock.advance(24 * 3600 * 1000);
    expect((await refresh(long.body['access_token'] as string)).body).toMatchObject({ token_type: 'bearer', expires_in: 5183944 });
  });
});
