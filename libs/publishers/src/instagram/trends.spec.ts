import { startTrendSandbox, type TrendSandbox } from '../testing/trends.js';
import { TrendSourceError, type TrendFetchContext, type TrendFetchRequest } from '../trend-source.js';
import { instagramPlatform } from './platform.js';
import type { InstagramSettings } from './settings.js';
import { FACEBOOK_LOGIN, INSTAGRAM_HASHTAG_LIMIT, instagramHashtagSource } from './trends.js';

const IG = '17841400000000001';

describe('Instagram Hashtag Search as a trend source, over HTTP against the sandbox (platform-apis.md §11, issue 33)', () => {
  let t: TrendSandbox;
  beforeEach(async () => {
    t = await startTrendSandbox();
  });
  afterEach(() => t.close());

  const token = (kind: 'fb_user' | 'ig_long' = 'fb_user'): string => t.sb.actions.mintInstagramToken({ igUserId: IG, kind })['access_token'] as string;
  const ctx = (tok = token()): TrendFetchContext<InstagramSettings> => ({
    settings: { facebookGraphBaseUrl: t.running.urls.facebookGraphBaseUrl, graphApiVersion: 'v26.0' } as InstagramSettings,
    credential: () => Promise.resolve(tok),
    clock: t.clock,
  });
  const fetchTags = (request: Partial<TrendFetchRequest>, c = ctx()) =>
    instagramHashtagSource.fetch(c, {
      terms: ['#Coffee'],
      account: { remoteAccountId: IG, loginFlavour: FACEBOOK_LOGIN },
      budget: { counted: [] },
      ...request,
    });
  const searches = () => t.sb.inspect.requests({ endpoint: 'facebook.ig_hashtag_search' }).length;
  const failure = async (p: Promise<unknown>): Promise<TrendSourceError> => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrendSourceError);
    return error as TrendSourceError;
  };

  it('is Instagram’s trend source in the registry: Facebook Login only, 30 unique tags per account per 7 days', () => {
    expect(instagramPlatform.trendSources?.map((s) => s.key)).toEqual(['instagram.hashtag_search']);
    expect(instagramHashtagSource.access).toEqual(expect.objectContaining({ auth: 'user_token', loginFlavour: FACEBOOK_LOGIN, scopes: ['instagram_basic'] }));
    expect(instagramHashtagSource.budget).toEqual({ kind: 'unique_per_rolling_days', scope: 'account', limit: 30, days: 7 });
  });

  it('searches each watch-list tag, reads its last 24 h of media, and reports the tags it counted', async () => {
    const result = await fetchTags({ terms: ['#Coffee', 'travel', 'coffee'], maxPages: 3 });
    expect(result.observations.map((o) => o.label)).toEqual(['#coffee', '#travel']);
    expect(result.spent.newlyCounted).toEqual(['coffee', 'travel']);
    expect(result.spent.units).toBe(2);
    const coffee = result.observations[0];
    const metric = (name: string): number | undefined => coffee?.metrics.find((m) => m.name === name)?.value;
    expect(metric('recent_media_24h')).toBeGreaterThan(0);
    expect(metric('recent_likes_24h')).toEqual(expect.any(Number));
    expect(coffee?.externalUrl).toBe('https://www.instagram.com/explore/tags/coffee/');
    const ledger = await t.inspect<{ accounts: Record<string, { counted: { tag: string }[] }> }>('/instagram/hashtags');
    expect(ledger.accounts[IG]?.counted.map((c) => c.tag)).toEqual(['coffee', 'travel']);
    // Only listed fields were asked for (the sandbox refuses any other).
    const recent = t.sb.inspect.requests({ endpoint: 'facebook.hashtag.recent_media' });
    expect(recent.length).toBeGreaterThanOrEqual(2);
    expect(recent.every((r) => r.status === 200)).toBe(true);
  });

  it('follows the after cursor up to maxPages and says when the count is a floor', async () => {
    const onePage = await fetchTags({ terms: ['paged'], maxPages: 1 });
    const all = await fetchTags({ terms: ['paged'], maxPages: 40, budget: { counted: ['paged'] } });
    const count = (r: typeof all, name: string) => r.observations[0]?.metrics.find((m) => m.name === name)?.value;
    expect(count(onePage, 'recent_media_24h')).toBe(50);
    expect(count(onePage, 'recent_media_capped')).toBe(1);
    expect(count(all, 'recent_media_24h')).toBeGreaterThan(50);
    expect(count(all, 'recent_media_capped')).toBe(0);
    // The second read re-queried a counted tag: free.
    expect(all.spent.newlyCounted).toEqual([]);
  });

  it('refuses an account not connected through Facebook Login without any call', async () => {
    const error = await failure(fetchTags({ account: { remoteAccountId: IG, loginFlavour: 'instagram_login' } }));
    expect(error.reason).toBe('access_missing');
    expect(searches()).toBe(0);
  });

  it('says access_missing when the platform refuses an Instagram Login token on graph.facebook.com', async () => {
    const error = await failure(fetchTags({}, ctx(token('ig_long'))));
    expect(error.reason).toBe('access_missing');
    expect(error.details.vendor?.code).toBe('190');
  });

  it('never sends the 31st unique tag by its own count; re-queries of counted tags stay free', async () => {
    const counted = Array.from({ length: INSTAGRAM_HASHTAG_LIMIT - 1 }, (_, i) => `seen${i}`);
    const result = await fetchTags({ terms: ['seen0', 'thirtieth', 'thirtyfirst'], budget: { counted } });
    expect(result.observations.map((o) => o.label)).toEqual(['#seen0', '#thirtieth']);
    expect(result.spent.newlyCounted).toEqual(['thirtieth']);
    expect(result.skipped).toEqual([expect.objectContaining({ input: 'thirtyfirst', reason: 'budget_exhausted' })]);
    // The sandbox counted only 2 tags: the refusal was ours, nothing was sent for the 31st.
    expect(t.sb.inspect.requests({ endpoint: 'facebook.ig_hashtag_search' }).map((r) => new URLSearchParams(r.query).get('q'))).toEqual(['seen0', 'thirtieth']);
  });

  it('refuses without a call when the ledger is full and every tag is new', async () => {
    const counted = Array.from({ length: INSTAGRAM_HASHTAG_LIMIT }, (_, i) => `seen${i}`);
    const error = await failure(fetchTags({ terms: ['new1', 'new2'], budget: { counted } }));
    expect(error.reason).toBe('budget_exhausted');
    expect(error.partial?.skipped).toHaveLength(2);
    expect(searches()).toBe(0);
  });

  it('stops as access_missing when the app lacks the Public Content Access feature', async () => {
    await t.inspect('/instagram/hashtags', { publicContentAccess: false });
    expect((await failure(fetchTags({}))).reason).toBe('access_missing');
  });
});
