import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';
import { xAppBearer } from './index.js';

type Problem = { title: string; detail: string; type: string; status: number };
type Trends = { data: { trend_name: string; tweet_count?: number }[] } & Problem;
type Counts = { data: { start: string; end: string; tweet_count: number }[]; meta: { total_tweet_count: number } } & Problem;
type Billing = { apps: Record<string, { calls: { trends: number; counts: number }; spentUsd: number }> };

const APP = 'sbx_x_client';
const START = Date.UTC(2026, 11, 1, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('X sandbox: trends by WOEID and recent counts, app-only and billed per call (platform-apis.md §11, issue 33)', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({ seed: 11, startTime: START });
  });
  afterEach(() => t.close());

  const bearer = { authorization: `Bearer ${xAppBearer(APP)}` };
  const trends = (woeid: string, params: Record<string, string> = {}, headers: Record<string, string> = bearer) =>
    call<Trends>(`${t.urls.xApiBaseUrl}/2/trends/by/woeid/${woeid}?${new URLSearchParams(params)}`, { headers });
  const counts = (params: Record<string, string>, headers: Record<string, string> = bearer) =>
    call<Counts>(`${t.urls.xApiBaseUrl}/2/tweets/counts/recent?${new URLSearchParams(params)}`, { headers });
  const billing = async (): Promise<Billing> => (await call<Billing>(`${t.urls.inspectionUrl}/x/trends/billing`)).body;
  const settings = (body: Record<string, unknown>) =>
    call(`${t.urls.inspectionUrl}/x/trends/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('lists a region’s trends (≤ max_trends, tweet_count sometimes absent) with rate-limit headers, and bills each call', async () => {
    const res = await trends('23424819', { max_trends: '50' });
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(20);
    expect(res.body.data.length).toBeLessThanOrEqual(50);
    expect(res.body.data.some((d) => d.tweet_count === undefined)).toBe(true);
    expect(res.body.data.some((d) => typeof d.tweet_count === 'number')).toBe(true);
    expect(res.headers.get('x-rate-limit-limit')).toBe('75');
    expect(res.headers.get('x-rate-limit-remaining')).toBe('74');
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(START / 1000);
    await counts({ query: 'coffee', granularity: 'day' });
    expect((await billing()).apps[APP]).toEqual(expect.objectContaining({ calls: { trends: 1, counts: 1 }, spentUsd: 0.015 }));
    expect((await trends('23424819', { max_trends: '51' })).status).toBe(400);
  });

  it('trends change by the hour, deterministically', async () => {
    const a = await trends('1', { max_trends: '10' });
    expect((await trends('1', { max_trends: '10' })).body.data).toEqual(a.body.data);
    t.sb.clock.advance(6 * HOUR);
    expect((await trends('1', { max_trends: '10' })).body.data).not.toEqual(a.body.data);
  });

  it('refuses a user-context token and no token', async () => {
    const user = t.sb.actions.mintXToken({ userId: '1790000000000000001' })['access_token'] as string;
    const res = await trends('1', {}, { authorization: `Bearer ${user}` });
    expect(res.status).toBe(403);
    expect(res.body.title).toBe('Unsupported Authentication');
    expect((await trends('1', {}, {})).status).toBe(401);
  });

  it('answers 429 past 75 trends calls in 15 minutes, not billed, with the reset time', async () => {
    await settings({ trendsLimit: 2 });
    expect((await trends('1')).status).toBe(200);
    expect((await trends('1')).status).toBe(200);
    const limited = await trends('1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBe(Math.ceil((START + 15 * 60_000) / 1000));
    expect((await billing()).apps[APP]?.calls.trends).toBe(2);
    t.sb.clock.advance(15 * 60_000);
    expect((await trends('1')).status).toBe(200);
  });

  it('counts the last 7 days by minute, hour or day, and refuses an older start', async () => {
    const byHour = await counts({ query: '#coffee', granularity: 'hour' });
    expect(byHour.status).toBe(200);
    expect(byHour.body.data.length).toBeGreaterThanOrEqual(7 * 24);
    expect(byHour.body.meta.total_tweet_count).toBe(byHour.body.data.reduce((s, d) => s + d.tweet_count, 0));
    const byDay = await counts({ query: '#coffee', granularity: 'day' });
    expect(byDay.body.meta.total_tweet_count).toBe(byHour.body.meta.total_tweet_count);
    const start = new Date(START - HOUR).toISOString();
    const byMinute = await counts({ query: '#coffee', granularity: 'minute', start_time: start });
    expect(byMinute.body.data.length).toBeGreaterThanOrEqual(59);
    const old = await counts({ query: '#coffee', start_time: new Date(START - 8 * DAY).toISOString() });
    expect(old.status).toBe(400);
    expect((await counts({ query: '#coffee', granularity: 'week' })).status).toBe(400);
    expect(byHour.headers.get('x-rate-limit-limit')).toBe('300');
  });

  it('refuses a call past the app’s credit limit with 402 and does not bill it', async () => {
    await settings({ creditLimitUsd: 0.015 });
    expect((await trends('1')).status).toBe(200);
    expect((await counts({ query: 'a' })).status).toBe(200);
    const refused = await counts({ query: 'a' });
    expect(refused.status).toBe(402);
    expect((await billing()).apps[APP]?.spentUsd).toBe(0.015);
  });
});
