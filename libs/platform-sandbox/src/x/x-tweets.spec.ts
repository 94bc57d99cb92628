import { createHash } from 'node:crypto';

import { buildMp4 } from '../index.js';
import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';

type Problem = { title: string; detail: string; type: string; status: number; errors?: { parameters: Record<string, string[]>; message: string }[] };
type Created = { data: { id: string; text: string; edit_history_tweet_ids: string[] } };
type Tweet = {
  id: string;
  text: string;
  created_at?: string;
  attachments?: { media_keys: string[] };
  public_metrics?: Record<string, number>;
  non_public_metrics?: Record<string, number>;
  organic_metrics?: Record<string, number>;
};
type FieldError = { title: string; parameter: string; resource_id: string; type: string; detail: string };
type ListAnswer = {
  data?: Tweet[];
  meta?: { result_count: number; newest_id?: string; oldest_id?: string; next_token?: string };
  errors?: FieldError[];
  includes?: { media: { media_key: string; type: string }[] };
};

const USER = '1790000000000000001';
const OTHER = '1790000000000000002';
const SEG = 64 * 1024;

describe('X sandbox: posts, recent posts, metrics, limits, lost answers (platform-apis.md §7, §10; docs/x-contract.md)', () => {
  let t: TestSandbox;
  let token: string;
  beforeEach(async () => {
    t = await startTestSandbox();
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
  });
  afterEach(() => t.close());

  const api = (): string => t.urls.xApiBaseUrl;
  const auth = (tok = token): Record<string, string> => ({ authorization: `Bearer ${tok}` });

  /** A video through the whole upload, processed: its media id and key. */
  async function uploadedVideo(seed: number, opts: { process?: boolean } = {}): Promise<{ id: string; key: string; sha256: string }> {
    const video = buildMp4({ durationSec: 10, seed, totalBytes: 150_000 });
    const started = await call<{ data: { id: string; media_key: string } }>(`${api()}/2/media/upload/initialize`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ media_type: 'video/mp4', total_bytes: video.length, media_category: 'amplify_video' }),
    });
    const id = started.body.data.id;
    for (let i = 0, n = 0; i < video.length; i += SEG, n++) {
      const form = new FormData();
      form.append('segment_index', String(n));
      form.append('media', new Blob([video.subarray(i, i + SEG)]), 'chunk');
      expect((await call(`${api()}/2/media/upload/${id}/append`, { method: 'POST', headers: auth(), body: form })).status).toBe(200);
    }
    expect((await call(`${api()}/2/media/upload/${id}/finalize`, { method: 'POST', headers: auth() })).status).toBe(200);
    if (opts.process !== false) t.sb.clock.advance(60_000);
    return { id, key: started.body.data.media_key, sha256: createHash('sha256').update(video).digest('hex') };
  }

  const post = (body: Record<string, unknown>, headers: Record<string, string> = {}, tok = token) =>
    call<Created & Problem>(`${api()}/2/tweets`, {
      method: 'POST',
      headers: { ...auth(tok), 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const lookup = (ids: string[], fields: string, tok = token) =>
    call<ListAnswer>(`${api()}/2/tweets?ids=${ids.join(',')}&tweet.fields=${fields}`, { headers: auth(tok) });

  it('posts a video: 201 {data:{id,text}}, the inspection lists it per account with the video sha256', async () => {
    const media = await uploadedVideo(1);
    const res = await post({
      text: 'Launch day 🚀',
      media: { media_ids: [media.id] },
      reply_settings: 'following',
      made_with_ai: true,
      paid_partnership: false,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ id: expect.stringMatching(/^\d{19}$/), text: 'Launch day 🚀', edit_history_tweet_ids: [res.body.data.id] });
    const listed = await call<{ data: Record<string, unknown>[] }>(`${t.urls.inspectionUrl}/x/posts?account=${USER}`);
    expect(listed.body.data).toEqual([
      expect.objectContaining({
        id: res.body.data.id,
        userId: USER,
        sha256: media.sha256,
        mediaIds: [media.id],
        mediaKeys: [media.key],
        replySettings: 'following',
        madeWithAi: true,
        paidPartnership: false,
        permalink: `https://x.com/i/status/${res.body.data.id}`,
      }),
    ]);
    expect(t.sb.inspect.publicPosts({ platform: 'x', accountId: USER })).toEqual([
      expect.objectContaining({ postId: res.body.data.id, sha256: media.sha256, sourceId: media.id }),
    ]);
  });

  it('refuses text over 280 weighted characters (twitter-text: a URL is 23, CJK and emoji 2), and accepts exactly 280', async () => {
    const media = await uploadedVideo(2);
    const cjk = '字'.repeat(141); // 282 weighted
    const tooLong = await post({ text: cjk, media: { media_ids: [media.id] } });
    expect(tooLong.status).toBe(403);
    expect(tooLong.body.detail).toContain('Tweet needs to be a bit shorter');
    // 257 characters + a 60-character URL counted as 23 = 280.
    const withUrl = `${'a'.repeat(256)} https://example.com/${'p'.repeat(40)}`;
    expect(withUrl.length).toBeGreaterThan(280);
    expect((await post({ text: withUrl, media: { media_ids: [media.id] } })).status).toBe(201);
    expect((await post({ text: 'b'.repeat(281) })).status).toBe(403);
  });

  it('refuses media that is not succeeded, expired, someone else’s, and bad options; text or media is required', async () => {
    const pending = await uploadedVideo(3, { process: false });
    const notReady = await post({ text: 'too soon', media: { media_ids: [pending.id] } });
    expect(notReady.status).toBe(400);
    expect(notReady.body.errors?.[0]?.parameters).toHaveProperty(['media.media_ids']);
    expect(notReady.body.errors?.[0]?.message).toContain('not ready');

    const other = t.sb.actions.mintXToken({ userId: OTHER })['access_token'] as string;
    t.sb.clock.advance(60_000);
    expect((await post({ text: 'not mine', media: { media_ids: [pending.id] } }, {}, other)).status).toBe(400);
    await call(`${t.urls.inspectionUrl}/x/media/${pending.id}/expire`, { method: 'POST' });
    const expired = await post({ text: 'expired', media: { media_ids: [pending.id] } });
    expect(expired.status).toBe(400);
    expect(expired.body.errors?.[0]?.message).toContain('expired');

    const failedMedia = await uploadedVideo(4, { process: false });
    await call(`${t.urls.inspectionUrl}/x/media/${failedMedia.id}/fail`, { method: 'POST' });
    expect((await post({ text: 'failed', media: { media_ids: [failedMedia.id] } })).body.errors?.[0]?.message).toContain('failed processing');

    expect((await post({ text: 'x', reply_settings: 'everyone' })).status).toBe(400);
    expect((await post({ text: 'x', made_with_ai: 'yes' })).status).toBe(400);
    expect((await post({})).status).toBe(400);
  });

  it('refuses duplicate content like X: 403 "You are not allowed to create a Tweet with duplicate content."', async () => {
    const a = await uploadedVideo(5);
    expect((await post({ text: 'Same words', media: { media_ids: [a.id] } })).status).toBe(201);
    const again = await post({ text: 'Same words' });
    expect(again.status).toBe(403);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toEqual({
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    });
    // Another account may say the same; a day later the account may too.
    const other = t.sb.actions.mintXToken({ userId: OTHER })['access_token'] as string;
    expect((await post({ text: 'Same words' }, {}, other)).status).toBe(201);
    t.sb.clock.advance(86_400_000);
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    expect((await post({ text: 'Same words' })).status).toBe(201);
  });

  it('a lost create answer (timeout_after): the post exists, the resend is a duplicate, and the recent posts show it with its media key', async () => {
    const media = await uploadedVideo(6);
    const lost = await fetch(`${api()}/2/tweets`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', 'x-sandbox-fault': 'timeout_after; delay=50' },
      body: JSON.stringify({ text: 'Lost answer', media: { media_ids: [media.id] } }),
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    expect(lost).toBe('dropped');
    expect(t.sb.actions.xPosts(USER)).toHaveLength(1);
    expect((await post({ text: 'Lost answer', media: { media_ids: [media.id] } })).status).toBe(403);
    const recent = await call<ListAnswer>(
      `${api()}/2/users/${USER}/tweets?max_results=5&tweet.fields=created_at,attachments&expansions=attachments.media_keys`,
      {
        headers: auth(),
      },
    );
    expect(recent.status).toBe(200);
    expect(recent.body.data).toEqual([
      {
        id: expect.any(String),
        text: 'Lost answer',
        edit_history_tweet_ids: [expect.any(String)],
        created_at: expect.any(String),
        attachments: { media_keys: [media.key] },
      },
    ]);
    expect(recent.body.includes?.media).toEqual([expect.objectContaining({ media_key: media.key, type: 'video' })]);
    expect(recent.body.meta).toMatchObject({ result_count: 1 });
    // Without tweet.fields: the default fields only.
    const plain = await call<ListAnswer>(`${api()}/2/users/${USER}/tweets`, { headers: auth() });
    expect(Object.keys(plain.body.data?.[0] ?? {}).sort()).toEqual(['edit_history_tweet_ids', 'id', 'text']);
  });

  it('lists recent posts newest first with paging, and refuses max_results outside 5–100', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await post({ text: `post ${i}` })).body.data.id);
      t.sb.clock.advance(1000);
    }
    const first = await call<ListAnswer>(`${api()}/2/users/${USER}/tweets?max_results=5`, { headers: auth() });
    expect(first.body.data?.map((p) => p.id)).toEqual(ids.slice(2).reverse());
    expect(first.body.meta?.next_token).toEqual(expect.any(String));
    const second = await call<ListAnswer>(`${api()}/2/users/${USER}/tweets?max_results=5&pagination_token=${first.body.meta?.next_token ?? ''}`, {
      headers: auth(),
    });
    expect(second.body.data?.map((p) => p.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.body.meta?.next_token).toBeUndefined();
    expect((await call(`${api()}/2/users/${USER}/tweets?max_results=4`, { headers: auth() })).status).toBe(400);
    const empty = await call<ListAnswer>(`${api()}/2/users/${OTHER}/tweets`, { headers: auth() });
    expect(empty.body).toEqual({ meta: { result_count: 0 } });
  });

  it('analytics: public_metrics for anyone; non_public and organic metrics only for own posts under 30 days; numbers grow', async () => {
    const media = await uploadedVideo(7);
    const id = (await post({ text: 'Metrics https://example.com/launch', media: { media_ids: [media.id] } })).body.data.id;
    const fields = 'public_metrics,non_public_metrics,organic_metrics';
    t.sb.clock.advance(3_600_000);
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const early = await lookup([id], fields);
    expect(early.status).toBe(200);
    const p1 = early.body.data?.[0];
    expect(Object.keys(p1?.public_metrics ?? {}).sort()).toEqual([
      'bookmark_count',
      'impression_count',
      'like_count',
      'quote_count',
      'reply_count',
      'retweet_count',
    ]);
    expect(p1?.non_public_metrics).toEqual(
      expect.objectContaining({
        impression_count: expect.any(Number),
        user_profile_clicks: expect.any(Number),
        url_link_clicks: expect.any(Number),
        playback_0_count: expect.any(Number),
        playback_100_count: expect.any(Number),
      }),
    );
    expect(p1?.organic_metrics).toEqual(expect.objectContaining({ impression_count: expect.any(Number), like_count: expect.any(Number) }));
    expect(early.body.errors).toBeUndefined();

    t.sb.clock.advance(20 * 3_600_000);
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const later = (await lookup([id], fields)).body.data?.[0];
    expect(later?.public_metrics?.['impression_count']).toBeGreaterThan(p1?.public_metrics?.['impression_count'] ?? 0);
    expect(later?.public_metrics?.['like_count']).toBeGreaterThanOrEqual(p1?.public_metrics?.['like_count'] ?? 0);

    // Someone else's view: public metrics only, and a field authorization error per private field.
    const other = t.sb.actions.mintXToken({ userId: OTHER })['access_token'] as string;
    const foreign = await lookup([id], fields, other);
    expect(foreign.status).toBe(200);
    expect(foreign.body.data?.[0]?.public_metrics).toEqual(later?.public_metrics);
    expect(foreign.body.data?.[0]?.non_public_metrics).toBeUndefined();
    expect(foreign.body.errors?.map((e) => [e.parameter, e.resource_id, e.title])).toEqual([
      ['non_public_metrics', id, 'Field Authorization Error'],
      ['organic_metrics', id, 'Field Authorization Error'],
    ]);

    // 30 days on: the owner loses them too.
    t.sb.clock.advance(30 * 86_400_000);
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const old = await lookup([id, '1234567890123456789'], fields);
    expect(old.body.data?.[0]?.organic_metrics).toBeUndefined();
    expect(old.body.data?.[0]?.public_metrics).toBeDefined();
    expect(old.body.errors?.map((e) => e.parameter)).toEqual(['non_public_metrics', 'organic_metrics', 'ids']);
    expect((await lookup([id], 'nope')).status).toBe(400);
  });

  it('sends x-rate-limit-* headers on every answer and 429 once the 15-minute user window is spent; it resets at x-rate-limit-reset', async () => {
    const first = await post({ text: 'one' });
    expect(first.headers.get('x-rate-limit-limit')).toBe('100');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('99');
    expect(Number(first.headers.get('x-rate-limit-reset'))).toBe(Math.ceil((t.sb.clock.now() + 15 * 60_000) / 1000));
    expect(first.headers.get('x-app-limit-24hour-limit')).toBe('10000');
    expect(first.headers.get('x-app-limit-24hour-remaining')).toBe('9999');
    // An error answer carries them too.
    const refused = await post({ text: 'one' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-rate-limit-remaining')).toBe('98');

    t.sb.actions.setXOptions({ limits: { 'tweets.create': { user: { limit: 3, windowMs: 15 * 60_000 }, app: { limit: 10_000, windowMs: 86_400_000 } } } });
    expect((await post({ text: 'three' })).headers.get('x-rate-limit-remaining')).toBe('0');
    const limited = await post({ text: 'four' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(t.sb.actions.xPosts(USER)).toHaveLength(2);
    t.sb.clock.advance(reset * 1000 - t.sb.clock.now());
    token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const after = await post({ text: 'four' });
    expect(after.status).toBe(201);
    expect(after.headers.get('x-rate-limit-remaining')).toBe('2');
    // The app window (24 h) binds every account of the app.
    t.sb.actions.setXOptions({ limits: { 'tweets.create': { user: { limit: 100, windowMs: 15 * 60_000 }, app: { limit: 1, windowMs: 86_400_000 } } } });
    const other = t.sb.actions.mintXToken({ userId: OTHER })['access_token'] as string;
    const appSpent = await post({ text: 'other account' }, {}, other);
    expect(appSpent.status).toBe(429);
    expect(appSpent.headers.get('x-app-limit-24hour-remaining')).toBe('0');
  });

  it('faults: a 503 on create makes no post; token_revoked ends the consent; the injected 429 is X-shaped', async () => {
    const unavailable = await post({ text: 'outage' }, { 'x-sandbox-fault': 'http_503' });
    expect(unavailable.status).toBe(503);
    expect(t.sb.actions.xPosts(USER)).toHaveLength(0);
    const throttled = await post({ text: 'throttled' }, { 'x-sandbox-fault': 'rate_limit_429; retry-after=7' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
    const revoked = await post({ text: 'revoked' }, { 'x-sandbox-fault': 'token_revoked' });
    expect(revoked.status).toBe(401);
    const unknownPath = await call<{ errors: { code: number; message: string }[] }>(`${api()}/2/nope`, { headers: auth() });
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body.errors[0]).toEqual({ code: 34, message: 'Sorry, that page does not exist' });
  });

  it('seeds accounts with past video posts (in process with tokens, over HTTP without), readable with their metrics', async () => {
    const [seeded] = t.sb.actions.seedXAnalytics({ accounts: 1, postsPerAccount: 3, spreadMs: 3 * 86_400_000 });
    expect(seeded?.posts).toHaveLength(3);
    const seededToken = (seeded?.tokens?.['access_token'] ?? '') as string;
    const ids = seeded?.posts.map((p) => p.id) ?? [];
    const read = await lookup(ids, 'created_at,public_metrics,organic_metrics', seededToken);
    expect(read.body.data?.map((p) => p.id)).toEqual(ids);
    expect(read.body.data?.[0]?.public_metrics?.['impression_count']).toBeGreaterThan(0);
    expect(read.body.data?.[2]?.organic_metrics).toBeDefined();
    const recent = await call<ListAnswer>(`${api()}/2/users/${seeded?.userId ?? ''}/tweets?tweet.fields=attachments`, { headers: auth(seededToken) });
    expect(recent.body.data?.[0]?.attachments?.media_keys).toEqual([seeded?.posts[2]?.mediaKey]);
    const viaHttp = await call<{ data: { userId: string; tokens?: unknown }[] }>(`${t.urls.inspectionUrl}/x/analytics/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIds: [OTHER], postsPerAccount: 2 }),
    });
    expect(viaHttp.status).toBe(201);
    expect(viaHttp.body.data).toEqual([expect.objectContaining({ userId: OTHER })]);
    expect(viaHttp.body.data[0]?.tokens).toBeUndefined();
    expect(t.sb.inspect.duplicates(OTHER)[0]?.duplicates).toEqual([]);
    const bad = await call(`${t.urls.inspectionUrl}/x/analytics/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ postsPerAccount: -1 }),
    });
    expect(bad.status).toBe(400);
  });

  it('gives text-only posts distinct sha256 values (no false duplicates in the chaos check)', async () => {
    expect((await post({ text: 'first words' })).status).toBe(201);
    expect((await post({ text: 'other words' })).status).toBe(201);
    expect(t.sb.inspect.duplicates(USER)[0]).toMatchObject({ posts: 2, duplicates: [] });
  });
});
