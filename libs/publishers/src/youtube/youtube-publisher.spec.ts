/**
 * The YouTube publisher over real HTTP against the sandbox's YouTube mount (docs/youtube-contract.md):
 * happy path, every fault on every call, the quota and upload-limit answers, processing outcomes,
 * and resume from every checkpoint (after session creation, mid-upload, after upload before processing).
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- the expected reset time is the sandbox's own (issue 22)
import { nextPacificMidnight as sandboxNextPacificMidnight } from '@mwr/platform-sandbox';

import type { PublishInput, StepContext } from '../contract.js';
import { bufferMediaSource, describeMedia } from '../media.js';
import { platformDescriptor } from '../registry.js';
import { countRequests, drive, emittedSteps, startHarness, video, type DriveOptions, type DriveResult, type Harness } from '../testing/harness.js';
import type { YouTubePostOptions } from './options.js';
import { nextPacificMidnight } from './pacific.js';
import { createYouTubePublisher, YOUTUBE_CHUNK_GRANULE, type YouTubeCheckpoint, type YouTubePublisher } from './publisher.js';

const CHANNEL = 'UCsandboxShorts000000001';
const UNAUDITED_CLIENT = 'sbx_youtube_unaudited_client';
const MiB = 1024 * 1024;
const CLIENT_TIMEOUT_MS = 3_000;
const FAULT_HANG_MS = 60_000;
/** Four granules a chunk: a 3 MiB + 1000 B file goes in four chunks, the last one short. */
const CHUNK = 4 * YOUTUBE_CHUNK_GRANULE;
const SIZE = 3 * MiB + 1000;

interface Subject {
  h: Harness;
  token: string;
}

async function start(options: Parameters<typeof startHarness>[0] = {}, clientId?: string): Promise<Subject> {
  const h = await startHarness({ ...options, youtube: { processingMs: 20_000, ...options.youtube } });
  const token = h.sb.actions.mintYouTubeToken({ channelId: CHANNEL, ...(clientId ? { clientId } : {}) })['access_token'] as string;
  return { h, token };
}

function publisher(s: Subject, extra: Partial<Parameters<typeof createYouTubePublisher>[0]> = {}): YouTubePublisher {
  return createYouTubePublisher({
    tokenProvider: async () => s.token,
    apiBaseUrl: s.h.running.urls.youtubeApiBaseUrl,
    clock: s.h.clock,
    requestTimeoutMs: CLIENT_TIMEOUT_MS,
    uploadTimeoutMs: CLIENT_TIMEOUT_MS,
    chunkSize: CHUNK,
    ...extra,
  });
}

function prepare(options: { bytes?: Buffer; width?: number; height?: number; durationSec?: number; privacyStatus?: 'public' | 'private' } = {}): {
  input: PublishInput<YouTubePostOptions>;
  ctx: StepContext;
} {
  const width = options.width ?? 1080;
  const height = options.height ?? 1920;
  const durationSec = options.durationSec ?? 12;
  const bytes = options.bytes ?? video(SIZE, 7, durationSec, width, height);
  const source = bufferMediaSource(bytes, 'video/mp4');
  return {
    input: {
      caption: 'Behind the scenes ✨\nA first Short from the sandbox #shorts',
      media: describeMedia(source, { durationSec, width, height }),
      options: { title: 'Behind the scenes ✨', privacyStatus: options.privacyStatus ?? 'public', selfDeclaredMadeForKids: false, notifySubscribers: false },
    },
    ctx: { media: source },
  };
}

const posts = (s: Subject) => s.h.sb.inspect.publicPosts({ platform: 'youtube', accountId: CHANNEL }).length;

async function settled(s: Subject): Promise<void> {
  await s.h.sb.settle();
  s.h.sb.clock.advance(10 * 60_000);
  await s.h.sb.settle();
}

async function run(s: Subject, options: DriveOptions = {}, prepared = prepare(), p = publisher(s)): Promise<DriveResult<YouTubeCheckpoint>> {
  expect(p.validate(prepared.input).filter((f) => f.severity === 'error')).toEqual([]);
  return drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx, ...options });
}

