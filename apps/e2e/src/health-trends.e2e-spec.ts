import { readFileSync } from 'node:fs';

import type { BrowserContext, Page } from 'playwright-core';

import { createOwnerInBrowser } from './browser';
import { expectNoAxeViolations, journeyFixture, makeVideo } from './journey-steps';

/** The API as the signed-in browser tab calls it: its session cookie and the CSRF header. */
async function apiAs(context: BrowserContext, baseUrl: string) {
  const cookies = await context.cookies(baseUrl);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = cookies.find((c) => c.name === 'mwr_csrf')?.value ?? '';
  return async (method: string, path: string, init: { json?: unknown; headers?: Record<string, string>; body?: Buffer } = {}) => {
    const headers: Record<string, string> = { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }), ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body ? new Uint8Array(init.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: body as Record<string, unknown> };
  };
}

describe('Account Health and the Trend Radar in headless Chromium', () => {
  const journey = journeyFixture('health-trends');
  const screenshot = (page: Page, name: string) => journey.artifacts.screenshot(page, name);

  it('shows an Instagram account failing live after a sandbox fault, then files a trend and turns it into a draft', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });

    // Connect a sandbox Instagram account through its consent page.
    await nav.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('button', { name: 'Connect Instagram' }).first().click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/\/accounts$/);
    await page.getByText(/Instagram account @\S+ connected/).waitFor();

    // Account Health: the new account, able to publish.
    await nav.getByRole('link', { name: 'Account Health', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Account Health', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const card = page.getByRole('article', { name: /^Instagram @/ });
    await card.waitFor();
    expect(await card.getAttribute('data-tone')).not.toBe('danger');
    await screenshot(page, 'health-before');
    await expectNoAxeViolations(page);

    // The platform revokes the sign-in on the next Graph call (the sandbox's token_revoked fault).
    const fault = await fetch(`${journey.server.url}/sandbox/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { host: 'instagram-graph' }, kind: 'token_revoked' }),
    });
    expect(fault.status).toBe(201);

    // A post to that account, due now (uploaded and planned over the API, as an integration would).
    const api = await apiAs(context, journey.server.url);
    const accounts = (await api('GET', '/api/accounts')).body as unknown as { id: string; platform: string }[];
    const instagram = accounts.find((a) => a.platform === 'instagram');
    expect(instagram).toBeDefined();
    const recorded = makeVideo();
    const video = readFileSync(recorded.file);
    recorded.remove();
    const created = await api('POST', '/api/uploads', {
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': String(video.length),
        'upload-metadata': `filename ${Buffer.from('health.mp4').toString('base64')}`,
      },
    });
    expect(created.status).toBe(201);
    const finished = await api('PATCH', new URL(created.headers.get('location')!, journey.server.url).pathname, {
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: video,
    });
    expect(finished.status).toBe(204);
    const assetId = finished.headers.get('mwr-asset-id')!;
    for (let i = 0; ; i += 1) {
      const asset = (await api('GET', `/api/assets/${assetId}`)).body;
      if (asset.status === 'ready') break;
      if (asset.status === 'failed' || i > 150) throw new Error(`the video never became ready: ${JSON.stringify(asset)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const post = await api('POST', '/api/content-items', {
      json: {
        title: 'Health check post',
        caption: 'Health check',
        assetId,
        scheduledAt: new Date().toISOString(),
        timeZone: 'UTC',
        targets: [{ accountId: instagram!.id }],
      },
    });
    expect(post.status).toBe(201);

    // No reload: the live stream brings the account's new health.
    await page.locator('article[data-tone="danger"]').filter({ hasText: 'Instagram' }).waitFor();
    const failing = await card.textContent();
    expect(failing).toContain('Action needed');
    expect(failing).toContain('Needs reconnecting');
    expect(failing).toContain('Instagram no longer accepts the sign-in of this account');
    expect(failing).toMatch(/Last renewal failed: \S+/);
    await card.getByRole('button', { name: /^Reconnect Instagram @/ }).waitFor();
    await screenshot(page, 'health-failing');

    // Trend Radar: file an entry, then use it for a post.
    await nav.getByRole('link', { name: 'Trends', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Trends', exact: true }).waitFor();
    await page.getByText('Nothing on the radar yet').waitFor();
    await page.getByRole('button', { name: 'Add a trend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a trend' });
    await dialog.getByLabel('Trend', { exact: true }).fill('#summerdrop');
    await dialog.getByLabel('Reference link').fill('not a link');
    await dialog.getByRole('button', { name: 'Add trend' }).click();
    // The API's refusal (isUrl on url), worded for people under the field.
    await dialog.getByText('Link must be a web address.').waitFor();
    await dialog.getByLabel('Reference link').fill('https://example.com/brief');
    await dialog.getByLabel('Tags').fill('summer, launch');
    await dialog.getByLabel('Notes').fill('Pair with a product reveal');
    await screenshot(page, 'trend-form');
    await dialog.getByRole('button', { name: 'Add trend' }).click();
    await dialog.waitFor({ state: 'detached' });
    const entry = page.getByRole('article', { name: '#summerdrop' });
    await entry.waitFor();
    await screenshot(page, 'trend-radar');
    await expectNoAxeViolations(page);

    await entry.getByRole('button', { name: 'Use this trend: #summerdrop' }).click();
    await page.waitForURL(/\/compose\?item=[0-9a-f-]{36}$/);
    const itemId = new URL(page.url()).searchParams.get('item')!;
    const draft = (await api('GET', `/api/content-items/${itemId}`)).body;
    expect(draft).toMatchObject({ title: '#summerdrop', caption: 'Pair with a product reveal', hashtags: ['summerdrop'], status: 'draft' });
    // The composer opens the draft for editing.
    await page.waitForFunction(() => [...document.querySelectorAll('textarea')].some((field) => field.value.includes('Pair with a product reveal')), undefined);
    await screenshot(page, 'draft-in-composer');

    // Back on the radar: the card links to the post made from it.
    await nav.getByRole('link', { name: 'Trends', exact: true }).click();
    const linked = page.getByRole('article', { name: '#summerdrop' }).getByRole('link', { name: 'Open the post made from it' });
    await linked.waitFor();
    expect(await linked.getAttribute('href')).toBe(`/compose?item=${itemId}`);

    expect(errors).toEqual([]);
    await context.close();
  });
});
