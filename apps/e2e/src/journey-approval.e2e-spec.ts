import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';

import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, hasFfmpeg, journeyFixture, makeVideo, waitForLaneStatus } from './journey-steps';

interface Item {
  id: string;
  status: string;
  version: number;
  caption: string;
  publications: unknown[];
}

interface Review {
  state: string;
  awaitingApproval: boolean;
  clientStep?: string;
}

/** No sideways scrolling: the document is never wider than the window. */
async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect({ where, overflowPx: Math.max(0, scrollWidth - innerWidth) }).toEqual({ where, overflowPx: 0 });
}

/** axe once loading ends: no violation at all, listed by rule and target. */
async function expectAxeClean(page: Page, where: string): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'), undefined, { polling: 100 });
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${where}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The first lane of TikTok on a page, as the French UI names it. */
const tiktokLane = (page: Page): Locator => page.getByRole('group', { name: /^Piste de @.+ sur TikTok$/ }).first();

/**
 * Issue 25, the whole approval journey in headless Chromium, in French: under "required (team +
 * client)", an editor writes a post and shares it for client review; the reviewer requests changes
 * with a comment; the editor edits; the reviewer approves; another edit voids that approval,
 * visibly; the reviewer approves the new version; the client approves through the link (no
 * account); and only then does the sandbox post it (the lane says Publiée).
 */
