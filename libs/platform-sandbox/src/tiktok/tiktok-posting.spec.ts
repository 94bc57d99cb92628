import { buildMp4 } from '../index.js';
import { call, startFileServer, startTestSandbox, tiktokJson, type FileServer, type TestSandbox } from '../testing/helpers.js';

type Env = { data: Record<string, unknown>; error: { code: string; message: string; log_id: string } };

const PUBLIC = 'tt-open-public-0001';
const PRIVATE = 'tt-open-private-0002';
const BANNED = 'tt-open-banned-0003';

describe('TikTok Content Posting API (platform-apis.md §1)', () => {
  let t: TestSandbox;
  let api: string;
  beforeEach(async () => {
    t = await startTestSandbox();
    api = t.urls.tiktokApiBaseUrl;
  });
  afterEach(() => t.close());

  const token = (openId = PUBLIC, scopes?: string[]): string =>
    t.sb.actions.mintTikTokToken({ openId, ...(scopes ? { scopes } : {}) })['access_token'] as string;
  const post = (path: string, tok: string, body: unknown, extra: Record<string, string> = {}) => call<Env>(`${api}${path}`, tiktokJson(tok, body, extra));
  const fileInit = (
    tok: string,
    videoSize: number,
    chunkSize = videoSize,
    totalChunkCount = Math.floor(videoSize / chunkSize),
    privacy = 'SELF_ONLY',
    title = 'hello #sandbox',
  ) =>
    post('/v2/post/publish/video/init/', tok, {
      post_info: { privacy_level: privacy, title, brand_content_toggle: false },
      source_info: { source: 'FILE_UPLOAD', video_size: videoSize, chunk_size: chunkSize, total_chunk_count: totalChunkCount },
    });
  const put = (url: string, bytes: Buffer, first: number, total: number, contentType = 'video/mp4') =>
    fetch(url, {
      method: 'PUT',
      headers: { 'content-type': contentType, 'content-range': `bytes ${first}-${first + bytes.length - 1}/${total}` },
      body: bytes,
    });
  const status = (tok: string, publishId: string) => post('/v2/post/publish/status/fetch/', tok, { publish_id: publishId });

  async function uploadSmall(tok: string, video: Buffer, privacy = 'SELF_ONLY', title = 'caption'): Promise<string> {
    const init = await fileInit(tok, video.length, video.length, 1, privacy, title);
    expect(init.body.error.code).toBe('ok');
    const res = await put(init.body.data['upload_url'] as string, video, 0, video.length);
    expect(res.status).toBe(201);
    return init.body.data['publish_id'] as string;
  }

  describe('envelope and auth', () => {
    it('answers creator_info with the envelope, the creator options and a log_id', async () => {
      const res = await post('/v2/post/publish/creator_info/query/', token(), {});
      expect(res.status).toBe(200);
      expect(res.body.error).toEqual({ code: 'ok', message: '', log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/) });
      expect(res.body.data).toMatchObject({
        creator_username: 'sandbox.public',
        privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
        max_video_post_duration_sec: 300,
        stitch_disabled: true,
      });
    });

    it('lists FOLLOWER_OF_CREATOR for a private account and disables duet/stitch', async () => {
      const res = await post('/v2/post/publish/creator_info/query/', token(PRIVATE), {});
      expect(res.body.data).toMatchObject({
        privacy_level_options: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
        duet_disabled: true,
        stitch_disabled: true,
      });
    });

    it('rejects a missing or unknown token with 401 access_token_invalid', async () => {
      const res = await call<Env>(`${api}/v2/post/publish/creator_info/query/`, { method: 'POST' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('access_token_invalid');
      expect((await post('/v2/post/publish/creator_info/query/', 'act.nope', {})).body.error.code).toBe('access_token_invalid');
    });

    it('rejects an expired access token after 2 h of simulated time', async () => {
      const tok = token();
      t.sb.clock.advance(7200 * 1000);
      const res = await post('/v2/post/publish/creator_info/query/', tok, {});
      expect([res.status, res.body.error.code]).toEqual([401, 'access_token_invalid']);
    });

    it('rejects a token without video.publish with 401 scope_not_authorized', async () => {
      const res = await post('/v2/post/publish/creator_info/query/', token(PUBLIC, ['user.info.basic']), {});
      expect([res.status, res.body.error.code]).toEqual([401, 'scope_not_authorized']);
    });

    it('answers unknown paths with a 404 envelope, never a stack trace', async () => {
      const res = await call<Env>(`${api}/v2/nowhere/`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(res.text).not.toMatch(/at .*\.ts/);
    });
  });

  describe('init validation (§1.3)', () => {
    it('returns 403 privacy_level_option_mismatch for a level not among the creator options', async () => {
      const res = await fileInit(token(PRIVATE), 1_000_000, 1_000_000, 1, 'PUBLIC_TO_EVERYONE');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('privacy_level_option_mismatch');
      expect(res.body.data).toEqual({});
    });

    it('returns 403 privacy_level_option_mismatch when privacy_level is missing', async () => {
      const res = await post('/v2/post/publish/video/init/', token(), {
        post_info: { brand_content_toggle: false },
        source_info: { source: 'FILE_UPLOAD', video_size: 10, chunk_size: 10, total_chunk_count: 1 },
      });
      expect([res.status, res.body.error.code]).toEqual([403, 'privacy_level_option_mismatch']);
    });

    it('rejects a caption over 2200 UTF-16 code units with 400 invalid_param and accepts exactly 2200', async () => {
      const tok = token();
      const over = await fileInit(tok, 1000, 1000, 1, 'SELF_ONLY', '😀'.repeat(1100) + 'x');
      expect([over.status, over.body.error.code]).toEqual([400, 'invalid_param']);
      const exact = await fileInit(tok, 1000, 1000, 1, 'SELF_ONLY', '😀'.repeat(1100));
      expect(exact.body.error.code).toBe('ok');
    });

    it('rejects invalid JSON and a wrong content type with 400 invalid_param', async () => {
      const bad = await call<Env>(`${api}/v2/post/publish/video/init/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        body: '{"post_info":',
      });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_param']);
    });

    it.each([
      ['total_chunk_count not floor(size/chunk)', 50_000_123, 10_000_000, 6],
      ['chunk below the minimum', 20_000_000, 4_000_000, 5],
      ['chunk above 64 MB', 200_000_000, 65_000_000, 3],
      ['single chunk with chunk_size != video_size', 4_194_304, 4_000_000, 1],
      ['video over 64 MB as one chunk', 100_000_000, 64_000_000, 1],
      ['more than 1000 chunks', 6_000_000_000, 5_300_000, 1132],
    ])('rejects %s with 400 invalid_param', async (_name, size, chunk, count) => {
      const res = await fileInit(token(), size, chunk, count);
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_param']);
    });

    it('accepts the documented examples: 50,000,123 in 10,000,000 chunks (5) and 4 MiB as one chunk', async () => {
      const tok = token();
      expect((await fileInit(tok, 50_000_123, 10_000_000, 5)).body.error.code).toBe('ok');
      const single = await fileInit(tok, 4_194_304, 4_194_304, 1);
      expect(single.body.error.code).toBe('ok');
      expect(single.body.data).toEqual({
        publish_id: expect.stringMatching(/^v_pub_file~v2-1\.\d+$/),
        upload_url: expect.stringContaining('/tiktok-upload/video/?upload_id='),
      });
      expect((single.body.data['publish_id'] as string).length).toBeLessThanOrEqual(64);
      expect((single.body.data['upload_url'] as string).length).toBeLessThanOrEqual(256);
    });
  });

  describe('chunked upload (§1.4)', () => {
    it('uploads the 50,000,123-byte worked example: 206,206,206,206,201 with Content-Range progress', async () => {
      const size = 50_000_123;
      const video = buildMp4({ totalBytes: size, durationSec: 20 });
      const init = await fileInit(token(), size, 10_000_000, 5);
      const url = init.body.data['upload_url'] as string;
      const statuses: number[] = [];
      const ranges: (string | null)[] = [];
      for (let i = 0; i < 5; i++) {
        const first = i * 10_000_000;
        const last = i === 4 ? size : first + 10_000_000;
        const res = await put(url, video.subarray(first, last), first, size);
        statuses.push(res.status);
        ranges.push(res.headers.get('content-range'));
      }
      expect(statuses).toEqual([206, 206, 206, 206, 201]);
      expect(ranges[0]).toBe('bytes 0-9999999/50000123');
      expect(ranges[4]).toBe('bytes 0-50000122/50000123');
    });

    it('answers 416 with the progress Content-Range for an out-of-order chunk, and 400 for a wrong size', async () => {
      const size = 20_000_000;
      const init = await fileInit(token(), size, 10_000_000, 2);
      const url = init.body.data['upload_url'] as string;
      const skip = await put(url, Buffer.alloc(10_000_000), 10_000_000, size);
      expect(skip.status).toBe(416);
      expect(skip.headers.get('content-range')).toBe('bytes 0-0/20000000');
      const short = await put(url, Buffer.alloc(9_000_000), 0, size);
      expect(short.status).toBe(400);
      const ok = await put(url, Buffer.alloc(10_000_000), 0, size);
      expect(ok.status).toBe(206);
      const again = await put(url, Buffer.alloc(10_000_000), 0, size);
      expect(again.status).toBe(416);
      expect(again.headers.get('content-range')).toBe('bytes 0-9999999/20000000');
    });

    it('answers 400 for a Content-Range total that differs from video_size, and for a bad content type', async () => {
      const init = await fileInit(token(), 1000, 1000, 1);
      const url = init.body.data['upload_url'] as string;
      expect((await put(url, Buffer.alloc(1000), 0, 1001)).status).toBe(400);
      expect((await put(url, Buffer.alloc(1000), 0, 1000, 'application/octet-stream')).status).toBe(400);
    });

    it('answers 403 once upload_url is an hour old and 404 for an unknown upload', async () => {
      const init = await fileInit(token(), 1000, 1000, 1);
      const url = init.body.data['upload_url'] as string;
      t.sb.clock.advance(60 * 60 * 1000);
      expect((await put(url, Buffer.alloc(1000), 0, 1000)).status).toBe(403);
      expect((await put(url.replace(/upload_token=[^&]+/, 'upload_token=x'), Buffer.alloc(1000), 0, 1000)).status).toBe(404);
    });
  });

  describe('status progression (§1.6)', () => {
    it('goes PROCESSING_UPLOAD → PUBLISH_COMPLETE, with the post id only after moderation for public posts', async () => {
      const tok = token();
      const video = buildMp4({ durationSec: 30, seed: 7 });
      const init = await fileInit(tok, video.length, video.length, 1, 'PUBLIC_TO_EVERYONE', 'launch day #mwr');
      const publishId = init.body.data['publish_id'] as string;
      let s = await status(tok, publishId);
      expect(s.body.data).toEqual({ status: 'PROCESSING_UPLOAD', publicaly_available_post_id: [], uploaded_bytes: 0 });
      await put(init.body.data['upload_url'] as string, video, 0, video.length);
      expect((await status(tok, publishId)).body.data['status']).toBe('PROCESSING_UPLOAD');
      t.sb.clock.advance(5_000);
      s = await status(tok, publishId);
      expect(s.body.data).toEqual({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [], uploaded_bytes: video.length });
      t.sb.clock.advance(30_000);
      s = await status(tok, publishId);
      // int64 ids are written as bare digits beyond 2^53
      expect(s.text).toMatch(/"publicaly_available_post_id":\[7\d{18}\]/);
      const posts = t.sb.inspect.publicPosts({ accountId: PUBLIC });
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({ platform: 'tiktok', caption: 'launch day #mwr', privacyLevel: 'PUBLIC_TO_EVERYONE', sourceId: publishId });
      expect(posts[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ['file_format_check_failed', () => Buffer.alloc(2000, 7)],
      ['duration_check_failed', () => buildMp4({ durationSec: 301 })],
      ['picture_size_check_failed', () => buildMp4({ width: 200, height: 300 })],
    ])('fails with %s for bad media', async (reason, make) => {
      const tok = token();
      const publishId = await uploadSmall(tok, make());
      t.sb.clock.advance(5_000);
      const s = await status(tok, publishId);
      expect(s.body.data).toMatchObject({ status: 'FAILED', fail_reason: reason });
      expect(t.sb.inspect.publicPosts()).toHaveLength(0);
    });

    it('answers 400 invalid_publish_id and token_not_authorized_for_specified_publish_id', async () => {
      const tok = token();
      expect((await status(tok, 'v_pub_file~v2-1.0')).body.error.code).toBe('invalid_publish_id');
      const publishId = await uploadSmall(tok, buildMp4());
      const other = await status(token(PRIVATE), publishId);
      expect([other.status, other.body.error.code]).toEqual([400, 'token_not_authorized_for_specified_publish_id']);
    });
  });

  describe('rate limits and business caps (§1.10)', () => {
    it('allows 6 inits per minute per token, then 429 rate_limit_exceeded; the window slides', async () => {
      const tok = token();
      for (let i = 0; i < 6; i++) expect((await fileInit(tok, 1000)).body.error.code).toBe('ok');
      const seventh = await fileInit(tok, 1000);
      expect([seventh.status, seventh.body.error.code]).toEqual([429, 'rate_limit_exceeded']);
      t.sb.clock.advance(60_000);
      expect((await fileInit(tok, 1000)).body.error.code).toBe('ok');
    });

    it('allows 30 status fetches and 20 creator_info calls per minute', async () => {
      const tok = token();
      const publishId = await uploadSmall(tok, buildMp4());
      for (let i = 0; i < 30; i++) expect((await status(tok, publishId)).status).toBe(200);
      expect((await status(tok, publishId)).body.error.code).toBe('rate_limit_exceeded');
      for (let i = 0; i < 20; i++) expect((await post('/v2/post/publish/creator_info/query/', tok, {})).status).toBe(200);
      const over = await post('/v2/post/publish/creator_info/query/', tok, {});
      expect([over.status, over.body.error.code]).toEqual([429, 'rate_limit_exceeded']);
    });

    it('blocks after the daily post cap: creator_info says so with HTTP 200, init with 403', async () => {
      await t.close();
      t = await startTestSandbox({ tiktok: { dailyPostCap: 2 } });
      api = t.urls.tiktokApiBaseUrl;
      const tok = token();
      expect((await fileInit(tok, 1000)).body.error.code).toBe('ok');
      expect((await fileInit(tok, 1000)).body.error.code).toBe('ok');
      const info = await post('/v2/post/publish/creator_info/query/', tok, {});
      expect([info.status, info.body.error.code]).toEqual([200, 'spam_risk_too_many_posts']);
      const init = await fileInit(tok, 1000);
      expect([init.status, init.body.error.code]).toEqual([403, 'spam_risk_too_many_posts']);
      t.sb.clock.advance(24 * 3600 * 1000);
      expect((await fileInit(token(), 1000)).body.error.code).toBe('ok');
    });

    it('reports a banned creator from creator_info (200) and init (403)', async () => {
      const tok = token(BANNED);
      expect((await post('/v2/post/publish/creator_info/query/', tok, {})).body.error.code).toBe('spam_risk_user_banned_from_posting');
      const init = await fileInit(tok, 1000);
      expect([init.status, init.body.error.code]).toEqual([403, 'spam_risk_user_banned_from_posting']);
    });

    it('blocks an unaudited client from posting to a public account', async () => {
      const tok = t.sb.actions.mintTikTokToken({ openId: PUBLIC, clientKey: 'sbx_tiktok_unaudited_key' })['access_token'] as string;
      const info = await post('/v2/post/publish/creator_info/query/', tok, {});
      expect(info.body.data['privacy_level_options']).toEqual(['SELF_ONLY']);
      const init = await fileInit(tok, 1000);
      expect([init.status, init.body.error.code]).toEqual([403, 'unaudited_client_can_only_post_to_private_accounts']);
    });
  });

  describe('PULL_FROM_URL (§1.5)', () => {
    let files: FileServer;
    const video = buildMp4({ durationSec: 15, seed: 3 });
    beforeEach(async () => {
      files = await startFileServer({ '/media/video.mp4': video });
      // The file server is on loopback: this sandbox may fetch from exactly its origin.
      await t.close();
      t = await startTestSandbox({ allowedFetchOrigins: [files.url] });
      api = t.urls.tiktokApiBaseUrl;
    });
    afterEach(() => files.close());

    const pullInit = (tok: string, url: string) =>
      post('/v2/post/publish/video/init/', tok, {
        post_info: { privacy_level: 'SELF_ONLY', title: 'pulled', brand_content_toggle: false },
        source_info: { source: 'PULL_FROM_URL', video_url: url },
      });

    it('fails with 403 url_ownership_unverified for an unverified prefix', async () => {
      const res = await pullInit(token(), `${files.url}/media/video.mp4`);
      expect([res.status, res.body.error.code]).toEqual([403, 'url_ownership_unverified']);
      expect(files.requests).toHaveLength(0);
    });

    it('downloads a verified URL for real and publishes it', async () => {
      await call(`${t.urls.inspectionUrl}/tiktok/verified-urls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prefix: `${files.url}/media/` }),
      });
      const tok = token();
      const res = await pullInit(tok, `${files.url}/media/video.mp4`);
      expect(res.body.data).toEqual({ publish_id: expect.stringMatching(/^v_pub_url~v2\.\d+$/) });
      const publishId = res.body.data['publish_id'] as string;
      expect((await status(tok, publishId)).body.data['status']).toBe('PROCESSING_DOWNLOAD');
      await t.sb.settle();
      t.sb.clock.advance(10_000);
      const s = await status(tok, publishId);
      expect(s.body.data).toEqual({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [], downloaded_bytes: video.length });
      expect(files.requests.map((r) => r.path)).toEqual(['/media/video.mp4']);
    });

    it('fails with video_pull_failed without fetching a verified URL that is loopback in another spelling', async () => {
      const mapped = `http://[::ffff:7f00:1]:${new URL(files.url).port}/media/`;
      await call(`${t.urls.inspectionUrl}/tiktok/verified-urls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prefix: mapped }),
      });
      const tok = token();
      const res = await pullInit(tok, `${mapped}video.mp4`);
      expect(res.body.error.code).toBe('ok');
      await t.sb.settle();
      const s = await status(tok, res.body.data['publish_id'] as string);
      expect(s.body.data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed' });
      expect(files.requests).toHaveLength(0);
    });

    it('fails with video_pull_failed when the URL redirects', async () => {
      t.sb.actions.mintTikTokToken({ openId: PUBLIC });
      await call(`${t.urls.inspectionUrl}/tiktok/verified-urls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ domain: '127.0.0.1' }),
      });
      const tok = token();
      const res = await pullInit(tok, `${files.url}/redirect`);
      await t.sb.settle();
      const s = await status(tok, res.body.data['publish_id'] as string);
      expect(s.body.data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed' });
    });

    it('cancels a pending PULL (publish_cancelled) but not a finished FILE upload (publish_not_cancellable)', async () => {
      const tok = token();
      const fileId = await uploadSmall(tok, buildMp4());
      const notCancellable = await post('/v2/post/publish/cancel/', tok, { publish_id: fileId });
      expect([notCancellable.status, notCancellable.body.error.code]).toEqual([400, 'publish_not_cancellable']);
      await call(`${t.urls.inspectionUrl}/tiktok/verified-urls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prefix: `${files.url}/slow/` }),
      });
      const res = await pullInit(tok, `${files.url}/slow/never.mp4`);
      const publishId = res.body.data['publish_id'] as string;
      // Download fails (404) only once the background task runs; cancel before settling.
      const cancel = await post('/v2/post/publish/cancel/', tok, { publish_id: publishId });
      expect(cancel.status).toBe(200);
      expect(cancel.body).toEqual({ error: { code: 'ok', message: '', log_id: expect.any(String) } });
      expect((await status(tok, publishId)).body.data).toMatchObject({ status: 'FAILED', fail_reason: 'publish_cancelled' });
    });
  });
});
