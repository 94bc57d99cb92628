/**
 * Test harness (not part of the build): a platform sandbox on loopback, a small media server for
 * PULL_FROM_URL / Instagram video_url, and a driver that runs `step` the way the queue would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @nx/enforce-module-boundaries -- tests run publishers against the sandbox (issue 9)
import { buildMp4, createSandbox, defaultSeedData, type RunningSandbox, type Sandbox, type SandboxOptions } from '@mwr/platform-sandbox';

import type { Checkpoint, PublishDone, Publisher, PublishError, StepContext } from '../contract.js';

export const TT_PUBLIC = 'tt-open-public-0001';
export const TT_PRIVATE = 'tt-open-private-0002';
export const TT_BANNED = 'tt-open-banned-0003';
export const IG_BUSINESS = '17841400000000001';
export const MEDIA_PATH = '/media/videos/';

export interface MediaServer {
  origin: string;
  /** Verified prefix to register with the TikTok sandbox client. */
  prefix: string;
  files: Map<string, Buffer>;
  /** Paths answered with headers and a first byte, then never finished (slow PULL downloads). */
  stalled: Set<string>;
  requests: string[];
  close(): Promise<void>;
}

export async function startMediaServer(): Promise<MediaServer> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const stalled = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(path);
    if (stalled.has(path)) {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 1_000_000 });
      res.write(Buffer.alloc(1));
      return;
    }
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (m) {
      const start = Number(m[1]);
      const end = Math.min(file.length - 1, m[2] ? Number(m[2]) : file.length - 1);
      res.writeHead(206, { 'content-type': 'video/mp4', 'content-range': `bytes ${start}-${end}/${file.length}`, 'content-length': end - start + 1 });
      res.end(file.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': file.length }).end(file);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    prefix: `${origin}${MEDIA_PATH}`,
    files,
    stalled,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface Harness {
  sb: Sandbox;
  running: RunningSandbox;
  media: MediaServer;
  clock: { now(): number };
  /** Mutable token used by the publishers' token provider. */
  tokens: { tiktok: string; instagram: string };
  tokenProvider: (platform: 'tiktok' | 'instagram') => () => Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const media = await startMediaServer();
  const seeds = defaultSeedData();
  for (const client of seeds.tiktokClients) client.verifiedUrlPrefixes.push(media.prefix);
  const sb = createSandbox({
    ...options,
    tiktok: { processingMs: 1_000, moderationMs: 2_000, downloadMs: 500, ...options.tiktok },
    instagram: { processingMs: 5_000, ...options.instagram },
    faults: { hangMs: 1_000, ...options.faults },
    seedData: { ...seeds, ...options.seedData },
    // The media server is on loopback: the sandbox's crawlers may fetch from exactly its origin.
    allowedFetchOrigins: [media.origin, ...(options.allowedFetchOrigins ?? [])],
  });
  const running = await sb.listen({ port: 0, host: '127.0.0.1' });
  const tokens = {
    tiktok: sb.actions.mintTikTokToken({ openId: TT_PUBLIC })['access_token'] as string,
    instagram: sb.actions.mintInstagramToken({ igUserId: IG_BUSINESS })['access_token'] as string,
  };
  return {
    sb,
    running,
    media,
    clock: { now: () => sb.clock.now() },
    tokens,
    tokenProvider: (platform) => async () => tokens[platform],
    close: async () => {
      await running.close();
      await media.close();
    },
  };
}

export function video(totalBytes: number, seed = 1, durationSec = 12, width = 1080, height = 1920): Buffer {
  return buildMp4({ totalBytes, seed, durationSec, width, height });
}

export type Outcome = { kind: 'done'; done: PublishDone } | { kind: 'error'; error: PublishError } | { kind: 'stalled' };

export interface DriveResult<C extends Checkpoint> {
  outcome: Outcome;
  /** Every persisted checkpoint, in order (JSON round-tripped, as a queue would store it). */
  checkpoints: C[];
  errors: PublishError[];
  steps: number;
}

export interface DriveOptions {
  ctx?: StepContext;
  maxSteps?: number;
  /** Keep going after retryable errors, as the queue would (advancing the clock by retryAfterMs). */
  retryErrors?: number;
  /** Stop after this many steps (crash simulation). */
  stopAfter?: number;
}

/** Every step each platform's publishers emitted in this test file (drive records them), for the registry check. */
export const emittedSteps = new Map<string, Set<string>>();

/** Runs step() in a loop like the queue: persist every checkpoint, advance the sandbox clock on wait. */
export async function drive<C extends Checkpoint>(h: Harness, publisher: Publisher<C>, first: C, options: DriveOptions = {}): Promise<DriveResult<C>> {
  const checkpoints: C[] = [];
  const errors: PublishError[] = [];
  const persist = (c: C): C => {
    const stored = JSON.parse(JSON.stringify(c)) as C;
    checkpoints.push(stored);
    emittedSteps.set(stored.platform, (emittedSteps.get(stored.platform) ?? new Set()).add(stored.step));
    return publisher.parseCheckpoint(stored);
  };
  let cp = persist(first);
  let steps = 0;
  let retries = options.retryErrors ?? 0;
  while (steps < (options.maxSteps ?? 200)) {
    if (options.stopAfter !== undefined && steps >= options.stopAfter) return { outcome: { kind: 'stalled' }, checkpoints, errors, steps };
    steps += 1;
    const result = await publisher.step(cp, options.ctx);
    if ('done' in result) return { outcome: { kind: 'done', done: result.done }, checkpoints, errors, steps };
    if ('error' in result) {
      errors.push(result.error);
      if (result.next) cp = persist(result.next);
      if (retries <= 0 || !result.error.retryable) return { outcome: { kind: 'error', error: result.error }, checkpoints, errors, steps };
      retries -= 1;
      await h.sb.settle();
      h.sb.clock.advance(result.error.retryAfterMs ?? 5_000);
      continue;
    }
    cp = persist(result.next);
    if ('wait' in result) {
      await h.sb.settle();
      h.sb.clock.advance(result.wait);
    }
  }
  return { outcome: { kind: 'stalled' }, checkpoints, errors, steps };
}

export function countRequests(h: Harness, endpoint: string): number {
  return h.sb.inspect.requests({ endpoint }).length;
}
