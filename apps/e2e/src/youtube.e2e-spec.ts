import { createOwnerInBrowser } from './browser';
import { hasFfmpeg, journeyFixture, mainNavLink, makeVideo, pageWithErrors, waitForLaneStatus } from './journey-steps';

/**
 * Issue 22 in headless Chromium on the built product and its in-process sandbox: connect a YouTube
 * channel through Google's (sandbox) consent page, compose a Short with the registry-driven
 * YouTube options, post it, and watch its lane reach Posted with a shorts link. The Google Cloud
 * project is unaudited (the sandbox's client set so): the Short goes out locked private, and the
 * channel says so on the Accounts page and in Account Health.
 */
describe('a YouTube Short in headless Chromium', () => {
  const journey = journeyFixture('youtube-short');
  const { artifacts } = journey;

  it('connect YouTube → compose a Short (title, made for kids) → post → the lane reaches Posted with a shorts link; uploads locked private show on the account', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const { page, errors } = await pageWithErrors(journey.browser);

    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    await mainNavLink(page, 'Accounts').click();
    await page.getByRole('button', { name: 'Connect YouTube' }).first().click();
    // Google's consent page (sandbox): the first channel is chosen and every scope ticked.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/accounts$/);
    await page.getByText(/YouTube account @\S+ connected/).waitFor();
    await artifacts.screenshot(page, 'connected');

    // Until Google audits the project, YouTube keeps its uploads private.
    const unaudited = await fetch(`${journey.server.url}/sandbox/__sandbox/youtube/clients/sbx_youtube_client`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ audited: false }),
    });
    expect(unaudited.status).toBe(200);
    const lockedText = "Uploads locked private: YouTube keeps this channel's uploads private until the app's Google Cloud project passes YouTube's audit";
    expect(await page.getByText(lockedText).count()).toBe(0);

    await mainNavLink(page, 'Queue').click();
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    await page.getByLabel('Video file').setInputFiles(video.file);
    await page.getByText(/· ready/).waitFor();
    await page.getByLabel(/on YouTube$/).check();
    await page.getByLabel('Caption', { exact: true }).fill('Behind the scenes\nA Short from the journey #shorts');
    await page.getByLabel('Title').fill('Behind the scenes');
    await page.getByLabel('Made for kids?').selectOption('not_made_for_kids');
    await page.getByLabel('Visibility').selectOption('public');
    await page.getByText('YouTube ignores custom thumbnails on Shorts: the cover frame is not sent.').waitFor();
    await page.getByRole('figure', { name: /YouTube/ }).waitFor();
    await page.getByLabel('Post now').check();
    await artifacts.screenshot(page, 'composed');
    await page.getByRole('button', { name: 'Post now' }).click();
    await page
      .getByText(/Scheduled for/)
      .waitFor()
      .catch(async (error: unknown) => {
        await artifacts.screenshot(page, 'submit-failed');
        const problems = await page.locator('[role="alert"], .form-errors').allTextContents();
        throw new Error(`${String(error)}\nOn screen: ${problems.join(' | ')}`);
      });
    await page.getByRole('link', { name: 'Go to the queue' }).click();
    const lane = page.getByRole('group', { name: /^Lane of @.+ on YouTube$/ }).first();
    await lane.waitFor();
    await waitForLaneStatus(lane, 'posted', 150_000);
    await artifacts.screenshot(page, 'posted');
    const link = lane.getByRole('link', { name: 'View on YouTube' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/youtube\.com\/shorts\/[\w-]+$/);

    // The channel stays active and says why its Shorts are private, on Accounts and in Account Health.
    await mainNavLink(page, 'Accounts').click();
    const card = page.getByRole('article', { name: /^YouTube @/ });
    await card.getByText(lockedText).waitFor();
    await artifacts.screenshot(page, 'accounts-locked-private');
    await mainNavLink(page, 'Account Health').click();
    const health = page.getByRole('article', { name: /^YouTube @/ });
    await health.getByText(lockedText).waitFor();
    expect(await health.getAttribute('data-tone')).not.toBe('danger');
    await artifacts.screenshot(page, 'health-locked-private');
    expect(errors).toEqual([]);
    await page.close();
    video.remove();
  });
});
