import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { RateLimiter } from '../rate-limits/rate-limiter.service.js';
import { JobGates, START_SLOT_HOLD_MS } from './job-runner/gates.js';
import type { PublicationContext } from './publishing.repository.js';

const PER_SECOND = 50;
const STARTS = 200;
const ctx = { publicationStatus: 'pending', accountStatus: 'active' } as PublicationContext;

describe('global start rate (issue #32 item 3): slots taken from the shared limiter in batches', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('start_rate');
    app = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', GLOBAL_JOB_STARTS_PER_SECOND: String(PER_SECOND) });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lets the rate through at once, throttles the rest with a retry time, and asks the limiter a few times, not once per start', async () => {
    const limiter = app.app.get(RateLimiter);
    const one = jest.spyOn(limiter, 'acquire');
    const batches = jest.spyOn(limiter, 'acquireUpTo');
    const started = performance.now();
    const gates = await Promise.all(Array.from({ length: STARTS }, () => app.app.get(JobGates).beforeRun(ctx)));
    const elapsedMs = performance.now() - started;

    const went = gates.filter((g) => g.kind === 'go').length;
    expect(went).toBeGreaterThanOrEqual(PER_SECOND);
    // The sliding window of one second holds: at most the rate per started second of the burst
    // (a slot is used within START_SLOT_HOLD_MS of being counted).
    expect(went).toBeLessThanOrEqual(PER_SECOND * Math.ceil((elapsedMs + START_SLOT_HOLD_MS) / 1000));
    for (const g of gates.filter((x) => x.kind !== 'go')) expect(g).toMatchObject({ kind: 'wait', reason: 'throttled', delayMs: expect.any(Number) });
    // A tenth of a second's worth of slots per round trip (5 here), shared by the starts waiting for it.
    expect(one).not.toHaveBeenCalled();
    expect(batches.mock.calls.length).toBeGreaterThan(0);
    expect(batches.mock.calls.length).toBeLessThanOrEqual(STARTS / 4);
    expect(batches.mock.calls.every(([key, want]) => key === 'global:starts' && want === 5)).toBe(true);
  });
});
