/**
 * The shared conformance suite (issue 9): every publisher, over real HTTP against the platform
 * sandbox — happy path, every fault kind on every call, and resume from every checkpoint.
 */
import type { Checkpoint, Publisher, PublishInput, StepContext } from './contract.js';
import { bufferMediaSource, createInstagramPublisher, createTikTokPublisher, createXPublisher, describeMedia } from './index.js';
import { platformDescriptor } from './registry.js';
import {
  countRequests,
  drive,
  emittedSteps,
  IG_BUSINESS,
  MEDIA_PATH,
  startHarness,
  TT_PUBLIC,
  video,
  type DriveResult,
  type Harness,
} from './testing/harness.js';

const MiB = 1024 * 1024;
// A request gives up after CLIENT_TIMEOUT_MS: long enough that a busy machine never makes a
// healthy request look lost, while a timeout fault holds its answer far longer (FAULT_HANG_MS), so
// the client always gives up first and the lost-answer path is what is exercised.
const CLIENT_TIMEOUT_MS = 3_000;
const FAULT_HANG_MS = 60_000;

interface Subject {
  name: string;
  platform: 'tiktok' | 'instagram' | 'x';
  accountId: string;
  /** Sandbox endpoint names of every call the flow makes; `mutating` ones can change remote state. */
  calls: { endpoint: string; mutating: boolean }[];
  /** Endpoint counted as "one init" (TikTok, X), and the step that sends it (default `init`). */
  initEndpoint?: string;
  initStep?: string;
  /** The call whose lost answer ends as `unknown` instead of being repeated. */
  unrepeatable?: string;
  make(h: Harness, timeoutMs?: number): Publisher<Checkpoint>;
  prepare(h: Harness): { input: PublishInput; ctx: StepContext };
}

const TIKTOK_CALLS = (file: boolean) => [
  { endpoint: 'tiktok.creator_info', mutating: false },
  { endpoint: 'tiktok.video.init', mutating: true },
  ...(file ? [{ endpoint: 'tiktok.upload', mutating: true }] : []),
  { endpoint: 'tiktok.status', mutating: false },
];

function tiktokSubject(source: 'FILE_UPLOAD' | 'PULL_FROM_URL'): Subject {
  return {
    name: `TikTok ${source}`,
    platform: 'tiktok',
    accountId: TT_PUBLIC,
    calls: TIKTOK_CALLS(source === 'FILE_UPLOAD'),
    initEndpoint: 'tiktok.video.init',
    ...(source === 'PULL_FROM_URL' ? { unrepeatable: 'tiktok.video.init' } : {}),
    make: (h, timeoutMs = CLIENT_TIMEOUT_MS) =>
      createTikTokPublisher({
        tokenProvider: h.tokenProvider('tiktok'),
        tiktokApiBaseUrl: h.running.urls.tiktokApiBaseUrl,
        clock: h.clock,
        requestTimeoutMs: timeoutMs,
        uploadTimeoutMs: timeoutMs * 3,
      }),
    prepare(h) {
      // FILE_UPLOAD: 3 chunks of the §1.4 plan (5 MiB, 5 MiB, 6 MiB) — the smallest multi-chunk upload.
      const bytes = video(source === 'FILE_UPLOAD' ? 16 * MiB : 2 * MiB, 7);
      h.media.files.set(`${MEDIA_PATH}clip.mp4`, bytes);
      const media = bufferMediaSource(bytes, 'video/mp4');
      return {
        input: {
          caption: 'Launch day 🚀 #mwr @friend',
          media: describeMedia(media, {
            durationSec: 12,
            width: 1080,
            height: 1920,
            ...(source === 'PULL_FROM_URL' ? { publicUrl: `${h.media.prefix}clip.mp4` } : {}),
          }),
          options: { privacyLevel: 'PUBLIC_TO_EVERYONE', source, preferredChunkSize: 5 * MiB },
        },
        ctx: { media },
      };
    },
  };
}

