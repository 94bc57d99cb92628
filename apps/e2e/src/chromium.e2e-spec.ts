import type { Browser } from 'playwright-core';
import { createOwnerInBrowser, launchChromium } from './browser';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

const SCREENS = ['Queue', 'Calendar', 'Bot Control', 'Account Health', 'Trends', 'Accounts', 'Settings'];

describe('the SPA in headless Chromium', () => {
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

  it('loads / and clicks through every screen of the navigation', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    // First run: the app asks for the owner account.
    await createOwnerInBrowser(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const screen of SCREENS) {
      await nav.getByRole('link', { name: screen, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: screen, exact: true }).waitFor();
    }
    // Settings reads the installation's facts through the generated API client.
    await page.getByText('pglite').first().waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('serves Swagger UI that renders the operations', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/api/docs`);
    await page.getByText('getSystemInfo').or(page.getByText('/api/system')).first().waitFor();
    await page.close();
  });
});
