import { createOwnerInBrowser } from './browser';
import { hasFfmpeg, journeyFixture, mainNavLink, makeVideo, pageWithErrors, waitForLaneStatus } from './journey-steps';

/**
 * Issue #23 in headless Chromium on the built product and its in-process sandbox: connect an X
 * account through X's (sandbox) consent page (OAuth 2.0 with PKCE), compose a video post with the
 * registry-driven X options, post it, and watch its lane reach Posted with its x.com/i/status link.
 */
describe('an X video post in headless Chromium', () => {
  const journey = journeyFixture('x-post');
  const { artifacts } = journey;

  it('connect X → compose (who can reply, made with AI) → post → the lane reaches Posted with an x.com/i/status link', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const { page, errors } = await pageWithErrors(journey.browser);

    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    await mainNavLink(page, 'Accounts').click();
    await page.getByRole('button', { name: 'Connect X' }).first().click();
    // X's consent page (sandbox): the first account is chosen; Authorize app.
    await page.getByRole('button', { name: 'Authorize app' }).click();
    await page.waitForURL(/\/accounts$/);
    await page.getByText(/X account @\S+ connected/).waitFor();
    await artifacts.screenshot(page, 'connected');

    await mainNavLink(page, 'Queue').click();
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    await page.getByLabel('Video file').setInputFiles(video.file);
    await page.getByText(/· ready/).waitFor();
    await page.getByLabel(/on X$/).check();
    await page.getByLabel('Caption', { exact: true }).fill('Launch day 🚀 from the journey #mwr');
    await page.getByLabel('Who can reply').selectOption('following');
    await page.getByLabel('Made with AI').check();
    await page.getByText('A post with a link costs more on X’s pay-per-use plan.').waitFor();
    await page.getByRole('figure', { name: /X/ }).first().waitFor();
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
    const lane = page.getByRole('group', { name: /^Lane of @.+ on X$/ }).first();
    await lane.waitFor();
    await waitForLaneStatus(lane, 'posted', 150_000);
    await artifacts.screenshot(page, 'posted');
    const link = lane.getByRole('link', { name: 'View on X' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/x\.com\/i\/status\/\d+$/);
    expect(errors).toEqual([]);
    await page.close();
    video.remove();
  });
});
