import { buildMp4, DEFAULT_TIKTOK } from '../index.js';
import { call, startTestSandbox, tiktokJson, type TestSandbox } from '../testing/helpers.js';

type Video = Record<string, unknown> & { id: string; create_time: number; view_count: number };
type Env<T = Record<string, unknown>> = { data: T; error: { code: string; message: string; log_id: string } };
type ListData = { videos: Video[]; cursor: number; has_more: boolean };

const PUBLIC = 'tt-open-public-0001';
const BANNED = 'tt-open-banned-0003';
const FIELDS = 'id,create_time,view_count,like_count,comment_count,share_count,duration';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('TikTok Display API analytics of our own posts (platform-apis.md §10, issue 21)', () => {
  let t: TestSandbox;
  let api: string;
  beforeEach(async () => {
    t = await startTestSandbox({ seed: 42, startTime: Date.UTC(2026, 11, 1) });
    api = t.urls.tiktokApiBaseUrl;
  });
  afterEach(() => t.close());

  const token = (openId = PUBLIC, scopes?: string[]): string =>
    t.sb.actions.mintTikTokToken({ openId, ...(scopes ? { scopes } : {}) })['access_token'] as string;
  const list = (tok: string, body: unknown, fields = FIELDS) => call<Env<ListData>>(`${api}/v2/video/list/?fields=${fields}`, tiktokJson(tok, body));
  const query = (tok: string, ids: unknown, fields = FIELDS) =>
    call<Env<{ videos: Video[] }>>(`${api}/v2/video/query/?fields=${fields}`, tiktokJson(tok, { filters: { video_ids: ids } }));
  const status = (tok: string, publishId: string) => call<Env>(`${api}/v2/post/publish/status/fetch/`, tiktokJson(tok, { publish_id: publishId }));

  /** The real Direct Post flow: init, one PUT, processing and (for public posts) moderation. */
  async function publish(tok: string, caption: string, privacy = 'PUBLIC_TO_EVERYONE'): Promise<string> {
    const video = buildMp4({ durationSec: 10, seed: caption.length });
    const init = await call<Env>(
      `${api}/v2/post/publish/video/init/`,
      tiktokJson(tok, {
        post_info: { privacy_level: privacy, title: caption, brand_content_toggle: false },
        source_info: { source: 'FILE_UPLOAD', video_size: video.length, chunk_size: video.length, total_chunk_count: 1 },
      }),
    );
    expect(init.body.error.code).toBe('ok');
    const put = await fetch(init.body.data['upload_url'] as string, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}` },
      body: video,
    });
    expect(put.status).toBe(201);
    // Processing, then moderation for public posts (defaults: 5 s and 30 s).
    t.sb.clock.advance(5_000);
    t.sb.clock.advance(30_000);
    return init.body.data['publish_id'] as string;
  }

  describe('video/list', () => {
    it("lists only the token's own public posts, newest first, with exactly the requested fields", async () => {
      const tok = token();
      await publish(tok, 'first public');
      t.sb.clock.advance(HOUR / 4);
      await publish(tok, 'a private one', 'SELF_ONLY');
      t.sb.clock.advance(HOUR / 4);
      await publish(tok, 'second public');
      // Another creator's public posts never show up.
      t.sb.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 3 });

      const res = await list(tok, { max_count: 20 }, `${FIELDS},video_description`);
      expect(res.status).toBe(200);
      expect(res.body.error).toEqual({ code: 'ok', message: '', log_id: expect.any(String) });
      expect(res.body.data.has_more).toBe(false);
      expect(res.body.data.videos.map((v) => v['video_description'])).toEqual(['second public', 'first public']);
      const [newest, older] = res.body.data.videos as [Video, Video];
      expect(Object.keys(newest).sort()).toEqual([...FIELDS.split(','), 'video_description'].sort());
      expect(newest.id).toMatch(/^7\d{18}$/);
      expect(newest.create_time).toBeGreaterThan(older.create_time);
      expect(newest.create_time).toBe(Math.floor((t.sb.clock.now() - 30_000) / 1000));
      expect(t.sb.inspect.publicPosts({ accountId: PUBLIC }).map((p) => p.postId)).toEqual(expect.arrayContaining([newest.id, older.id]));
    });

    it('pages with cursor and has_more, at most max_count per page, and every post exactly once', async () => {
      const [seeded] = t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 45 });
      const tok = token();
      const seen: string[] = [];
      let cursor: number | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await list(tok, cursor === undefined ? { max_count: 20 } : { cursor, max_count: 20 });
        expect(res.body.error.code).toBe('ok');
        expect(res.body.data.videos.length).toBeLessThanOrEqual(20);
        seen.push(...res.body.data.videos.map((v) => v.id));
        if (!res.body.data.has_more) break;
        cursor = res.body.data.cursor;
      }
      expect(seen).toEqual([...(seeded?.posts ?? [])].reverse().map((p) => p.postId));
    });

    it('never skips a post when several went public in the same millisecond', async () => {
      const tok = token();
      // Two seedings at the same (manual) instant: pairs of posts share their publish millisecond.
      const seeded = [
        ...t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 2, spreadMs: 2 }),
        ...t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 2, spreadMs: 2 }),
      ];
      expect(new Set(seeded.flatMap((a) => a.posts.map((p) => p.publishedAt))).size).toBe(2);
      const pages: string[] = [];
      let cursor: number | undefined;
      for (let i = 0; i < 6; i++) {
        const res = await list(tok, cursor === undefined ? { max_count: 1 } : { cursor, max_count: 1 });
        pages.push(...res.body.data.videos.map((v) => v.id));
        if (!res.body.data.has_more) break;
        cursor = res.body.data.cursor;
      }
      expect(pages).toHaveLength(4);
      expect(new Set(pages)).toEqual(new Set(seeded.flatMap((a) => a.posts.map((p) => p.postId))));
    });

    it.each([
      ['a negative cursor', { cursor: -1 }],
      ['a text cursor', { cursor: 'yesterday' }],
      ['a fractional cursor', { cursor: 1.5 }],
      ['max_count over 20', { max_count: 21 }],
      ['max_count 0', { max_count: 0 }],
    ])('refuses %s with 400 invalid_params', async (_label, body) => {
      const res = await list(token(), body);
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_params']);
      expect(res.body.data).toEqual({});
    });

    it('refuses an unknown or missing field with 400 invalid_params', async () => {
      const tok = token();
      const unknown = await list(tok, {}, 'id,view_count,play_count');
      expect([unknown.status, unknown.body.error.code]).toEqual([400, 'invalid_params']);
      expect(unknown.body.error.message).toContain('play_count');
      const missing = await call<Env>(`${api}/v2/video/list/`, tiktokJson(tok, {}));
      expect([missing.status, missing.body.error.code]).toEqual([400, 'invalid_params']);
    });

    it('needs the video.list scope: 401 scope_not_authorized without it', async () => {
      const res = await list(token(PUBLIC, ['user.info.basic', 'video.publish']), {});
      expect([res.status, res.body.error.code]).toEqual([401, 'scope_not_authorized']);
      const bad = await list('act.nope', {});
      expect([bad.status, bad.body.error.code]).toEqual([401, 'access_token_invalid']);
    });

    it('strict mode serves only the documented fields (plus the caption)', async () => {
      const tok = token();
      t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 1 });
      expect((await list(tok, {}, 'id,share_url')).body.error.code).toBe('ok');
      t.sb.setStrict(true);
      const refused = await list(tok, {}, 'id,share_url');
      expect([refused.status, refused.body.error.code]).toEqual([400, 'invalid_params']);
      const documented = await list(tok, {}, `${FIELDS},title,video_description`);
      expect(documented.body.error.code).toBe('ok');
      expect(documented.body.data.videos).toHaveLength(1);
    });
  });

  describe('video/query', () => {
    it('answers up to 20 of our own ids and leaves out ids that are not our public posts', async () => {
      const [mine] = t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 25 });
      const [theirs] = t.sb.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 1 });
      const ids = (mine?.posts ?? []).slice(0, 19).map((p) => p.postId);
      const res = await query(token(), [...ids, theirs?.posts[0]?.postId]);
      expect(res.body.error.code).toBe('ok');
      expect(res.body.data.videos.map((v) => v.id)).toEqual(ids);
      for (const v of res.body.data.videos) expect(v.view_count).toBe(t.sb.actions.tiktokVideoNumbers(v.id)?.['views']);
    });

    it('refuses more than 20 ids, no ids, or ids that are not strings with 400 invalid_params', async () => {
      const tok = token();
      const many = Array.from({ length: 21 }, (_, i) => `7${String(i).padStart(18, '0')}`);
      for (const ids of [many, [], undefined, [7123456789012345678]]) {
        const res = await query(tok, ids);
        expect([res.status, res.body.error.code]).toEqual([400, 'invalid_params']);
      }
    });

    it('needs the video.list scope', async () => {
      const res = await query(token(PUBLIC, ['video.publish']), ['7000000000000000001']);
      expect([res.status, res.body.error.code]).toEqual([401, 'scope_not_authorized']);
    });
  });

  describe('rate limit (§1.10: Display API, 600 requests/min per token)', () => {
    it('counts video/list, video/query and user/info together and answers 429 rate_limit_exceeded mid-sequence', async () => {
      await t.close();
      t = await startTestSandbox({ tiktok: { rateLimitPerMinute: { ...DEFAULT_TIKTOK.rateLimitPerMinute, userInfo: 4 } } });
      api = t.urls.tiktokApiBaseUrl;
      const tok = token();
      t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 2 });
      expect((await list(tok, {})).body.error.code).toBe('ok');
      expect((await query(tok, ['7000000000000000001'])).body.error.code).toBe('ok');
      expect((await call<Env>(`${api}/v2/user/info/?fields=open_id`, { headers: { authorization: `Bearer ${tok}` } })).body.error.code).toBe('ok');
      expect((await list(tok, {})).body.error.code).toBe('ok');
      const limited = await list(tok, {});
      expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limit_exceeded']);
      // Another token has its own window; the first one recovers after a minute.
      expect((await list(token(), {})).body.error.code).toBe('ok');
      t.sb.clock.advance(60_000);
      expect((await list(tok, {})).body.error.code).toBe('ok');
    });
  });

  describe('growth over simulated time', () => {
    it('grows every count monotonically from zero at go-live, in whole numbers', async () => {
      const tok = token();
      const publishId = await publish(tok, 'growing');
      const postId = (await status(tok, publishId)).text.match(/"publicaly_available_post_id":\[(\d+)\]/)?.[1] ?? '';
      expect(postId).not.toBe('');
      const readings: Video[] = [];
      for (const step of [0, HOUR, 5 * HOUR, 18 * HOUR, 2 * DAY, 4 * DAY, 23 * DAY]) {
        t.sb.clock.advance(step);
        // A fresh token each time: access tokens last 2 h of simulated time.
        const res = await query(token(), [postId]);
        readings.push(res.body.data.videos[0] as Video);
      }
      expect(readings[0]?.view_count).toBe(0);
      for (const key of ['view_count', 'like_count', 'comment_count', 'share_count'] as const) {
        const series = readings.map((r) => r[key] as number);
        for (const v of series) expect(Number.isInteger(v)).toBe(true);
        for (let i = 1; i < series.length; i++) expect(series[i]).toBeGreaterThanOrEqual(series[i - 1] ?? 0);
      }
      expect(readings[readings.length - 1]?.view_count).toBeGreaterThan(readings[1]?.view_count ?? 0);
      expect(readings[readings.length - 1]?.like_count).toBeGreaterThan(0);
    });

    it('gives the same numbers for the same seed and different ones for another seed', async () => {
      const read = async (seed: number): Promise<number[]> => {
        const other = await startTestSandbox({ seed, startTime: Date.UTC(2026, 11, 1) });
        try {
          const [acc] = other.sb.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 5 });
          other.sb.clock.advance(DAY);
          const tok = other.sb.actions.mintTikTokToken({ openId: acc?.openId ?? '' })['access_token'] as string;
          const res = await call<Env<{ videos: Video[] }>>(
            `${other.urls.tiktokApiBaseUrl}/v2/video/query/?fields=id,view_count,like_count`,
            tiktokJson(tok, { filters: { video_ids: acc?.posts.map((p) => p.postId) } }),
          );
          return res.body.data.videos.flatMap((v) => [v.view_count, v['like_count'] as number]);
        } finally {
          await other.close();
        }
      };
      const first = await read(7);
      expect(first.some((n) => n > 0)).toBe(true);
      expect(await read(7)).toEqual(first);
      expect(await read(8)).not.toEqual(first);
    });

    it("grows the creator's follower_count day by day", async () => {
      const followers = async (): Promise<number> =>
        (
          await call<Env<{ user: { follower_count: number } }>>(`${api}/v2/user/info/?fields=follower_count`, {
            headers: { authorization: `Bearer ${token()}` },
          })
        ).body.data.user.follower_count;
      expect(await followers()).toBe(12_400);
      t.sb.clock.advance(12 * HOUR);
      expect(await followers()).toBe(12_400);
      t.sb.clock.advance(12 * HOUR);
      const dayOne = await followers();
      expect(dayOne).toBeGreaterThan(12_400);
      t.sb.clock.advance(DAY);
      expect(await followers()).toBeGreaterThan(dayOne);
    });
  });

  describe('a post whose id arrives late (§1.6)', () => {
    it('keeps publicaly_available_post_id empty after PUBLISH_COMPLETE; the post is found in video/list by create time and caption', async () => {
      const tok = token();
      const set = await call<{ withholdPostIds: string }>(`${t.urls.inspectionUrl}/tiktok/analytics/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ withholdPostIds: 'all' }),
      });
      expect(set.body).toEqual({ withholdPostIds: 'all' });
      const before = Math.floor(t.sb.clock.now() / 1000);
      const publishId = await publish(tok, 'the late one #mwr');
      t.sb.clock.advance(HOUR);
      const s = await status(tok, publishId);
      expect(s.body.data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] });
      const listed = await list(tok, {}, 'id,create_time,title,video_description,view_count');
      const match = listed.body.data.videos.find((v) => v['video_description'] === 'the late one #mwr' && v.create_time >= before);
      expect(match?.id).toMatch(/^7\d{18}$/);
      expect(match?.view_count).toBeGreaterThan(0);
      expect(t.sb.inspect.publicPosts({ accountId: PUBLIC }).find((p) => p.sourceId === publishId)?.postId).toBe(match?.id);
    });

    it('with a share, withholds the id of the same posts every time (deterministic per publish_id), and none once turned off', async () => {
      t.sb.actions.setTikTokAnalytics({ withholdPostIds: 0.5 });
      // Seeded publishes have ids fixed by the seed, so the share picked is the same on every run.
      const ids = (t.sb.actions.seedTikTokAnalytics({ openIds: [PUBLIC], postsPerAccount: 20 })[0]?.posts ?? []).map((p) => p.publishId);
      // status/fetch allows 30 calls a minute per token: a fresh token for each round of 20.
      const withheld = async (): Promise<boolean[]> => {
        const tok = token();
        return Promise.all(ids.map(async (id) => ((await status(tok, id)).body.data['publicaly_available_post_id'] as unknown[]).length === 0));
      };
      const first = await withheld();
      expect(first).toContain(true);
      expect(first).toContain(false);
      expect(await withheld()).toEqual(first);
      t.sb.actions.setTikTokAnalytics({ withholdPostIds: 'none' });
      expect(await withheld()).toEqual(ids.map(() => false));
      expect(() => t.sb.actions.setTikTokAnalytics({ withholdPostIds: 2 })).toThrow(/withholdPostIds/);
    });
  });

  describe('bulk seeding (the analytics benchmark)', () => {
    it('creates N live posts over M creators; over HTTP without any token, in process with a working token pair', async () => {
      const http = await call<{ data: { openId: string; posts: { postId: string; publishedAt: number }[]; tokens?: unknown }[] }>(
        `${t.urls.inspectionUrl}/tiktok/analytics/seed`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accounts: 3, postsPerAccount: 4, spreadMs: 7 * DAY }) },
      );
      expect(http.status).toBe(201);
      expect(http.body.data.map((a) => a.posts.length)).toEqual([4, 4, 4]);
      expect(http.body.data.every((a) => a.tokens === undefined)).toBe(true);
      expect(http.text).not.toContain('act.');
      const oldest = http.body.data[0]?.posts[0]?.publishedAt ?? 0;
      expect(t.sb.clock.now() - oldest).toBe(7 * DAY);

      const inProcess = t.sb.actions.seedTikTokAnalytics({ accounts: 2, postsPerAccount: 10 });
      expect(inProcess.map((a) => a.openId)).toEqual(['tt-open-seed-0004', 'tt-open-seed-0005']);
      const tok = (inProcess[1]?.tokens as { access_token: string; scope: string }).access_token;
      const res = await list(tok, { max_count: 20 });
      expect(res.body.data.videos).toHaveLength(10);
      expect(
        (await call<Env>(`${api}/v2/post/publish/status/fetch/`, tiktokJson(tok, { publish_id: inProcess[1]?.posts[0]?.publishId }))).body.data,
      ).toMatchObject({
        status: 'PUBLISH_COMPLETE',
      });

      const bad = await call(`${t.urls.inspectionUrl}/tiktok/analytics/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accounts: 1, postsPerAccount: -2 }),
      });
      expect(bad.status).toBe(400);
      expect(
        (
          await call(`${t.urls.inspectionUrl}/tiktok/analytics/seed`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ openIds: [BANNED, 'nobody'], postsPerAccount: 1 }),
          })
        ).status,
      ).toBe(400);
    });

    it('seeds 10,000 posts over 100 creators fast enough for the benchmark', async () => {
      const started = Date.now();
      const accounts = t.sb.actions.seedTikTokAnalytics({ accounts: 100, postsPerAccount: 100 });
      expect(accounts.flatMap((a) => a.posts)).toHaveLength(10_000);
      const tok = (accounts[99]?.tokens as { access_token: string }).access_token;
      const res = await query(
        tok,
        accounts[99]?.posts.slice(0, 20).map((p) => p.postId),
      );
      expect(res.body.data.videos).toHaveLength(20);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});
