import { buildMp4 } from '../index.js';
import { call, startTestSandbox, tiktokJson, type TestSandbox } from '../testing/helpers.js';

const PUBLIC = 'tt-open-public-0001';

describe('fault injection, observed by a plain HTTP client', () => {
  let t: TestSandbox;
  let tok: string;
  beforeEach(async () => {
    t = await startTestSandbox();
    tok = t.sb.actions.mintTikTokToken({ openId: PUBLIC })['access_token'] as string;
  });
  afterEach(() => t.close());

  const creatorInfo = (fault?: string, signal?: AbortSignal) =>
    fetch(`${t.urls.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`, {
      ...tiktokJson(tok, {}, fault ? { 'x-sandbox-fault': fault } : {}),
      ...(signal ? { signal } : {}),
    });
  const init = (size: number, extra: Record<string, string> = {}) =>
    fetch(
      `${t.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`,
      tiktokJson(
        tok,
        {
          post_info: { privacy_level: 'SELF_ONLY', title: 'faulty', brand_content_toggle: false },
          source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: size, total_chunk_count: 1 },
        },
        extra,
      ),
    );

  it('http_500 answers the platform envelope internal_error', async () => {
    const res = await creatorInfo('http_500');
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal_error');
  });

  it('http_502 answers an HTML gateway page', async () => {
    const res = await creatorInfo('http_502');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('502 Bad Gateway');
  });

  it('http_503 answers 503 (HTML on request)', async () => {
    const res = await creatorInfo('http_503; html=true; retry-after=7');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toContain('<html>');
  });

  it('rate_limit_429 answers 429 with Retry-After and rate_limit_exceeded', async () => {
    const res = await creatorInfo('rate_limit_429; retry-after=3');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
  });

  it('connection_reset makes the client fail with a network error', async () => {
    await expect(creatorInfo('connection_reset')).rejects.toThrow(/fetch failed/);
  });

  it('timeout_before hangs without applying the action', async () => {
    const attempt = fetch(`${t.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`, {
      ...tiktokJson(
        tok,
        {
          post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
          source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 },
        },
        { 'x-sandbox-fault': 'timeout_before' },
      ),
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    const quotas = t.sb.inspect.quotas() as { tiktok: { creators: { openId: string; postsLast24h: number }[] } };
    expect(quotas.tiktok.creators.find((c) => c.openId === PUBLIC)?.postsLast24h).toBe(0);
  });

  it('truncated_json sends a body that does not parse', async () => {
    const res = await creatorInfo('truncated_json');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('slow delays the answer', async () => {
    const started = Date.now();
    const res = await creatorInfo('slow; delay=300');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('token_revoked revokes the creator access mid-flow: 401 and in-flight posts fail with auth_removed', async () => {
    const first = (await (await init(1000)).json()) as { data: { publish_id: string } };
    const res = await creatorInfo('token_revoked');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('access_token_invalid');
    const publish = await call(`${t.urls.inspectionUrl}/tiktok/publishes/${encodeURIComponent(first.data.publish_id)}`);
    expect(publish.body).toMatchObject({ status: 'FAILED', failReason: 'auth_removed' });
  });

  it('stuck_processing leaves the post processing forever', async () => {
    const video = buildMp4();
    const initRes = (await (await init(video.length)).json()) as { data: { publish_id: string; upload_url: string } };
    const put = await fetch(initRes.data.upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}`, 'x-sandbox-fault': 'stuck_processing' },
      body: video,
    });
    expect(put.status).toBe(201);
    t.sb.clock.advance(3_600_000);
    const status = await call<{ data: { status: string } }>(
      `${t.urls.tiktokApiBaseUrl}/v2/post/publish/status/fetch/`,
      tiktokJson(tok, { publish_id: initRes.data.publish_id }),
    );
    expect(status.body.data.status).toBe('PROCESSING_UPLOAD');
  });

  it('timeout_after applies the upload (the post exists in inspection) while the client sees a timeout', async () => {
    const video = buildMp4({ seed: 99 });
    const initRes = (await (await init(video.length)).json()) as { data: { publish_id: string; upload_url: string } };
    const attempt = fetch(initRes.data.upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}`, 'x-sandbox-fault': 'timeout_after' },
      body: video,
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    t.sb.clock.advance(5_000);
    const posts = await call<{ data: { sourceId: string; sha256: string }[] }>(`${t.urls.inspectionUrl}/posts?platform=tiktok&account=${PUBLIC}`);
    expect(posts.body.data).toEqual([expect.objectContaining({ sourceId: initRes.data.publish_id })]);
  });

  it('admin rules fire on the Nth matching call only, and count down', async () => {
    const add = await call(`${t.urls.inspectionUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { endpoint: 'tiktok.creator_info' }, kind: 'http_503', nth: 2 }),
    });
    expect(add.status).toBe(201);
    expect((await creatorInfo()).status).toBe(200);
    expect((await creatorInfo()).status).toBe(503);
    expect((await creatorInfo()).status).toBe(200);
    const log = t.sb.inspect.requests({ endpoint: 'tiktok.creator_info' });
    expect(log.map((r) => r.fault ?? null)).toEqual([null, 'http_503', null]);
  });

  it('probabilistic rules replay identically for the same seed', async () => {
    const pattern = async (): Promise<number[]> => {
      const s = await startTestSandbox({ seed: 42 });
      const k = s.sb.actions.mintTikTokToken({ openId: PUBLIC })['access_token'] as string;
      s.sb.addFault({ match: { host: 'tiktok' }, kind: 'http_500', probability: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await fetch(`${s.urls.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`, tiktokJson(k, {}))).status);
      await s.close();
      return out;
    };
    const a = await pattern();
    expect(await pattern()).toEqual(a);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it('rejects an unknown fault kind', async () => {
    const res = await call(`${t.urls.inspectionUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteor' }),
    });
    expect(res.status).toBe(400);
  });
});
