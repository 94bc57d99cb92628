import { chromium, type Browser } from 'playwright-core';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('connecting a TikTok account in headless Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const data = tempDataDir();

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: data.dir });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('goes Accounts → Connect TikTok → sandbox consent → back with the account listed', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Olive Owner');
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('Workspace name').fill('Acme');
    await page.getByRole('button', { name: 'Create owner account' }).click();
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
