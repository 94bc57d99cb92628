import { createOwnerInBrowser } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture, mainNavLink } from './journey-steps';

const DM_SWITCH = 'Turn Instagram welcome DM on or off';

describe('the Bot Control Center in headless Chromium', () => {
  const journey = journeyFixture('bot-control');
  const { artifacts } = journey;

  it('flips a switch live in a second tab, saves a previewed DM template, and lists what happened', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['Instagram', 'TikTok']);

    await mainNavLink(page, 'Bot Control').click();
    await page.getByRole('heading', { level: 1, name: 'Bot Control', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // Tab B: the same session, its own event stream.
    const other = await context.newPage();
    other.on('pageerror', (error) => errors.push(error.message));
    await other.goto(`${journey.server.url}/bot-control`);
    await other.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const otherSwitch = other.getByRole('switch', { name: DM_SWITCH });
    expect(await otherSwitch.getAttribute('aria-checked')).toBe('false');

    // Tab A turns the welcome DM on; tab B follows over SSE (STATE_PATCH), without a reload and
    // well before its 30 s safety poll.
    await page.getByRole('switch', { name: DM_SWITCH }).click();
    await page.locator(`[role="switch"][aria-checked="true"][aria-label="${DM_SWITCH}"]`).waitFor();
    await other.locator(`[role="switch"][aria-checked="true"][aria-label="${DM_SWITCH}"]`).waitFor();
    // Turning it on subscribed the connected account to its webhooks: no set-up warning.
    const dm = page.getByRole('article', { name: 'Instagram welcome DM' });
    expect(await dm.getByText('part of the set-up failed').count()).toBe(0);
    await artifacts.screenshot(page, 'tab-a-switched-on');
    await artifacts.screenshot(other, 'tab-b-followed');

    // The template editor previews the message as the engine renders it, with its problems.
    const template = dm.getByLabel('Welcome message', { exact: true });
    const preview = dm.getByRole('region', { name: 'Preview of Welcome message' });
    await template.fill('Hi {{username}}, welcome to {{account}}! Your code: {{coupon}}');
    await preview.getByText('{{coupon}} is not a variable of this message').waitFor();
    expect(await preview.getByTestId('template-preview-text').textContent()).toMatch(/^Hi maya\.rose, welcome to \S+! Your code:$/);
    await artifacts.screenshot(page, 'template-problem');

    await template.fill('Hi {{username}}, welcome to {{account}}! Ask us anything.');
    await preview.getByText('Ready to send.').waitFor();
    await dm.getByLabel('Automated messages per hour at most').fill('40');
    await dm.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    await dm.getByText('Unsaved changes').waitFor({ state: 'detached' });
    const saved = await apiFromBrowser<{ automations: { key: string; enabled: boolean; config: Record<string, unknown> }[] }>(
      page,
      'GET',
      '/api/marketing-war-room/state',
    );
    expect(saved.automations.find((a) => a.key === 'ig_welcome_dm')).toMatchObject({
      enabled: true,
      config: { message: 'Hi {{username}}, welcome to {{account}}! Ask us anything.', maxMessagesPerHour: 40 },
    });

    // Tab B's untouched form follows the saved settings live too.
    const otherDm = other.getByRole('article', { name: 'Instagram welcome DM' });
    await otherDm.getByTestId('template-preview-text').filter({ hasText: 'Ask us anything.' }).waitFor();
    expect(await otherDm.getByLabel('Welcome message', { exact: true }).inputValue()).toBe('Hi {{username}}, welcome to {{account}}! Ask us anything.');
    await artifacts.screenshot(page, 'template-saved');

    // What happened, newest first: the settings saved (on), the webhooks subscribed, the switch turned on.
    await dm.getByRole('tab', { name: 'Activity' }).click();
    const activity = dm.getByRole('list', { name: 'Recent activity' });
    await activity.waitFor();
    const outcomes = await activity.getByRole('listitem').locator('.tag').allTextContents();
    expect(outcomes).toEqual(['Saved: on', 'Webhooks subscribed', 'Saved: on']);
    await dm.getByRole('button', { name: 'Refused only' }).click();
    await dm.getByText('Nothing refused.').waitFor();
    await artifacts.screenshot(page, 'activity');

    await expectNoAxeViolations(page);

    // The auto-reposter's rules are a form, not JSON: every Instagram post, to TikTok (who may see
    // it), 48 hours after it went out, with the original caption.
    const reposter = page.getByRole('article', { name: 'Auto re-poster' });
    await reposter.getByRole('button', { name: 'Add a rule' }).click();
    const rule = reposter.getByRole('region', { name: 'Rule rule-1' });
    await reposter.getByRole('button', { name: 'Save settings' }).click();
    await rule.getByText('Choose the account whose posts are re-posted.').waitFor();
    const instagramId = (await apiFromBrowser<{ id: string; platform: string }[]>(page, 'GET', '/api/accounts')).find((a) => a.platform === 'instagram')!.id;
    await rule.getByLabel('Posts of').selectOption({ label: '@sandbox.business (Instagram)' });
    await rule.getByLabel('@sandbox.public (TikTok)').check();
    await rule.getByLabel('Who can view it on @sandbox.public').selectOption({ label: 'Only me' });
    await rule.getByLabel('Hours after the original').fill('48');
    await reposter.getByRole('button', { name: 'Save settings' }).click();
    await reposter.getByText('Unsaved changes').waitFor({ state: 'detached' });
    const rules = await apiFromBrowser<{ automations: { key: string; config: Record<string, unknown> }[] }>(page, 'GET', '/api/marketing-war-room/state');
    expect(rules.automations.find((a) => a.key === 'auto_reposter')?.config).toMatchObject({
      rules: [
        {
          id: 'rule-1',
          enabled: true,
          sourceAccountId: instagramId,
          targets: [{ options: { privacyLevel: 'SELF_ONLY' } }],
          trigger: { kind: 'delay', hours: 48 },
          captionVariant: '{{caption}}',
        },
      ],
    });
    // The welcome DM's keyword comments watch posts picked from our own published ones (none yet).
    await dm.getByRole('tab', { name: 'Settings' }).click();
    await dm.getByRole('group', { name: 'Posts watched for keyword comments' }).getByText('No Instagram post published yet.').waitFor();
    await artifacts.screenshot(page, 'reposter-rule');
    await expectNoAxeViolations(page);

    expect(errors).toEqual([]);
    await context.close();
  });
});
