import { buildMp4 } from '../index.js';
import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';
import { CHUNK_GRANULE, YT_READONLY } from './index.js';

type GoogleErr = { error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[]; status: string } };
type Video = {
  id: string;
  snippet?: { title: string; channelId: string };
  status?: { uploadStatus: string; privacyStatus: string; failureReason?: string; rejectionReason?: string; selfDeclaredMadeForKids: boolean };
  processingDetails?: { processingStatus: string; processingProgress?: { timeLeftMs: string } };
  statistics?: { viewCount: string; likeCount: string; commentCount: string };
};
type ListAnswer = { items: Video[] } & GoogleErr;

const CHANNEL = 'UCsandboxShorts000000001';
const UNAUDITED = 'sbx_youtube_unaudited_client';
const PROCESSING_MS = 15_000;

const videoBody = (overrides: { snippet?: Record<string, unknown>; status?: Record<string, unknown> } = {}) => ({
  snippet: { title: 'My first Short', description: 'Made in the sandbox', tags: ['shorts', 'sandbox'], categoryId: '22', ...overrides.snippet },
  status: { privacyStatus: 'public', selfDeclaredMadeForKids: false, containsSyntheticMedia: false, ...overrides.status },
});

describe('YouTube sandbox: resumable upload, processing, quota (platform-apis.md §6, §10; docs/youtube-contract.md)', () => {
  let t: TestSandbox;
  let token: string;

  /** Access tokens last an hour: a test that moves the clock further gets a new one. */
  function refreshToken(): void {
    token = t.sb.actions.mintYouTubeToken({ channelId: CHANNEL })['access_token'] as string;
  }

  async function start(options: Parameters<typeof startTestSandbox>[0] = {}, clientId?: string): Promise<void> {
    t = await startTestSandbox(options);
    token = t.sb.actions.mintYouTubeToken({ channelId: CHANNEL, ...(clientId ? { clientId } : {}) })['access_token'] as string;
  }
  afterEach(() => t.close());

  const api = (): string => t.urls.youtubeApiBaseUrl;

  function startSession(size: number, body: unknown = videoBody(), headers: Record<string, string> = {}, query = 'uploadType=resumable&part=snippet,status') {
    return call<GoogleErr>(`${api()}/upload/youtube/v3/videos?${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json; charset=UTF-8',
        'x-upload-content-length': String(size),
        'x-upload-content-type': 'video/mp4',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }

  async function sessionUri(video: Buffer, body: unknown = videoBody()): Promise<string> {
    const res = await startSession(video.length, body);
    expect(res.status).toBe(200);
    const location = res.headers.get('location') ?? '';
    expect(location).toContain('/upload/youtube/v3/videos?uploadType=resumable');
    return location;
  }

  const put = (uri: string, bytes: Buffer, first?: number, total?: number, headers: Record<string, string> = {}) =>
    call<Video & GoogleErr>(uri, {
      method: 'PUT',
      headers: {
        'content-type': 'video/mp4',
        ...(first !== undefined ? { 'content-range': `bytes ${first}-${first + bytes.length - 1}/${total ?? ''}` } : {}),
        ...headers,
      },
      body: bytes,
    });
  const ask = (uri: string, total: number) => call<Video & GoogleErr>(uri, { method: 'PUT', headers: { 'content-range': `bytes */${total}` } });
  const list = (id: string, part = 'status,processingDetails,statistics', tok = token) =>
    call<ListAnswer>(`${api()}/youtube/v3/videos?part=${part}&id=${id}`, { headers: { authorization: `Bearer ${tok}` } });

  async function upload(video: Buffer, body: unknown = videoBody()): Promise<Video> {
    const res = await put(await sessionUri(video, body), video);
    expect(res.status).toBe(201);
    return res.body;
  }

  describe('upload', () => {
    beforeEach(() => start());

    it('happy path: session, whole file → 201 video (uploaded), processing, then processed and public; the post is visible in inspection', async () => {
      const video = buildMp4({ durationSec: 30, width: 1080, height: 1920, seed: 1 });
      const created = await upload(video);
      expect(created).toMatchObject({ id: expect.stringMatching(/^[\w-]{11}$/), snippet: { title: 'My first Short', channelId: CHANNEL } });
      expect(created.status).toMatchObject({ uploadStatus: 'uploaded', privacyStatus: 'public', selfDeclaredMadeForKids: false });
      const processing = await list(created.id);
      expect(processing.body.items[0]?.processingDetails).toMatchObject({
        processingStatus: 'processing',
        processingProgress: { timeLeftMs: String(PROCESSING_MS) },
      });
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toEqual([]);
      t.sb.clock.advance(PROCESSING_MS);
      const done = await list(created.id);
      expect(done.body.items[0]).toMatchObject({ status: { uploadStatus: 'processed' }, processingDetails: { processingStatus: 'succeeded' } });
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toEqual([
        expect.objectContaining({ accountId: CHANNEL, postId: created.id, caption: 'My first Short', privacyLevel: 'public' }),
      ]);
      expect(t.sb.actions.youtubeVideo(created.id)).toMatchObject({ isShort: true, permalink: `https://youtube.com/shorts/${created.id}` });
    });

    it('received: a video counts for the duplicate check from its last byte on (processing, rejected), while the public posts wait for processed', async () => {
      const video = buildMp4({ durationSec: 12, width: 1080, height: 1920, seed: 11 });
      const first = await upload(video);
      const second = await put(await sessionUri(video), video, undefined, undefined, { 'x-sandbox-fault': 'content_rejected' });
      expect(second.status).toBe(201);
      // Still processing: not public, but the channel holds the same bytes twice.
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toEqual([]);
      const inspected = await call<{ data: { postId: string; accountId: string; sha256: string }[] }>(`${t.urls.inspectionUrl}/received?platform=youtube`);
      expect(inspected.body.data.map((p) => p.postId).sort()).toEqual([first.id, second.body.id].sort());
      expect(new Set(inspected.body.data.map((p) => `${p.accountId}|${p.sha256}`)).size).toBe(1);
      t.sb.clock.advance(PROCESSING_MS);
      // The rejected one never becomes a public post, and is still what the platform received.
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' }).map((p) => p.postId)).toEqual([first.id]);
      expect(t.sb.inspect.received({ platform: 'youtube', accountId: CHANNEL })).toHaveLength(2);
      // Platforms without their own reading fall back to their public posts.
      expect(t.sb.inspect.received({ platform: 'tiktok' })).toEqual([]);
    });

    it('chunked: 256 KiB multiples answer 308 with Range: bytes=0-N until the last chunk answers 201; other sizes are refused', async () => {
      const video = buildMp4({ durationSec: 20, totalBytes: 2 * CHUNK_GRANULE + 1000, seed: 2 });
      const uri = await sessionUri(video);
      const odd = await put(uri, video.subarray(0, CHUNK_GRANULE + 1), 0, video.length);
      expect([odd.status, odd.body.error.errors[0]?.reason]).toEqual([400, 'badRequest']);
      const first = await put(uri, video.subarray(0, CHUNK_GRANULE), 0, video.length);
      expect([first.status, first.headers.get('range')]).toEqual([308, `bytes=0-${CHUNK_GRANULE - 1}`]);
      const second = await put(uri, video.subarray(CHUNK_GRANULE, 2 * CHUNK_GRANULE), CHUNK_GRANULE, video.length);
      expect([second.status, second.headers.get('range')]).toEqual([308, `bytes=0-${2 * CHUNK_GRANULE - 1}`]);
      const last = await put(uri, video.subarray(2 * CHUNK_GRANULE), 2 * CHUNK_GRANULE, video.length);
      expect(last.status).toBe(201);
      expect(t.sb.actions.youtubeVideo(last.body.id)).toMatchObject({ sizeBytes: video.length });
      t.sb.clock.advance(PROCESSING_MS);
      expect((await list(last.body.id)).body.items[0]?.status?.uploadStatus).toBe('processed');
      // The bytes are the file's: one post, its sha256 the file's.
      expect(t.sb.inspect.duplicates(CHANNEL)).toEqual([expect.objectContaining({ posts: 1, duplicates: [] })]);
    });

    it('offset query and resume: after a lost answer the session tells the byte it has; resuming from there completes once', async () => {
      const video = buildMp4({ durationSec: 20, totalBytes: 3 * CHUNK_GRANULE, seed: 3 });
      const uri = await sessionUri(video);
      const none = await ask(uri, video.length);
      expect([none.status, none.headers.get('range')]).toEqual([308, null]);
      // The chunk is taken but its answer never arrives.
      await expect(put(uri, video.subarray(0, CHUNK_GRANULE), 0, video.length, { 'x-sandbox-fault': 'timeout_after; delay=20' })).rejects.toThrow();
      const offset = await ask(uri, video.length);
      expect([offset.status, offset.headers.get('range')]).toEqual([308, `bytes=0-${CHUNK_GRANULE - 1}`]);
      // A chunk from the wrong offset is not taken: the answer says where the session is.
      const stale = await put(uri, video.subarray(0, CHUNK_GRANULE), 0, video.length);
      expect([stale.status, stale.headers.get('range')]).toEqual([308, `bytes=0-${CHUNK_GRANULE - 1}`]);
      await expect(put(uri, video.subarray(CHUNK_GRANULE), CHUNK_GRANULE, video.length, { 'x-sandbox-fault': 'timeout_after; delay=20' })).rejects.toThrow();
      // The last answer was lost too: asking the session gives the video.
      const finished = await ask(uri, video.length);
      expect(finished.status).toBe(200);
      expect(finished.body.status?.uploadStatus).toBe('uploaded');
      t.sb.clock.advance(PROCESSING_MS);
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toHaveLength(1);
      expect(t.sb.inspect.duplicates(CHANNEL)[0]?.duplicates).toEqual([]);
    });

    it('an expired session answers 404 to bytes and to the offset query', async () => {
      const video = buildMp4({ durationSec: 10, seed: 4 });
      const uri = await sessionUri(video);
      const uploadId = new URL(uri).searchParams.get('upload_id') ?? '';
      const expire = await call(`${t.urls.inspectionUrl}/youtube/sessions/${uploadId}/expire`, { method: 'POST' });
      expect(expire.status).toBe(200);
      const gone = await put(uri, video);
      expect([gone.status, gone.body.error.errors[0]?.reason]).toEqual([404, 'notFound']);
      expect((await ask(uri, video.length)).status).toBe(404);
      // …and so does a week-old one.
      const later = await sessionUri(video);
      t.sb.clock.advance(7 * 86_400_000);
      expect((await ask(later, video.length)).status).toBe(404);
    });

    it.each([
      ['a title over 100 characters', videoBody({ snippet: { title: 'x'.repeat(101) } }), 400, 'invalidTitle'],
      ['a title with < or >', videoBody({ snippet: { title: 'a <b> title' } }), 400, 'invalidTitle'],
      ['an empty title', videoBody({ snippet: { title: '  ' } }), 400, 'invalidTitle'],
      ['a description over 5,000 bytes', videoBody({ snippet: { description: 'é'.repeat(2501) } }), 400, 'invalidDescription'],
      // 122 ('a b' tags are quoted: +2) + 300 + 75 + 4 commas = 501.
      [
        'tags over 500 characters in all',
        videoBody({ snippet: { tags: ['a b'.repeat(40), 'c'.repeat(100), 'd'.repeat(100), 'e'.repeat(100), 'f'.repeat(75)] } }),
        400,
        'invalidTags',
      ],
      ['an unknown privacyStatus', videoBody({ status: { privacyStatus: 'friends' } }), 400, 'invalidVideoMetadata'],
      ['no selfDeclaredMadeForKids', { snippet: videoBody().snippet, status: { privacyStatus: 'public' } }, 400, 'required'],
      ['an unknown category', videoBody({ snippet: { categoryId: '3' } }), 400, 'invalidCategoryId'],
    ])('refuses %s', async (_name, body, status, reason) => {
      const res = await startSession(1000, body);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code: status, errors: [expect.objectContaining({ reason })] });
      expect(res.headers.get('location')).toBeNull();
    });

    it('accepts exactly 100 characters, 5,000 bytes and 500 characters of tags', async () => {
      const tags = ['a b'.repeat(40), 'c'.repeat(100), 'd'.repeat(100), 'e'.repeat(100), 'f'.repeat(74)];
      const res = await startSession(1000, videoBody({ snippet: { title: '😀'.repeat(100), description: 'é'.repeat(2500), tags } }));
      expect(res.status).toBe(200);
    });

    it('refuses a non-video X-Upload-Content-Type, a missing X-Upload-Content-Length, a missing part and a bad token', async () => {
      const type = await startSession(1000, videoBody(), { 'x-upload-content-type': 'text/plain' });
      expect([type.status, type.body.error.errors[0]?.reason]).toEqual([400, 'badContent']);
      const noLength = await call<GoogleErr>(`${api()}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(videoBody()),
      });
      expect([noLength.status, noLength.body.error.errors[0]?.reason]).toEqual([400, 'required']);
      const noPart = await startSession(1000, videoBody(), {}, 'uploadType=resumable');
      expect([noPart.status, noPart.body.error.errors[0]?.reason]).toEqual([400, 'required']);
      const readOnly = t.sb.actions.mintYouTubeToken({ channelId: 'UCsandboxSecond000000002', scopes: [YT_READONLY] })['access_token'] as string;
      const noScope = await startSession(1000, videoBody(), { authorization: `Bearer ${readOnly}` });
      expect([noScope.status, noScope.body.error.errors[0]?.reason]).toEqual([403, 'insufficientPermissions']);
    });

    it('accepts a horizontal or longer video and makes it a regular video, as YouTube does', async () => {
      const wide = await upload(buildMp4({ durationSec: 30, width: 1920, height: 1080, seed: 5 }));
      const long = await upload(buildMp4({ durationSec: 181, width: 1080, height: 1920, seed: 6 }));
      const square = await upload(buildMp4({ durationSec: 180, width: 1080, height: 1080, seed: 7 }));
      t.sb.clock.advance(PROCESSING_MS);
      expect([wide, long, square].map((v) => t.sb.actions.youtubeVideo(v.id)?.['isShort'])).toEqual([false, false, true]);
      expect(t.sb.actions.youtubeVideo(wide.id)?.['permalink']).toBe(`https://www.youtube.com/watch?v=${wide.id}`);
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toHaveLength(3);
    });

    it('fails a file that is not a video and rejects one over the length limit or hit by the content_rejected fault', async () => {
      const junk = await upload(Buffer.alloc(5000, 7));
      const tooLong = await upload(buildMp4({ durationSec: 16 * 60, width: 1920, height: 1080, seed: 8 }));
      const video = buildMp4({ durationSec: 15, seed: 9 });
      const flagged = await put(await sessionUri(video), video, undefined, undefined, { 'x-sandbox-fault': 'content_rejected' });
      expect(flagged.status).toBe(201);
      t.sb.clock.advance(PROCESSING_MS);
      const res = await list([junk.id, tooLong.id, flagged.body.id].join(','), 'status,processingDetails');
      expect(
        res.body.items.map((v) => [v.status?.uploadStatus, v.status?.failureReason ?? v.status?.rejectionReason, v.processingDetails?.processingStatus]),
      ).toEqual([
        ['failed', 'invalidFile', 'failed'],
        ['rejected', 'length', 'terminated'],
        ['rejected', 'inappropriate', 'terminated'],
      ]);
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toEqual([]);
    });

    it('stuck_processing keeps a video uploaded; the slow-processing setting delays processed', async () => {
      const video = buildMp4({ durationSec: 15, seed: 10 });
      const stuck = await put(await sessionUri(video), video, undefined, undefined, { 'x-sandbox-fault': 'stuck_processing' });
      const slow = await call(`${t.urls.inspectionUrl}/youtube/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ processingMs: 120_000 }),
      });
      expect(slow.status).toBe(200);
      const later = await upload(buildMp4({ durationSec: 15, seed: 11 }));
      t.sb.clock.advance(PROCESSING_MS);
      const mid = await list(`${stuck.body.id},${later.id}`, 'status');
      expect(mid.body.items.map((v) => v.status?.uploadStatus)).toEqual(['uploaded', 'uploaded']);
      t.sb.clock.advance(120_000);
      refreshToken();
      const end = await list(`${stuck.body.id},${later.id}`, 'status');
      expect(end.body.items.map((v) => v.status?.uploadStatus)).toEqual(['uploaded', 'processed']);
    });

    it('answers injected 5xx in the Google error shape (502 as an HTML page)', async () => {
      const e500 = await startSession(1000, videoBody(), { 'x-sandbox-fault': 'http_500' });
      expect([e500.status, e500.body.error.errors[0]?.reason]).toEqual([500, 'backendError']);
      const e503 = await call<GoogleErr>(`${api()}/youtube/v3/videos?part=status&id=x`, {
        headers: { authorization: `Bearer ${token}`, 'x-sandbox-fault': 'http_503' },
      });
      expect([e503.status, e503.body.error.status]).toEqual([503, 'UNAVAILABLE']);
      const e502 = await startSession(1000, videoBody(), { 'x-sandbox-fault': 'http_502' });
      expect([e502.status, e502.headers.get('content-type')]).toEqual([502, 'text/html; charset=utf-8']);
    });

    it('statistics are strings, zero until processed, then grow with the clock (private videos stay at zero)', async () => {
      const pub = await upload(buildMp4({ durationSec: 20, seed: 12 }));
      const priv = await upload(buildMp4({ durationSec: 20, seed: 13 }), videoBody({ status: { privacyStatus: 'private' } }));
      const before = await list(`${pub.id},${priv.id}`, 'statistics');
      expect(before.body.items[0]?.statistics).toEqual({ viewCount: '0', likeCount: '0', favoriteCount: '0', commentCount: '0' });
      t.sb.clock.advance(PROCESSING_MS + 6 * 3_600_000);
      refreshToken();
      const day = await list(`${pub.id},${priv.id}`, 'statistics');
      t.sb.clock.advance(3 * 86_400_000);
      refreshToken();
      const later = await list(`${pub.id},${priv.id}`, 'statistics');
      const views = (a: typeof day, i: number) => Number(a.body.items[i]?.statistics?.viewCount);
      expect(views(day, 0)).toBeGreaterThan(0);
      expect(views(later, 0)).toBeGreaterThan(views(day, 0));
      expect([views(day, 1), views(later, 1)]).toEqual([0, 0]);
    });

    it("the channel's own upload limit answers 400 uploadLimitExceeded", async () => {
      await call(`${t.urls.inspectionUrl}/youtube/channels/${CHANNEL}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dailyUploadLimit: 1 }),
      });
      expect((await startSession(1000)).status).toBe(200);
      const over = await startSession(1000);
      expect([over.status, over.body.error.errors[0]]).toEqual([400, expect.objectContaining({ domain: 'youtube.video', reason: 'uploadLimitExceeded' })]);
      t.sb.clock.advance(86_400_000);
      refreshToken();
      expect((await startSession(1000)).status).toBe(200);
    });
  });

  describe('unaudited project', () => {
    beforeEach(() => start({}, UNAUDITED));

    it('locks uploads private: the upload answer and videos.list say private whatever was asked', async () => {
      const created = await upload(buildMp4({ durationSec: 20, seed: 14 }));
      expect(created.status?.privacyStatus).toBe('private');
      t.sb.clock.advance(PROCESSING_MS);
      expect((await list(created.id, 'status')).body.items[0]?.status).toMatchObject({ uploadStatus: 'processed', privacyStatus: 'private' });
      expect(t.sb.inspect.publicPosts({ platform: 'youtube' })).toEqual([expect.objectContaining({ privacyLevel: 'private' })]);
    });
  });

  describe('quota', () => {
    // 23:30 Pacific (PST, UTC-8) on 14 Jan 2026: midnight Pacific is 30 minutes away.
    const START = Date.UTC(2026, 0, 15, 7, 30);
    beforeEach(() => start({ startTime: START, youtube: { insertCallsPerDay: 2, unitsPerDay: 3 } }));

    it('videos.insert has its own bucket of calls, other calls share units; both answer 403 quotaExceeded and reset at midnight Pacific', async () => {
      expect((await startSession(1000)).status).toBe(200);
      // A refused insert costs its call too.
      expect((await startSession(1000, videoBody({ snippet: { title: '' } }))).status).toBe(400);
      const insert = await startSession(1000);
      expect(insert.status).toBe(403);
      expect(insert.body.error).toMatchObject({ code: 403, errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] });
      // The units are a separate budget: three 1-unit reads, then quotaExceeded.
      for (let i = 0; i < 3; i++) expect((await list('nope', 'status')).status).toBe(200);
      const read = await list('nope', 'status');
      expect([read.status, read.body.error.errors[0]?.reason]).toEqual([403, 'quotaExceeded']);
      expect(t.sb.inspect.quotas()['youtube']).toMatchObject({
        resetsAt: new Date(Date.UTC(2026, 0, 15, 8, 0)).toISOString(),
        projects: expect.arrayContaining([expect.objectContaining({ clientId: 'sbx_youtube_client', unitsUsed: 3, insertsUsed: 2 })]),
      });
      t.sb.clock.advance(29 * 60_000);
      expect((await startSession(1000)).status).toBe(403);
      t.sb.clock.advance(60_000);
      expect((await startSession(1000)).status).toBe(200);
      expect((await list('nope', 'status')).status).toBe(200);
    });
  });
});
