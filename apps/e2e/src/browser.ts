import { chromium, type Browser, type Page } from 'playwright-core';

import { checkRequestContext } from './contract-check';

/**
 * How long a browser step (waitFor, click, navigation, waitForFunction) waits for its condition:
 * a ceiling, not a schedule. Each step returns as soon as the page shows what it waits for, so a
 * generous number costs nothing on a quiet machine; Playwright's 30 s default is a wall-clock guess
 * on a busy one (2 cores at load 6-8). Under the e2e testTimeout (apps/e2e/jest.config.cjs).
 */
export const UI_CEILING_MS = 120_000;

/** Debian's Chromium, headless, without the background traffic this closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
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
  // Every context gets the ceiling (browser.newPage() makes its context through newContext too),
  // and the responses its request API (`page.request`) gets are checked against the OpenAPI document.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(UI_CEILING_MS);
    context.setDefaultNavigationTimeout(UI_CEILING_MS);
    checkRequestContext(context.request);
    return context;
  };
  return browser;
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
