import type { Browser, BrowserContext, Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, expectNoAxeViolations, journeyFixture } from './journey-steps';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
}

/** Today in UTC as YYYY-MM-DD: the day the person saw the entries in Creative Center. */
const today = new Date().toISOString().slice(0, 10);

/** Two good rows and one with a region that does not exist. */
const CREATIVE_CENTER_CSV = [
  'label,kind,region,date,platform',
  `#rentreescolaire,hashtag,FR,${today},tiktok`,
  `Recette de crêpes,topic,FR,${today},tiktok`,
  `Ligne fautive,topic,XX,${today},tiktok`,
].join('\n');

describe('Trend Radar in headless Chromium, in French (issue 33)', () => {
  const journey = journeyFixture('trend-radar');
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    const context = await journey.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await apiFromBrowser(page, 'PATCH', '/api/auth/me', { locale: 'fr' });
    signedIn = await context.storageState();
    await context.close();
  });

  async function openRadar(browser: Browser, viewport: typeof DESKTOP) {
    const context = await browser.newContext({ viewport, locale: 'fr-FR', storageState: signedIn, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.server.url}/trends`);
    await page.getByRole('heading', { level: 1, name: 'Tendances', exact: true }).waitFor();
    return { context, page, errors };
  }

  it('sources with budget meters, a watch-list term, a CSV with one bad row, a vote and a status, the evidence, “Use this trend” → composer (1440×900)', async () => {
    const { context, page, errors } = await openRadar(journey.browser, DESKTOP);

    // Each official source with its budget: YouTube's units a day and Instagram's 30 hashtags a week as meters.
    const sources = page.getByRole('list', { name: 'Sources', exact: true });
    await sources.getByRole('meter', { name: 'Budget restant pour Classements YouTube' }).waitFor();
    const instagram = sources.getByRole('meter', { name: 'Budget restant pour Recherche de hashtags Instagram' });
    expect(await instagram.getAttribute('aria-valuemax')).toBe('30');
    expect(await instagram.getAttribute('aria-valuetext')).toBe('30 hashtags sur 30 restants cette semaine');
    // X bills every read and its cap starts at 0: off, and said so.
    expect(await sources.textContent()).toContain('Plafond mensuel à 0 : les lectures payantes sont coupées.');

    // The watch-list.
    await page.getByLabel('Terme', { exact: true }).fill('rentreescolaire');
    await page.getByRole('button', { name: 'Ajouter à la liste de veille' }).click();
    await page.getByRole('list', { name: 'Liste de veille' }).getByText('#rentreescolaire').waitFor();

    // Creative Center entries from a CSV: a preview first, then the bad row refused with its reason, the good ones kept.
    await page.getByRole('button', { name: 'Importer un CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importer des entrées TikTok Creative Center' });
    await dialog.getByLabel('Ou collez le CSV').fill(CREATIVE_CENTER_CSV);
    await dialog.getByRole('table').getByText('3 lignes sur 3').waitFor();
    await dialog.getByRole('button', { name: 'Importer 3 lignes' }).click();
    const result = dialog.getByRole('status');
    await result.waitFor({ timeout: UI_CEILING_MS });
    expect(await result.textContent()).toBe('2 lignes importées. 1 ligne refusée : voyez son problème ci-dessous, corrigez-la et importez-la de nouveau.');
    const rows = dialog.getByRole('table').locator('tbody tr');
    expect(await rows.nth(0).textContent()).toContain('Importée');
    expect(await rows.nth(1).textContent()).toContain('Importée');
    expect(await rows.nth(2).getAttribute('class')).toBe('radar-import-row--bad');
    expect(await rows.nth(2).locator('td').last().textContent()).toMatch(/region/);
    await journey.artifacts.screenshot(page, 'import');
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    const card = page.getByRole('article', { name: 'Recette de crêpes' });
    await card.waitFor();
    await page.getByRole('article', { name: '#rentreescolaire' }).waitFor();
    expect(await page.getByRole('article', { name: 'Ligne fautive' }).count()).toBe(0);
    expect(await card.textContent()).toContain('TikTok Creative Center (par une personne)');

    // A vote, then the status: both kept by the server (seen again after a reload).
    await card.getByRole('button', { name: '0 vote pour Recette de crêpes' }).click();
    const voted = card.getByRole('button', { name: '1 vote pour Recette de crêpes' });
    await voted.waitFor();
    expect(await voted.getAttribute('aria-pressed')).toBe('true');
    await card.getByText('Statut, responsable, expiration et notes').click();
    const saved = page.waitForResponse((response) => response.request().method() === 'PATCH' && /\/api\/trends\/[^/]+$/.test(response.url()));
    await card.getByLabel('Statut de Recette de crêpes').selectOption('planned');
    expect((await saved).status()).toBe(200);
    await page.reload();
    await page.getByRole('article', { name: 'Recette de crêpes' }).waitFor();
    await card.getByText('Statut, responsable, expiration et notes').click();
    expect(await card.getByLabel('Statut de Recette de crêpes').inputValue()).toBe('planned');
    await card.getByRole('button', { name: '1 vote pour Recette de crêpes' }).waitFor();

    // The evidence: how each score came out, and which source said what.
    await card.getByRole('button', { name: 'Voir les preuves' }).click();
    const evidence = card.getByRole('region', { name: 'Preuves pour Recette de crêpes' });
    await evidence.waitFor();
    expect(await evidence.textContent()).toContain('D’où viennent les scores');
    expect(await evidence.textContent()).toContain('Quelle source a dit quoi');
    await journey.artifacts.screenshot(page, 'evidence');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    // "Use this trend": a draft linked to the entry, open in the composer with the trend in its caption.
    await card.getByRole('button', { name: 'Utiliser cette tendance : Recette de crêpes' }).click();
    await page.waitForURL(/\/compose\?item=/, { timeout: UI_CEILING_MS });
    const item = new URL(page.url()).searchParams.get('item');
    expect(item).toMatch(/^[0-9a-f-]{36}$/);
    const caption = page.getByLabel('Légende', { exact: true });
    await caption.waitFor();
    await page.waitForFunction(() => (document.querySelector('textarea')?.value ?? '').includes('Recette de crêpes'), undefined, { timeout: UI_CEILING_MS });
    expect(await caption.inputValue()).toContain('Recette de crêpes');
    await journey.artifacts.screenshot(page, 'composer');

    // Back on the radar, the card links to that post.
    await page.goto(`${journey.server.url}/trends`);
    const linked = page.getByRole('article', { name: 'Recette de crêpes' }).getByRole('link', { name: 'Ouvrir la publication créée' });
    await linked.waitFor();
    expect(await linked.getAttribute('href')).toBe(`/compose?item=${item}`);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the platform changes and the results by source in their tabs (1440×900)', async () => {
    const { context, page, errors } = await openRadar(journey.browser, DESKTOP);
    await page.getByRole('tab', { name: 'Évolutions des plateformes' }).click();
    const changes = page.getByRole('list', { name: 'Évolutions des plateformes' });
    await changes.waitFor();
    // The Graph API version in use, with its end of life.
    const version = changes.getByRole('listitem').filter({ hasText: /Instagram : version d’API v\d+\.\d+ utilisée/ });
    await version.first().waitFor();
    expect(await version.first().textContent()).toMatch(/Fin le /);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    await page.getByRole('tab', { name: 'Résultats par source' }).click();
    await page.getByRole('tabpanel', { name: 'Résultats par source' }).waitFor();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 390×844 phone without sideways scrolling, axe-clean, with the evidence and the platform changes open', async () => {
    const { context, page, errors } = await openRadar(journey.browser, PHONE);
    await page.getByRole('list', { name: 'Sources', exact: true }).getByRole('meter').first().waitFor();

    // Its own entry, imported on the phone (the import dialog and its preview must fit too).
    await page.getByRole('button', { name: 'Importer un CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importer des entrées TikTok Creative Center' });
    await dialog
      .getByLabel('Ou collez le CSV')
      .fill(
        `label,kind,region,date,platform,notes\nGalette des rois en vidéo courte,format,FR,${today},tiktok,Une note assez longue pour passer à la ligne sur un téléphone`,
      );
    await dialog.getByRole('table').waitFor();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Importer 1 ligne' }).click();
    await dialog.getByRole('status').waitFor({ timeout: UI_CEILING_MS });
    expect(await dialog.getByRole('status').textContent()).toBe('1 ligne importée.');
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    const card = page.getByRole('article', { name: 'Galette des rois en vidéo courte' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Voir les preuves' }).click();
    await card.getByRole('region', { name: 'Preuves pour Galette des rois en vidéo courte' }).waitFor();
    await card.getByText('Statut, responsable, expiration et notes').click();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'));
    await journey.artifacts.screenshot(page, 'phone-radar');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    await page.getByRole('tab', { name: 'Évolutions des plateformes' }).click();
    await page.getByRole('list', { name: 'Évolutions des plateformes' }).waitFor();
    await journey.artifacts.screenshot(page, 'phone-changes');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