const instagramSubject: Subject = {
  name: 'Instagram Reels',
  platform: 'instagram',
  accountId: IG_BUSINESS,
  calls: [
    { endpoint: 'instagram.content_publishing_limit', mutating: false },
    { endpoint: 'instagram.media.create', mutating: true },
    { endpoint: 'instagram.node', mutating: false },
    { endpoint: 'instagram.media_publish', mutating: true },
  ],
  make: (h, timeoutMs = CLIENT_TIMEOUT_MS) =>
    createInstagramPublisher({
      tokenProvider: h.tokenProvider('instagram'),
      instagramGraphBaseUrl: h.running.urls.instagramGraphBaseUrl,
      graphApiVersion: 'v26.0',
      clock: h.clock,
      requestTimeoutMs: timeoutMs,
      createTimeoutMs: timeoutMs,
    }),
  prepare(h) {
    const bytes = video(2 * MiB, 11);
    h.media.files.set(`${MEDIA_PATH}reel.mp4`, bytes);
    return {
      input: {
        caption: 'Nouveau Reel ✨ #mwr',
        media: { size: bytes.length, mime: 'video/mp4', durationSec: 12, publicUrl: `${h.media.prefix}reel.mp4` },
        options: { igUserId: IG_BUSINESS, shareToFeed: true, thumbOffsetMs: 1000 },
      },
      ctx: {},
    };
  },
};

const X_USER = '1790000000000000001';
const xTokens = new WeakMap<Harness, string>();

const xSubject: Subject = {
  name: 'X video post',
  platform: 'x',
  accountId: X_USER,
  calls: [
    { endpoint: 'x.media.initialize', mutating: true },
    { endpoint: 'x.media.append', mutating: true },
    { endpoint: 'x.media.finalize', mutating: true },
    { endpoint: 'x.media.status', mutating: false },
    { endpoint: 'x.tweets.create', mutating: true },
  ],
  initEndpoint: 'x.media.initialize',
  initStep: 'initialize',
  make: (h, timeoutMs = CLIENT_TIMEOUT_MS) => {
    if (!xTokens.has(h)) xTokens.set(h, h.sb.actions.mintXToken({ userId: X_USER })['access_token'] as string);
    return createXPublisher({
      tokenProvider: async () => xTokens.get(h)!,
      apiBaseUrl: h.running.urls.xApiBaseUrl,
      clock: h.clock,
      requestTimeoutMs: timeoutMs,
      uploadTimeoutMs: timeoutMs * 3,
      // Three segments: the smallest multi-segment upload.
      segmentSize: MiB,
    }) as unknown as Publisher<Checkpoint>;
  },
  prepare() {
    const bytes = video(2 * MiB + 4096, 13, 12, 1280, 720);
    const media = bufferMediaSource(bytes, 'video/mp4');
    return {
      input: { caption: 'Launch day 🚀 #mwr', media: describeMedia(media, { durationSec: 12, width: 1280, height: 720 }), options: { userId: X_USER } },
      ctx: { media },
    };
  },
};

const SUBJECTS: Subject[] = [tiktokSubject('FILE_UPLOAD'), tiktokSubject('PULL_FROM_URL'), instagramSubject, xSubject];

function posts(h: Harness, s: Subject): number {
  return h.sb.inspect.publicPosts({ platform: s.platform, accountId: s.accountId }).length;
}

/** Lets the platform finish whatever it accepted (downloads, processing, moderation) before counting posts. */
async function platformSettled(h: Harness): Promise<void> {
  await h.sb.settle();
  h.sb.clock.advance(10 * 60_000);
  await h.sb.settle();
}

function expectNoDuplicates(h: Harness, s: Subject): void {
  for (const report of h.sb.inspect.duplicates(s.accountId)) expect(report.duplicates).toEqual([]);
}

