import type { Browser } from 'playwright-core';

import { createOwnerInBrowser, launchChromium } from './browser';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

describe('connecting a TikTok account in headless Chromium', () => {
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

  it('goes Accounts → Connect TikTok → sandbox consent → back with the account listed', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('button', { name: 'Connect TikTok' }).first().click();
    // The platform's own consent page (the in-process sandbox), then back to the product.
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/accounts$/);
    await page.getByText('TikTok account @sandbox.public connected').waitFor();
    await page.getByText('@sandbox.public').first().waitFor();
    await page.close();
  });
});