async function inspection(s: Subject, method: 'POST' | 'PATCH', path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${s.h.running.urls.inspectionUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

describe('the YouTube publisher over the sandbox', () => {
  let s: Subject;
  beforeEach(async () => {
    s = await start();
  });
  afterEach(() => s.h.close());

  it('posts a Short once: one session, 256 KiB-multiple chunks streamed, processed -> a shorts link', async () => {
    const progress: number[] = [];
    const prepared = prepare();
    const p = publisher(s);
    const r = await drive(s.h, p, p.start(prepared.input), { ctx: { ...prepared.ctx, onProgress: (x) => progress.push(x.bytesUploaded) } });
    expect(r.outcome).toMatchObject({ kind: 'done', done: { remoteMediaId: expect.any(String), postedAt: expect.any(String) } });
    const done = r.outcome.kind === 'done' ? r.outcome.done : undefined;
    expect(done?.permalink).toBe(`https://youtube.com/shorts/${done?.remoteMediaId}`);
    expect(posts(s)).toBe(1);
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(1);
    // Three full chunks and the short tail.
    expect(countRequests(s.h, 'youtube.upload')).toBe(4);
    expect(Math.max(...progress)).toBe(SIZE);
    const uploads = r.checkpoints.filter((c) => c.step === 'upload').map((c) => c.bytesConfirmed);
    // The last chunk's start twice: once reached, once marked as on its way (finalSent) before it is sent.
    expect(uploads).toEqual([0, CHUNK, 2 * CHUNK, 3 * CHUNK, 3 * CHUNK]);
    for (const c of r.checkpoints) expect(c).toMatchObject({ v: 1, platform: 'youtube' });
    const remote = s.h.sb.actions.youtubeVideo(done!.remoteMediaId) as { snippet: { title: string; description: string }; status: { privacyStatus: string } };
    expect(remote.snippet).toMatchObject({ title: 'Behind the scenes ✨', description: prepared.input.caption });
    expect(remote.status.privacyStatus).toBe('public');
    expect(r.checkpoints.some((c) => c.lockedPrivate)).toBe(false);
  });

  it('declares the session URI as its only credential', async () => {
    const p = publisher(s);
    const r = await run(s, {}, prepare(), p);
    expect(p.checkpointSecrets).toEqual(['sessionUri']);
    const uris = new Set(r.checkpoints.map((c) => c.sessionUri).filter((u): u is string => typeof u === 'string'));
    expect(uris.size).toBe(1);
    for (const c of r.checkpoints) {
      const { sessionUri: _secret, ...rest } = c;
      expect(JSON.stringify(rest)).not.toMatch(/upload_id=/);
    }
  });

  it('publishes a landscape video as a regular video, and says so before sending', async () => {
    const prepared = prepare({ width: 1920, height: 1080 });
    const p = publisher(s);
    expect(p.validate(prepared.input)).toEqual([expect.objectContaining({ severity: 'warning', code: 'not_a_short' })]);
    const r = await drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx });
    expect(r.outcome.kind).toBe('done');
    const id = r.outcome.kind === 'done' ? r.outcome.done.remoteMediaId : '';
    expect(r.outcome).toMatchObject({ done: { permalink: `https://www.youtube.com/watch?v=${id}` } });
  });

  describe('faults on every call', () => {
    const calls = [
      { endpoint: 'youtube.videos.insert', mutating: true },
      { endpoint: 'youtube.upload', mutating: true },
      { endpoint: 'youtube.videos.list', mutating: false },
    ];
    const cases: { endpoint: string; kind: string; nth: number; delayMs?: number; retryAfterSec?: number }[] = [];
    for (const c of calls) {
      // The second upload PUT: a fault mid-upload, after a chunk was confirmed.
      const nth = c.endpoint === 'youtube.upload' ? 2 : 1;
      cases.push(
        { ...c, nth, kind: 'http_500' },
        { ...c, nth, kind: 'http_502' },
        { ...c, nth, kind: 'http_503', retryAfterSec: 7 },
        { ...c, nth, kind: 'connection_reset' },
        { ...c, nth, kind: 'timeout_before', delayMs: FAULT_HANG_MS },
        { ...c, nth, kind: 'slow', delayMs: 100 },
      );
      if (c.mutating) cases.push({ ...c, nth, kind: 'timeout_after', delayMs: FAULT_HANG_MS });
      if (c.endpoint === 'youtube.videos.list') cases.push({ ...c, nth, kind: 'truncated_json' });
    }
    it.each(cases)('$kind on $endpoint (call $nth) ends with exactly one video', async ({ endpoint, kind, nth, delayMs, retryAfterSec }) => {
      s.h.sb.addFault({
        match: { endpoint },
        kind: kind as 'http_500',
        nth,
        ...(delayMs !== undefined ? { delayMs } : {}),
        ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
      });
      const r = await run(s, { retryErrors: 6 });
      expect(r.outcome.kind).toBe('done');
      await settled(s);
      expect(posts(s)).toBe(1);
      if (kind === 'http_503') expect(r.errors[0]).toMatchObject({ class: 'temporary', retryable: true, retryAfterMs: 7_000 });
      if (kind !== 'slow') expect(r.errors.length).toBeGreaterThan(0);
      // A lost or failed chunk is followed by an offset query before any byte is sent again.
      if (endpoint === 'youtube.upload' && kind !== 'slow') {
        const after = r.checkpoints.findIndex((c) => c.step === 'resync');
        expect(after).toBeGreaterThan(0);
      }
      // Only a lost session start may open a second session; a fault later never does.
      if (endpoint !== 'youtube.videos.insert') expect(countRequests(s.h, 'youtube.videos.insert')).toBe(1);
    });
  });

  it('takes quotaExceeded as a rate limit until the next midnight Pacific', async () => {
    await s.h.close();
    s = await start({ youtube: { insertCallsPerDay: 1 } });
    expect((await run(s)).outcome.kind).toBe('done');
    const r = await run(s);
    const now = s.h.clock.now();
    expect(r.outcome).toMatchObject({
      kind: 'error',
      error: { class: 'rate_limited', code: 'youtube.quotaExceeded', retryable: true, retryAfterMs: sandboxNextPacificMidnight(now) - now },
    });
    expect(nextPacificMidnight(now)).toBe(sandboxNextPacificMidnight(now));
    // After the reset the same checkpoint goes through.
    s.h.sb.clock.advance(sandboxNextPacificMidnight(now) - now + 1_000);
    // The hour-long access token expired meanwhile: the app would have refreshed it.
    s.token = s.h.sb.actions.mintYouTubeToken({ channelId: CHANNEL })['access_token'] as string;
    const p = publisher(s);
    const resumed = await drive(s.h, p, p.parseCheckpoint(r.checkpoints.at(-1)), { ctx: prepare().ctx });
    expect(resumed.outcome.kind).toBe('done');
    expect(posts(s)).toBe(2);
  });

  it("takes the channel's uploadLimitExceeded as a rate limit with its reset time", async () => {
    await inspection(s, 'PATCH', `/youtube/channels/${CHANNEL}`, { dailyUploadLimit: 0 });
    const r = await run(s);
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'rate_limited', code: 'youtube.uploadLimitExceeded', retryAfterMs: expect.any(Number) } });
    expect(r.outcome.kind === 'error' && r.outcome.error.retryAfterMs! > 0).toBe(true);
    expect(posts(s)).toBe(0);
  });

  it('starts a new session when the old one expired before the video was created', async () => {
    const p = publisher(s);
    const prepared = prepare();
    const partial = await drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx, stopAfter: 3 });
    const saved = partial.checkpoints.at(-1)!;
    expect(saved).toMatchObject({ step: 'upload', bytesConfirmed: 2 * CHUNK });
    const uploadId = new URL(saved.sessionUri!).searchParams.get('upload_id');
    await inspection(s, 'POST', `/youtube/sessions/${uploadId}/expire`);
    const resumed = await drive(s.h, p, p.parseCheckpoint(saved), { ctx: prepared.ctx });
    expect(resumed.outcome.kind).toBe('done');
    expect(resumed.checkpoints.map((c) => c.step)).toContain('init_session');
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(2);
    await settled(s);
    expect(posts(s)).toBe(1);
  });

  it('does not post twice when the last chunk landed, its answer was lost and the session then expired: a person checks', async () => {
    const p = publisher(s);
    const prepared = prepare();
    // The last chunk is taken, its answer lost (the request hangs past the client's timeout).
    s.h.sb.addFault({ match: { endpoint: 'youtube.upload' }, kind: 'timeout_after', nth: 4, delayMs: FAULT_HANG_MS });
    const partial = await drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx, retryErrors: 0 });
    expect(partial.outcome).toMatchObject({ kind: 'error', error: { code: 'youtube.timeout' } });
    const saved = partial.checkpoints.at(-1)!;
    expect(saved).toMatchObject({ step: 'resync', finalSent: expect.any(String) });
    expect(s.h.sb.inspect.received({ platform: 'youtube', accountId: CHANNEL })).toHaveLength(1);
    const uploadId = new URL(saved.sessionUri!).searchParams.get('upload_id');
    await inspection(s, 'POST', `/youtube/sessions/${uploadId}/expire`);
    const resumed = await drive(s.h, p, p.parseCheckpoint(saved), { ctx: prepared.ctx });
    expect(resumed.outcome).toMatchObject({ kind: 'error', error: { class: 'unknown', code: 'youtube.session_lost_after_upload', retryable: false } });
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(1);
    expect(s.h.sb.inspect.received({ platform: 'youtube', accountId: CHANNEL })).toHaveLength(1);
  });

  it('records that the last chunk is on its way before sending it, so a crash during it is not taken for an untouched session', async () => {
    const p = publisher(s);
    const prepared = prepare();
    const r = await run(s, {}, prepared, p);
    expect(r.outcome.kind).toBe('done');
    const steps = r.checkpoints.map((c) => [c.step, c.bytesConfirmed, typeof c.finalSent === 'string']);
    // The checkpoint before the last chunk's PUT says so (a crash there resumes with it).
    expect(steps).toContainEqual(['upload', 3 * CHUNK, true]);
    expect(steps.findIndex((x) => x[2] === true)).toBe(steps.findIndex((x) => x[1] === 3 * CHUNK) + 1);
  });

  it('after a crash with the last chunk marked, a fresh publisher asks the session first: the video if it landed, a person if the session is gone', async () => {
    const p = publisher(s);
    const prepared = prepare();
    const first = await run(s, {}, prepared, p);
    expect(first.outcome.kind).toBe('done');
    // The checkpoint saved just before the last chunk went out; the process died after sending it.
    const marked = first.checkpoints.find((c) => typeof c.finalSent === 'string' && c.step === 'upload')!;
    const again = publisher(s);
    const resumed = await drive(s.h, again, again.parseCheckpoint(marked), { ctx: prepared.ctx });
    expect(resumed.outcome.kind).toBe('done');
    expect(resumed.checkpoints[1]).toMatchObject({ step: 'resync' });
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(1);
    // Same crash, and the session is forgotten meanwhile: never a second session.
    const uploadId = new URL(marked.sessionUri!).searchParams.get('upload_id');
    await inspection(s, 'POST', `/youtube/sessions/${uploadId}/expire`);
    const third = publisher(s);
    const lost = await drive(s.h, third, third.parseCheckpoint(marked), { ctx: prepared.ctx });
    expect(lost.outcome).toMatchObject({ kind: 'error', error: { code: 'youtube.session_lost_after_upload' } });
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(1);
    await settled(s);
    expect(s.h.sb.inspect.received({ platform: 'youtube', accountId: CHANNEL })).toHaveLength(1);
  });

  it('starts a new session when the last chunk itself meets an expired session (nothing was taken): one video', async () => {
    const p = publisher(s);
    const small = prepare({ bytes: video(YOUTUBE_CHUNK_GRANULE, 9, 12, 1080, 1920) });
    // Session started, the last (only) chunk marked; the session dies before the chunk goes out.
    const partial = await drive(s.h, p, p.start(small.input), { ctx: small.ctx, stopAfter: 2 });
    const marked = partial.checkpoints.at(-1)!;
    expect(marked).toMatchObject({ step: 'upload', bytesConfirmed: 0, finalSent: expect.any(String) });
    const uploadId = new URL(marked.sessionUri!).searchParams.get('upload_id');
    await inspection(s, 'POST', `/youtube/sessions/${uploadId}/expire`);
    // The same publisher (the same claim) sends it: the 404 answers this very chunk, so nothing landed.
    const resumed = await drive(s.h, p, p.parseCheckpoint(marked), { ctx: small.ctx });
    expect(resumed.outcome.kind).toBe('done');
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(2);
    expect(s.h.sb.inspect.requests({ endpoint: 'youtube.upload' }).map((q) => q.status)).toEqual([404, 201]);
    await settled(s);
    expect(s.h.sb.inspect.received({ platform: 'youtube', accountId: CHANNEL })).toHaveLength(1);
  });

  it('fails for good on a rejected video (content_rejected), and on bytes that are not a video', async () => {
    s.h.sb.addFault({ match: { endpoint: 'youtube.upload' }, kind: 'content_rejected', nth: 1 });
    const rejected = await run(s, { retryErrors: 3 });
    expect(rejected.outcome).toMatchObject({ kind: 'error', error: { class: 'invalid_content', code: 'youtube.inappropriate', retryable: false } });
    const garbage = prepare({ bytes: Buffer.alloc(SIZE, 7) });
    const p = publisher(s);
    const r = await drive(s.h, p, p.start(garbage.input), { ctx: garbage.ctx, retryErrors: 3 });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'invalid_content', code: 'youtube.invalidFile', retryable: false } });
    expect(posts(s)).toBe(0);
  });

  it('reports stuck processing instead of polling forever', async () => {
    s.h.sb.addFault({ match: { endpoint: 'youtube.upload' }, kind: 'stuck_processing' });
    const r = await run(s, { maxSteps: 100 }, prepare(), publisher(s, { maxProcessingMs: 10 * 60_000 }));
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'youtube.processing_stuck', retryable: false } });
    expect(countRequests(s.h, 'youtube.videos.insert')).toBe(1);
  });

  it('stops with auth_expired when the channel revokes access mid-flight', async () => {
    s.h.sb.addFault({ match: { endpoint: 'youtube.videos.list' }, kind: 'token_revoked', nth: 1 });
    const r = await run(s, { retryErrors: 3 });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'auth_expired', code: 'youtube.authError', retryable: false } });
  });

  it("notes an unaudited project's upload locked private", async () => {
    await s.h.close();
    s = await start({}, UNAUDITED_CLIENT);
    const r = await run(s);
    expect(r.outcome.kind).toBe('done');
    expect(r.checkpoints.at(-1)).toMatchObject({ lockedPrivate: true });
    const id = r.outcome.kind === 'done' ? r.outcome.done.remoteMediaId : '';
    expect(s.h.sb.actions.youtubeVideo(id)).toMatchObject({ status: { privacyStatus: 'private' } });
    // The post reports it for the account (the app shows it until a later upload is public).
    expect(r.outcome.kind === 'done' && r.outcome.done.accountNotices).toEqual([{ code: 'uploads_locked_private', active: true }]);
  });

  it('reports the lock lifted when a public upload stays public, and nothing when the upload was asked private', async () => {
    const open = await run(s);
    expect(open.outcome.kind === 'done' && open.outcome.done.accountNotices).toEqual([{ code: 'uploads_locked_private', active: false }]);
    const asked = await run(s, {}, prepare({ privacyStatus: 'private' }));
    expect(asked.outcome.kind).toBe('done');
    expect(asked.outcome.kind === 'done' && asked.outcome.done.accountNotices).toBeUndefined();
  });

  describe('resume from every checkpoint', () => {
    it('restarts from the checkpoint saved after step k-1 in a fresh publisher: one video, one session', async () => {
      const full = await run(s);
      expect(full.outcome.kind).toBe('done');
      const n = full.checkpoints.length;
      const seen = new Set<string>();
      for (let k = 1; k <= n; k++) {
        await s.h.close();
        s = await start();
        const prepared = prepare();
        const first = publisher(s);
        const partial = await drive(s.h, first, first.start(prepared.input), { ctx: prepared.ctx, stopAfter: k - 1 });
        const saved = partial.checkpoints.at(-1)!;
        seen.add(saved.step === 'upload' && saved.bytesConfirmed > 0 ? 'mid-upload' : saved.step);
        const fresh = publisher(s);
        const resumed = await drive(s.h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(saved))), { ctx: prepared.ctx });
        expect([k, resumed.outcome.kind]).toEqual([k, 'done']);
        await settled(s);
        expect([k, posts(s), countRequests(s.h, 'youtube.videos.insert')]).toEqual([k, 1, 1]);
      }
      // After session creation (upload at 0), mid-upload, after the upload before processing (poll).
      expect([...seen].sort()).toEqual(['init_session', 'mid-upload', 'poll', 'upload']);
    });

    it('survives a crash after step k was sent but before its checkpoint was saved', async () => {
      const full = await run(s);
      const n = full.checkpoints.length;
      for (let k = 1; k <= n; k++) {
        await s.h.close();
        s = await start();
        const prepared = prepare();
        const first = publisher(s);
        const partial = await drive(s.h, first, first.start(prepared.input), { ctx: prepared.ctx, stopAfter: k - 1 });
        const saved = partial.checkpoints.at(-1)!;
        await first.step(first.parseCheckpoint(saved), prepared.ctx); // the lost step: sent, its result never saved
        const fresh = publisher(s);
        const resumed = await drive(s.h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(saved))), { ctx: prepared.ctx });
        expect([k, resumed.outcome.kind]).toEqual([k, 'done']);
        await settled(s);
        expect([k, posts(s)]).toEqual([k, 1]);
        // A replayed session start opens a second (empty) session; nothing else is ever repeated.
        expect([k, countRequests(s.h, 'youtube.videos.insert')]).toEqual([k, saved.step === 'init_session' ? 2 : 1]);
      }
    });
  });

  it('emits only steps its registry descriptor knows, each with a lane status', async () => {
    expect((await run(s)).outcome.kind).toBe('done');
    const descriptor = platformDescriptor('youtube');
    const emitted = [...(emittedSteps.get('youtube') ?? [])];
    expect(emitted.length).toBeGreaterThan(2);
    expect(emitted.filter((step) => !Object.hasOwn(descriptor.steps, step))).toEqual([]);
  });
});

