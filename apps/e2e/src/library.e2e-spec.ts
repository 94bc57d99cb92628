/**
 * The media library in Chromium, in French, on a desktop (1440×900) and a phone (390×844):
 * the same file uploaded twice is one asset → tag it → find it by its tag → use it in the
 * composer through "Choisir dans la médiathèque" → the library shows the post using it →
 * deleting it is refused, naming the post → an unused video is deleted. axe clean, no sideways
 * scrolling (issue #20 item 6).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { createOwnerInBrowser } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture } from './journey-steps';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

const dir = mkdtempSync(join(tmpdir(), 'mwr-library-e2e-'));

/** A small vertical H.264 clip; `seconds` makes each file's bytes its own. */
function clip(name: string, seconds: number): string {
  const file = join(dir, name);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...`-f lavfi -i testsrc2=size=360x640:rate=30:duration=${seconds} -c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart`.split(' '),
    file,
  ]);
  return file;
}

const SCREENS = [
  { label: 'desktop', viewport: { width: 1440, height: 900 }, seconds: [2, 3] },
  { label: 'phone', viewport: { width: 390, height: 844 }, seconds: [4, 5] },
] as const;

/** Composer → upload the file → wait for the server's answer; true when it said it already had these bytes. */
async function uploadInComposer(page: Page, base: string, file: string): Promise<boolean> {
  await page.goto(`${base}/compose`);
  await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
  await page.getByLabel('Fichier vidéo').setInputFiles(file);
  await page.getByText(/^Envoyée \(/).waitFor();
  return page.getByText("Cet espace avait déjà exactement cette vidéo : c'est elle qui est utilisée.").isVisible();
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
}

describe('media library (Chromium, French)', () => {
  const journey = journeyFixture('library');
  let signedIn: StorageState;

  beforeAll(async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/setup`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
    // A draft needs a target account; the library does not.
    await connectAccounts(page, ['TikTok']);
    await apiFromBrowser(page, 'PATCH', '/api/auth/me', { locale: 'fr' });
    signedIn = await context.storageState();
    await context.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SCREENS)('$label: one asset per file, tags, search, the composer picker, where it is used, deletion', async ({ label, viewport, seconds }) => {
    const context = await journey.browser.newContext({ viewport, locale: 'fr-FR', reducedMotion: 'reduce', storageState: signedIn });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const base = journey.server.url;
    const main = clip(`teaser-${label}.mp4`, seconds[0]);
    const spare = clip(`b-roll-${label}.mp4`, seconds[1]);
    const mainName = `teaser-${label}.mp4`;
    const spareName = `b-roll-${label}.mp4`;
    const tag = `soldes été ${label}`;
    const caption = `Les soldes d'été commencent (${label})`;

    // The same file twice: the second upload completes and says the workspace already had it.
    expect(await uploadInComposer(page, base, main)).toBe(false);
    expect(await uploadInComposer(page, base, main)).toBe(true);
    expect(await uploadInComposer(page, base, spare)).toBe(false);
    await journey.artifacts.screenshot(page, `${label}-second-upload`);

    // One card for it in the library.
    await page.goto(`${base}/library`);
    await page.getByRole('heading', { level: 1, name: 'Médiathèque' }).waitFor();
    const mainCard = page.getByRole('article', { name: mainName });
    const spareCard = page.getByRole('article', { name: spareName });
    await mainCard.waitFor();
    await spareCard.waitFor();
    expect(await page.getByRole('heading', { level: 2, name: mainName }).count()).toBe(1);
    await mainCard.getByText('Utilisée dans aucune publication').waitFor();
    await mainCard.getByRole('img', { name: `Image de couverture de ${mainName}` }).waitFor();
    await mainCard.getByText('9:16').waitFor();

    // Tag it (stored lowercase), then find it by the tag.
    await mainCard.getByLabel(`Nouvelle étiquette pour ${mainName}`).fill(`  Soldes Été ${label} `);
    await mainCard.getByRole('button', { name: 'Ajouter' }).click();
    await mainCard.getByRole('button', { name: `Afficher les vidéos étiquetées ${tag}` }).waitFor();
    await page.getByLabel('Rechercher par nom de fichier ou par étiquette').fill(`été ${label}`);
    await spareCard.waitFor({ state: 'detached' });
    await mainCard.waitFor();
    await page.getByLabel('Rechercher par nom de fichier ou par étiquette').fill('');
    await spareCard.waitFor();
    await mainCard.getByRole('button', { name: `Afficher les vidéos étiquetées ${tag}` }).click();
    await page.getByText(`Étiquette : ${tag}`).waitFor();
    await spareCard.waitFor({ state: 'detached' });
    await journey.artifacts.screenshot(page, `${label}-by-tag`);

    // Use it in the composer through the library picker, in a draft.
    await page.goto(`${base}/compose`);
    await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
    await page.getByLabel(/sur TikTok$/).check();
    await page.getByLabel('Choisir une vidéo déjà envoyée').check();
    await page.getByRole('button', { name: 'Choisir dans la médiathèque' }).click();
    const picker = page.getByRole('dialog', { name: 'Choisir une vidéo de la médiathèque' });
    await picker.getByLabel('Rechercher par nom de fichier ou par étiquette').fill(tag);
    await picker.getByRole('button', { name: `Utiliser ${spareName}` }).waitFor({ state: 'detached' });
    await journey.artifacts.screenshot(page, `${label}-picker`);
    await picker.getByRole('button', { name: `Utiliser ${mainName}` }).click();
    await picker.waitFor({ state: 'detached' });
    await page.getByText(`Choisie : ${mainName}`).waitFor();
    await page.getByLabel('Légende', { exact: true }).fill(caption);
    await page.getByLabel('Enregistrer en brouillon').check();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Brouillon enregistré.').waitFor();

    // The library says where it is used, with a link to the post.
    await page.goto(`${base}/library`);
    await mainCard.getByText('Utilisée dans 1 publication').waitFor();
    const postLink = mainCard.getByRole('link', { name: caption });
    const postHref = await postLink.getAttribute('href');
    expect(postHref).toMatch(/^\/posts\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await journey.artifacts.screenshot(page, `${label}-used`);

    // Deleting it is refused, and the dialog names the post.
    await mainCard.getByRole('button', { name: `Supprimer ${mainName}` }).click();
    await page
      .getByRole('alertdialog', { name: `Supprimer ${mainName} ?` })
      .getByRole('button', { name: 'Supprimer la vidéo' })
      .click();
    const refused = page.getByRole('alertdialog', { name: `Impossible de supprimer ${mainName}` });
    await refused.getByText(/Elle est utilisée par 1 publication ni publiée ni annulée/).waitFor();
    expect(await refused.getByRole('link', { name: caption }).getAttribute('href')).toBe(postHref);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await journey.artifacts.screenshot(page, `${label}-delete-refused`);
    await refused.getByRole('button', { name: 'Fermer' }).click();
    await refused.waitFor({ state: 'detached' });
    await mainCard.waitFor();

    // The unused one goes.
    await page.getByLabel('Inutilisées seulement').check();
    await mainCard.waitFor({ state: 'detached' });
    await spareCard.getByRole('button', { name: `Supprimer ${spareName}` }).click();
    await page
      .getByRole('alertdialog', { name: `Supprimer ${spareName} ?` })
      .getByRole('button', { name: 'Supprimer la vidéo' })
      .click();
    await spareCard.waitFor({ state: 'detached' });
    await page.getByLabel('Inutilisées seulement').uncheck();
    await mainCard.waitFor();
    expect(await spareCard.count()).toBe(0);
    const assets = await apiFromBrowser<{ items: { filename: string }[] }>(page, 'GET', '/api/assets?limit=200');
    expect(assets.items.map((asset) => asset.filename).filter((name) => name.endsWith(`-${label}.mp4`))).toEqual([mainName]);

    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await journey.artifacts.screenshot(page, `${label}-after-delete`);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
