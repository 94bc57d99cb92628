import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildMp4, createSandbox, sendJson, type Sandbox } from './index.js';
import { call, startReceiver, startTestSandbox, tiktokJson } from './testing/helpers.js';

const PUBLIC = 'tt-open-public-0001';

describe('sandbox mounting, inspection and TikTok webhooks', () => {
  it('mounts in-process under a basePath and hands out absolute upload URLs on the same server', async () => {
    const sb: Sandbox = createSandbox({ basePath: '/sandbox' });
    const app: Server = createServer((req, res) => sb.handle(req, res, () => sendJson(res, 200, { product: true })));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      expect((await call(`${origin}/api/health`)).body).toEqual({ product: true });
      const urls = sb.urls(origin);
      expect(urls.tiktokApiBaseUrl).toBe(`${origin}/sandbox/tiktok`);
      const tok = sb.actions.mintTikTokToken({ openId: PUBLIC })['access_token'] as string;
      const video = buildMp4({ seed: 5 });
      const init = await call<{ data: { upload_url: string; publish_id: string } }>(
        `${urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`,
        tiktokJson(tok, {
          post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
          source_info: { source: 'FILE_UPLOAD', video_size: video.length, chunk_size: video.length, total_chunk_count: 1 },
        }),
      );
      expect(init.body.data.upload_url.startsWith(`${origin}/sandbox/tiktok-upload/video/?upload_id=`)).toBe(true);
      const put = await fetch(init.body.data.upload_url, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}` },
        body: video,
      });
      expect(put.status).toBe(201);
    } finally {
      await sb.close();
      app.closeAllConnections();
      await new Promise<void>((r) => app.close(() => r()));
    }
  });

  it('reports duplicates per account, advances the clock over HTTP and resets', async () => {
    const t = await startTestSandbox();
    try {
      const tok = t.sb.actions.mintTikTokToken({ openId: PUBLIC })['access_token'] as string;
      const video = buildMp4({ seed: 1234 });
      for (let i = 0; i < 2; i++) {
        const init = await call<{ data: { upload_url: string } }>(
          `${t.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`,
          tiktokJson(tok, {
            post_info: { privacy_level: 'SELF_ONLY', title: `take ${i}`, brand_content_toggle: false },
            source_info: { source: 'FILE_UPLOAD', video_size: video.length, chunk_size: video.length, total_chunk_count: 1 },
          }),
        );
        await fetch(init.body.data.upload_url, {
          method: 'PUT',
          headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}` },
          body: video,
        });
      }
      const adv = await call<{ now: number }>(`${t.urls.inspectionUrl}/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 10_000 }),
      });
      expect(adv.status).toBe(200);
      const dup = await call<{ data: { accountId: string; posts: number; duplicates: { postIds: string[] }[] }[] }>(
        `${t.urls.inspectionUrl}/duplicates?account=${PUBLIC}`,
      );
      expect(dup.body.data[0]).toMatchObject({ accountId: PUBLIC, posts: 2 });
      expect(dup.body.data[0]?.duplicates[0]?.postIds).toHaveLength(2);
      // Over HTTP the log masks the token; t.sb.inspect.requests() keeps it for in-process tests.
      const log = await call<{ data: { endpoint: string; token?: string; status?: number }[] }>(`${t.urls.inspectionUrl}/requests?host=tiktok`);
      expect(log.body.data[0]).toMatchObject({ endpoint: 'tiktok.video.init', token: 'act.…', status: 200 });
      expect(log.text).not.toContain(tok);
      const quotas = await call<{ tiktok: { creators: { openId: string; postsLast24h: number }[] } }>(`${t.urls.inspectionUrl}/quotas`);
      expect(quotas.body.tiktok.creators.find((c) => c.openId === PUBLIC)?.postsLast24h).toBe(2);
      expect((await call(`${t.urls.inspectionUrl}/reset`, { method: 'POST' })).status).toBe(200);
      expect((await call<{ data: unknown[] }>(`${t.urls.inspectionUrl}/posts`)).body.data).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('delivers TikTok post webhooks with a TikTok-Signature over timestamp.body', async () => {
    const hook = await startReceiver();
    const t = await startTestSandbox({ webhooks: { tiktok: { callbackUrl: hook.url, secret: 'sbx_tiktok_client_secret' } }, allowedFetchOrigins: [hook.url] });
    try {
      const tok = t.sb.actions.mintTikTokToken({ openId: PUBLIC })['access_token'] as string;
      const video = buildMp4({ seed: 77 });
      const init = await call<{ data: { upload_url: string; publish_id: string } }>(
        `${t.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`,
        tiktokJson(tok, {
          post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
          source_info: { source: 'FILE_UPLOAD', video_size: video.length, chunk_size: video.length, total_chunk_count: 1 },
        }),
      );
      await fetch(init.body.data.upload_url, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}` },
        body: video,
      });
      t.sb.clock.advance(5_000);
      await hook.waitFor(1);
      const d = hook.received[0];
      const raw = d?.raw.toString('utf8') ?? '';
      const m = /^t=(\d+),s=([0-9a-f]{64})$/.exec(String(d?.headers['tiktok-signature']));
      expect(m?.[2]).toBe(
        createHmac('sha256', 'sbx_tiktok_client_secret')
          .update(`${m?.[1] ?? ''}.${raw}`)
          .digest('hex'),
      );
      const body = JSON.parse(raw) as { event: string; content: string; user_openid: string; create_time: number };
      expect(body).toMatchObject({ event: 'post.publish.complete', user_openid: PUBLIC, client_key: 'sbx_tiktok_client_key' });
      expect(JSON.parse(body.content)).toEqual({ publish_id: init.body.data.publish_id, publish_type: 'DIRECT_POST' });
    } finally {
      await t.close();
      await hook.close();
    }
  });

  it('does not deliver a webhook to a callback that is the allowed receiver spelled as an IPv4-mapped address', async () => {
    const hook = await startReceiver();
    const mapped = `http://[::ffff:127.0.0.1]:${new URL(hook.url).port}/`;
    const t = await startTestSandbox({ webhooks: { tiktok: { callbackUrl: mapped, secret: 'sbx_tiktok_client_secret' } }, allowedFetchOrigins: [hook.url] });
    try {
      const tok = t.sb.actions.mintTikTokToken({ openId: PUBLIC })['access_token'] as string;
      const video = buildMp4({ seed: 78 });
      const init = await call<{ data: { upload_url: string } }>(
        `${t.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`,
        tiktokJson(tok, {
          post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
          source_info: { source: 'FILE_UPLOAD', video_size: video.length, chunk_size: video.length, total_chunk_count: 1 },
        }),
      );
      await fetch(init.body.data.upload_url, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}` },
        body: video,
      });
      t.sb.clock.advance(5_000);
      await t.sb.settle();
      expect(t.sb.inspect.webhooks()).toEqual([
        expect.objectContaining({ delivered: false, attempts: 1, lastError: expect.stringMatching(/non-public address \(loopback/) }),
      ]);
      expect(hook.received).toHaveLength(0);
    } finally {
      await t.close();
      await hook.close();
    }
  });
});
