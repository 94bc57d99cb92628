import type { Browser } from 'playwright-core';
import { createOwnerInBrowser, launchChromium } from './browser';
import { composeAndPostNow, connectAccounts, hasFfmpeg, journeyArtifacts, laneOf, makeVideo } from './journey-steps';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

describe('the marketer journey in headless Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const data = tempDataDir();
  const artifacts = journeyArtifacts('journey-post');

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: data.dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    console.log(`journey screenshots: ${artifacts.dir}`);
  });

  it('setup → connect TikTok and Instagram → upload → compose both → post → lanes reach Posted live', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    await connectAccounts(page, ['TikTok', 'Instagram']);
    await artifacts.screenshot(page, 'accounts');

    await composeAndPostNow(page, { video: video.file, platforms: ['TikTok', 'Instagram'], caption: 'Journey test #launch @friend', artifacts });
    const instagramLane = laneOf(page, 'Instagram');
    await laneOf(page, 'TikTok')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await artifacts.screenshot(page, 'no-lane');
        throw new Error(`${String(error)}\nat ${page.url()}, on screen: ${await page.locator('main').innerText()}`);
      });
    await artifacts.screenshot(page, 'queue-scheduled');
    // No reload from here on: the lanes move by themselves.
    await page.waitForFunction(
      () => document.querySelectorAll('.lane[data-status="posted"]').length >= 2,
      undefined,
      { timeout: 150_000, polling: 500 },
    );
    await artifacts.screenshot(page, 'queue-posted');
    // TikTok gives a post id (and so a link) only once moderation made the post public; Instagram links at once.
    const permalink = instagramLane.getByRole('link', { name: 'View on Instagram' });
    await permalink.waitFor();
    expect(await permalink.getAttribute('href')).toMatch(/^https?:\/\//);
    expect(errors).toEqual([]);
    await page.close();
    video.remove();
  }, 300_000);
});
