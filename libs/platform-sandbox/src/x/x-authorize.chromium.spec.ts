import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { chromium, type Browser } from 'playwright-core';

import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';

describe('X authorize page in Chromium', () => {
  let t: TestSandbox;
  let browser: Browser;
  let callback: Server;
  let callbackUrl: string;

  beforeAll(async () => {
    t = await startTestSandbox();
    callback = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Connected</h1>'));
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/auth/x/callback`;
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

  it('picks an account, clicks Authorize app, lands on the redirect URI with code and state, and the code exchanges with PKCE', async () => {
    const verifier = randomBytes(40).toString('base64url');
    const page = await browser.newPage();
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'sbx_x_client',
      redirect_uri: callbackUrl,
      scope: 'tweet.read tweet.write users.read media.write offline.access',
      state: 'csrf-state-7',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    await page.goto(`${t.urls.xAuthUrl}/i/oauth2/authorize?${params}`);
    await page.getByLabel(/@sandbox_second/).check();
    await page.getByRole('button', { name: 'Authorize app' }).click();
    await page.waitForURL((u) => u.toString().startsWith(callbackUrl));
    expect(await page.textContent('h1')).toBe('Connected');
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('csrf-state-7');
    const token = await call<{ access_token: string; refresh_token: string }>(`${t.urls.xApiBaseUrl}/2/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('sbx_x_client:sbx_x_secret').toString('base64')}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: landed.searchParams.get('code') ?? '',
        redirect_uri: callbackUrl,
        code_verifier: verifier,
      }).toString(),
    });
    expect(token.status).toBe(200);
    const me = await call<{ data: { username: string } }>(`${t.urls.xApiBaseUrl}/2/users/me`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(me.body.data.username).toBe('sandbox_second');
  });
});
