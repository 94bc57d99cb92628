/**
 * Contract tolerance against other implementations (UNCONFIRMED / CONFLICT items of §1): a tiny
 * real HTTP server on loopback answers with the variants the doc says to accept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createTikTokPublisher, type TikTokCheckpoint } from '../index.js';

describe('TikTok publisher tolerance (real HTTP, scripted server)', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const publisher = () => createTikTokPublisher({ tokenProvider: async () => 'act.x', tiktokApiBaseUrl: base, clock: { now: () => 1_700_000_000_000 } });
  const polling = (): TikTokCheckpoint => ({
    ...publisher().start({ caption: 'c', media: { size: 10, mime: 'video/mp4' }, options: { privacyLevel: 'SELF_ONLY' } }),
    step: 'poll',
    publishId: 'v_pub_file~v2-1.1',
    bytesConfirmed: 10,
  });
  const init = (source: 'FILE_UPLOAD' | 'PULL_FROM_URL'): TikTokCheckpoint => ({
    ...publisher().start({
      caption: 'c',
      media: { size: 10, mime: 'video/mp4', publicUrl: 'https://cdn.example.com/v.mp4' },
      options: { privacyLevel: 'SELF_ONLY', source },
    }),
    step: 'init',
  });

  it('reads post ids above 2^53 losslessly', async () => {
    answer = {
      status: 200,
      body: '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7300000000000000123],"uploaded_bytes":10},"error":{"code":"ok","message":"","log_id":"L"}}',
    };
    expect(await publisher().step(polling())).toMatchObject({ done: { remoteMediaId: '7300000000000000123' } });
  });

  it('accepts `logid` as well as `log_id`, and `invalid_params` as well as `invalid_param`', async () => {
    answer = { status: 400, body: '{"data":{},"error":{"code":"invalid_params","message":"bad","logid":"LOG2"}}' };
    expect(await publisher().step(polling())).toMatchObject({
      error: { code: 'tiktok.invalid_params', class: 'invalid_content', vendor: { logId: 'LOG2', httpStatus: 400 } },
    });
  });

  it('treats a 200 "ok" init without publish_id as an ambiguous error, not a crash', async () => {
    answer = { status: 200, body: '{"data":{},"error":{"code":"ok","message":"","log_id":"L"}}' };
    const file = await publisher().step(init('FILE_UPLOAD'));
    expect(file).toMatchObject({ error: { ambiguous: true, class: 'temporary' }, next: { step: 'init', inits: 1 } });
    const puller = publisher();
    const armed = await puller.step(init('PULL_FROM_URL'));
    expect(armed).toMatchObject({ next: { step: 'pull_init' } });
    const pull = await puller.step((armed as { next: TikTokCheckpoint }).next);
    expect(pull).toMatchObject({ error: { ambiguous: true, class: 'unknown', code: 'tiktok.pull_init_ambiguous' }, next: { step: 'needs_review' } });
  });

  it('treats truncated JSON and HTML error pages as errors', async () => {
    answer = { status: 200, body: '{"data":{"status":"PROC' };
    expect(await publisher().step(polling())).toMatchObject({ error: { code: 'tiktok.invalid_response' } });
    answer = { status: 502, body: '<html>Bad Gateway</html>' };
    expect(await publisher().step(polling())).toMatchObject({ error: { code: 'tiktok.server_error', class: 'temporary' } });
  });

  it('maps an unknown code and an unknown fail_reason to unknown', async () => {
    answer = { status: 403, body: '{"error":{"code":"brand_new_code","message":"?"}}' };
    expect(await publisher().step(polling())).toMatchObject({ error: { code: 'tiktok.unknown_code', class: 'unknown', vendor: { code: 'brand_new_code' } } });
    answer = { status: 200, body: '{"data":{"status":"FAILED","fail_reason":"mystery"},"error":{"code":"ok"}}' };
    expect(await publisher().step(polling())).toMatchObject({ error: { code: 'tiktok.fail.unknown', class: 'unknown' } });
  });
});