describe.each(SUBJECTS)('$name publisher conformance', (s) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  async function run(options: Parameters<typeof drive>[3] = {}, timeoutMs?: number): Promise<DriveResult<Checkpoint>> {
    const publisher = s.make(h, timeoutMs);
    const { input, ctx } = s.prepare(h);
    expect(publisher.validate(input).filter((f) => f.severity === 'error')).toEqual([]);
    return drive(h, publisher, publisher.start(input), { ctx, ...options });
  }

  it('publishes exactly once on the happy path, with plain-JSON versioned checkpoints', async () => {
    const progress: number[] = [];
    const publisher = s.make(h);
    const { input, ctx } = s.prepare(h);
    const r = await drive(h, publisher, publisher.start(input), { ctx: { ...ctx, onProgress: (p) => progress.push(p.bytesUploaded) } });
    expect(r.outcome).toMatchObject({ kind: 'done', done: { remoteMediaId: expect.any(String), postedAt: expect.any(String) } });
    expect(posts(h, s)).toBe(1);
    expectNoDuplicates(h, s);
    if (s.initEndpoint) expect(countRequests(h, s.initEndpoint)).toBe(1);
    for (const c of r.checkpoints) expect(c).toMatchObject({ v: 1, platform: s.platform, step: expect.any(String) });
    if (s.name.includes('FILE')) expect(Math.max(...progress)).toBe(input.media.size);
    if (s.platform === 'instagram' && r.outcome.kind === 'done') expect(r.outcome.done.permalink).toMatch(/^https:\/\/www\.instagram\.com\/reel\//);
    if (s.platform === 'x' && r.outcome.kind === 'done') expect(r.outcome.done.permalink).toBe(`https://x.com/i/status/${r.outcome.done.remoteMediaId}`);
  });

  it('declares every credential its checkpoints hold (checkpointSecrets): without those fields, no media link or upload token is left', async () => {
    const publisher = s.make(h);
    const { input, ctx } = s.prepare(h);
    const r = await drive(h, publisher, publisher.start(input), { ctx });
    expect(r.outcome.kind).toBe('done');
    const valueAt = (c: unknown, path: string): unknown =>
      path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), c);
    const withoutSecrets = (c: Checkpoint): unknown => {
      const copy = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
      for (const path of publisher.checkpointSecrets) {
        const keys = path.split('.');
        const parent = valueAt(copy, keys.slice(0, -1).join('.')) ?? (keys.length === 1 ? copy : undefined);
        if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[keys[keys.length - 1]!];
      }
      return copy;
    };
    const secrets = new Set<string>(input.media.publicUrl ? [input.media.publicUrl] : []);
    for (const c of r.checkpoints)
      for (const path of publisher.checkpointSecrets) if (typeof valueAt(c, path) === 'string') secrets.add(valueAt(c, path) as string);
    if (s.name === 'TikTok FILE_UPLOAD') expect([...secrets].some((v) => v.includes('upload_token='))).toBe(true);
    for (const c of r.checkpoints) {
      const rest = JSON.stringify(withoutSecrets(c));
      for (const secret of secrets) expect(rest).not.toContain(secret);
      expect(rest).not.toMatch(/upload_token|upload_id=|\/media\//);
    }
  });

  describe('faults on every call', () => {
    const cases: { endpoint: string; mutating: boolean; kind: string; delayMs?: number; retryAfterSec?: number }[] = [];
    for (const c of s.calls) {
      cases.push(
        { ...c, kind: 'http_500' },
        { ...c, kind: 'http_502' },
        { ...c, kind: 'http_503', retryAfterSec: 7 },
        { ...c, kind: 'rate_limit_429', retryAfterSec: 3 },
      );
      cases.push(
        { ...c, kind: 'connection_reset' },
        { ...c, kind: 'timeout_before', delayMs: FAULT_HANG_MS },
        { ...c, kind: 'truncated_json' },
        { ...c, kind: 'slow', delayMs: 100 },
      );
      if (c.mutating) cases.push({ ...c, kind: 'timeout_after', delayMs: FAULT_HANG_MS });
    }
    it.each(cases)(
      '$kind on $endpoint ends with exactly one post (or unknown when unrepeatable)',
      async ({ endpoint, mutating, kind, delayMs, retryAfterSec }) => {
        h.sb.addFault({
          match: { endpoint },
          kind: kind as 'http_500',
          nth: 1,
          ...(delayMs !== undefined ? { delayMs } : {}),
          ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
        });
        const r = await run({ retryErrors: 6 });
        const lostAnswer = ['connection_reset', 'timeout_before', 'timeout_after', 'truncated_json'].includes(kind);
        if (endpoint === s.unrepeatable && lostAnswer) {
          // Ambiguous PULL_FROM_URL init: never re-sent, left for a person (needs_review).
          expect(r.outcome).toMatchObject({
            kind: 'error',
            error: { class: 'unknown', ambiguous: true, retryable: false, code: 'tiktok.pull_init_ambiguous' },
          });
          const parked = r.checkpoints[r.checkpoints.length - 1]!;
          expect(parked.step).toBe('needs_review');
          // Another worker resuming that checkpoint still sends nothing.
          const fresh = s.make(h);
          const resumed = await drive(h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(parked))), { ctx: s.prepare(h).ctx, retryErrors: 3 });
          expect(resumed.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.pull_init_ambiguous' } });
          expect(countRequests(h, endpoint)).toBe(1);
          // The publisher cannot know whether TikTok took the init; the sandbox can. A reset or a
          // hang before the handler means it never arrived; a lost or garbled answer means TikTok
          // applied it and posts the video once on its own — and the post is never doubled.
          await platformSettled(h);
          expect(posts(h, s)).toBe(kind === 'timeout_after' || kind === 'truncated_json' ? 1 : 0);
          expectNoDuplicates(h, s);
          return;
        }
        expect(r.outcome.kind).toBe('done');
        expect(posts(h, s)).toBe(1);
        expectNoDuplicates(h, s);
        if (kind === 'rate_limit_429') expect(r.errors[0]).toMatchObject({ class: 'rate_limited', retryAfterMs: 3_000 });
        if (kind === 'http_503' && !(mutating && s.platform === 'instagram' && endpoint.endsWith('media_publish')))
          expect(r.errors[0]).toMatchObject({ class: 'temporary', retryAfterMs: 7_000 });
        // The upload host answers PUTs without a body, so a truncated body changes nothing there.
        if (lostAnswer && mutating && !(kind === 'truncated_json' && endpoint === 'tiktok.upload')) expect(r.errors[0]?.ambiguous).toBe(true);
        if (s.initEndpoint && endpoint !== s.initEndpoint) expect(countRequests(h, s.initEndpoint)).toBe(1);
      },
    );
  });

  it('reports stuck processing instead of polling forever, and never posts twice', async () => {
    const stuckAt =
      s.platform === 'tiktok'
        ? s.name.includes('FILE')
          ? 'tiktok.upload'
          : 'tiktok.video.init'
        : s.platform === 'x'
          ? 'x.media.finalize'
          : 'instagram.media.create';
    h.sb.addFault({ match: { endpoint: stuckAt }, kind: 'stuck_processing', ...(stuckAt === 'tiktok.upload' ? { nth: 3 } : { nth: 1 }) });
    const r = await run({ retryErrors: 3, maxSteps: 80 });
    if (s.platform === 'x') {
      // The video never finishes processing: nothing is posted, a person looks (never a second upload posted).
      expect(r.errors.map((e) => e.code)).toContain('x.processing_stuck');
      expect(countRequests(h, 'x.tweets.create')).toBe(0);
      expect(posts(h, s)).toBe(0);
    } else if (s.platform === 'tiktok') {
      expect(r.errors.map((e) => e.code)).toContain('tiktok.processing_stuck');
      expect(countRequests(h, 'tiktok.video.init')).toBe(1);
      expect(posts(h, s)).toBe(0);
    } else {
      // The stuck container is abandoned (never published) and a new one goes through.
      expect(r.errors.map((e) => e.code)).toContain('instagram.processing_stuck');
      expect(r.outcome.kind).toBe('done');
      expect(posts(h, s)).toBe(1);
    }
  });

  it('stops with auth_expired when the token is revoked mid-flight', async () => {
    const at =
      s.platform === 'x' ? 'x.media.status' : s.platform === 'instagram' ? 'instagram.node' : s.name.includes('FILE') ? 'tiktok.upload' : 'tiktok.status';
    h.sb.addFault({ match: { endpoint: at }, kind: 'token_revoked', nth: 1 });
    const r = await run({ retryErrors: 3 });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'auth_expired', retryable: false } });
    // Nothing is ever posted, even once the platform has finished: a FILE_UPLOAD revoked at its
    // first chunk never has all its bytes; a PULL_FROM_URL publish still downloading when the
    // creator revokes access fails with auth_removed (§1.6); an Instagram container whose status
    // read is refused is never published.
    await platformSettled(h);
    expect(posts(h, s)).toBe(0);
    // The PULL init is never repeated (a FILE_UPLOAD may re-init: an orphan without bytes never posts).
    if (s.unrepeatable) expect(countRequests(h, s.unrepeatable)).toBe(1);
    if (s.platform === 'instagram') expect(countRequests(h, 'instagram.media_publish')).toBe(0);
  });

  describe('resume from every checkpoint', () => {
    async function fullRun(): Promise<number> {
      const r = await run();
      expect(r.outcome.kind).toBe('done');
      return r.checkpoints.length;
    }

    it('restarts from the checkpoint saved after step k-1 in a fresh publisher: one post, one init', async () => {
      const n = await fullRun();
      await h.close();
      for (let k = 1; k <= n; k++) {
        h = await startHarness();
        const first = s.make(h);
        const { input, ctx } = s.prepare(h);
        const partial = await drive(h, first, first.start(input), { ctx, stopAfter: k - 1 });
        const saved = partial.checkpoints[partial.checkpoints.length - 1]!;
        const fresh = s.make(h);
        const resumed = await drive(h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(saved))), { ctx });
        if (saved.step === 'pull_init') {
          // The saved intent to send a PULL_FROM_URL init: a fresh publisher cannot tell whether it
          // went out, so it sends nothing and the publication waits for a person.
          expect([k, resumed.outcome]).toEqual([
            k,
            expect.objectContaining({ kind: 'error', error: expect.objectContaining({ class: 'unknown', code: 'tiktok.pull_init_ambiguous' }) }),
          ]);
          expect([k, countRequests(h, 'tiktok.video.init'), posts(h, s)]).toEqual([k, 0, 0]);
        } else {
          expect([k, resumed.outcome.kind]).toEqual([k, 'done']);
          expect([k, posts(h, s)]).toEqual([k, 1]);
          if (s.initEndpoint) expect([k, countRequests(h, s.initEndpoint)]).toEqual([k, 1]);
        }
        if (k < n) await h.close();
      }
    });

    it('survives a crash after step k was sent but before its checkpoint was saved', async () => {
      const n = await fullRun();
      await h.close();
      for (let k = 1; k <= n; k++) {
        h = await startHarness();
        const first = s.make(h);
        const { input, ctx } = s.prepare(h);
        const partial = await drive(h, first, first.start(input), { ctx, stopAfter: k - 1 });
        const saved = partial.checkpoints[partial.checkpoints.length - 1] as Checkpoint;
        if (s.unrepeatable !== undefined && saved.step === 'pull_init') {
          // The crash that matters for PULL_FROM_URL: the intent was saved, the init reached TikTok
          // (which downloads and posts on its own) and the worker died before saving the answer.
          // Nothing documented finds that publish without its publish_id (status/fetch and cancel
          // need it, platform-apis §1.6–1.7), so the resumed worker must not send it again: it
          // parks the publication for a person, and TikTok posts the video exactly once.
          await first.step(first.parseCheckpoint(saved), ctx); // the lost step: the init is sent, its answer never saved
          expect([k, countRequests(h, s.unrepeatable)]).toEqual([k, 1]);
          const fresh = s.make(h);
          const resumed = await drive(h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(saved))), { ctx, retryErrors: 3 });
          expect([k, resumed.outcome]).toEqual([
            k,
            expect.objectContaining({
              kind: 'error',
              error: expect.objectContaining({ class: 'unknown', ambiguous: true, code: 'tiktok.pull_init_ambiguous' }),
            }),
          ]);
          expect([k, resumed.checkpoints.at(-1)?.step]).toEqual([k, 'needs_review']);
          await platformSettled(h);
          expect([k, countRequests(h, s.unrepeatable)]).toEqual([k, 1]);
          expect([k, posts(h, s)]).toEqual([k, 1]);
          expectNoDuplicates(h, s);
        } else {
          await first.step(first.parseCheckpoint(saved), ctx); // the lost step: its result is never persisted
          const fresh = s.make(h);
          const resumed = await drive(h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(saved))), { ctx });
          expect([k, resumed.outcome.kind]).toEqual([k, 'done']);
          expect([k, posts(h, s)]).toEqual([k, 1]);
          // A replayed FILE_UPLOAD init leaves an orphan publish_id that can never go public; a
          // PULL_FROM_URL `init` step only saves the intent, so its replay sends one init in all.
          if (s.initEndpoint) expect([k, countRequests(h, s.initEndpoint)]).toEqual([k, saved.step === (s.initStep ?? 'init') && !s.unrepeatable ? 2 : 1]);
        }
        if (k < n) await h.close();
      }
    });
  });

  // Last in the block: the cases above have driven this publisher through its faults and resumes.
  it('emits only steps its registry descriptor knows, each with a lane status', async () => {
    const r = await run();
    expect(r.outcome.kind).toBe('done');
    const descriptor = platformDescriptor(s.platform);
    const emitted = [...(emittedSteps.get(s.platform) ?? [])];
    expect(emitted.length).toBeGreaterThan(1);
    expect(emitted.filter((step) => !Object.hasOwn(descriptor.steps, step))).toEqual([]);
  });
});
