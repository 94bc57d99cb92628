import { buildMp4 } from './index.js';
import { call, form, startFileServer, startTestSandbox, type FileServer, type TestSandbox } from './testing/helpers.js';

type GraphErr = { error: { message: string; type: string; code: number; error_subcode?: number } };
const IG = '17841400000000001';
const V = 'v26.0';

describe('strict mode: only what platform-apis.md documents (issue 18)', () => {
  let t: TestSandbox;
  let files: FileServer;
  let token: string;
  let graph: string;

  beforeEach(async () => {
    files = await startFileServer({ '/reel.mp4': buildMp4({ durationSec: 12, seed: 5, totalBytes: 200_000 }) });
    t = await startTestSandbox({ strict: true, allowedFetchOrigins: [files.url] });
    token = t.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
    graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
  });
  afterEach(async () => {
    await files.close();
    await t.close();
  });
  const get = (path: string) => call<GraphErr & Record<string, unknown>>(`${graph}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('refuses the media listing with 100 / 33 as an independent implementation does; lenient mode answers it', async () => {
    const strict = await get(`/${IG}/media?fields=id`);
    expect(strict.status).toBe(400);
    expect(strict.body.error).toMatchObject({ code: 100, error_subcode: 33, message: expect.stringContaining('does not support this operation') });
    expect(t.sb.strict).toBe(true);
    t.sb.setStrict(false);
    expect((await get(`/${IG}/media?fields=id`)).status).toBe(200);
  });

  it('serves the documented publishing calls, and refuses undocumented fields of a container or a media object', async () => {
    const created = await call<{ id: string }>(
      `${graph}/${IG}/media?${new URLSearchParams({ access_token: token, media_type: 'REELS', video_url: `${files.url}/reel.mp4`, caption: 'strict' })}`,
      { method: 'POST' },
    );
    expect(created.status).toBe(200);
    await t.sb.settle();
    t.sb.clock.advance(60_000);
    const status = await get(`/${created.body.id}?fields=status_code,status`);
    expect(status.body).toMatchObject({ id: created.body.id, status_code: 'FINISHED' });
    expect((await get(`/${created.body.id}?fields=status_code,video_status`)).body.error).toMatchObject({
      code: 100,
      message: expect.stringContaining('video_status'),
    });
    const published = await call<{ id: string }>(`${graph}/${IG}/media_publish`, {
      ...form({ creation_id: created.body.id }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(published.status).toBe(200);
    expect((await get(`/${published.body.id}?fields=id,permalink`)).body).toMatchObject({
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\//),
    });
    expect((await get(`/${published.body.id}?fields=id,caption,timestamp`)).body.error).toMatchObject({
      code: 100,
      message: expect.stringContaining('caption,timestamp'),
    });
    expect((await get(`/${IG}/content_publishing_limit?fields=quota_usage,config`)).body).toMatchObject({ data: [{ quota_usage: 1 }] });
  });
});
