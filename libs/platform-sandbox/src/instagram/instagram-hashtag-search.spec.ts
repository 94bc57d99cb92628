import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';
import { HASHTAG_LIMIT_ERROR, HASHTAG_SEARCH_LIMIT } from './index.js';

type GraphErr = { error: { message: string; type: string; code: number; error_subcode?: number } };
type Media = Record<string, unknown> & { id: string; timestamp: string; like_count: number };
type MediaPage = { data: Media[]; paging?: { cursors: { after: string }; next?: string } } & GraphErr;

const IG = '17841400000000001';
const V = 'v26.0';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 11, 1, 12);

describe('Instagram sandbox: Hashtag Search on Facebook Login (platform-apis.md §11, issue 33)', () => {
  let t: TestSandbox;
  let fb: string;
  beforeEach(async () => {
    t = await startTestSandbox({ seed: 3, startTime: START });
    fb = `${t.urls.facebookGraphBaseUrl}/${V}`;
  });
  afterEach(() => t.close());

  const fbToken = (): string => t.sb.actions.mintInstagramToken({ igUserId: IG, kind: 'fb_user' })['access_token'] as string;
  const get = <T = MediaPage>(path: string, params: Record<string, string>, token = fbToken()) =>
    call<T & GraphErr>(`${fb}/${path}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${token}` } });
  const search = (q: string, token?: string) => get<{ data: { id: string }[] }>('ig_hashtag_search', { user_id: IG, q }, token);

  it('finds a hashtag id, then its recent media of the last 24 h in pages of ≤ 50 with the listed fields only', async () => {
    const token = fbToken();
    const found = await search('coffee', token);
    expect(found.status).toBe(200);
    const id = found.body.data[0]?.id ?? '';
    expect(id).toMatch(/^\d{17}$/);
    expect((await search('#Coffee', token)).body.data[0]?.id).toBe(id);
    const fields = 'id,caption,like_count,comments_count,media_type,media_url,permalink,timestamp';
    const first = await get(`${id}/recent_media`, { user_id: IG, fields, limit: '50' }, token);
    expect(first.status).toBe(200);
    expect(first.body.data.length).toBeGreaterThan(0);
    expect(first.body.data.length).toBeLessThanOrEqual(50);
    const now = t.sb.clock.now();
    expect(first.body.data.every((m) => now - Date.parse(m.timestamp.replace('+0000', 'Z')) <= DAY)).toBe(true);
    expect(Object.keys(first.body.data[0] ?? {}).sort()).toEqual(fields.split(',').sort());
    const small = await get(`${id}/recent_media`, { user_id: IG, fields: 'id', limit: '5' }, token);
    expect(small.body.data).toHaveLength(5);
    expect(small.body.paging?.next).toEqual(expect.any(String));
    const second = await get(`${id}/recent_media`, { user_id: IG, fields: 'id', limit: '5', after: small.body.paging?.cursors.after ?? '' }, token);
    expect(second.body.data.map((m) => m.id)).toEqual(first.body.data.slice(5, 10).map((m) => m.id));
    for (const field of ['username', 'view_count', 'owner'])
      expect((await get(`${id}/recent_media`, { user_id: IG, fields: `id,${field}` }, token)).body.error.code).toBe(100);
    const top = await get(`${id}/top_media`, { user_id: IG, fields: 'id,like_count' }, token);
    expect(top.status).toBe(200);
    const likes = top.body.data.map((m) => m.like_count);
    expect([...likes].sort((a, b) => b - a)).toEqual(likes);
  });

  it('media come deterministically and change as the clock moves', async () => {
    const token = fbToken();
    const id = (await search('travel', token)).body.data[0]?.id ?? '';
    const a = await get(`${id}/recent_media`, { user_id: IG, fields: 'id', limit: '50' }, token);
    const b = await get(`${id}/recent_media`, { user_id: IG, fields: 'id', limit: '50' }, token);
    expect(b.body.data).toEqual(a.body.data);
    t.sb.clock.advance(6 * HOUR);
    const later = await get(`${id}/recent_media`, { user_id: IG, fields: 'id', limit: '50' }, token);
    expect(later.body.data).not.toEqual(a.body.data);
  });

  it('refuses an Instagram Login token with a Graph error: Facebook Login only', async () => {
    const igToken = t.sb.actions.mintInstagramToken({ igUserId: IG, kind: 'ig_long' })['access_token'] as string;
    const res = await search('coffee', igToken);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(190);
    // Nor is the endpoint on graph.instagram.com.
    const onIgHost = await call<GraphErr>(`${t.urls.instagramGraphBaseUrl}/${V}/ig_hashtag_search?user_id=${IG}&q=coffee`, {
      headers: { authorization: `Bearer ${igToken}` },
    });
    expect(onIgHost.body.error).toBeDefined();
  });

  it('counts 30 unique tags per account per rolling 7 days: re-queries are free, the 31st is refused, a week later it works', async () => {
    const token = fbToken();
    for (let i = 0; i < HASHTAG_SEARCH_LIMIT; i++) expect((await search(`tag${i}`, token)).status).toBe(200);
    expect((await search('tag0', token)).status).toBe(200);
    const thirtyFirst = await search('onemore', token);
    expect(thirtyFirst.status).toBe(400);
    expect(thirtyFirst.body.error.code).toBe(HASHTAG_LIMIT_ERROR.code);
    const recent = await get<{ data: { id: string; name: string }[] }>(`${IG}/recently_searched_hashtags`, { limit: '30' }, token);
    expect(recent.body.data).toHaveLength(30);
    const ledger = await call<{ accounts: Record<string, { left: number }> }>(`${t.urls.inspectionUrl}/instagram/hashtags`);
    expect(ledger.body.accounts[IG]?.left).toBe(0);
    t.sb.clock.advance(7 * DAY + 1);
    expect((await search('onemore', fbToken())).status).toBe(200);
  });

  it('needs the Public Content Access feature', async () => {
    await call(`${t.urls.inspectionUrl}/instagram/hashtags`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publicContentAccess: false }),
    });
    const res = await search('coffee');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(10);
  });
});
