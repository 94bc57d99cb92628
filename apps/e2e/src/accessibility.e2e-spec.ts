import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

import { createOwnerInBrowser, launchChromium, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts } from './journey-steps';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

interface Screen {
  label: string;
  path: string;
  /** The page's h1: proves the screen itself rendered, not an error or loading state. */
  heading: string;
  /** Brings the screen into the state to audit (a view switched, a dialog opened). */
  prepare?: (page: Page) => Promise<void>;
}

/** One readable block per rule: where, impact, rule, and the first elements with axe's fix list. */
function describeViolation(where: string, violation: Result): string {
  const nodes = violation.nodes.slice(0, 4).map((node) => `    at ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replaceAll('\n', '\n      ')}`);
  const more = violation.nodes.length > 4 ? [`    … and ${violation.nodes.length - 4} more`] : [];
  return [`${where}: ${violation.impact} ${violation.id}: ${violation.help} (${violation.helpUrl})`, ...nodes, ...more].join('\n');
}

/** Waits for loading states to end, then runs axe; returns the serious and critical violations. */
async function audit(page: Page, where: string): Promise<string[]> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'), undefined, { polling: 100 });
  // Only violations come back: passes and incomplete results are large and unused here.
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => describeViolation(where, violation));
}

/** The colour scheme really applied: a dark page has a dark background, a light one a light background. */
async function expectScheme(page: Page, scheme: Scheme): Promise<void> {
  const luminance = await page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
  if (scheme === 'dark') expect(luminance).toBeLessThan(0.3);
  else expect(luminance).toBeGreaterThan(0.7);
}

