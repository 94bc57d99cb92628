import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, journeyFixture, makeVideo } from './journey-steps';

/**
 * Issue #20 items 1 and 4, in French, on a laptop and on a phone: a post is composed and saved as a
 * draft, found in the queue and in the calendar, edited and scheduled, then paused, resumed,
 * cancelled (undone once), duplicated and deleted (undone once) from its own page and the queue.
 */
const VIEWPORTS = [
  { label: 'laptop', width: 1440, height: 900 },
  { label: 'phone', width: 390, height: 844 },
] as const;

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

interface Item {
  id: string;
  status: string;
  version: number;
}

/** No sideways scrolling: the document is never wider than the window. */
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

/** Until the API says the item is in `status` (what the screen did has been saved). */
async function waitForStatus(page: Page, id: string, status: string): Promise<Item> {
  const deadline = Date.now() + UI_CEILING_MS;
  let item: Item | undefined;
  while (Date.now() < deadline) {
    item = await apiFromBrowser<Item>(page, 'GET', `/api/content-items/${id}`);
    if (item.status === status) return item;
    await page.waitForTimeout(200);
  }
  throw new Error(`item ${id} stayed ${item?.status}, expected ${status}`);
}

async function itemStatusCode(page: Page, id: string): Promise<number> {
  return (await page.request.get(new URL(`/api/content-items/${id}`, page.url()).toString())).status();
}

/** "YYYY-MM-DDT10:00" three days ahead: a datetime-local value in the future whatever the zone. */
function inThreeDaysAtTen(): string {
  return `${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)}T10:00`;
}

/** The toast that says `title`, and its Undo ("Défaire") button. */
function toastWith(page: Page, title: string): Locator {
  return page.getByTestId('toast').filter({ hasText: title });
}

