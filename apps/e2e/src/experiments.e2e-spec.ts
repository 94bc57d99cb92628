import { readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture, makeVideo } from './journey-steps';
import { freshDatabase, psql } from './postgres';

interface Experiment {
  id: string;
  status: string;
  variants: { label: string; itemId: string; publicationId: string | null; publicationStatus: string | null }[];
}

async function waitUntil(condition: () => Promise<boolean>, what: string, explain: () => Promise<string> = async () => ''): Promise<void> {
  const deadline = Date.now() + UI_CEILING_MS * 3;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${UI_CEILING_MS * 3} ms\n${await explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** A video uploaded over tus from the signed-in tab, once the API has probed it. */
async function uploadVideo(page: Page): Promise<string> {
  const recorded = makeVideo();
  const video = readFileSync(recorded.file);
  recorded.remove();
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'mwr_csrf')?.value ?? '';
  const created = await page.request.post(new URL('/api/uploads', page.url()).toString(), {
    headers: {
      'x-csrf-token': csrf,
      'tus-resumable': '1.0.0',
      'upload-length': String(video.length),
      'upload-metadata': `filename ${Buffer.from('experiment.mp4').toString('base64')}`,
    },
  });
  expect(created.status()).toBe(201);
  const finished = await page.request.patch(new URL(created.headers()['location']!, page.url()).toString(), {
    headers: { 'x-csrf-token': csrf, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    data: video,
  });
  expect(finished.status()).toBe(204);
  const assetId = finished.headers()['mwr-asset-id']!;
  await waitUntil(async () => (await apiFromBrowser<{ status: string }>(page, 'GET', `/api/assets/${assetId}`)).status === 'ready', 'the video is ready');
  return assetId;
}

/** The sandbox's second Instagram account (the consent page lists both; the first is checked by default). */
async function connectSecondInstagram(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Connect Instagram' }).first().click();
  await page.getByRole('radio', { name: /@sandbox\.creator/ }).check();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/accounts$/);
  await page.getByText(/Instagram account @sandbox\.creator connected/).waitFor();
}

describe('Caption experiments in headless Chromium', () => {
  // PostgreSQL of its own: the test moves the posts' go-live time back and writes their 24 h readings.
  const database = freshDatabase('experiments');
  const journey = journeyFixture('experiments', { DATABASE_URL: database.url });
  afterAll(() => database.drop());

  it('builds an experiment with two captions on two Instagram accounts, both post, and the verdict shows once their 24 h views are in', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['Instagram']);
    await connectSecondInstagram(page);
    const accounts = await apiFromBrowser<{ id: string; platform: string; handle: string }[]>(page, 'GET', '/api/accounts');
    const business = accounts.find((a) => a.handle === 'sandbox.business')!;
    const creator = accounts.find((a) => a.handle === 'sandbox.creator')!;
    expect(business && creator).toBeTruthy();

    // The item the experiment is built from: a draft with its video and a time two minutes ahead.
    const assetId = await uploadVideo(page);
    const item = await apiFromBrowser<{ id: string }>(page, 'POST', '/api/content-items', {
      title: 'Spring launch',
      caption: 'Spring is here: our new collection',
      assetId,
      scheduledAt: new Date(Date.now() + 2 * 60_000).toISOString(),
      timeZone: 'UTC',
      status: 'draft',
      targets: [{ accountId: business.id }],
    });

    // The builder on the post's page.
    await page.goto(`${journey.server.url}/posts/${item.id}`);
    const panel = page.getByRole('region', { name: 'Caption experiments' });
    await panel.getByRole('button', { name: 'New caption experiment' }).click();
    await expect(panel.getByRole('textbox', { name: 'Variant A' }).inputValue()).resolves.toBe('Spring is here: our new collection');
    await panel.getByRole('textbox', { name: 'Variant B' }).fill('Meet the spring collection, made to last');
    await panel.getByRole('combobox', { name: 'Account for variant A' }).selectOption({ label: 'Instagram · @sandbox.business' });
    await panel.getByRole('combobox', { name: 'Account for variant B' }).selectOption({ label: 'Instagram · @sandbox.creator' });
    await expectNoAxeViolations(page);
    await panel.getByRole('button', { name: 'Start the experiment' }).click();
    await panel.getByText('The experiment is planned: each variant is now a post of its own.').waitFor({ timeout: UI_CEILING_MS });

    // Both variants post at their time through the pipeline (the sandbox's Instagram).
    const experiment = async () => (await apiFromBrowser<{ items: Experiment[] }>(page, 'GET', `/api/experiments?itemId=${item.id}`)).items[0]!;
    await waitUntil(
      async () => (await experiment()).variants.every((v) => v.publicationStatus === 'posted'),
      'both variants posted',
      async () => JSON.stringify(await experiment()) + `\n${journey.server.output().slice(-3000)}`,
    );
    const posted = await experiment();
    expect(posted.variants.map((v) => v.label)).toEqual(['A', 'B']);
    await page.reload();
    await page.getByRole('table', { name: 'The variants of this experiment and their results' }).waitFor();

    // A day later (in our database): each post's views at 24 h, as the ingestion stores them.
    const [a, b] = posted.variants.map((v) => v.publicationId!);
    psql(
      database.url,
      `UPDATE platform_publications SET posted_at = posted_at - interval '25 hours' WHERE id IN ('${a}', '${b}');
       INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, read_at)
       SELECT workspace_id, social_account_id, id, platform, '24h', (posted_at AT TIME ZONE 'UTC')::date, 'views',
              CASE WHEN id = '${a}' THEN 300 ELSE 30000 END, posted_at, posted_at + interval '24 hours'
         FROM platform_publications WHERE id IN ('${a}', '${b}')
       ON CONFLICT DO NOTHING;
       UPDATE experiments SET next_check_at = now() WHERE id = '${posted.id}'`,
    );
    // The scheduler's pass (every minute) decides it.
    await waitUntil(
      async () => (await experiment()).status === 'decided',
      'the experiment decided',
      async () => JSON.stringify(await experiment()),
    );

    await page.reload();
    const verdict = page.getByText(/^Variant B wins: \d+(\.\d)?% probability of being the best caption \(Views at 24 hours\)\.$/);
    await verdict.waitFor({ timeout: UI_CEILING_MS });
    const table = page.getByRole('table', { name: 'The variants of this experiment and their results' });
    await expect(table.getByRole('row').nth(2).textContent()).resolves.toContain('30,000');
    await expectNoAxeViolations(page);

    // And on the Experiments page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Experiments', exact: true }).waitFor();
    await page.getByText(/^Variant B wins:/).waitFor({ timeout: UI_CEILING_MS });
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
