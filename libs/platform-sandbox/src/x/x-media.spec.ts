import { createHash, randomBytes } from 'node:crypto';

import { buildMp4 } from '../index.js';
import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';

type Problem = { title: string; detail: string; type: string; status: number; errors?: { parameters: Record<string, string[]>; message: string }[] };
type MediaData = {
  data: {
    id: string;
    media_key: string;
    size?: number;
    expires_after_secs: number;
    processing_info?: { state: string; check_after_secs?: number; progress_percent?: number; error?: { code: number; name: string; message: string } };
  };
};

const USER = '1790000000000000001';
const OTHER = '1790000000000000002';
const SEG = 64 * 1024;

describe('X sandbox: media upload v2 (initialize, append, finalize, STATUS; platform-apis.md §7, §10; docs/x-contract.md)', () => {
  let t: TestSandbox;
  let token: string;
  beforeEach(async () => {
    t = await startTestSandbox();
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
  });
  afterEach(() => t.close());

  const api = (): string => t.urls.xApiBaseUrl;
  const auth = (tok = token): Record<string, string> => ({ authorization: `Bearer ${tok}` });

  const init = (body: Record<string, unknown>, tok = token) =>
    call<MediaData & Problem>(`${api()}/2/media/upload/initialize`, {
      method: 'POST',
      headers: { ...auth(tok), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const initVideo = (size: number, extra: Record<string, unknown> = {}) =>
    init({ media_type: 'video/mp4', total_bytes: size, media_category: 'amplify_video', ...extra });

  function append(id: string, index: number | string, bytes: Buffer, tok = token) {
    const form = new FormData();
    form.append('segment_index', String(index));
    form.append('media', new Blob([bytes]), 'chunk');
    return call<{ data: { expires_at: number } } & Problem>(`${api()}/2/media/upload/${id}/append`, { method: 'POST', headers: auth(tok), body: form });
  }
  const finalize = (id: string) => call<MediaData & Problem>(`${api()}/2/media/upload/${id}/finalize`, { method: 'POST', headers: auth() });
  const status = (id: string) => call<MediaData & Problem>(`${api()}/2/media/upload?media_id=${id}&command=STATUS`, { headers: auth() });

  async function uploadAll(video: Buffer): Promise<string> {
    const started = await initVideo(video.length);
    expect(started.status).toBe(200);
    const id = started.body.data.id;
    for (let i = 0, n = 0; i < video.length; i += SEG, n++) expect((await append(id, n, video.subarray(i, i + SEG))).status).toBe(200);
    return id;
  }

  /** Polls STATUS as a good client does: waits check_after_secs (on the sandbox clock) between calls. */
  async function waitProcessed(id: string, first: MediaData): Promise<string[]> {
    const states: string[] = [first.data.processing_info?.state ?? ''];
    let info = first.data.processing_info;
    for (let i = 0; i < 20 && info && (info.state === 'pending' || info.state === 'in_progress'); i++) {
      t.sb.clock.advance((info.check_after_secs ?? 1) * 1000);
      const s = await status(id);
      expect(s.status).toBe(200);
      info = s.body.data.processing_info;
      states.push(info?.state ?? '');
    }
    return states;
  }

  it('uploads a video in segments: ids and media key, processing pending → in_progress → succeeded, the file sha256 kept', async () => {
    const video = buildMp4({ durationSec: 12, seed: 3, totalBytes: 200_000 });
    const started = await initVideo(video.length);
    expect(started.body.data).toEqual({ id: expect.stringMatching(/^\d{19}$/), media_key: `13_${started.body.data.id}`, expires_after_secs: 1_295_999 });
    const id = started.body.data.id;
    for (let i = 0, n = 0; i < video.length; i += SEG, n++) {
      const a = await append(id, n, video.subarray(i, i + SEG));
      expect(a.status).toBe(200);
      expect(a.body.data.expires_at).toEqual(expect.any(Number));
    }
    const fin = await finalize(id);
    expect(fin.status).toBe(200);
    expect(fin.body.data).toMatchObject({ id, media_key: `13_${id}`, size: video.length, processing_info: { state: 'pending', check_after_secs: 5 } });
    const states = await waitProcessed(id, fin.body);
    expect(states[0]).toBe('pending');
    expect(states).toContain('in_progress');
    expect(states[states.length - 1]).toBe('succeeded');
    const seen = t.sb.actions.xMedia(id);
    expect(seen).toMatchObject({ sha256: createHash('sha256').update(video).digest('hex'), state: 'succeeded', earlyPolls: 0, durationSec: 12 });
    // The inspection over HTTP shows the same.
    const viaHttp = await call<{ earlyPolls: number; segments: unknown[] }>(`${t.urls.inspectionUrl}/x/media/${id}`);
    expect(viaHttp.body.segments).toHaveLength(Math.ceil(video.length / SEG));
  });

  it('counts a STATUS poll made before check_after_secs, and answers 429 once the client keeps polling too early', async () => {
    t.sb.actions.setXOptions({ earlyPollAllowance: 2 });
    const id = await uploadAll(buildMp4({ durationSec: 5, seed: 4, totalBytes: 100_000 }));
    const fin = await finalize(id);
    expect(fin.body.data.processing_info?.check_after_secs).toBe(5);
    expect((await status(id)).status).toBe(200);
    expect((await status(id)).status).toBe(200);
    const third = await status(id);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(t.sb.actions.xMedia(id)).toMatchObject({ earlyPolls: 3, statusPolls: 3 });
    // Waiting as told is never early.
    t.sb.clock.advance(5_000);
    expect((await status(id)).status).toBe(200);
    expect(t.sb.actions.xMedia(id)?.['earlyPolls']).toBe(3);
  });

  it('refuses at initialize: over 512 MB, a type that is not a video, an unknown category, no body', async () => {
    const big = await initVideo(512 * 1024 * 1024 + 1);
    expect(big.status).toBe(400);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    expect(big.body).toMatchObject({ title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
    expect(big.body.errors?.[0]?.parameters).toHaveProperty('total_bytes');
    expect((await initVideo(512 * 1024 * 1024)).status).toBe(200);
    const image = await initVideo(1000, { media_type: 'image/png' });
    expect(image.status).toBe(400);
    expect(image.body.errors?.[0]?.parameters).toHaveProperty('media_type');
    expect((await initVideo(1000, { media_category: 'tweet_image' })).status).toBe(400);
    expect((await initVideo(0)).status).toBe(400);
    const noJson = await call<Problem>(`${api()}/2/media/upload/initialize`, { method: 'POST', headers: auth(), body: 'media_type=video/mp4' });
    expect(noJson.status).toBe(400);
  });

  it('refuses at append: segment_index outside 0–999, a segment over the cap, a segment past total_bytes, the same index with other bytes', async () => {
    t.sb.actions.setXOptions({ maxSegmentBytes: 32 * 1024 });
    const started = await initVideo(50_000);
    const id = started.body.data.id;
    expect((await append(id, 1000, Buffer.alloc(10))).status).toBe(400);
    expect((await append(id, -1, Buffer.alloc(10))).status).toBe(400);
    const tooBig = await append(id, 0, Buffer.alloc(32 * 1024 + 1));
    expect(tooBig.status).toBe(413);
    const first = randomBytes(30_000);
    expect((await append(id, 0, first)).status).toBe(200);
    // A retry of the same segment (its answer was lost) is accepted and changes nothing…
    expect((await append(id, 0, first)).status).toBe(200);
    expect(t.sb.actions.xMedia(id)?.['receivedBytes']).toBe(30_000);
    // …other bytes under the same index are refused.
    expect((await append(id, 0, randomBytes(30_000))).status).toBe(400);
    const over = await append(id, 1, randomBytes(30_000));
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.message).toContain('more than total_bytes');
  });

  it('refuses at finalize: nothing appended, a missing segment, segments out of order, a size mismatch', async () => {
    const video = buildMp4({ durationSec: 5, seed: 6, totalBytes: 3 * SEG });
    const empty = (await initVideo(video.length)).body.data.id;
    expect((await finalize(empty)).body.errors?.[0]?.message).toContain('No segment');

    const gap = (await initVideo(video.length)).body.data.id;
    await append(gap, 0, video.subarray(0, SEG));
    await append(gap, 2, video.subarray(2 * SEG));
    const gapAnswer = await finalize(gap);
    expect(gapAnswer.status).toBe(400);
    expect(gapAnswer.body.errors?.[0]?.message).toContain('segment 1 was never appended');

    const disorder = (await initVideo(video.length)).body.data.id;
    await append(disorder, 1, video.subarray(SEG, 2 * SEG));
    await append(disorder, 0, video.subarray(0, SEG));
    await append(disorder, 2, video.subarray(2 * SEG));
    const disorderAnswer = await finalize(disorder);
    expect(disorderAnswer.status).toBe(400);
    expect(disorderAnswer.body.errors?.[0]?.message).toContain('out of order');

    const short = (await initVideo(video.length)).body.data.id;
    await append(short, 0, video.subarray(0, SEG));
    await append(short, 1, video.subarray(SEG, 2 * SEG));
    const shortAnswer = await finalize(short);
    expect(shortAnswer.status).toBe(400);
    expect(shortAnswer.body.errors?.[0]?.message).toContain('size mismatch');
  });

  it('a media id expires (expires_after_secs), and another account cannot use it', async () => {
    const video = buildMp4({ durationSec: 5, seed: 7, totalBytes: 100_000 });
    const id = await uploadAll(video);
    const otherToken = t.sb.actions.mintXToken({ userId: OTHER })['access_token'] as string;
    expect((await append(id, 0, video.subarray(0, SEG), otherToken)).status).toBe(400);
    const expired = await call(`${t.urls.inspectionUrl}/x/media/${id}/expire`, { method: 'POST' });
    expect(expired.status).toBe(200);
    const fin = await finalize(id);
    expect(fin.status).toBe(400);
    expect(fin.body.errors?.[0]?.message).toContain('expired');
    // Without the inspection switch: the clock passing expires_after_secs does the same.
    const id2 = await uploadAll(video);
    t.sb.clock.advance(1_296_000 * 1000);
    const token2 = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const late = await call<Problem>(`${api()}/2/media/upload/${id2}/finalize`, { method: 'POST', headers: auth(token2) });
    expect(late.status).toBe(400);
  });

  it('ends processing in failed with an error: not a video, longer than 140 s, the review refusing it (content_rejected), or the inspection switch', async () => {
    const junk = randomBytes(100_000);
    const junkId = await uploadAll(junk);
    const states = await waitProcessed(junkId, (await finalize(junkId)).body);
    expect(states[states.length - 1]).toBe('failed');
    const failed = await status(junkId);
    expect(failed.body.data.processing_info).toMatchObject({
      state: 'failed',
      error: { name: 'InvalidMedia', message: expect.stringContaining('Invalid or Unsupported media') },
    });

    const long = buildMp4({ durationSec: 141, seed: 8, totalBytes: 100_000 });
    const longId = await uploadAll(long);
    const longStates = await waitProcessed(longId, (await finalize(longId)).body);
    expect(longStates[longStates.length - 1]).toBe('failed');
    expect(t.sb.actions.xMedia(longId)?.['error']).toMatchObject({ message: expect.stringContaining('Duration too long') });

    const ok = buildMp4({ durationSec: 10, seed: 9, totalBytes: 100_000 });
    const rejectedId = await uploadAll(ok);
    const rejectedFin = await call<MediaData>(`${api()}/2/media/upload/${rejectedId}/finalize`, {
      method: 'POST',
      headers: { ...auth(), 'x-sandbox-fault': 'content_rejected' },
    });
    const rejectedStates = await waitProcessed(rejectedId, rejectedFin.body);
    expect(rejectedStates[rejectedStates.length - 1]).toBe('failed');

    const switchedId = await uploadAll(buildMp4({ durationSec: 10, seed: 10, totalBytes: 100_000 }));
    await finalize(switchedId);
    await call(`${t.urls.inspectionUrl}/x/media/${switchedId}/fail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Transcode failed' }),
    });
    t.sb.clock.advance(5_000);
    expect((await status(switchedId)).body.data.processing_info).toMatchObject({ state: 'failed', error: { message: 'Transcode failed' } });
  });

  it('slow processing (settings) and stuck processing (stuck_processing fault) keep the upload in progress', async () => {
    await call(`${t.urls.inspectionUrl}/x/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processingMs: 120_000 }),
    });
    const slowId = await uploadAll(buildMp4({ durationSec: 10, seed: 11, totalBytes: 100_000 }));
    await finalize(slowId);
    t.sb.clock.advance(60_000);
    expect((await status(slowId)).body.data.processing_info?.state).toBe('in_progress');
    t.sb.clock.advance(60_000);
    expect((await status(slowId)).body.data.processing_info?.state).toBe('succeeded');

    const stuckId = await uploadAll(buildMp4({ durationSec: 10, seed: 12, totalBytes: 100_000 }));
    await call(`${api()}/2/media/upload/${stuckId}/finalize`, { method: 'POST', headers: { ...auth(), 'x-sandbox-fault': 'stuck_processing' } });
    t.sb.clock.advance(3_600_000);
    const stuck = await status(stuckId);
    expect(stuck.body.data.processing_info).toMatchObject({ state: 'in_progress', check_after_secs: expect.any(Number) });
  });

  it('accepts the quickstart single endpoint: POST /2/media/upload with command=INIT, APPEND, FINALIZE', async () => {
    const video = buildMp4({ durationSec: 6, seed: 13, totalBytes: 90_000 });
    const initForm = new FormData();
    initForm.append('command', 'INIT');
    initForm.append('media_type', 'video/mp4');
    initForm.append('total_bytes', String(video.length));
    initForm.append('media_category', 'amplify_video');
    const started = await call<MediaData>(`${api()}/2/media/upload`, { method: 'POST', headers: auth(), body: initForm });
    expect(started.status).toBe(200);
    const id = started.body.data.id;
    const appendForm = new FormData();
    appendForm.append('command', 'APPEND');
    appendForm.append('media_id', id);
    appendForm.append('segment_index', '0');
    appendForm.append('media', new Blob([video]), 'chunk');
    expect((await call(`${api()}/2/media/upload`, { method: 'POST', headers: auth(), body: appendForm })).status).toBe(200);
    const fin = await call<MediaData>(`${api()}/2/media/upload`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'FINALIZE', media_id: id }).toString(),
    });
    expect(fin.body.data.processing_info?.state).toBe('pending');
    const bad = await call<{ errors: { code: number; message: string }[] }>(`${api()}/2/media/upload`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=NOPE',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ code: 38 });
  });

  it('sends the rate-limit headers on the upload endpoints (1,875 per 15 min per user, 180,000 per 24 h per app) and on STATUS (1,000)', async () => {
    const started = await initVideo(100_000);
    expect(started.headers.get('x-rate-limit-limit')).toBe('1875');
    expect(started.headers.get('x-rate-limit-remaining')).toBe('1874');
    expect(started.headers.get('x-app-limit-24hour-limit')).toBe('180000');
    const refused = await initVideo(0);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-rate-limit-remaining')).toBe('1873');
    const id = await uploadAll(buildMp4({ durationSec: 5, seed: 14, totalBytes: 100_000 }));
    await finalize(id);
    t.sb.clock.advance(5_000);
    const s = await status(id);
    expect(s.headers.get('x-rate-limit-limit')).toBe('1000');
    expect(s.headers.get('x-rate-limit-remaining')).toBe('999');
    expect(s.headers.get('x-app-limit-24hour-limit')).toBeNull();
  });

  it('needs media.write', async () => {
    const readOnly = t.sb.actions.mintXToken({ userId: USER, scopes: ['tweet.read', 'users.read'] })['access_token'] as string;
    const res = await init({ media_type: 'video/mp4', total_bytes: 10, media_category: 'amplify_video' }, readOnly);
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('media.write');
  });
});
