import type { Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, hasFfmpeg, journeyFixture, mainNavLink, makeVideo } from './journey-steps';
import { freshDatabase, psql } from './postgres';

const ZONE = 'Europe/Paris';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Today + `days` in Paris, as YYYY-MM-DD, and its weekday (0 = Monday). */
function parisDate(days: number): { date: string; weekday: number } {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
  return { date, weekday: (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7 };
}

/** The wall clock of an instant in Paris, as a datetime-local value. */
function parisLocal(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

describe('Best times and queue slots in headless Chromium (issue 24)', () => {
  // PostgreSQL of its own: the test writes four weeks of results (views at 24 h) straight into it.
  const database = freshDatabase('best_times');
  const journey = journeyFixture('best-times', { DATABASE_URL: database.url });
  let page: Page;
  let accountId: string;
  afterAll(() => database.drop());

  beforeAll(async () => {
    page = await (await journey.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    const me = await apiFromBrowser<{ workspace: { id: string } }>(page, 'GET', '/api/auth/me');
    await apiFromBrowser(page, 'PATCH', `/api/workspaces/${me.workspace.id}`, { timeZone: ZONE });
    await connectAccounts(page, ['TikTok']);
    const accounts = await apiFromBrowser<{ id: string; platform: string }[]>(page, 'GET', '/api/accounts');
    accountId = accounts.find((a) => a.platform === 'tiktok')!.id;
    // Four weeks of posts at 09:00 and 18:00 Paris time, 18:00 doing three times better, with their
    // views at 24 h as the ingestion would have read them.
    psql(
      database.url,
      `WITH posts AS (
         SELECT ((current_date - g)::timestamp + time '18:00') AT TIME ZONE '${ZONE}' AS at, 3000 + g AS views FROM generate_series(2, 29) g
         UNION ALL
         SELECT ((current_date - g)::timestamp + time '09:00') AT TIME ZONE '${ZONE}', 1000 + g FROM generate_series(2, 29) g
       ), items AS (
         INSERT INTO content_items (workspace_id, title, status, scheduled_at)
         SELECT '${me.workspace.id}', 'earlier post', 'published', at FROM posts RETURNING id, scheduled_at
       ), pubs AS (
         INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
         SELECT '${me.workspace.id}', id, '${accountId}', 'tiktok', 'posted', scheduled_at FROM items RETURNING id, posted_at
       )
       INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at, read_at)
       SELECT '${me.workspace.id}', '${accountId}', p.id, 'tiktok', '24h', (p.posted_at AT TIME ZONE 'UTC')::date, 'views', posts.views, p.posted_at, p.posted_at + interval '24 hours'
         FROM pubs p JOIN posts ON posts.at = p.posted_at`,
    );
  });

  it('shows the heatmap on Account Health: the better hour, each cell with its sample size and interval, axe clean', async () => {
    await page.goto(`${journey.server.url}/`);
    await mainNavLink(page, 'Account Health').click();
    const grid = page.getByRole('table', { name: 'Best times heatmap, Europe/Paris' });
    await grid.waitFor({ timeout: UI_CEILING_MS });
    await expect(page.getByTestId('best-times-status').textContent()).resolves.toMatch(/Based on 56 posts\. Best so far: \w{3} 18:00 \(×\d/);
    const cell = grid.getByRole('button', { name: /^Tuesday 18:00: ×[\d.]+, 4 posts, from ×[\d.]+ to ×[\d.]+$/ });
    // Rows are weekdays (Monday first), columns hours: Tuesday's row, the 18:00 column, is that cell.
    await expect(grid.locator('tbody tr').nth(1).locator('td').nth(18).getByRole('button').getAttribute('aria-label')).resolves.toMatch(/^Tuesday 18:00:/);
    await cell.hover();
    await expect(page.getByTestId('best-times-detail').textContent()).resolves.toMatch(
      /^Tuesday 18:00 — ×[\d.]+ of usual views \(95 % interval ×[\d.]+ to ×[\d.]+\), 4 posts$/,
    );
    await grid.getByRole('button', { name: /^Tuesday 03:00: no posts yet/ }).focus();
    await expect(page.getByTestId('best-times-detail').textContent()).resolves.toContain('3 more posts needed in this hour');
    await journey.artifacts.screenshot(page, 'heatmap');
    await expectNoAxeViolations(page);
  });

  it('edits the slots: adds one by hand and moves it; the suggestions label their best and explore hours', async () => {
    const target = parisDate(2);
    const editor = page.getByRole('region', { name: 'Posting slots' });
    await editor.getByLabel('Day', { exact: true }).selectOption({ label: WEEKDAYS[target.weekday]! });
    await editor.getByLabel('Time', { exact: true }).fill('10:00');
    await editor.getByRole('button', { name: 'Add slot' }).click();
    const row = editor.getByTestId('queue-slot').first();
    await row.waitFor();
    await row.locator('input[type="time"]').fill('11:15');
    await row.getByRole('button', { name: 'Save' }).click();
    const deadline = Date.now() + UI_CEILING_MS;
    for (;;) {
      const list = await apiFromBrowser<{ items: { time: string }[] }>(page, 'GET', `/api/queue-slots?accountId=${accountId}`);
      if (list.items.some((s) => s.time === '11:15')) break;
      if (Date.now() > deadline) throw new Error(`the slot was not moved: ${JSON.stringify(list)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const suggestions = page.getByTestId('slot-suggestion');
    await suggestions.first().waitFor();
    const texts = await suggestions.allTextContents();
    expect(texts.some((t) => t.startsWith('Best time'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Explore'))).toBe(true);
    await journey.artifacts.screenshot(page, 'slots');
    await expectNoAxeViolations(page);
    const slots = await apiFromBrowser<{ items: { weekday: number; time: string; origin: string }[] }>(page, 'GET', `/api/queue-slots?accountId=${accountId}`);
    expect(slots.items).toEqual([expect.objectContaining({ weekday: target.weekday, time: '11:15', origin: 'manual' })]);
  });

  it('"Add to queue" in the composer takes the next free slot, and the post lands in it', async () => {
    if (!hasFfmpeg()) throw new Error('ffmpeg is needed to make the test video');
    const target = parisDate(2);
    const video = makeVideo();
    try {
      await mainNavLink(page, 'Queue').click();
      await page.getByRole('link', { name: 'New post' }).click();
      await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
      await page.getByLabel('Video file').setInputFiles(video.file);
      await page.getByText(/· ready/).waitFor({ timeout: UI_CEILING_MS });
      await page.getByLabel(/on TikTok$/).check();
      const privacy = page.getByLabel('Who can view this video');
      const choices = await privacy.locator('option:not([disabled])').allTextContents();
      await privacy.selectOption({ label: choices.includes('Everyone') ? 'Everyone' : choices[0]! });
      await page.getByLabel('Caption', { exact: true }).fill('Queued at our best slot');
      await expect(page.getByTestId('queue-slot-hint').textContent()).resolves.toContain('Best time for @');
      await page.getByRole('button', { name: 'Add to queue' }).click();
      await page.getByTestId('queue-slot-result').waitFor();
      await expect(page.locator('input[type="datetime-local"]').inputValue()).resolves.toBe(`${target.date}T11:15`);
      await journey.artifacts.screenshot(page, 'queued');
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Schedule post' }).click();
      await page.getByText(/Scheduled for/).waitFor({ timeout: UI_CEILING_MS });
      await page.getByRole('link', { name: 'Open the post' }).click();
      await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
      const id = /\/posts\/([0-9a-f-]{36})$/.exec(page.url())![1];
      const item = await apiFromBrowser<{ scheduledAt: string; status: string }>(page, 'GET', `/api/content-items/${id}`);
      expect(item.status).toBe('scheduled');
      expect(parisLocal(item.scheduledAt)).toBe(`${target.date}T11:15`);
      // The slot is taken now: the next Add to queue goes a week later.
      const next = await apiFromBrowser<{ scheduledAt: string; skipped: { reason: string }[] }>(page, 'GET', `/api/queue-slots/next?accountIds=${accountId}`);
      expect(parisLocal(next.scheduledAt)).toBe(`${parisDate(9).date}T11:15`);
      expect(next.skipped.map((s) => s.reason)).toEqual(['taken']);
    } finally {
      video.remove();
    }
  });
});
