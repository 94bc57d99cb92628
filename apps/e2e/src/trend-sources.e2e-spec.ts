import type { BrowserContext, Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, expectNoAxeViolations, journeyFixture } from './journey-steps';

/**
 * The Trend Radar's official sources (issue 33) run from the web page against the sandbox, in
 * French: an admin sets the regions, languages, the X monthly cap and the YouTube units, fills the
 * watch-list, runs each source and sees its cards and its budget meter move; then pushes the
 * budgets and sees each source stop at its budget, said in words, with the sandbox confirming that
 * nothing beyond it was called.
 */

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Two regions: 3 charts each (1 unit a page) for YouTube, one trends call each ($0.01) for X. */
const REGIONS = 'FR, US';
const CHART_UNITS_PER_RUN = 6;
/** Room for one full YouTube run and 2 units of a second: the second stops part-way, the third makes no call. */
const YOUTUBE_UNITS_A_DAY = 8;
/** Two watch-list hashtags: two X counts calls ($0.005 each). */
const WATCHED = ['rentreescolaire', 'recettefacile'];

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    // What sticks out, named, so a failure says where to look.
    wide: (() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && out.length < 5; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const el = node.parentElement!;
        let clipped = false;
        for (let up: Element | null = el; up && !clipped; up = up.parentElement) clipped = getComputedStyle(up).overflowX !== 'visible';
        if (!clipped && range.getBoundingClientRect().right > window.innerWidth + 0.5) {
          out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(node.textContent ?? '').slice(0, 80)}"`);
        }
      }
      return out;
    })(),
  }));
  expect(widths.scroll <= widths.inner ? [] : widths.wide).toEqual([]);
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
}

