import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, journeyFixture, makeVideo } from './journey-steps';

/**
 * Issue #20 item 2, in French, on a laptop and on a phone: an account with 3 scheduled posts is
 * disconnected → the dialog says 3 → they are kept → once due they wait on a person, shown with
 * the reason on their lanes, in the queue's count and on the nav's Accounts badge → the account is
 * reconnected through the sandbox's consent page → each goes out, once.
 */
const VIEWPORTS = [
  { label: 'laptop', width: 1440, height: 900 },
  { label: 'phone', width: 390, height: 844 },
] as const;

/** Time enough to open the dialog and disconnect before the posts are due (a busy machine included). */
const LEAD_MS = 90_000;

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

interface Account {
  id: string;
  platform: string;
  handle: string;
  status: string;
  waitingPosts: number;
}
interface Item {
  id: string;
  status: string;
  assetId: string | null;
  publications: { id: string; status: string }[];
}

async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect({ where, overflowPx: Math.max(0, scrollWidth - innerWidth) }).toEqual({ where, overflowPx: 0 });
}

/** As accessibility.e2e-spec runs it: once loading ends, no serious or critical violation. */
async function expectAxeClean(page: Page, where: string): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'), undefined, { polling: 100 });
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${where}: ${violation.id} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Until `probe` holds, asking the API (what the screen shows was saved or happened). */
async function waitForApi<T>(page: Page, probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 4 * UI_CEILING_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(500);
  }
}

