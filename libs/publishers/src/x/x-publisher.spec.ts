/**
 * The X publisher over real HTTP against the sandbox's X mount (issue #23): happy path, every
 * fault on every call, resume from every checkpoint (and after a crash mid-step), a lost create
 * answer resolved by reading the account's recent posts (or left to a person when they cannot
 * tell), an expired media id, 429 with its reset, and X's windows honoured before X refuses.
 */
import { createHash } from 'node:crypto';

import type { PublishInput, StepContext } from '../contract.js';
import { bufferMediaSource, describeMedia } from '../media.js';
import { platformDescriptor } from '../registry.js';
import { countRequests, drive, emittedSteps, startHarness, video, type DriveOptions, type DriveResult, type Harness } from '../testing/harness.js';
import type { XPostOptions } from './options.js';
import { createXPublisher, type XCheckpoint, type XPublisher } from './publisher.js';

const USER = '1790000000000000001';
const MiB = 1024 * 1024;
const CLIENT_TIMEOUT_MS = 3_000;
const FAULT_HANG_MS = 60_000;
const SEGMENT = MiB;
/** Four segments, the last one short. */
const SIZE = 3 * MiB + 1000;

interface Subject {
  h: Harness;
  token: string;
}

async function start(): Promise<Subject> {
  const h = await startHarness();
  const token = h.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
  return { h, token };
}

function publisher(s: Subject, extra: Partial<Parameters<typeof createXPublisher>[0]> = {}): XPublisher {
  return createXPublisher({
    tokenProvider: async () => s.token,
    apiBaseUrl: s.h.running.urls.xApiBaseUrl,
    clock: s.h.clock,
    requestTimeoutMs: CLIENT_TIMEOUT_MS,
    uploadTimeoutMs: CLIENT_TIMEOUT_MS,
    segmentSize: SEGMENT,
    ...extra,
  });
}