describe('Trend Radar sources run from the page against the sandbox, within their budgets (issue 33)', () => {
  // No scheduler role: its tick fetches every due source each minute on its own, and here every call
  // the sandbox sees must come from a run started on the page.
  const journey = journeyFixture('trend-sources', { ROLES: 'api,worker' });
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

  const sandbox = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${journey.server.url}/sandbox/__sandbox${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  /** YouTube units the sandbox charged today, over every key. */
  const youtubeUnitsCharged = async () =>
    Object.values((await sandbox<{ unitsToday: Record<string, number> }>('/youtube/charts')).unitsToday).reduce((sum, units) => sum + units, 0);
  /** X calls the sandbox billed, per endpoint, over every app, and the dollars. */
  const xBilled = async () => {
    const apps = Object.values(
      (await sandbox<{ apps: Record<string, { calls: { trends: number; counts: number }; spentUsd: number }> }>('/x/trends/billing')).apps,
    );
    return {
      trends: apps.reduce((sum, app) => sum + app.calls.trends, 0),
      counts: apps.reduce((sum, app) => sum + app.calls.counts, 0),
      usd: Math.round(apps.reduce((sum, app) => sum + app.spentUsd, 0) * 1000) / 1000,
    };
  };

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

  async function openRadar(viewport: typeof DESKTOP) {
    const context = await journey.browser.newContext({ viewport, locale: 'fr-FR', storageState: signedIn, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.server.url}/trends`);
    await page.getByRole('heading', { level: 1, name: 'Tendances', exact: true }).waitFor();
    return { context, page, errors };
  }

  const sourcesOf = (page: Page) => page.getByRole('list', { name: 'Sources', exact: true });
  const rowOf = (page: Page, label: string) =>
    sourcesOf(page)
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name: label, exact: true }) });
  const meterOf = (page: Page, label: string) => sourcesOf(page).getByRole('meter', { name: `Budget restant pour ${label}`, exact: true });

  /** What is left on a source's meter, once it reads `left` (the page refetches after a run). */
  async function waitForLeft(page: Page, label: string, left: number): Promise<void> {
    await sourcesOf(page).locator(`[role="meter"][aria-label="Budget restant pour ${label}"][aria-valuenow="${left}"]`).waitFor({ timeout: UI_CEILING_MS });
  }

  /** "Lancer maintenant" on a source's row; done when the radar was recomputed after it. */
  async function runFromPage(page: Page, label: string): Promise<void> {
    const recomputed = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/api/trends/recompute'), {
      timeout: UI_CEILING_MS,
    });
    await rowOf(page, label)
      .getByRole('button', { name: `Lancer maintenant : ${label}`, exact: true })
      .click();
    expect((await recomputed).ok()).toBe(true);
    await rowOf(page, label)
      .getByRole('button', { name: `Lancer maintenant : ${label}`, exact: true, disabled: false })
      .waitFor();
  }

  async function saveSettings(page: Page, fields: { regions?: string; languages?: string; xCapUsd?: string; youtubeUnits?: string }): Promise<void> {
    const summary = page.getByText('Régions, langues, sujets et budgets', { exact: true });
    if ((await page.locator('details.radar-settings[open]').count()) === 0) await summary.click();
    if (fields.regions !== undefined) await page.getByLabel('Régions', { exact: true }).fill(fields.regions);
    if (fields.languages !== undefined) await page.getByLabel('Langues', { exact: true }).fill(fields.languages);
    if (fields.xCapUsd !== undefined) await page.getByLabel('Plafond mensuel X (US$)', { exact: true }).fill(fields.xCapUsd);
    if (fields.youtubeUnits !== undefined) await page.getByLabel('Unités YouTube par jour', { exact: true }).fill(fields.youtubeUnits);
    const saved = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith('/api/trends/settings'));
    await page.getByRole('button', { name: 'Enregistrer les réglages', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Réglages enregistrés.' }).waitFor();
  }

  /** The card's evidence opened: the table of each source that said something about it, by its French name. */
  async function saidBy(page: Page, cardName: string): Promise<{ sources: string[]; text: string }> {
    const card = page.getByRole('article', { name: cardName, exact: true }).first();
    await card.getByRole('button', { name: 'Voir les preuves' }).click();
    const evidence = card.getByRole('region', { name: /^Preuves pour / });
    await evidence.waitFor();
    const sources = await evidence.locator('table caption').allTextContents();
    return { sources, text: (await evidence.textContent()) ?? '' };
  }

  it('an admin sets the radar up and runs YouTube charts, X trends, X counts and our own results from the page: cards name their source with its figures, the meters move (1440×900)', async () => {
    const { context, page, errors } = await openRadar(DESKTOP);

    // Before any setting: X is off at a cap of 0, and Instagram says what it lacks, in words.
    await meterOf(page, 'Classements YouTube').waitFor();
    expect(await rowOf(page, 'Tendances X').textContent()).toContain('Plafond mensuel à 0 : les lectures payantes sont coupées.');
    const instagram = rowOf(page, 'Recherche de hashtags Instagram');
    expect(await instagram.textContent()).toContain('Inactive');
    expect(await instagram.textContent()).toMatch(/facebook_login/);

    await saveSettings(page, { regions: REGIONS, languages: 'fr, en', xCapUsd: '0.05', youtubeUnits: String(YOUTUBE_UNITS_A_DAY) });
    const termField = page.getByLabel('Terme', { exact: true });
    for (const term of WATCHED) {
      await termField.fill(term);
      await page.getByRole('button', { name: 'Ajouter à la liste de veille' }).click();
      await page.getByRole('list', { name: 'Liste de veille' }).getByText(`#${term}`).waitFor();
      // The field empties once the term is saved (after the list shows it): the next one waits for that.
      await page.waitForFunction((field) => (field as HTMLInputElement).value === '', await termField.elementHandle());
    }
    await waitForLeft(page, 'Classements YouTube', YOUTUBE_UNITS_A_DAY);
    await waitForLeft(page, 'Tendances X', 5);

    // YouTube charts: 3 charts per region, 1 unit each, read with the sandbox's API key.
    await runFromPage(page, 'Classements YouTube');
    await waitForLeft(page, 'Classements YouTube', YOUTUBE_UNITS_A_DAY - CHART_UNITS_PER_RUN);
    expect(await rowOf(page, 'Classements YouTube').textContent()).toContain(`${CHART_UNITS_PER_RUN} unités sur ${YOUTUBE_UNITS_A_DAY} utilisées aujourd’hui`);
    expect(await youtubeUnitsCharged()).toBe(CHART_UNITS_PER_RUN);
    const youtubeCards = page.getByRole('article').filter({ has: page.locator('.source-badge', { hasText: 'Classements YouTube' }) });
    await youtubeCards.first().waitFor({ timeout: UI_CEILING_MS });
    const youtubeCardName = (await youtubeCards.first().getByRole('heading', { level: 3 }).textContent())!.trim();
    // YouTube's figures stand alone: only its own table, never beside (or summed with) another platform's.
    const youtube = await saidBy(page, youtubeCardName);
    expect(youtube.sources).toEqual(['Classements YouTube']);
    expect(youtube.text).toContain('view_count');
    expect(youtube.text).toMatch(/YouTube · (FR|US)/);

    // X trends: one call per region, $0.01 each, with the app-only Bearer.
    await runFromPage(page, 'Tendances X');
    await waitForLeft(page, 'Tendances X', 3);
    expect(await xBilled()).toEqual({ trends: 2, counts: 0, usd: 0.02 });
    const xTrendCards = page.getByRole('article').filter({ has: page.locator('.source-badge', { hasText: 'Tendances X' }) });
    await xTrendCards.first().waitFor({ timeout: UI_CEILING_MS });
    const xTrend = await saidBy(page, (await xTrendCards.first().getByRole('heading', { level: 3 }).textContent())!.trim());
    expect(xTrend.sources).toEqual(['Tendances X']);
    expect(xTrend.text).toContain('rank');

    // X counts: one call per watch-list term, $0.005 each; the term's card shows X's counts.
    await runFromPage(page, 'Comptages X');
    await waitForLeft(page, 'Tendances X', 2);
    expect(await xBilled()).toEqual({ trends: 2, counts: 2, usd: 0.03 });
    const counts = await saidBy(page, '#rentreescolaire');
    expect(counts.sources).toContain('Comptages X');
    expect(counts.text).toContain('tweet_count_24h');
    // Each source's paid reads listed with their price (the meter counts X's whole month).
    const xRow = rowOf(page, 'Tendances X');
    await xRow.getByText('1 lecture payante ce mois-ci', { exact: true }).click();
    expect(await xRow.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('2 calls: FR, US')]);

    // Our own results: the recompute over our posts' analytics, run from the page too.
    await runFromPage(page, 'Nos propres résultats');

    // Instagram Hashtag Search never called without an account connected through Facebook Login.
    expect(Object.keys((await sandbox<{ accounts: Record<string, unknown> }>('/instagram/hashtags')).accounts)).toEqual([]);

    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'));
    await journey.artifacts.screenshot(page, 'sources-ran');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pushed past their budgets from the page, YouTube and X stop at them, say so in words, and the sandbox saw nothing beyond (1440×900)', async () => {
    const { context, page, errors } = await openRadar(DESKTOP);

    // YouTube: 2 units left covers 2 of the next 6 charts; the run stops there.
    await waitForLeft(page, 'Classements YouTube', YOUTUBE_UNITS_A_DAY - CHART_UNITS_PER_RUN);
    await runFromPage(page, 'Classements YouTube');
    await waitForLeft(page, 'Classements YouTube', 0);
    expect(await youtubeUnitsCharged()).toBe(YOUTUBE_UNITS_A_DAY);
    // Spent: said in words, and one more run makes no call at all.
    const youtubeRow = rowOf(page, 'Classements YouTube');
    await youtubeRow.getByText(/^Budget atteint : la source ne fait plus aucun appel avant le /).waitFor();
    await runFromPage(page, 'Classements YouTube');
    await youtubeRow.getByText(/Budget spent: no quota units left today/).waitFor({ timeout: UI_CEILING_MS });
    expect(await youtubeUnitsCharged()).toBe(YOUTUBE_UNITS_A_DAY);

    // X: $0.03 spent; a cap of $0.04 pays for one more trends call, not for the second region.
    await saveSettings(page, { xCapUsd: '0.04' });
    await waitForLeft(page, 'Tendances X', 1);
    await runFromPage(page, 'Tendances X');
    await waitForLeft(page, 'Tendances X', 0);
    expect(await xBilled()).toEqual({ trends: 3, counts: 2, usd: 0.04 });
    const xRow = rowOf(page, 'Tendances X');
    await xRow.getByText(/^Budget atteint : la source ne fait plus aucun appel avant le /).waitFor();
    // Counts cost $0.005 a call: nothing is left for one, so no call is made.
    await runFromPage(page, 'Comptages X');
    await rowOf(page, 'Comptages X')
      .getByText(/Budget spent: \$0\.04 of the \$0\.04 monthly cap used/)
      .waitFor({ timeout: UI_CEILING_MS });
    expect(await xBilled()).toEqual({ trends: 3, counts: 2, usd: 0.04 });

    await journey.artifacts.screenshot(page, 'budgets-spent');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Instagram Hashtag Search: an Instagram account connected through Facebook Login from the Accounts page, 31 watched hashtags, two runs from the radar — 30 counted, the 31st never sent, re-searching the counted ones free (1440×900)', async () => {
    const { context, page, errors } = await openRadar(DESKTOP);
    // Connect Instagram the Facebook way, from the Accounts page, through the platform's own dialog.
    await page.goto(`${journey.server.url}/accounts`);
    await page.getByRole('button', { name: 'Connecter avec Facebook (Pages)', exact: true }).click();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForURL(/\/accounts(\?.*)?$/, { timeout: UI_CEILING_MS });
    await page.getByText('@sandbox.business').first().waitFor({ timeout: UI_CEILING_MS });

    // 29 more hashtags beside the two watched already: 31, one past the 30 a week Instagram allows.
    const more = Array.from({ length: 29 }, (_, i) => `veille${String(i + 1).padStart(2, '0')}`);
    for (const term of more) await apiFromBrowser(page, 'POST', '/api/trends/watch-list', { term, kind: 'hashtag' });
    const searches = async () =>
      (await sandbox<{ data: { query: string }[] }>('/requests?endpoint=facebook.ig_hashtag_search&limit=1000')).data.map(
        (r) => new URLSearchParams(r.query).get('q') ?? '',
      );
    const ledger = async () =>
      Object.values((await sandbox<{ accounts: Record<string, { counted: { tag: string }[]; left: number }> }>('/instagram/hashtags')).accounts);

    await page.goto(`${journey.server.url}/trends`);
    await page.getByRole('heading', { level: 1, name: 'Tendances', exact: true }).waitFor();
    const label = 'Recherche de hashtags Instagram';
    await waitForLeft(page, label, 30);
    await runFromPage(page, label);
    await waitForLeft(page, label, 0);
    const [account] = await ledger();
    expect(account?.counted).toHaveLength(30);
    expect(account?.left).toBe(0);
    const sent = await searches();
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
    // The one left out waits for room, said on the source's row; the spent tags are listed until when.
    const waiting = [...WATCHED, ...more].find((tag) => !sent.includes(tag))!;
    expect(waiting).toBeDefined();
    const row = rowOf(page, label);
    await row.getByText(new RegExp(`${waiting}: waiting for room in the hashtag budget`)).waitFor({ timeout: UI_CEILING_MS });
    // A searched tag's card shows what Instagram said, in its own table.
    const searchedWatched = WATCHED.find((tag) => sent.includes(tag))!;
    const evidence = await saidBy(page, `#${searchedWatched}`);
    expect(evidence.sources).toContain(label);
    expect(evidence.text).toContain('recent_media_24h');

    // Again: the 30 counted tags are searched again for free, the 31st is still never sent.
    await runFromPage(page, label);
    const again = await searches();
    expect(again).toHaveLength(60);
    expect(again).not.toContain(waiting);
    expect((await ledger())[0]?.counted).toHaveLength(30);
    await waitForLeft(page, label, 0);

    await journey.artifacts.screenshot(page, 'instagram-hashtags');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 390×844 phone with the sources, their meters and the run buttons, without sideways scrolling, axe-clean', async () => {
    const { context, page, errors } = await openRadar(PHONE);
    await waitForLeft(page, 'Tendances X', 0);
    await rowOf(page, 'Classements YouTube').getByRole('button', { name: 'Lancer maintenant : Classements YouTube' }).waitFor();
    await page.getByText('Régions, langues, sujets et budgets', { exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'));
    await journey.artifacts.screenshot(page, 'phone-sources');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