describe('accessibility: axe on every page of the SPA, light and dark', () => {
  let server: ServerProcess;
  let browser: Browser;
  const data = tempDataDir();
  /** /setup exists only until the owner does: audited before the seed, asserted in its own test. */
  const setupViolations: string[] = [];
  let signedIn: StorageState;
  let failedItemId: string;
  let scheduledItemId: string;

  const contextFor = (scheme: Scheme, extra: BrowserContextOptions = {}) =>
    browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce', ...extra });

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: data.dir });
    browser = await launchChromium();

    for (const scheme of SCHEMES) {
      const context = await contextFor(scheme);
      const page = await context.newPage();
      await page.goto(`${server.url}/setup`);
      await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
      setupViolations.push(...(await audit(page, `[${scheme}] /setup`)));
      await context.close();
    }

    // The seed: the owner, a TikTok and an Instagram account, a post scheduled for tomorrow on
    // both, one that failed (no video: a lane with its reason and Retry), and a draft.
    const context = await contextFor('light');
    const page = await context.newPage();
    await page.goto(`${server.url}/setup`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['TikTok', 'Instagram']);
    const accounts = await apiFromBrowser<{ id: string; platform: string }[]>(page, 'GET', '/api/accounts');
    const targets = accounts.map((account) => ({ accountId: account.id }));
    const instagram = accounts.filter((account) => account.platform === 'instagram').map((account) => ({ accountId: account.id }));
    const create = (body: Record<string, unknown>) => apiFromBrowser<{ id: string }>(page, 'POST', '/api/content-items', { timeZone: 'UTC', ...body });
    scheduledItemId = (
      await create({
        title: 'Spring launch teaser',
        caption: 'Spring is here #launch',
        scheduledAt: new Date(Date.now() + 26 * 3_600_000).toISOString(),
        status: 'scheduled',
        targets,
      })
    ).id;
    failedItemId = (
      await create({ title: 'Behind the scenes', caption: 'No video yet', scheduledAt: new Date().toISOString(), status: 'scheduled', targets: instagram })
    ).id;
    await create({ title: 'Idea: customer story', caption: 'Draft', status: 'draft', targets: [] });
    const deadline = Date.now() + UI_CEILING_MS;
    while ((await apiFromBrowser<{ status: string }>(page, 'GET', `/api/content-items/${failedItemId}`)).status !== 'failed') {
      if (Date.now() > deadline) throw new Error(`the item without a video did not fail within ${UI_CEILING_MS} ms`);
      await page.waitForTimeout(250);
    }
    signedIn = await context.storageState();
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('has no serious or critical violations on the first-run page (/setup)', () => {
    expect(setupViolations).toEqual([]);
  });

  it('has no serious or critical violations on the sign-in page (/login)', async () => {
    const violations: string[] = [];
    for (const scheme of SCHEMES) {
      const context = await contextFor(scheme);
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      violations.push(...(await audit(page, `[${scheme}] /login`)));
      await expectScheme(page, scheme);
      await context.close();
    }
    expect(violations).toEqual([]);
  });

  describe.each(SCHEMES)('signed in, %s colour scheme', (scheme) => {
    it('has no serious or critical violations on any page, with data, or in a dialog', async () => {
      const screens: Screen[] = [
        { label: '/ (queue)', path: '/', heading: 'Queue' },
        { label: '/calendar (month)', path: '/calendar', heading: 'Calendar' },
        {
          label: '/calendar (week)',
          path: '/calendar',
          heading: 'Calendar',
          prepare: async (page) => {
            await page.getByRole('button', { name: 'Week', exact: true }).click();
            await page.locator('.calendar-grid--week').waitFor();
          },
        },
        {
          label: '/compose (both platforms ticked)',
          path: '/compose',
          heading: 'New post',
          prepare: async (page) => {
            for (const platform of ['TikTok', 'Instagram']) await page.getByLabel(new RegExp(`on ${platform}$`)).check();
          },
        },
        // A post's page is headed by its title once loaded ("Post" only while it loads).
        { label: '/posts/:id (scheduled)', path: `/posts/${scheduledItemId}`, heading: 'Spring launch teaser' },
        {
          label: '/posts/:id (failed, with Retry)',
          path: `/posts/${failedItemId}`,
          heading: 'Behind the scenes',
          prepare: (page) => page.getByRole('button', { name: /^Retry / }).waitFor(),
        },
        { label: '/reviews', path: '/reviews', heading: 'Review' },
        { label: '/library', path: '/library', heading: 'Library' },
        { label: '/bot-control', path: '/bot-control', heading: 'Bot Control' },
        { label: '/account-health', path: '/account-health', heading: 'Account Health' },
        { label: '/trends', path: '/trends', heading: 'Trends' },
        { label: '/accounts', path: '/accounts', heading: 'Accounts' },
        {
          label: '/accounts (disconnect dialog open)',
          path: '/accounts',
          heading: 'Accounts',
          prepare: async (page) => {
            await page
              .getByRole('button', { name: /^Disconnect @/ })
              .first()
              .click();
            await page.locator('[role="dialog"], [role="alertdialog"]').waitFor();
          },
        },
        { label: '/settings', path: '/settings', heading: 'Settings' },
        { label: '404 (unknown address)', path: '/no-such-page', heading: 'Page not found' },
      ];
      const context = await contextFor(scheme, { storageState: signedIn });
      const page = await context.newPage();
      const violations: string[] = [];
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      for (const screen of screens) {
        const where = `[${scheme}] ${screen.label}`;
        try {
          await page.goto(`${server.url}${screen.path}`);
          await page.getByRole('heading', { level: 1, name: screen.heading, exact: true }).waitFor();
          await screen.prepare?.(page);
          violations.push(...(await audit(page, where)));
        } catch (error) {
          // One screen that does not render must not hide the others' results.
          const shown = await page
            .locator('body')
            .innerText()
            .catch(() => '');
          violations.push(
            `${where}: not audited: ${String(error).split('\n')[0]}\n    page errors: ${pageErrors.join(' | ') || 'none'}\n    on screen: ${shown.replaceAll(/\s+/g, ' ').slice(0, 400)}`,
          );
        }
      }
      await expectScheme(page, scheme);
      await context.close();
      expect(violations).toEqual([]);
    });
  });
});
