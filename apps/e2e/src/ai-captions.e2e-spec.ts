import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, hasFfmpeg, journeyFixture, mainNavLink, makeVideo } from './journey-steps';

const GOOD = 'Light, loud and finally here: meet the sneaker that keeps up with you. #sneakers #launch';
const SIX_TAGS = 'Launch day! #sneakers #launch #new #style #shoes #drop';
const TIKTOK = 'POV: you found the sneaker that keeps up #sneakers';

/**
 * A local OpenAI-compatible server (issue 24): POST /v1/chat/completions, streamed as SSE `data:`
 * chunks and `[DONE]` when asked, else one JSON answer; `failing` turns every answer into a 500.
 */
function openAiStub() {
  const stub = { failing: false, requests: 0, url: '', server: undefined as Server | undefined };
  const content = JSON.stringify({ suggestions: { instagram: [GOOD, SIX_TAGS], tiktok: [TIKTOK] } });
  stub.server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      stub.requests++;
      if (stub.failing || req.url !== '/v1/chat/completions') {
        res.writeHead(stub.failing ? 500 : 404, { 'content-type': 'application/json' }).end('{"error":{"message":"stub down"}}');
        return;
      }
      const body = JSON.parse(raw) as { stream?: boolean; model?: string };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < content.length; i += 40)
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: content.slice(i, i + 40) } }] })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  return stub;
}

describe('AI caption suggestions in headless Chromium (issue 24)', () => {
  const stub = openAiStub();
  // Filled before the server starts (this hook runs before the fixture's).
  const env: Record<string, string> = { AI_MODEL: 'stub-model', AI_API_KEY: 'sk-e2e', AI_MAX_RETRIES: '0', AI_TIMEOUT_MS: '5000' };
  beforeAll(async () => {
    await new Promise<void>((resolve) => stub.server!.listen(0, '127.0.0.1', resolve));
    env.AI_BASE_URL = `http://127.0.0.1:${(stub.server!.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    stub.server?.closeAllConnections();
    await new Promise((resolve) => stub.server?.close(resolve));
  });
  const journey = journeyFixture('ai-captions', env);
  let page: Page;

  beforeAll(async () => {
    page = await (await journey.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['Instagram', 'TikTok']);
  });

  it('offers the suggestions that pass the rules, labelled AI-written, not the one over the hashtag cap; the picked one is scheduled with the AI disclosure', async () => {
    if (!hasFfmpeg()) throw new Error('ffmpeg is needed to make the test video');
    const video = makeVideo();
    try {
      await mainNavLink(page, 'Queue').click();
      await page.getByRole('link', { name: 'New post' }).click();
      await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
      await page.getByLabel('Video file').setInputFiles(video.file);
      await page.getByText(/· ready/).waitFor({ timeout: UI_CEILING_MS });
      await page.getByLabel(/on Instagram$/).check();
      await page.getByLabel(/on TikTok$/).check();
      const privacy = page.getByLabel('Who can view this video');
      const choices = await privacy.locator('option:not([disabled])').allTextContents();
      await privacy.selectOption({ label: choices.includes('Everyone') ? 'Everyone' : choices[0]! });
      await page.getByLabel('Caption', { exact: true }).fill('New sneaker out today');
      // Marked AI-generated: each platform's disclosure from the registry (TikTok's AIGC flag), Instagram has none.
      await page.getByLabel('This video was made or altered with AI').check();
      await expect(page.getByTestId('ai-disclosure').textContent()).resolves.toContain('TikTok: “AI-generated content” on');
      await expect(page.getByTestId('ai-disclosure').textContent()).resolves.toContain('Instagram: its API has no AI disclosure option');

      // Off for the workspace until an admin turns it on: the owner does it from the panel.
      const panel = page.getByTestId('ai-suggestions');
      await panel.getByRole('button', { name: 'Turn on for this workspace' }).click();
      await panel.getByRole('button', { name: 'Suggest captions' }).click();

      const offered = panel.getByTestId('ai-suggestions-instagram').getByTestId('ai-suggestion');
      await offered.first().waitFor({ timeout: UI_CEILING_MS });
      expect(await offered.count()).toBe(1);
      await expect(offered.first().textContent()).resolves.toContain('AI-written');
      await expect(offered.first().textContent()).resolves.toContain(GOOD);
      await expect(panel.getByTestId('ai-suggestions-tiktok').textContent()).resolves.toContain(TIKTOK);
      const refused = panel.getByTestId('ai-suggestions-instagram').getByTestId('ai-suggestions-refused');
      await refused.locator('summary').click();
      await expect(refused.textContent()).resolves.toContain('Not offered: 6 hashtags, Instagram allows 5');
      expect(await refused.getByRole('button').count()).toBe(0);
      await journey.artifacts.screenshot(page, 'suggestions');
      await expectNoAxeViolations(page);

      await offered.first().getByRole('button', { name: 'Use this caption' }).click();
      await expect(page.getByLabel('Caption', { exact: true }).inputValue()).resolves.toBe(GOOD);

      await page.getByLabel('Schedule', { exact: true }).check();
      const at = new Date(Date.now() + 3 * 86_400_000);
      const local = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-${String(at.getUTCDate()).padStart(2, '0')}T10:00`;
      await page.locator('input[type="datetime-local"]').fill(local);
      await page.getByRole('button', { name: 'Schedule post' }).click();
      await page.getByText(/Scheduled for/).waitFor({ timeout: UI_CEILING_MS });
      await page.getByRole('link', { name: 'Open the post' }).click();
      await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
      const id = /\/posts\/([0-9a-f-]{36})$/.exec(page.url())![1];
      const item = await apiFromBrowser<{
        caption: string;
        status: string;
        options: Record<string, unknown>;
        targets: { platform?: string; options: Record<string, unknown> }[];
      }>(page, 'GET', `/api/content-items/${id}`);
      expect(item).toMatchObject({ caption: GOOD, status: 'scheduled', options: { captionSource: 'ai', aiGenerated: true } });
      expect(item.targets.find((t) => t.platform === 'tiktok')?.options.isAigc).toBe(true);
      expect(item.targets.find((t) => t.platform === 'instagram')?.options).not.toHaveProperty('isAigc');
    } finally {
      video.remove();
    }
  });

  it('shows a failing provider as a clear message in the composer, not a broken page', async () => {
    stub.failing = true;
    await mainNavLink(page, 'Queue').click();
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    await page.getByLabel(/on Instagram$/).check();
    await page.getByLabel('Caption', { exact: true }).fill('Another draft');
    const panel = page.getByTestId('ai-suggestions');
    await panel.getByRole('button', { name: 'Suggest captions' }).click();
    const error = panel.getByTestId('ai-suggestions-error');
    await error.waitFor({ timeout: UI_CEILING_MS });
    await expect(error.textContent()).resolves.toContain('The AI service refused the request');
    await expect(page.getByLabel('Caption', { exact: true }).inputValue()).resolves.toBe('Another draft');
    await journey.artifacts.screenshot(page, 'provider-failed');
    await expectNoAxeViolations(page);
  });
});
