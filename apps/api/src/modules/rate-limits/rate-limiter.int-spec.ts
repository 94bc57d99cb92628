import { DataSource } from 'typeorm';

import { createSandbox, nextPacificMidnight, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';
import { platformDescriptor } from '@mwr/publishers';

import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { limiterKey, limitWindowOf } from '../publishing/platform-limits.js';
import { RateLimiterRepository } from './rate-limiter.repository.js';
import { RateLimiter } from './rate-limiter.service.js';

const HOUR = 3_600_000;
const CHANNEL = 'UCsandboxShorts000000001';

describe('rate limiter (issue #32 item 3, issue #22): one statement per acquisition, rolling and calendar-day windows', () => {
  let db: TestDatabase;
  let app: TestApp;
  let dataSource: DataSource;
  let repository: RateLimiterRepository;

  beforeAll(async () => {
    db = await createTestDatabase('rate_limiter');
    app = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    dataSource = app.app.get(DataSource);
    repository = new RateLimiterRepository(dataSource);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('never grants more than the limit to concurrent acquirers, in one SQL statement each', async () => {
    const limiter = app.app.get(RateLimiter);
    const query = jest.spyOn(dataSource, 'query');
    const answers = await Promise.all(Array.from({ length: 40 }, () => limiter.acquire('test:concurrent', 10, 60_000)));
    const statements = query.mock.calls.length;
    query.mockRestore();

    expect(answers.filter((a) => a.ok)).toHaveLength(10);
    for (const refused of answers.filter((a) => !a.ok)) expect(refused).toEqual({ ok: false, retryInMs: expect.any(Number) });
    for (const refused of answers.filter((a): a is { ok: false; retryInMs: number } => !a.ok)) {
      expect(refused.retryInMs).toBeGreaterThan(50_000);
      expect(refused.retryInMs).toBeLessThanOrEqual(60_000);
    }
    // No transaction, no advisory lock: one round trip per acquisition.
    expect(statements).toBe(40);
    const batch = await limiter.acquireUpTo('test:concurrent', 5, 10, 60_000);
    expect(batch.granted).toBe(0);
  });

  it('frees a rolling window slot when the oldest grant leaves it, and grants a batch only up to the limit', async () => {
    const t0 = Date.parse('2026-06-01T12:00:00Z');
    const at = (ms: number) => new Date(t0 + ms);
    const rolling = { rollingMs: 60_000 };
    expect(await repository.acquire('test:rolling', 4, 6, rolling, at(0))).toEqual({ granted: 4, retryInMs: 0 });
    expect(await repository.acquire('test:rolling', 4, 6, rolling, at(10_000))).toEqual({ granted: 2, retryInMs: 50_000 });
    expect(await repository.acquire('test:rolling', 1, 6, rolling, at(59_999))).toEqual({ granted: 0, retryInMs: 1 });
    // The four grants of t0 leave the window at t0 + 60 s; the two of t0 + 10 s are still in it.
    expect(await repository.acquire('test:rolling', 6, 6, rolling, at(60_001))).toEqual({ granted: 4, retryInMs: 9_999 });
  });

  it("counts YouTube's insert quota per Pacific day like the sandbox's bucket: waits until midnight Pacific instead of burning it, then goes on", async () => {
    // 23:59 in Los Angeles; the sandbox's clock is manual and the limiter reads the same clock.
    const sandbox: Sandbox = createSandbox({ clock: 'manual', startTime: Date.parse('2026-12-07T07:59:00Z'), youtube: { insertCallsPerDay: 2 } });
    const running: RunningSandbox = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    try {
      const limiter = new RateLimiter(repository, () => sandbox.clock.now());
      const insert = platformDescriptor('youtube').limits.find((l) => l.key === 'youtube:insert')!;
      expect(insert.resetsAt).toEqual({ daily: 'America/Los_Angeles' });
      const window = limitWindowOf(insert);
      const key = limiterKey(insert, 'any-account');
      const token = sandbox.actions.mintYouTubeToken({ channelId: CHANNEL })['access_token'] as string;
      const startSession = () =>
        fetch(`${running.urls.youtubeApiBaseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'x-upload-content-length': '1000',
            'x-upload-content-type': 'video/mp4',
          },
          body: JSON.stringify({ snippet: { title: 'quota', categoryId: '22' }, status: { privacyStatus: 'private', selfDeclaredMadeForKids: false } }),
        });
      // The operator's figure (YOUTUBE_INSERT_CALLS_PER_DAY) equals the project's bucket.
      const post = async () => {
        const slot = await limiter.acquire(key, 2, window);
        return slot.ok ? { slot, status: (await startSession()).status } : { slot };
      };

      expect(await post()).toEqual({ slot: { ok: true }, status: 200 });
      expect(await post()).toEqual({ slot: { ok: true }, status: 200 });
      const untilMidnight = nextPacificMidnight(sandbox.clock.now()) - sandbox.clock.now();
      expect(untilMidnight).toBe(60_000);
      // Spent: the limiter waits until midnight Pacific (a rolling day would wait ~24 h) and asks nothing.
      const calls = sandbox.inspect.requests({ endpoint: 'youtube.videos.insert' }).length;
      expect(await post()).toEqual({ slot: { ok: false, retryInMs: untilMidnight } });
      expect(sandbox.inspect.requests({ endpoint: 'youtube.videos.insert' })).toHaveLength(calls);
      expect((await limiter.remaining([{ key, limit: 2, window }])).get(key)).toEqual({ used: 2, remaining: 0, resetsInMs: untilMidnight });
      // The platform agrees: its bucket is spent too.
      expect((await startSession()).status).toBe(403);

      sandbox.clock.advance(untilMidnight);
      // Midnight Pacific: both buckets start again.
      expect(await post()).toEqual({ slot: { ok: true }, status: 200 });
      expect((await limiter.remaining([{ key, limit: 2, window }])).get(key)).toEqual({ used: 1, remaining: 1, resetsInMs: 24 * HOUR });
    } finally {
      await running.close();
      await sandbox.close();
    }
  });

  it('follows the zone across a DST change: the day that ends summer time is 25 hours long', async () => {
    const daily = { daily: 'America/Los_Angeles' };
    // 2026-11-01 00:00 PDT is 07:00Z; the next midnight (PST) is 2026-11-02 08:00Z.
    expect(await repository.acquire('test:dst', 1, 1, daily, new Date('2026-11-01T06:59:59Z'))).toEqual({ granted: 1, retryInMs: 0 });
    expect(await repository.acquire('test:dst', 1, 1, daily, new Date('2026-11-01T06:59:59.500Z'))).toEqual({ granted: 0, retryInMs: 500 });
    expect(await repository.acquire('test:dst', 1, 1, daily, new Date('2026-11-01T07:00:00Z'))).toEqual({ granted: 1, retryInMs: 0 });
    expect(await repository.acquire('test:dst', 1, 1, daily, new Date('2026-11-01T07:00:00Z'))).toEqual({ granted: 0, retryInMs: 25 * HOUR });
  });
});
