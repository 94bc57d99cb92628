import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, without the background traffic this closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const BROWSER_OWNER = { name: 'Olive Owner', email: 'owner@example.com', password: 'correct horse battery', workspace: 'Acme' };

/** The first-run page: create the owner account (the page must already be on it). */
export async function createOwnerInBrowser(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(BROWSER_OWNER.name);
  await page.getByLabel('Email').fill(BROWSER_OWNER.email);
  await page.getByLabel('Password').fill(BROWSER_OWNER.password);
  await page.getByLabel('Workspace name').fill(BROWSER_OWNER.workspace);
  await page.getByRole('button', { name: 'Create owner account' }).click();
}
