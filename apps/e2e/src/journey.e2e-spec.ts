import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createOwnerInBrowser, launchChromium } from './browser';
import { startServer, tempDataDir, type ServerProcess } from './server-process';

function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A real tiny H.264 MP4 (the API probes uploads): 3 s of test pattern, vertical. */
function makeVideo(dir: string): string {
  const file = join(dir, 'journey.mp4');
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=1080x1920:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '3', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', file]);
  return file;
}

describe('the marketer journey in headless Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const data = tempDataDir();
  const artifacts = mkdtempSync(join(tmpdir(), 'mwr-journey-'));
  let shot = 0;
  const screenshot = async (page: Page, name: string) => {
    shot += 1;
    await page.screenshot({ path: join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: data.dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    console.log(`journey screenshots: ${artifacts}`);
  });

  it('setup → connect TikTok and Instagram → upload → compose both → post → lanes reach Posted live', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo(artifacts);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    for (const platform of ['TikTok', 'Instagram']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).click();
      await page.getByRole('button', { name: `Connect ${platform}` }).first().click();
      // The sandbox's consent pages: TikTok says "Approve", Instagram "Allow".
      await page.getByRole('button', { name: /^(Approve|Allow)$/ }).click();
      await page.waitForURL(/\/accounts$/);
      await page.getByText(new RegExp(`${platform} account @\\S+ connected`)).waitFor();
    }
    await screenshot(page, 'accounts');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue', exact: true }).click();
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    await page.getByLabel('Video file').setInputFiles(video);
    await page.getByText(/Uploaded \(/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'uploaded');
    await page.getByText(/· ready/).waitFor({ timeout: 30_000 });

    await page.getByLabel(/on TikTok$/).check();
    await page.getByLabel(/on Instagram$/).check();
    await page.getByRole('region', { name: 'Quality checks per platform' }).waitFor({ timeout: 30_000 });
    const privacy = page.getByLabel('Who can view this video');
    const options = await privacy.locator('option:not([disabled])').allTextContents();
    expect(options.length).toBeGreaterThan(0);
    await privacy.selectOption({ label: options.includes('Everyone') ? 'Everyone' : options[0]! });
    await page.getByLabel('Caption', { exact: true }).fill('Journey test #launch @friend');
    await page.getByText("By posting, you agree to TikTok's Music Usage Confirmation.").waitFor();
    await page.getByLabel('Post now').check();
    await screenshot(page, 'composed');
    await page.getByRole('button', { name: 'Post now' }).click();
    await page
      .getByText(/Scheduled for/)
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'submit-failed');
        const problems = await page.locator('[role="alert"], .form-errors').allTextContents();
        throw new Error(`${String(error)}\nOn screen: ${problems.join(' | ')}`);
      });
    await screenshot(page, 'scheduled');

    await page.getByRole('link', { name: 'Go to the queue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    const tiktokLane = page.getByRole('group', { name: /^Lane of @.+ on TikTok$/ }).first();
    const instagramLane = page.getByRole('group', { name: /^Lane of @.+ on Instagram$/ }).first();
    await tiktokLane.waitFor();
    await screenshot(page, 'queue-scheduled');
    // No reload from here on: the lanes move by themselves.
    await tiktokLane.locator('[data-status="posted"], [aria-current="step"]:text("Posted")').first().waitFor({ timeout: 150_000 }).catch(() => undefined);
    await page.waitForFunction(
      () => document.querySelectorAll('.lane[data-status="posted"]').length >= 2,
      undefined,
      { timeout: 150_000, polling: 500 },
    );
    await screenshot(page, 'queue-posted');
    // TikTok gives a post id (and so a link) only once moderation made the post public; Instagram links at once.
    const permalink = instagramLane.getByRole('link', { name: 'View on Instagram' });
    await permalink.waitFor();
    expect(await permalink.getAttribute('href')).toMatch(/^https?:\/\//);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