describe('YouTube validation before anything is sent', () => {
  const p = createYouTubePublisher({ tokenProvider: async () => 'unused', apiBaseUrl: 'http://127.0.0.1:9' });
  const base = prepare().input;
  const codes = (input: PublishInput<YouTubePostOptions>) => p.validate(input).map((f) => `${f.severity}:${f.code}`);

  it('refuses a blank, long or bracketed title, a description over 5,000 bytes, tags over 500 characters and a missing made-for-kids choice', () => {
    expect(codes(base)).toEqual([]);
    expect(codes({ ...base, options: { ...base.options, title: ' ' } })).toEqual(['error:title_required']);
    expect(codes({ ...base, options: { ...base.options, title: 'é'.repeat(101) } })).toEqual(['error:title_too_long']);
    expect(codes({ ...base, options: { ...base.options, title: 'é'.repeat(100) } })).toEqual([]);
    expect(codes({ ...base, options: { ...base.options, title: 'a <b>' } })).toEqual(['error:title_angle_brackets']);
    // 2,501 two-byte characters: under 5,000 characters, over 5,000 bytes.
    expect(codes({ ...base, caption: 'é'.repeat(2501) })).toEqual(['error:description_too_long']);
    expect(codes({ ...base, caption: 'é'.repeat(2500) })).toEqual([]);
    // Quoted tags count 2 more, and commas between: 49 × (8 + 2) + 48 = 538.
    expect(codes({ ...base, options: { ...base.options, tags: Array.from({ length: 49 }, (_, i) => `tag ${String(i).padStart(4, '0')}`) } })).toEqual([
      'error:tags_too_long',
    ]);
    expect(codes({ ...base, options: { ...base.options, selfDeclaredMadeForKids: undefined as unknown as boolean } })).toEqual([
      'error:made_for_kids_required',
    ]);
    expect(codes({ ...base, media: { ...base.media, durationSec: 181 } })).toEqual(['warning:not_a_short']);
  });
});
