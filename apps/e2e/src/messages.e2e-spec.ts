/**
 * Messages written for people, in Chromium, in French (issue #20 items 3 and 5): a file that is
 * not a video and a post scheduled in the past are refused with French words (no tus/JSON dump,
 * no `scheduledAt … is in the past`, no class-validator sentence); an empty caption is confirmed
 * first; the post page leads with its story and keeps the raw event log one click away.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { createOwnerInBrowser } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture } from './journey-steps';

const dir = mkdtempSync(join(tmpdir(), 'mwr-messages-e2e-'));

/** A 4 s vertical H.264 + AAC clip (Reels last at least 3 s). */
function clip(): string {
  const file = join(dir, 'soldes.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...'-f lavfi -i testsrc2=size=720x1280:rate=30:duration=4 -f lavfi -i sine=frequency=440:sample_rate=44100:duration=4'.split(' '),
    ...'-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart'.split(' '),
    file,
  ]);
  return file;
}

/** What a person must never read: API field names, class-validator sentences, JSON. */
async function expectNoRawText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('scheduledAt');
  expect(text).not.toContain('must be');
  expect(text).not.toContain('{"');
  expect(text).not.toContain('is in the past');
}

describe('messages for people (Chromium, French)', () => {
  const journey = journeyFixture('messages');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('words refusals in French, asks before an empty caption, and tells the post’s story', async () => {
    const base = journey.server.url;
    // Set up in English (the shared steps speak it), then switch the profile to French.
    const setup = await journey.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const setupPage = await setup.newPage();
    await setupPage.goto(`${base}/setup`);
    await createOwnerInBrowser(setupPage);
    await setupPage.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
    await connectAccounts(setupPage, ['Instagram']);
    await apiFromBrowser(setupPage, 'PATCH', '/api/auth/me', { locale: 'fr' });
    const signedIn = await setup.storageState();
    await setup.close();

    const context = await journey.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      reducedMotion: 'reduce',
      storageState: signedIn,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // A file that is not a video: refused in French, not with the upload library's request dump.
    const notVideo = join(dir, 'notes.mp4');
    writeFileSync(notVideo, 'Liste des plans du tournage\n'.repeat(40));
    await page.goto(`${base}/compose`);
    await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
    await page.getByLabel('Fichier vidéo').setInputFiles(notVideo);
    await page.getByText('Ce fichier n’est pas une vidéo publiable : choisissez un fichier MP4 ou MOV.').waitFor();
    await journey.artifacts.screenshot(page, 'not-a-video');
    await expectNoRawText(page);

    // A real video, an Instagram target, a caption, and a time that has passed.
    await page.getByLabel('Fichier vidéo').setInputFiles(clip());
    await page.getByText(/^Envoyée \(/).waitFor();
    await page.getByText(/· prête/).waitFor();
    await page.getByLabel(/sur Instagram$/).check();
    await page.getByLabel('Légende', { exact: true }).fill('Les soldes d’été commencent');
    await page.getByLabel('Programmer', { exact: true }).check();
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/^Publier le/).fill(`${twoDaysAgo}T10:00`);
    await page.getByRole('button', { name: 'Programmer la publication' }).click();
    await page.getByText(/^Cette heure est déjà passée \(.+ 10:00:00\) : choisissez une heure à venir\.$/).waitFor();
    await journey.artifacts.screenshot(page, 'in-the-past');
    await expectNoRawText(page);
    await expectNoAxeViolations(page);

    // An empty caption is confirmed first; "Ajouter une légende" goes back to the form.
    await page.getByLabel('Légende', { exact: true }).fill('');
    await page.getByLabel('Publier maintenant', { exact: true }).check();
    await page.getByRole('button', { name: 'Publier maintenant' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Enregistrer sans légende ?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Ajouter une légende' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByLabel('Légende', { exact: true }).fill('Les soldes d’été commencent');
    await page.getByRole('button', { name: 'Publier maintenant' }).click();

    // The post page leads with the story, times to the second; the raw log is one click away (owner).
    await page.getByRole('link', { name: 'Ouvrir la publication' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    await page.getByText(/^Publiée à .*\d{1,2}:\d{2}:\d{2}/).waitFor({ timeout: 120_000 });
    await page.getByText(/^Instagram l’a traitée en \d+ s$/).waitFor();
    await page.getByRole('link', { name: 'voir sur Instagram', exact: true }).waitFor();
    const rawLog = page.getByText('Journal brut des événements');
    await rawLog.click();
    await page.locator('details.post-story-raw[open]').getByText('succeeded').waitFor();
    await journey.artifacts.screenshot(page, 'story');
    await expectNoAxeViolations(page);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
