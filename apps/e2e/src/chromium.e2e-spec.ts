import type { Browser } from 'playwright-core';

import { BROWSER_OWNER, createOwnerInBrowser, launchChromium } from './browser';
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

  it('switches the whole UI to French at once from the profile, without a reload, and keeps it after one', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The owner exists (the test above made it): sign in, and land on Settings.
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(BROWSER_OWNER.email);
    await page.getByLabel('Password').fill(BROWSER_OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
    // Marks this document: a reload would drop the mark.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Paramètres', exact: true }).waitFor();
    const nav = page.getByRole('navigation', { name: /./ }).first();
    await nav.getByRole('link', { name: 'Calendrier', exact: true }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    // Saved on the profile: French after a reload too; then back to English for the other tests.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Paramètres', exact: true }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('serves Swagger UI that renders the operations', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/api/docs`);
    await page.getByText('/api/accounts', { exact: true }).first().waitFor();
    // Swagger UI renders only the tag sections in view (and drops the others): scroll by less than
    // a viewport until the system tag's operation (near the end of the alphabetical tag list) is
    // rendered, within the usual ceiling. A step longer than the viewport can skip a short section.
    const systemOperation = page.locator('[data-path="/api/system"]').first();
    const deadline = Date.now() + 120_000;
    while (!(await systemOperation.isVisible())) {
      if (Date.now() > deadline) throw new Error('Swagger UI never rendered GET /api/system');
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(100);
    }
    await page.close();
  });
});
