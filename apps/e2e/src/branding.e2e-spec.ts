import { crc32, deflateSync } from 'node:zlib';

import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture } from './journey-steps';

/** A real PNG of one colour (the logo). */
function png(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** No sideways scrolling: the document is never wider than the window. */
async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect({ where, overflowPx: Math.max(0, scrollWidth - innerWidth) }).toEqual({ where, overflowPx: 0 });
}

const backgroundOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);

const CUSTOM_HOST = 'relecture.acme.test';
const BRAND_BLUE = 'rgb(29, 78, 216)';
const DEFAULT_INDIGO = 'rgb(79, 70, 229)';

/**
 * White-label (issue 25) in headless Chromium, in French: an admin sets a product name, colours
 * (a pale one is refused live, with its ratio), a custom host and a logo, watching the live
 * preview; once saved the app's header, title and buttons use them. A client opens the review
 * link on the custom host (a second Chromium maps the host to this server with
 * --host-resolver-rules, so the request carries the real Host header) and sees the brand; the
 * sign-in page on that host is branded too, and stays the default on the installation's own host.
 */
describe('white-label branding, in headless Chromium', () => {
  const journey = journeyFixture('branding');
  const { artifacts } = journey;

  it('sets the branding with a live preview, applies it to the app, and brands the review page and sign-in page on the custom host', async () => {
    const errors: string[] = [];
    const setupContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const setup = await setupContext.newPage();
    await setup.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(setup);
    await setup.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(setup, ['TikTok']);
    await apiFromBrowser(setup, 'PATCH', '/api/auth/me', { locale: 'fr' });
    const signedIn = await setupContext.storageState();
    await setupContext.close();

    const context = await journey.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      reducedMotion: 'reduce',
      storageState: signedIn,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.server.url}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    // The default theme before anything is set.
    expect(await page.getByTestId('brand-name').first().textContent()).toBe('Marketing War Room');
    expect(await page.locator('[data-testid="brand-theme"]').count()).toBe(0);

    const panel = page.getByRole('region', { name: 'Image de marque' });
    const preview = panel.getByTestId('branding-preview');
    await panel.getByLabel('Nom du produit').fill('Studio Acme');
    await preview.getByText('Studio Acme').waitFor();
    // A pale primary: the ratio shows, the save is blocked and the preview keeps the default.
    await panel.getByLabel('Couleur principale', { exact: true }).fill('#ffd700');
    await panel.getByTestId('primaryColor-contrast').getByText('Contraste avec le blanc : 1,4:1 — trop faible, au moins 4,5:1').waitFor();
    expect(await panel.getByRole('button', { name: 'Enregistrer l’image de marque' }).isDisabled()).toBe(true);
    expect(await backgroundOf(page, '[data-testid="branding-preview"] .button--primary')).toBe(DEFAULT_INDIGO);
    await artifacts.screenshot(page, 'contrast-refused');
    // A readable one: the preview takes it at once, the app not yet.
    await panel.getByLabel('Couleur principale', { exact: true }).fill('#1d4ed8');
    await panel
      .getByTestId('primaryColor-contrast')
      .getByText(/lisible$/)
      .waitFor();
    await panel.getByLabel('Couleur d’accent', { exact: true }).fill('#0e7490');
    expect(await backgroundOf(page, '[data-testid="branding-preview"] .button--primary')).toBe(BRAND_BLUE);
    expect(await page.getByTestId('brand-name').first().textContent()).toBe('Marketing War Room');
    await panel.getByLabel('Hôte personnalisé').fill(CUSTOM_HOST);
    await panel.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png(32, [29, 78, 216]) });
    await panel.getByRole('img', { name: 'Logo' }).waitFor();
    await expectNoAxeViolations(page);
    await artifacts.screenshot(page, 'preview');

    await panel.getByRole('button', { name: 'Enregistrer l’image de marque' }).click();
    await panel.getByText('Image de marque enregistrée.').waitFor();
    // Applied to the app: header name and logo, title, and the theme's primary.
    await page.locator('.sidebar [data-testid="brand-name"]').filter({ hasText: 'Studio Acme' }).waitFor();
    await page.locator('.sidebar img.brand-logo').waitFor();
    await page.waitForFunction(() => document.title.endsWith('· Studio Acme'), undefined, { polling: 100 });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-accent').trim())).toBe('#1d4ed8');
    // The current page's link in the navigation: brand text on the brand's tint.
    expect(await page.locator('.nav-link[aria-current="page"]').evaluate((el) => getComputedStyle(el).color)).toBe(BRAND_BLUE);
    await page.reload();
    await page
      .locator('.sidebar [data-testid="brand-name"]')
      .filter({ hasText: 'Studio Acme' })
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        await artifacts.screenshot(page, 'after-reload');
        throw new Error(
          `${String(error)}\n${await page
            .locator('.sidebar')
            .first()
            .innerHTML()
            .catch(() => 'no sidebar')}\n${page.url()}`,
        );
      });
    expect(await panel.getByLabel('Couleur principale', { exact: true }).inputValue()).toBe('#1d4ed8');
    await expectNoAxeViolations(page);
    await artifacts.screenshot(page, 'applied');

    // The settings on a phone: nothing past the edge, axe clean.
    const phone = await journey.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
      reducedMotion: 'reduce',
      hasTouch: true,
      storageState: signedIn,
    });
    const phonePage = await phone.newPage();
    phonePage.on('pageerror', (error) => errors.push(error.message));
    await phonePage.goto(`${journey.server.url}/settings`);
    await phonePage.getByRole('region', { name: 'Image de marque' }).getByTestId('branding-preview').getByText('Studio Acme').waitFor();
    await expectNoHorizontalOverflow(phonePage, 'settings at 390 px');
    // The branding panel itself (other panels' wide tables are theirs to answer for).
    const phoneAxe = await new AxeBuilder({ page: phonePage }).include('section:has([data-testid="branding-preview"])').analyze();
    expect(phoneAxe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await artifacts.screenshot(phonePage, 'settings-phone');
    await phone.close();

    // A post to review, and its link: on the custom host.
    const accounts = await apiFromBrowser<{ items?: { id: string }[] } | { id: string }[]>(page, 'GET', '/api/accounts');
    const accountId = (Array.isArray(accounts) ? accounts : (accounts.items ?? []))[0]!.id;
    const item = await apiFromBrowser<{ id: string }>(page, 'POST', '/api/content-items', {
      title: 'Lancement de printemps',
      caption: 'Notre collection de printemps arrive',
      scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      timeZone: 'Europe/Paris',
      targets: [{ accountId }],
    });
    const link = await apiFromBrowser<{ url: string; token: string }>(page, 'POST', '/api/review-links', { contentItemIds: [item.id] });
    expect(link.url).toBe(`http://${CUSTOM_HOST}/review/${link.token}`);

    // The client's browser resolves the custom host to this server: the request carries Host: relecture.acme.test.
    const port = new URL(journey.server.url).port;
    const clientBrowser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--host-resolver-rules=MAP ${CUSTOM_HOST} 127.0.0.1`],
    });
    try {
      for (const viewport of [
        { width: 1024, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const clientContext = await clientBrowser.newContext({ viewport, locale: 'fr-FR', reducedMotion: 'reduce' });
        clientContext.setDefaultTimeout(UI_CEILING_MS);
        const client = await clientContext.newPage();
        client.on('pageerror', (error) => errors.push(error.message));
        await client.goto(`http://${CUSTOM_HOST}:${port}/review/${link.token}`);
        const header = client.locator('.client-review-brand');
        await header.getByText('Studio Acme').waitFor();
        await header.locator('img.brand-logo').waitFor();
        await client.getByTestId('client-review-item').getByRole('heading', { name: 'Lancement de printemps' }).waitFor();
        await client.waitForFunction(() => document.title.endsWith('· Studio Acme'), undefined, { polling: 100 });
        expect(await backgroundOf(client, '[data-testid="client-review-item"] .button--primary')).toBe(BRAND_BLUE);
        await expectNoHorizontalOverflow(client, `review page at ${viewport.width} px`);
        await expectNoAxeViolations(client);
        await artifacts.screenshot(client, `review-${viewport.width}`);

        // The sign-in page on the custom host carries the brand (public branding from Host).
        await client.goto(`http://${CUSTOM_HOST}:${port}/login`);
        await client.locator('.auth-card [data-testid="brand-name"]').filter({ hasText: 'Studio Acme' }).waitFor();
        expect(await backgroundOf(client, '.auth-card .button--primary')).toBe(BRAND_BLUE);
        await expectNoAxeViolations(client);
        await artifacts.screenshot(client, `login-custom-host-${viewport.width}`);
        await clientContext.close();
      }
    } finally {
      await clientBrowser.close();
    }

    // On the installation's own host, signed out: the default.
    const anonymous = await journey.browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'fr-FR' });
    const signIn = await anonymous.newPage();
    await signIn.goto(`${journey.server.url}/login`);
    await signIn
      .locator('.auth-card [data-testid="brand-name"]')
      .filter({ hasText: 'Marketing War Room' })
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await artifacts.screenshot(signIn, 'login-default-host');
        throw new Error(
          `${String(error)}\n${signIn.url()}\n${await signIn
            .locator('body')
            .innerText()
            .catch(() => '')}`,
        );
      });
    expect(await backgroundOf(signIn, '.auth-card .button--primary')).toBe(DEFAULT_INDIGO);
    await anonymous.close();

    expect(errors).toEqual([]);
    await context.close();
  });
});