describe('approval journey: editor → reviewer → client → posted, in headless Chromium (French)', () => {
  const journey = journeyFixture('journey-approval');
  const { artifacts } = journey;

  it('writes → changes requested with a comment → edit → approved → edit voids it → approved → client approves by link → posted', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const errors: string[] = [];

    // Setup in English (the first-run page), then everyone works in French.
    const setupContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const setup = await setupContext.newPage();
    await setup.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(setup);
    await setup.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(setup, ['TikTok']);
    await apiFromBrowser(setup, 'PATCH', '/api/review-settings', { policy: 'required_client', allowSelfApproval: false });
    await apiFromBrowser(setup, 'PATCH', '/api/auth/me', { locale: 'fr' });
    const invitation = await apiFromBrowser<{ acceptUrl: string }>(setup, 'POST', '/api/invitations', { email: 'eddie@example.com', role: 'editor' });
    const ownerState = await setupContext.storageState();
    await setupContext.close();

    const reviewerContext = await journey.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      reducedMotion: 'reduce',
      storageState: ownerState,
    });
    const reviewer = await reviewerContext.newPage();
    reviewer.on('pageerror', (error) => errors.push(error.message));
    const editorContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', reducedMotion: 'reduce' });
    const accepted = await editorContext.request.post(`${journey.server.url}/api/auth/invitations/accept`, {
      data: { token: invitation.acceptUrl.split('/invite/')[1]!, name: 'Eddie', password: 'editor password 1' },
    });
    expect(accepted.status()).toBe(200);
    const editor = await editorContext.newPage();
    editor.on('pageerror', (error) => errors.push(error.message));
    await editor.goto(`${journey.server.url}/`);
    await apiFromBrowser(editor, 'PATCH', '/api/auth/me', { locale: 'fr' });

    // 1. The editor writes a post and posts it now: it waits for the approvals, nothing is published.
    await editor.goto(`${journey.server.url}/compose`);
    await editor.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
    await editor.getByLabel('Fichier vidéo').setInputFiles(video.file);
    await editor.getByText(/Envoyée \(/).waitFor();
    await editor.getByText(/· prête/).waitFor();
    await editor.getByLabel(/sur TikTok$/).check();
    const privacy = editor.getByLabel('Qui peut voir cette vidéo');
    const choices = await privacy.locator('option:not([disabled])').allTextContents();
    await privacy.selectOption({ label: choices.includes('Tout le monde') ? 'Tout le monde' : choices[0]! });
    await editor.getByLabel('Légende', { exact: true }).fill('Lancement de printemps #nouveau');
    await editor.getByLabel('Publier maintenant').check();
    await editor.getByRole('button', { name: 'Publier maintenant' }).click();
    await editor
      .getByText(/Programmée pour/)
      .first()
      .waitFor();
    await editor.getByRole('link', { name: 'Ouvrir la publication' }).click();
    await editor.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    const id = /\/posts\/([0-9a-f-]{36})$/.exec(editor.url())![1]!;
    await editor.getByTestId('review-panel').getByText('Cette publication ne sera pas publiée avant d’être approuvée.').waitFor();
    await artifacts.screenshot(editor, 'written');

    // The editor shares it for client review.
    await editor.getByRole('button', { name: 'Partager pour relecture client' }).click();
    const linkUrl = await editor.getByTestId('review-link-url').first().inputValue();
    const linkPath = new URL(linkUrl).pathname;
    expect(linkPath).toMatch(/^\/review\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

    // 2. The reviewer requests changes with a comment.
    await reviewer.goto(`${journey.server.url}/posts/${id}`);
    await reviewer.getByRole('button', { name: 'Demander des modifications' }).click();
    await reviewer.getByLabel('Que faut-il changer ?').fill('Ajoutez la date de sortie, s’il vous plaît');
    await reviewer.getByRole('button', { name: 'Renvoyer' }).click();
    await reviewer.getByText(/^Modifications demandées par Olive/).waitFor();
    await reviewer.getByRole('list', { name: 'Commentaires' }).getByText('Ajoutez la date de sortie, s’il vous plaît').waitFor();
    await expectAxeClean(reviewer, 'changes requested');
    await artifacts.screenshot(reviewer, 'changes-requested');

    // 3. The editor sees it and edits the caption: back in review.
    await editor.goto(`${journey.server.url}/posts/${id}`);
    await editor
      .getByRole('list', { name: 'Commentaires' })
      .getByText('Ajoutez la date de sortie, s’il vous plaît')
      .waitFor()
      .catch(async (error: unknown) => {
        await artifacts.screenshot(editor, 'editor-no-comment');
        throw new Error(
          `${String(error)}\n${await editor
            .locator('main')
            .innerText()
            .catch(() => '')}`,
        );
      });
    await editor.getByText('Modifications demandées', { exact: true }).first().waitFor();
    const first = await apiFromBrowser<Item>(editor, 'GET', `/api/content-items/${id}`);
    await apiFromBrowser(editor, 'PATCH', `/api/content-items/${id}`, { caption: 'Lancement de printemps, lundi #nouveau', version: first.version });
    expect((await apiFromBrowser<Review>(editor, 'GET', `/api/content-items/${id}/review`)).state).toBe('in_review');

    // 4. The reviewer approves this version.
    await reviewer.reload();
    await reviewer.getByRole('button', { name: 'Approuver cette version' }).click();
    await reviewer.getByText(/^Approuvée par Olive/).waitFor();

    // 5. Another edit voids that approval, and the page says so.
    const approved = await apiFromBrowser<Item>(editor, 'GET', `/api/content-items/${id}`);
    await apiFromBrowser(editor, 'PATCH', `/api/content-items/${id}`, { caption: 'Lancement de printemps, lundi 9 h #nouveau', version: approved.version });
    await reviewer.reload();
    await reviewer.getByText(/^Approbation annulée par la modification de Eddie à /).waitFor({ timeout: UI_CEILING_MS });
    const voided = await apiFromBrowser<Review>(reviewer, 'GET', `/api/content-items/${id}/review`);
    expect({ state: voided.state, awaitingApproval: voided.awaitingApproval }).toEqual({ state: 'in_review', awaitingApproval: true });
    await expectAxeClean(reviewer, 'approval voided');
    await artifacts.screenshot(reviewer, 'approval-voided');

    // 6. The reviewer approves the new version; the client's step still holds it.
    await reviewer.getByRole('button', { name: 'Approuver cette version' }).click();
    await reviewer
      .getByRole('button', { name: 'Approuver cette version' })
      .waitFor({ state: 'detached' })
      .catch(async (error: unknown) => {
        await artifacts.screenshot(reviewer, 'second-approval');
        throw new Error(
          `${String(error)}\n${await reviewer
            .getByTestId('review-panel')
            .innerText()
            .catch(() => '')}`,
        );
      });
    await reviewer.getByText(/^L’approbation du client est en attente/).waitFor();
    await reviewer.waitForTimeout(4000);
    const held = await apiFromBrowser<Item>(reviewer, 'GET', `/api/content-items/${id}`);
    expect(held.publications).toHaveLength(0);

    // 7. The client, without an account, on a phone: sees the latest version and approves it.
    const clientContext = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', reducedMotion: 'reduce', hasTouch: true });
    const client = await clientContext.newPage();
    client.on('pageerror', (error) => errors.push(error.message));
    await client.goto(`${journey.server.url}${linkPath}`);
    const card = client.getByTestId('client-review-item');
    await card.getByText('Lancement de printemps, lundi 9 h #nouveau').first().waitFor();
    await card.getByText('En attente de votre décision').waitFor();
    await expectNoHorizontalOverflow(client, 'client review at 390 px');
    await expectAxeClean(client, 'client review');
    await artifacts.screenshot(client, 'client-review');
    await card.getByRole('button', { name: 'Approuver' }).click();
    await card.getByText('Vous avez approuvé cette publication').waitFor();
    await artifacts.screenshot(client, 'client-approved');

    // 8. Both steps approved: the sandbox posts it, and the lane says so.
    await reviewer.reload();
    const lane = tiktokLane(reviewer);
    await waitForLaneStatus(lane, 'posted', UI_CEILING_MS, () => apiFromBrowser(reviewer, 'GET', `/api/content-items/${id}`));
    await lane.getByText('Publiée', { exact: true }).first().waitFor();
    const review = await apiFromBrowser<Review>(reviewer, 'GET', `/api/content-items/${id}/review`);
    expect({ state: review.state, clientStep: review.clientStep }).toEqual({ state: 'approved', clientStep: 'approved' });
    await expectAxeClean(reviewer, 'posted');
    await artifacts.screenshot(reviewer, 'posted');

    expect(errors).toEqual([]);
    await clientContext.close();
    await editorContext.close();
    await reviewerContext.close();
    video.remove();
  });
});
