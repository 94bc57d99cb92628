import type { Browser } from 'playwright-core';

import { createOwnerInBrowser, launchChromium } from './browser';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

describe('sign-in and API keys in headless Chromium', () => {
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

  it('sets up the owner, signs in again, creates an API key an integrator can use, and revokes it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Key name').fill('Zapier');
    await page.getByLabel('content:read').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^mwr_[0-9A-Za-z]{43}$/);
    await page.getByRole('button', { name: 'Done' }).click();

    // The integrator's side: plain HTTP with the key.
    const asIntegrator = () => fetch(`${server.url}/api/system`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asIntegrator()).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke Zapier' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('Revoked').first().waitFor();
    const refused = await asIntegrator();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    // The secret is never shown again.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.close();
  });
});