describe('disconnecting an account with scheduled posts, in French, in headless Chromium', () => {
  const journey = journeyFixture('journey-disconnect');
  const { artifacts } = journey;
  let signedIn: StorageState;
  let assetId: string;
  let video: ReturnType<typeof makeVideo>;
  afterAll(() => video?.remove());

  beforeAll(async () => {
    video = makeVideo();
    const context = await journey.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['TikTok']);
    await apiFromBrowser(page, 'PATCH', '/api/auth/me', { locale: 'fr' });
    // One real video, uploaded as the composer does, for the scheduled posts.
    await page.goto(`${journey.server.url}/compose`);
    await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
    await page.getByLabel('Fichier vidéo').setInputFiles(video.file);
    await page.getByText(/· prête/).waitFor({ timeout: UI_CEILING_MS });
    await page.getByLabel(/sur TikTok$/).check();
    await page.getByLabel('Légende', { exact: true }).fill('Vidéo de départ');
    await page.getByLabel('Enregistrer en brouillon').check();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Brouillon enregistré.').waitFor();
    const drafts = await apiFromBrowser<{ items: Item[] }>(page, 'GET', '/api/content-items');
    assetId = drafts.items.find((item) => item.assetId)!.assetId!;
    signedIn = await context.storageState();
    await context.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`says the dialog affects 3 posts, shows them waiting with the reason, and posts them after the reconnection (${viewport.label} ${viewport.width}×${viewport.height})`, async () => {
      const context = await journey.browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        locale: 'fr-FR',
        reducedMotion: 'reduce',
        storageState: signedIn,
        ...(viewport.width < 600 ? { hasTouch: true } : {}),
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const shot = (name: string) => artifacts.screenshot(page, `${viewport.label}-${name}`);
      const openNav = async () => {
        if (viewport.width < 600) await page.getByRole('button', { name: 'Menu' }).click();
      };

      await page.goto(`${journey.server.url}/accounts`);
      await page.getByRole('heading', { level: 1, name: 'Comptes', exact: true }).waitFor();
      const [account] = (await apiFromBrowser<Account[]>(page, 'GET', '/api/accounts')).filter((a) => a.platform === 'tiktok');
      expect(account).toMatchObject({ status: 'active', waitingPosts: 0 });

      // Three posts scheduled to the account, due shortly.
      const stamp = `${viewport.label} ${Date.now()}`;
      const captions = [1, 2, 3].map((n) => `Attente ${n} ${stamp}`);
      const dueAt = new Date(Date.now() + LEAD_MS).toISOString();
      const ids: string[] = [];
      for (const caption of captions) {
        const created = await apiFromBrowser<{ id: string }>(page, 'POST', '/api/content-items', {
          title: caption,
          caption,
          assetId,
          scheduledAt: dueAt,
          timeZone: 'Europe/Paris',
          targets: [{ accountId: account!.id, options: { privacyLevel: 'SELF_ONLY' } }],
        });
        ids.push(created.id);
      }

      // Disconnect → the dialog says 3 → keep them waiting (the default).
      await page.reload();
      await page.getByRole('button', { name: `Déconnecter @${account!.handle} sur TikTok` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('3 publications programmées vont vers ce compte.').waitFor();
      expect(await dialog.getByRole('radio', { name: /^Les garder/ }).isChecked()).toBe(true);
      await expectNoHorizontalOverflow(page, 'disconnect dialog');
      await expectAxeClean(page, 'disconnect dialog');
      await shot('dialog-says-3');
      await dialog.getByRole('button', { name: 'Déconnecter le compte' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('toast').getByText('Compte déconnecté. Ses publications programmées vous attendent jusqu’à sa reconnexion.').waitFor();
      expect(Date.now()).toBeLessThan(Date.parse(dueAt));

      // Once due, each waits on a person: its lane says why, the queue counts them, the nav shows a badge.
      await waitForApi(
        page,
        async () => {
          const [accountNow] = (await apiFromBrowser<Account[]>(page, 'GET', '/api/accounts')).filter((a) => a.id === account!.id);
          return accountNow!.waitingPosts === 3 ? true : undefined;
        },
        'the 3 posts to wait on a person',
      );
      await page.goto(`${journey.server.url}/`);
      await page.getByRole('heading', { level: 1, name: 'File', exact: true }).waitFor();
      await page.getByTestId('queue-waiting-count').getByText('3 en attente de vous').waitFor();
      const reason = `@${account!.handle} sur TikTok a été déconnecté. Reconnectez-le et cette publication partira.`;
      for (const caption of captions) {
        const lane = page.getByRole('article', { name: caption }).getByRole('group', { name: `Piste de @${account!.handle} sur TikTok` });
        await lane.and(page.locator('[data-waiting="account_disconnected"]')).waitFor();
        await lane.getByText(reason).waitFor();
      }
      await openNav();
      const badge = page.getByRole('navigation', { name: 'Principale' }).getByTestId('nav-waiting-badge');
      await badge.getByText('3', { exact: true }).waitFor();
      await expectNoHorizontalOverflow(page, 'queue waiting');
      await expectAxeClean(page, 'queue waiting');
      await shot('queue-waiting');

      // The account card says so and reconnects through the sandbox's consent page.
      await page.goto(`${journey.server.url}/accounts`);
      const card = page.getByRole('article', { name: `TikTok @${account!.handle}` });
      await card.getByText('3 publications attendent ce compte.', { exact: false }).waitFor();
      await expectNoHorizontalOverflow(page, 'accounts waiting');
      await expectAxeClean(page, 'accounts waiting');
      await shot('account-waiting');
      await card.getByRole('button', { name: `Reconnecter @${account!.handle} sur TikTok` }).click();
      await page.getByRole('button', { name: /^(Approve|Allow)$/ }).click();
      await page.waitForURL(/\/accounts$/);

      // Each goes out, once.
      await page.goto(`${journey.server.url}/`);
      for (const caption of captions) {
        const lane = page.getByRole('article', { name: caption }).getByRole('group', { name: `Piste de @${account!.handle} sur TikTok` });
        await lane.and(page.locator('[data-status="posted"]')).waitFor({ timeout: 4 * UI_CEILING_MS });
      }
      for (const id of ids) {
        const item = await waitForApi(
          page,
          async () => {
            const found = await apiFromBrowser<Item>(page, 'GET', `/api/content-items/${id}`);
            return found.status === 'published' ? found : undefined;
          },
          `item ${id} to be published`,
        );
        expect(item.publications).toHaveLength(1);
        const detail = await apiFromBrowser<{ timeline: { type: string }[] }>(page, 'GET', `/api/publications/${item.publications[0]!.id}`);
        expect(detail.timeline.filter((event) => event.type === 'succeeded')).toHaveLength(1);
        expect(detail.timeline.filter((event) => event.type === 'waiting_person')).toHaveLength(1);
      }
      await page.getByTestId('queue-waiting-count').waitFor({ state: 'detached' });
      await shot('posted');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
