import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { chromium, type Browser } from 'playwright-core';

import { call, form, startTestSandbox, type TestSandbox } from '../testing/helpers.js';

describe('TikTok authorize page in Chromium', () => {
  let t: TestSandbox;
  let browser: Browser;
  let callback: Server;
  let callbackUrl: string;
  const hits: URL[] = [];

  beforeAll(async () => {
    t = await startTestSandbox();
    callback = createServer((req, res) => {
      hits.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Connected</h1>');
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/auth/tiktok/callback`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    callback.closeAllConnections();
    await new Promise<void>((r) => callback.close(() => r()));
    await t.close();
  });

  it('clicks Approve and lands on the redirect URI with code and state, and the code exchanges', async () => {
    const page = await browser.newPage();
    const params = new URLSearchParams({
      client_key: 'sbx_tiktok_client_key',
      scope: 'user.info.basic,video.publish,video.upload',
      response_type: 'code',
      redirect_uri: callbackUrl,
      state: 'csrf-state-42',
    });
    await page.goto(`${t.urls.tiktokAuthUrl}/v2/auth/authorize/?${params}`);
    await page.getByLabel(/sandbox\.private/).check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((u) => u.toString().startsWith(callbackUrl));
    expect(await page.textContent('h1')).toBe('Connected');
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('csrf-state-42');
    const code = landed.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expect(hits.find((h) => h.pathname === '/auth/tiktok/callback')?.searchParams.get('code')).toBe(code);
    const token = await call(
      `${t.urls.tiktokApiBaseUrl}/v2/oauth/token/`,
      form({
        client_key: 'sbx_tiktok_client_key',
        client_secret: 'sbx_tiktok_client_secret',
        code,
        grant_type: 'authorization_code',
        redirect_uri: callbackUrl,
      }),
    );
    expect(token.body).toMatchObject({ open_id: 'tt-open-private-0002', scope: 'user.info.basic,video.publish,video.upload' });
  });
});