let seed = 1;
function prepare(options: { text?: string; options?: Partial<XPostOptions> } = {}): { input: PublishInput<XPostOptions>; ctx: StepContext; sha256: string } {
  const bytes = video(SIZE, seed++, 12, 1280, 720);
  const source = bufferMediaSource(bytes, 'video/mp4');
  return {
    input: {
      caption: options.text ?? `Launch day 🚀 behind the scenes #${seed}`,
      media: describeMedia(source, { durationSec: 12, width: 1280, height: 720 }),
      options: { userId: USER, ...options.options },
    },
    ctx: { media: source },
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

interface SandboxPost {
  id: string;
  text: string;
  sha256: string;
  mediaIds: string[];
  replySettings?: string;
  madeWithAi: boolean;
  paidPartnership: boolean;
}
const posts = (s: Subject) => s.h.sb.actions.xPosts(USER) as unknown as SandboxPost[];

async function run(s: Subject, options: DriveOptions = {}, prepared = prepare(), p = publisher(s)): Promise<DriveResult<XCheckpoint>> {
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

describe('the X publisher over the sandbox', () => {
  let s: Subject;
  beforeEach(async () => {
    s = await start();
  });
  afterEach(() => s.h.close());

  it('posts once: initialize, four segments, finalize, STATUS after check_after_secs, one create -> an x.com/i/status link', async () => {
    const progress: number[] = [];
    const prepared = prepare({ options: { replySettings: 'following', madeWithAi: true, paidPartnership: true } });
    const p = publisher(s);
    const r = await drive(s.h, p, p.start(prepared.input), { ctx: { ...prepared.ctx, onProgress: (x) => progress.push(x.bytesUploaded) } });
    expect(r.outcome).toMatchObject({ kind: 'done', done: { remoteMediaId: expect.stringMatching(/^\d+$/), postedAt: expect.any(String) } });
    const done = r.outcome.kind === 'done' ? r.outcome.done : undefined;
    expect(done?.permalink).toBe(`https://x.com/i/status/${done?.remoteMediaId}`);
    expect(countRequests(s.h, 'x.media.initialize')).toBe(1);
    expect(countRequests(s.h, 'x.media.append')).toBe(4);
    expect(countRequests(s.h, 'x.media.finalize')).toBe(1);
    expect(countRequests(s.h, 'x.tweets.create')).toBe(1);
    // A create that was answered is never checked against the recent posts.
    expect(countRequests(s.h, 'x.users.tweets')).toBe(0);
    expect(Math.max(...progress)).toBe(SIZE);
    expect(r.checkpoints.filter((c) => c.step === 'append').map((c) => c.segmentsConfirmed)).toEqual([0, 1, 2, 3]);
    const [post, ...more] = posts(s);
    expect(more).toEqual([]);
    expect(post).toMatchObject({
      id: done?.remoteMediaId,
      text: prepared.input.caption,
      sha256: prepared.sha256,
      replySettings: 'following',
      madeWithAi: true,
      paidPartnership: true,
    });
    // STATUS was never read before X's check_after_secs.
    const media = s.h.sb.actions.xMedia(post!.mediaIds[0]!) as { earlyPolls: number; statusPolls: number };
    expect(media.earlyPolls).toBe(0);
  });

  describe('faults on every call', () => {
    const calls = [
      { endpoint: 'x.media.initialize', mutating: true, nth: 1 },
      // The second segment: a fault mid-upload, after one was confirmed.
      { endpoint: 'x.media.append', mutating: true, nth: 2 },
      { endpoint: 'x.media.finalize', mutating: true, nth: 1 },
      { endpoint: 'x.media.status', mutating: false, nth: 1 },
      { endpoint: 'x.tweets.create', mutating: true, nth: 1 },
    ];
    const cases: { endpoint: string; kind: string; nth: number; delayMs?: number; retryAfterSec?: number }[] = [];
    for (const c of calls) {
      cases.push(
        { ...c, kind: 'http_500' },
        { ...c, kind: 'http_502' },
        { ...c, kind: 'http_503', retryAfterSec: 7 },
        { ...c, kind: 'connection_reset' },
        { ...c, kind: 'timeout_before', delayMs: FAULT_HANG_MS },
        { ...c, kind: 'slow', delayMs: 100 },
        { ...c, kind: 'rate_limit_429', retryAfterSec: 40 },
      );
      if (c.mutating) cases.push({ ...c, kind: 'timeout_after', delayMs: FAULT_HANG_MS });
      if (!c.mutating) cases.push({ ...c, kind: 'truncated_json' });
    }
    it.each(cases)('$kind on $endpoint (call $nth) ends with exactly one post', async ({ endpoint, kind, nth, delayMs, retryAfterSec }) => {
      s.h.sb.addFault({
        match: { endpoint },
        kind: kind as 'http_500',
        nth,
        ...(delayMs !== undefined ? { delayMs } : {}),
        ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
      });
      const r = await run(s, { retryErrors: 8 });
      expect(r.outcome.kind).toBe('done');
      await s.h.sb.settle();
      expect(posts(s)).toHaveLength(1);
      if (kind === 'http_503') expect(r.errors[0]).toMatchObject({ class: 'temporary', retryable: true, retryAfterMs: 7_000 });
      if (kind === 'rate_limit_429') expect(r.errors[0]).toMatchObject({ class: 'rate_limited', retryable: true, retryAfterMs: 40_000 });
      if (kind !== 'slow') expect(r.errors.length).toBeGreaterThan(0);
      // Only a lost initialize may start a second upload; a fault later never does.
      if (endpoint !== 'x.media.initialize') expect(countRequests(s.h, 'x.media.initialize')).toBe(1);
      // A create without a definite answer is looked for among the recent posts before any resend.
      if (endpoint === 'x.tweets.create' && kind !== 'slow' && kind !== 'rate_limit_429') {
        const verify = r.checkpoints.findIndex((c) => c.step === 'verify_post');
        expect(verify).toBeGreaterThan(0);
        expect(countRequests(s.h, 'x.users.tweets')).toBeGreaterThan(0);
      }
    });
  });

  it('finds the post whose create answer was lost among the recent posts, and sends nothing again', async () => {
    s.h.sb.addFault({ match: { endpoint: 'x.tweets.create' }, kind: 'timeout_after', nth: 1, delayMs: FAULT_HANG_MS });
    const r = await run(s, { retryErrors: 3 });
    expect(r.outcome.kind).toBe('done');
    expect(r.errors[0]).toMatchObject({ ambiguous: true });
    expect(countRequests(s.h, 'x.tweets.create')).toBe(1);
    expect(countRequests(s.h, 'x.users.tweets')).toBe(1);
    const [post] = posts(s);
    expect(r.outcome.kind === 'done' && r.outcome.done).toMatchObject({ remoteMediaId: post!.id, permalink: `https://x.com/i/status/${post!.id}` });
  });

  it('leaves the post to a person when the recent posts cannot be read after a lost create answer', async () => {
    s.h.sb.addFault({ match: { endpoint: 'x.tweets.create' }, kind: 'timeout_after', nth: 1, delayMs: FAULT_HANG_MS });
    s.h.sb.addFault({ match: { endpoint: 'x.users.tweets' }, kind: 'http_500' });
    const r = await run(s, { retryErrors: 20 });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'unknown', code: 'x.post_undecidable', retryable: false } });
    expect(countRequests(s.h, 'x.tweets.create')).toBe(1);
    expect(posts(s)).toHaveLength(1);
  });

  it('starts a new upload when the media id expired before the post, and posts once', async () => {
    const prepared = prepare();
    const p = publisher(s);
    const partial = await drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx, stopAfter: 3 });
    const saved = partial.checkpoints.at(-1)!;
    expect(saved).toMatchObject({ step: 'append', segmentsConfirmed: 2 });
    await inspection(s, 'POST', `/x/media/${saved.mediaId}/expire`);
    const resumed = await drive(s.h, p, p.parseCheckpoint(saved), { ctx: prepared.ctx, retryErrors: 2 });
    expect(resumed.outcome.kind).toBe('done');
    expect(countRequests(s.h, 'x.media.initialize')).toBe(2);
    const [post, ...more] = posts(s);
    expect(more).toEqual([]);
    expect(post!.mediaIds).not.toContain(saved.mediaId);
    expect(post!.sha256).toBe(prepared.sha256);
  });

  it('starts a new upload when the media id lapses on our clock before the post', async () => {
    const prepared = prepare();
    const p = publisher(s);
    const partial = await drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx, stopAfter: 2 });
    const saved = partial.checkpoints.at(-1)!;
    s.h.sb.clock.advance(saved.mediaExpiresAt! - s.h.clock.now());
    // Two weeks later: the account's token is a fresh one.
    s.token = s.h.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const resumed = await drive(s.h, p, p.parseCheckpoint(saved), { ctx: prepared.ctx });
    expect(resumed.outcome.kind).toBe('done');
    expect(countRequests(s.h, 'x.media.initialize')).toBe(2);
    expect(posts(s)).toHaveLength(1);
  });

  it("takes X's 429 as a rate limit until the window's x-rate-limit-reset, then posts", async () => {
    s.h.sb.actions.setXOptions({ limits: { 'tweets.create': { user: { limit: 1, windowMs: 15 * 60_000 } } } } as never);
    expect((await run(s)).outcome.kind).toBe('done');
    const r = await run(s, { retryErrors: 1 });
    expect(r.outcome.kind).toBe('done');
    const limited = r.errors[0]!;
    expect(limited).toMatchObject({ class: 'rate_limited', retryable: true, code: 'x.http_429' });
    // The reset of the window the first post opened (x-rate-limit-reset): within its 15 minutes.
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.retryAfterMs!).toBeLessThanOrEqual(15 * 60_000);
    expect(posts(s)).toHaveLength(2);
  });

  it("waits for the window's reset when X's headers say it is spent, instead of being refused", async () => {
    s.h.sb.actions.setXOptions({ limits: { 'media.append': { user: { limit: 3, windowMs: 15 * 60_000 } } } } as never);
    const r = await run(s);
    expect(r.outcome.kind).toBe('done');
    expect(r.errors).toEqual([]);
    // Four segments, three per window: the fourth waited for the reset and was sent once.
    expect(countRequests(s.h, 'x.media.append')).toBe(4);
    expect(s.h.sb.inspect.requests({ endpoint: 'x.media.append' }).filter((q) => q.status === 429)).toEqual([]);
    expect(r.checkpoints.filter((c) => c.step === 'append' && c.segmentsConfirmed === 3).length).toBeGreaterThanOrEqual(2);
  });

  it('fails for good when X cannot process the video', async () => {
    const prepared = prepare();
    const p = publisher(s);
    const partial = await drive(s.h, p, p.start(prepared.input), { ctx: prepared.ctx, stopAfter: 6 });
    const saved = partial.checkpoints.at(-1)!;
    expect(saved.step).toBe('status');
    await inspection(s, 'POST', `/x/media/${saved.mediaId}/fail`, { message: 'Media rejected by review.' });
    const r = await drive(s.h, p, p.parseCheckpoint(saved), { ctx: prepared.ctx });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'invalid_content', retryable: false } });
    expect(posts(s)).toEqual([]);
  });

  it('stops with auth_expired when the account revokes access mid-flight', async () => {
    s.h.sb.addFault({ match: { endpoint: 'x.media.append' }, kind: 'token_revoked', nth: 2 });
    const r = await run(s);
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'auth_expired' } });
    expect(posts(s)).toEqual([]);
  });

  describe('resume from every checkpoint', () => {
    it('restarts from the checkpoint saved after step k-1 in a fresh publisher: one post, one upload', async () => {
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
        seen.add(saved.step === 'append' && saved.segmentsConfirmed > 0 ? 'mid-upload' : saved.step);
        const fresh = publisher(s);
        const resumed = await drive(s.h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(saved))), { ctx: prepared.ctx });
        expect([k, resumed.outcome.kind]).toEqual([k, 'done']);
        expect([k, posts(s).length, countRequests(s.h, 'x.media.initialize'), countRequests(s.h, 'x.tweets.create')]).toEqual([k, 1, 1, 1]);
      }
      expect([...seen].sort()).toEqual(['append', 'create_post', 'finalize', 'initialize', 'mid-upload', 'post', 'status']);
    });

    it('survives a crash after step k was sent but before its checkpoint was saved: an armed create from another worker is looked for first', async () => {
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
        expect([k, posts(s).length, countRequests(s.h, 'x.tweets.create')]).toEqual([k, 1, 1]);
        // A replayed initialize opens a second (unused) upload; nothing else is ever repeated.
        expect([k, countRequests(s.h, 'x.media.initialize')]).toEqual([k, saved.step === 'initialize' ? 2 : 1]);
      }
    });
  });

  it('emits only steps its registry descriptor knows, each with a lane status', async () => {
    expect((await run(s)).outcome.kind).toBe('done');
    const descriptor = platformDescriptor('x');
    const emitted = [...(emittedSteps.get('x') ?? [])];
    expect(emitted.length).toBeGreaterThan(4);
    for (const step of emitted) expect([step, (descriptor.steps as Record<string, string>)[step]]).toEqual([step, expect.any(String)]);
  });

  it('counts the text as X does (twitter-text) and checks the video before sending anything', () => {
    const p = publisher(s);
    const base = prepare().input;
    const codes = (input: PublishInput<XPostOptions>) => p.validate(input).map((f) => f.code);
    // 140 CJK characters weigh 280: allowed; one more is not.
    expect(codes({ ...base, caption: '漢'.repeat(140) })).toEqual([]);
    expect(codes({ ...base, caption: '漢'.repeat(141) })).toEqual(['caption_too_long']);
    // A URL weighs 23 whatever its length.
    expect(codes({ ...base, caption: `${'a'.repeat(256)} https://example.com/${'x'.repeat(300)}` })).toEqual([]);
    expect(codes({ ...base, media: { ...base.media, durationSec: 141 } })).toEqual(['duration_out_of_range']);
    expect(codes({ ...base, media: { ...base.media, width: 4000, height: 1000 } })).toEqual(['aspect_out_of_range']);
    expect(codes({ ...base, media: { ...base.media, size: 513 * MiB } })).toEqual(['file_too_large']);
    expect(s.h.sb.inspect.requests({}).filter((q) => q.endpoint?.startsWith('x.'))).toEqual([]);
  });
});
