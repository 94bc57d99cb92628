import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import {
  apiFromBrowser,
  composeAndPostNow,
  connectAccounts,
  expectNoAxeViolations,
  hasFfmpeg,
  journeyFixture,
  laneOf,
  mainNavLink,
  makeVideo,
  waitForLaneStatus,
} from './journey-steps';

interface Item {
  id: string;
  status: string;
  version: number;
  publications: unknown[];
  targets: { accountId: string }[];
}

interface Review {
  state: string;
  awaitingApproval: boolean;
  hash: string;
}

/**
 * Issue 25, part 1, in headless Chromium: the owner requires approvals; an editor posts now, and
 * nothing is published while the post awaits approval; the owner sends it back with a comment,
 * the editor edits it, the owner approves it and it is posted on the sandbox. An edit after an
 * approval voids it, visibly.
 */
describe('approvals bound to the exact version, in headless Chromium', () => {
  const journey = journeyFixture('approvals');
  const { artifacts } = journey;

  it('required approval → editor posts → awaiting approval → changes requested with a comment → edit → approved → posted; an edit after approval voids it', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const ownerContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const owner = await ownerContext.newPage();
    const errors: string[] = [];
    owner.on('pageerror', (error) => errors.push(error.message));
    await owner.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(owner);
    await owner.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(owner, ['TikTok']);

    // Settings → Approvals: required.
    await mainNavLink(owner, 'Settings').click();
    const approvals = owner.getByRole('region', { name: 'Approvals' });
    await approvals.getByLabel('Approval policy').selectOption({ label: 'Required: a team approval before publishing' });
    await owner.waitForFunction(async () => (await (await fetch('/api/review-settings')).json()).policy === 'required_internal', undefined, { polling: 200 });
    await artifacts.screenshot(owner, 'settings-approvals');

    // The editor joins through an invitation.
    const invitation = await apiFromBrowser<{ acceptUrl: string }>(owner, 'POST', '/api/invitations', { email: 'eddie@example.com', role: 'editor' });
    const token = invitation.acceptUrl.split('/invite/')[1]!;
    const editorContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const accepted = await editorContext.request.post(`${journey.server.url}/api/auth/invitations/accept`, {
      data: { token, name: 'Eddie', password: 'editor password 1' },
    });
    expect(accepted.status()).toBe(200);
    const editor = await editorContext.newPage();
    editor.on('pageerror', (error) => errors.push(error.message));
    await editor.goto(`${journey.server.url}/`);
    await editor.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();

    // The editor posts now: it awaits approval, and nothing is published.
    const id = (await composeAndPostNow(editor, { video: video.file, platforms: ['TikTok'], caption: 'Approval journey #launch', artifacts, then: 'post' }))!;
    const panel = editor.getByTestId('review-panel');
    await editor.getByText('Awaiting approval', { exact: true }).first().waitFor();
    await panel.getByText('This post will not be published until it is approved.').waitFor();
    // Several scheduler ticks (2 s each) pass: still no publication.
    await editor.waitForTimeout(6000);
    const held = await apiFromBrowser<Item>(editor, 'GET', `/api/content-items/${id}`);
    expect({ status: held.status, publications: held.publications.length }).toEqual({ status: 'scheduled', publications: 0 });
    await artifacts.screenshot(editor, 'awaiting-approval');
    // The queue says so too, beside the status and in the lane.
    await mainNavLink(editor, 'Queue').click();
    const queued = editor.getByRole('article', { name: 'Approval journey #launch' });
    await queued.locator('[data-review="awaiting_approval"]').waitFor();
    await queued.locator('.lanes').getByText('Awaiting approval').waitFor();
    await artifacts.screenshot(editor, 'queue-awaiting-approval');

    // The owner finds it in the review queue (nav count) and sends it back with a comment.
    await owner.reload();
    await owner.getByTestId('nav-review-badge').waitFor();
    await mainNavLink(owner, 'Review').click();
    await owner.getByRole('heading', { level: 1, name: 'Review', exact: true }).waitFor();
    const row = owner.locator('.review-row').filter({ hasText: 'Approval journey' });
    await row.getByText('Awaiting approval').waitFor();
    await expectNoAxeViolations(owner);
    await artifacts.screenshot(owner, 'review-queue');
    await row.getByRole('link').click();
    await owner.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    await owner.getByRole('button', { name: 'Request changes' }).click();
    await owner.getByLabel('What should change?').fill('Add the launch date, please');
    await owner.getByRole('button', { name: 'Send back' }).click();
    await owner.getByText(/^Changes requested by Olive/).waitFor();
    await owner.getByRole('list', { name: 'Comments' }).getByText('Add the launch date, please').waitFor();
    await expectNoAxeViolations(owner);
    await artifacts.screenshot(owner, 'changes-requested');

    // The editor sees the comment and edits the caption.
    await editor.goto(`${journey.server.url}/posts/${id}`);
    await editor.getByRole('list', { name: 'Comments' }).getByText('Add the launch date, please').waitFor();
    await editor.getByText('Changes requested', { exact: true }).first().waitFor();
    const before = await apiFromBrowser<Item>(editor, 'GET', `/api/content-items/${id}`);
    await apiFromBrowser(editor, 'PATCH', `/api/content-items/${id}`, { caption: 'Approval journey #launch — out on Monday', version: before.version });
    expect((await apiFromBrowser<Review>(editor, 'GET', `/api/content-items/${id}/review`)).state).toBe('in_review');

    // The owner approves this version; it is posted on the sandbox.
    await owner.reload();
    await owner.getByRole('button', { name: 'Approve this version' }).click();
    await owner.getByText(/^Approved by Olive/).waitFor();
    await artifacts.screenshot(owner, 'approved');
    await waitForLaneStatus(laneOf(owner, 'TikTok'), 'posted', UI_CEILING_MS, () => apiFromBrowser(owner, 'GET', `/api/content-items/${id}`));
    await artifacts.screenshot(owner, 'posted');

    // A second post, in two days: approved, then edited by the editor → the approval is void, visibly.
    const accountId = held.targets[0]!.accountId;
    const later = await apiFromBrowser<Item>(editor, 'POST', '/api/content-items', {
      title: 'Later post',
      caption: 'Approved, then edited',
      scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      timeZone: 'UTC',
      targets: [{ accountId }],
    });
    await owner.goto(`${journey.server.url}/posts/${later.id}`);
    await owner.getByRole('button', { name: 'Approve this version' }).click();
    await owner.getByText(/^Approved by Olive/).waitFor();
    const approved = await apiFromBrowser<Item>(editor, 'GET', `/api/content-items/${later.id}`);
    await apiFromBrowser(editor, 'PATCH', `/api/content-items/${later.id}`, { caption: 'Approved, then edited again', version: approved.version });
    await owner.reload();
    await owner.getByText(/^Approval voided by Eddie’s edit at /).waitFor({ timeout: UI_CEILING_MS });
    const voided = await apiFromBrowser<Review>(owner, 'GET', `/api/content-items/${later.id}/review`);
    expect({ state: voided.state, awaitingApproval: voided.awaitingApproval }).toEqual({ state: 'in_review', awaitingApproval: true });
    await expectNoAxeViolations(owner);
    await artifacts.screenshot(owner, 'approval-voided');

    expect(errors).toEqual([]);
    await ownerContext.close();
    await editorContext.close();
    video.remove();
  });
});