describe('managing a post in French from the queue, the calendar and its page, in headless Chromium', () => {
  const journey = journeyFixture('journey-manage');
  const { artifacts } = journey;
  let signedIn: StorageState;
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
    signedIn = await context.storageState();
    await context.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`composes a draft, finds it, schedules it, pauses, resumes, cancels, duplicates and deletes it, with undo (${viewport.label} ${viewport.width}×${viewport.height})`, async () => {
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
      const caption = `Lancement ${viewport.label} ${Date.now()}`;

      // Compose → save as a draft.
      await page.goto(`${journey.server.url}/compose`);
      await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
      await page.getByLabel('Fichier vidéo').setInputFiles(video.file);
      await page.getByText(/Envoyée \(/).waitFor({ timeout: UI_CEILING_MS });
      await page.getByText(/· prête/).waitFor({ timeout: UI_CEILING_MS });
      await page.getByLabel(/sur TikTok$/).check();
      await page.getByLabel('Légende', { exact: true }).fill(caption);
      await page.getByLabel('Enregistrer en brouillon').check();
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await page.getByText('Brouillon enregistré.', { exact: true }).first().waitFor();
      await shot('draft-saved');

      // Found in the queue under the Draft filter, styled as a draft.
      await page.goto(`${journey.server.url}/`);
      await page.getByRole('heading', { level: 1, name: 'File', exact: true }).waitFor();
      await page.getByRole('combobox', { name: 'Afficher' }).selectOption({ label: 'Brouillons' });
      await page.getByRole('searchbox', { name: 'Rechercher dans les légendes' }).fill(caption);
      const row = page.getByRole('article', { name: caption });
      await row.waitFor();
      expect(await row.getAttribute('class')).toContain('queue-item--draft');
      const href = await row.getByRole('link', { name: caption }).getAttribute('href');
      const id = /\/posts\/([0-9a-f-]{36})$/.exec(href ?? '')![1]!;
      await expectNoHorizontalOverflow(page, 'queue');
      await expectAxeClean(page, 'queue');
      await shot('queue-draft');

      // Found in the calendar: a draft without a time waits in the tray, styled as a draft.
      await page.goto(`${journey.server.url}/calendar`);
      await page.getByRole('heading', { level: 1, name: 'Calendrier', exact: true }).waitFor();
      const tray = page.getByRole('region', { name: 'Brouillons sans date' });
      const chip = tray.getByRole('button', { name: new RegExp(caption) });
      await chip.waitFor();
      expect(await chip.getAttribute('class')).toContain('calendar-item--draft');
      await expectNoHorizontalOverflow(page, 'calendar');
      await expectAxeClean(page, 'calendar');
      // Its menu opens from the calendar, with the actions a draft allows.
      await chip.click();
      const menu = page.getByRole('dialog', { name: `Détails de ${caption}` });
      await menu.getByRole('button', { name: 'Supprimer' }).waitFor();
      await shot('calendar-draft-menu');
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      // The week view is an hour grid, and fits too.
      await page.getByRole('button', { name: 'Semaine', exact: true }).click();
      await page.getByRole('rowheader', { name: '09:00' }).waitFor();
      await expectNoHorizontalOverflow(page, 'calendar (week)');
      await expectAxeClean(page, 'calendar (week)');
      await shot('calendar-week');

      // Edit from the queue's menu → schedule it in three days.
      await page.goto(`${journey.server.url}/`);
      await page.getByRole('combobox', { name: 'Afficher' }).selectOption({ label: 'Brouillons' });
      await page.getByRole('searchbox', { name: 'Rechercher dans les légendes' }).fill(caption);
      await page.getByRole('button', { name: `Actions pour ${caption}` }).click();
      await page.getByRole('menuitem', { name: 'Modifier' }).click();
      await page.waitForURL(new RegExp(`/compose\\?item=${id}$`));
      await page.getByRole('heading', { level: 1, name: 'Modifier la publication' }).waitFor();
      // The creator's allowed privacy levels arrive with creator_info: pick Everyone once allowed, else the first allowed.
      const privacy = page.getByLabel('Qui peut voir cette vidéo');
      const allowed = await privacy.evaluate(
        (select: HTMLSelectElement) =>
          new Promise<string>((resolve) => {
            const pick = () => {
              const options = [...select.options].filter((option) => option.value !== '' && !option.disabled);
              const choice = options.find((option) => option.value === 'PUBLIC_TO_EVERYONE') ?? options[0];
              if (choice) resolve(choice.value);
              else setTimeout(pick, 100);
            };
            pick();
          }),
      );
      await privacy.selectOption(allowed);
      await page.getByLabel('Programmer', { exact: true }).check();
      await page.getByLabel(/^Publier le/).fill(inThreeDaysAtTen());
      await page.getByRole('button', { name: /^(Programmer la publication|Enregistrer les modifications)$/ }).click();
      await waitForStatus(page, id, 'scheduled');
      await shot('scheduled');

      // Its page: pause → resume → cancel (undone once) → cancel.
      await page.goto(`${journey.server.url}/posts/${id}`);
      const actions = page.getByRole('group', { name: `Actions pour ${caption}` });
      await actions.getByRole('button', { name: 'Mettre en pause' }).click();
      await actions.getByRole('button', { name: 'Reprendre' }).waitFor();
      await waitForStatus(page, id, 'paused');
      await expectNoHorizontalOverflow(page, 'post');
      await expectAxeClean(page, 'post');
      await shot('paused');
      await actions.getByRole('button', { name: 'Reprendre' }).click();
      await actions.getByRole('button', { name: 'Mettre en pause' }).waitFor();
      await waitForStatus(page, id, 'scheduled');

      await actions.getByRole('button', { name: 'Annuler la publication' }).click();
      await toastWith(page, 'Publication annulée').getByRole('button', { name: 'Défaire' }).click();
      await toastWith(page, 'Annulation défaite').waitFor();
      await actions.getByRole('button', { name: 'Mettre en pause' }).waitFor();
      await waitForStatus(page, id, 'scheduled');
      await shot('cancel-undone');
      await actions.getByRole('button', { name: 'Annuler la publication' }).click();
      await actions.getByRole('button', { name: 'Supprimer' }).waitFor();
      await waitForStatus(page, id, 'cancelled');

      // Duplicate → the copy's page (a draft) → delete (undone once) → delete.
      await actions.getByRole('button', { name: 'Dupliquer' }).click();
      await page.waitForURL((url) => /\/posts\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id));
      const copyId = /\/posts\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
      await waitForStatus(page, copyId, 'draft');
      const copyActions = page.getByRole('group', { name: /^Actions pour / });
      await copyActions.getByRole('button', { name: 'Supprimer' }).click();
      await page.getByRole('heading', { level: 1, name: 'File', exact: true }).waitFor();
      await toastWith(page, 'Publication supprimée').getByRole('button', { name: 'Défaire' }).click();
      await toastWith(page, 'Publication restaurée').waitFor();
      expect(await itemStatusCode(page, copyId)).toBe(200);
      await shot('delete-undone');

      await page.goto(`${journey.server.url}/posts/${copyId}`);
      await copyActions.getByRole('button', { name: 'Supprimer' }).click();
      await page.getByRole('heading', { level: 1, name: 'File', exact: true }).waitFor();
      await toastWith(page, 'Publication supprimée').waitFor();
      expect(await itemStatusCode(page, copyId)).toBe(404);
      // The cancelled original is still listed under Cancelled; the deleted copy nowhere.
      await page.getByRole('combobox', { name: 'Afficher' }).selectOption({ label: 'Annulées' });
      await page.getByRole('searchbox', { name: 'Rechercher dans les légendes' }).fill(caption);
      await page.getByRole('article', { name: caption }).waitFor();
      expect(await page.getByRole('article', { name: caption }).count()).toBe(1);
      await expectNoHorizontalOverflow(page, 'queue (cancelled)');
      await shot('done');

      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
