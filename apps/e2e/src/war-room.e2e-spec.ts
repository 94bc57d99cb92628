import type { Browser, ConsoleMessage } from 'playwright-core';

import { createOwnerInBrowser, launchChromium } from './browser';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

describe('the war room in headless Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const data = tempDataDir();

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: data.dir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('setup → live indicator → Bot Control toggle survives a reload → Account Health and Trends render cleanly', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    // Before setup the auth gate's GET /api/auth/me answers 401 by design; count errors from here on.
    errors.length = 0;

    // One event stream per tab, opened after sign-in.
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Bot Control', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Bot Control', exact: true }).waitFor();
    await page.getByText('No follow or like bots, no scraping, no DM blasts', { exact: false }).waitFor();
    const toggle = page.getByRole('switch', { name: 'Turn TikTok warm-up on or off' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    // Other switches may be on (a locked compliance rule is): wait for this one.
    await page.getByRole('switch', { name: 'Turn TikTok warm-up on or off', checked: true }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Bot Control', exact: true }).waitFor();
    const reloaded = page.getByRole('switch', { name: 'Turn TikTok warm-up on or off' });
    await reloaded.waitFor();
    expect(await reloaded.getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('switch', { name: 'Turn Instagram welcome DM on or off' }).getAttribute('aria-checked')).toBe('false');

    // A second tab of the same session sees a change from the first live (STATE_PATCH over SSE),
    // well before its 30 s safety poll.
    const other = await context.newPage();
    other.on('pageerror', (error) => errors.push(error.message));
    await other.goto(`${server.url}/bot-control`);
    await other.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const otherDm = other.getByRole('switch', { name: 'Turn Instagram welcome DM on or off' });
    expect(await otherDm.getAttribute('aria-checked')).toBe('false');
    await page.getByRole('switch', { name: 'Turn Instagram welcome DM on or off' }).click();
    await other.getByRole('switch', { name: 'Turn Instagram welcome DM on or off', checked: true }).waitFor();
    await other.close();

    await nav.getByRole('link', { name: 'Account Health', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Account Health', exact: true }).waitFor();
    await page.getByText('No accounts to monitor').waitFor();

    await nav.getByRole('link', { name: 'Trends', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Trends', exact: true }).waitFor();
    await page.getByText('Nothing on the radar yet').waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });
});
