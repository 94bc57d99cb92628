import type { Browser, Page } from 'playwright-core';

import { createOwnerInBrowser } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture, mainNavLink } from './journey-steps';

interface Account {
  id: string;
  platform: string;
  handle: string;
}

interface Member {
  userId: string;
  name: string;
  accountIds?: string[] | null;
}

/** Invites someone with `role`, accepts in a new browser context and opens the app as them. */
async function joinAs(browser: Browser, owner: Page, baseUrl: string, who: { email: string; name: string; role: string }): Promise<Page> {
  const invitation = await apiFromBrowser<{ acceptUrl: string }>(owner, 'POST', '/api/invitations', { email: who.email, role: who.role });
  const token = invitation.acceptUrl.split('/invite/')[1]!;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const accepted = await context.request.post(`${baseUrl}/api/auth/invitations/accept`, { data: { token, name: who.name, password: 'member password 1' } });
  expect(accepted.status()).toBe(200);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
  return page;
}

/**
 * Issue 25, roles and per-account access, in headless Chromium: an admin limits an agency member to
 * one client's account in Settings → Members; the member signs in and sees that account's posts
 * only; a contributor's composer saves drafts (no Schedule), and the API refuses to schedule for them.
 */
describe('per-account access and the contributor role, in headless Chromium', () => {
  const journey = journeyFixture('member-access');
  const { artifacts } = journey;

  it('an admin limits a member to one account; the member sees only its posts; a contributor cannot schedule', async () => {
    const baseUrl = journey.server.url;
    const ownerContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const owner = await ownerContext.newPage();
    const errors: string[] = [];
    owner.on('pageerror', (error) => errors.push(error.message));
    await owner.goto(`${baseUrl}/`);
    await createOwnerInBrowser(owner);
    await owner.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(owner, ['TikTok', 'Instagram']);
    const accounts = await apiFromBrowser<Account[]>(owner, 'GET', '/api/accounts');
    const tiktok = accounts.find((a) => a.platform === 'tiktok')!;
    const instagram = accounts.find((a) => a.platform === 'instagram')!;

    // One post per client account, planned in two days.
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    for (const [title, account] of [
      ['Client A launch', tiktok],
      ['Client B teaser', instagram],
    ] as const) {
      await apiFromBrowser(owner, 'POST', '/api/content-items', {
        title,
        caption: title,
        scheduledAt: inTwoDays,
        timeZone: 'UTC',
        targets: [{ accountId: account.id }],
      });
    }

    const member = await joinAs(journey.browser, owner, baseUrl, { email: 'alex@example.com', name: 'Alex', role: 'editor' });
    member.on('pageerror', (error) => errors.push(error.message));

    // Settings → Members: the owner limits Alex to the TikTok account.
    await mainNavLink(owner, 'Settings').click();
    const members = owner.getByRole('region', { name: 'Members' });
    await members.getByRole('button', { name: 'Accounts Alex can see' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Accounts Alex can see' });
    await dialog.getByRole('radio', { name: 'Only these accounts' }).check();
    await dialog.getByRole('checkbox', { name: new RegExp(`@${tiktok.handle}`) }).check();
    await expectNoAxeViolations(owner);
    await artifacts.screenshot(owner, 'member-accounts-picker');
    await dialog.getByRole('button', { name: 'Save access' }).click();
    await members.getByRole('button', { name: 'Accounts Alex can see' }).filter({ hasText: '1 account' }).waitFor();
    const alex = (await apiFromBrowser<Member[]>(owner, 'GET', '/api/members')).find((m) => m.name === 'Alex')!;
    expect(alex.accountIds).toEqual([tiktok.id]);
    await artifacts.screenshot(owner, 'members-limited');

    // Alex sees the TikTok post, not the Instagram one, and only the TikTok account.
    await member.reload();
    await mainNavLink(member, 'Queue').click();
    await member.getByText('Client A launch').first().waitFor();
    expect(await member.getByText('Client B teaser').count()).toBe(0);
    expect((await apiFromBrowser<Account[]>(member, 'GET', '/api/accounts')).map((a) => a.id)).toEqual([tiktok.id]);
    const hidden = await member.request.get(`${baseUrl}/api/accounts/${instagram.id}/impact`);
    expect(hidden.status()).toBe(404);
    await artifacts.screenshot(member, 'member-queue');

    // A contributor's composer: drafts only, and the API refuses to schedule for them.
    const writer = await joinAs(journey.browser, owner, baseUrl, { email: 'casey@example.com', name: 'Casey', role: 'contributor' });
    writer.on('pageerror', (error) => errors.push(error.message));
    await writer.goto(`${baseUrl}/compose`);
    await writer.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    const when = writer.getByRole('radiogroup', { name: 'When' });
    await when.getByRole('radio', { name: 'Save as draft' }).waitFor();
    expect(await when.getByRole('radio', { name: 'Schedule' }).count()).toBe(0);
    expect(await when.getByRole('radio', { name: 'Post now' }).count()).toBe(0);
    await writer.getByText('As a contributor you save drafts and ask for review: an editor schedules the post.').waitFor();
    await writer.getByRole('button', { name: 'Save draft' }).waitFor();
    expect(await writer.getByRole('button', { name: 'Schedule post' }).count()).toBe(0);
    await expectNoAxeViolations(writer);
    await artifacts.screenshot(writer, 'contributor-composer');
    const refused = await apiFromBrowser(writer, 'POST', '/api/content-items', {
      title: 'Sneaky',
      caption: 'Sneaky',
      scheduledAt: inTwoDays,
      timeZone: 'UTC',
      targets: [{ accountId: tiktok.id }],
    }).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/→ 403: .*ROLE_CONTRIBUTOR_CANNOT_SCHEDULE/);
    // A draft is fine.
    await apiFromBrowser(writer, 'POST', '/api/content-items', {
      title: 'Idea',
      caption: 'Idea',
      timeZone: 'UTC',
      status: 'draft',
      targets: [{ accountId: tiktok.id }],
    });

    expect(errors).toEqual([]);
    await ownerContext.close();
    await member.context().close();
    await writer.context().close();
  });
});
