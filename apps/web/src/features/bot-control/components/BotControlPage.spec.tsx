import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { components } from '../../../shared/api/client';
import { accountsQueryOptions } from '../../../shared/content/accounts';
import { warRoomStateQueryOptions, type Automation, type WarRoomState } from '../../../shared/war-room/war-room-state';
import { apiError, ok, stubApi, type ApiBody, type ApiInit, type ApiReply } from '../../../test/api-stub';
import { instagramAccountFixture, meFixture, tiktokAccountFixture, warRoomStateFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { BotControlPage } from './BotControlPage';

const igConfig = {
  message: 'Thanks for reaching out!',
  requireOptIn: true,
  replyWithinHours: 24,
  commentKeywords: ['LINK'],
  commentMediaIds: [],
  commentReplyMessage: 'Hi {{username}}, here is the link.',
  welcomeOncePerDays: 30,
  optOutKeywords: ['STOP'],
  maxMessagesPerHour: 100,
};
const automations: Automation[] = [
  { key: 'ig_welcome_dm', enabled: false, config: igConfig, lastRunAt: null, updatedAt: null, updatedBy: null },
  {
    key: 'tiktok_warmup',
    enabled: true,
    config: { postsPerDayByWeek: [2, 3, 4, 5], autoSpread: false, accountIds: [] },
    lastRunAt: '2030-01-01T09:00:00.000Z',
    updatedAt: '2029-12-31T09:00:00.000Z',
    updatedBy: null,
  },
  { key: 'auto_reposter', enabled: false, config: { rules: [], maxPerDay: 1 }, lastRunAt: null, updatedAt: null, updatedBy: null },
];
const state: WarRoomState = { ...warRoomStateFixture, automations };
const stateKey = warRoomStateQueryOptions(workspaceId).queryKey;

async function renderBotControl(role: 'owner' | 'editor' = 'owner') {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  queryClient.setQueryData(stateKey, state);
  renderPage(queryClient, BotControlPage, '/bot-control');
  await screen.findByRole('heading', { level: 1, name: 'Bot Control' });
  return queryClient;
}

const PREVIEW = '/api/marketing-war-room/automations/{key}/preview';

/** The preview as the API renders it: variables from a sample, unknown ones flagged. */
function previewOf(template: string, field = 'message'): ApiBody<'POST', typeof PREVIEW> {
  const allowed = field === 'message' ? ['username', 'account'] : ['username', 'account', 'keyword'];
  const samples: Record<string, string> = { username: 'maya.rose', account: 'acme', keyword: 'LINK' };
  const used = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
  const unknown = used.filter((name) => !allowed.includes(name));
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (allowed.includes(name) ? samples[name]! : '')).trim();
  return {
    field,
    text,
    bytes: text.length,
    maxBytes: 1000,
    allowedVariables: allowed,
    usedVariables: used.filter((name) => allowed.includes(name)),
    unknownVariables: unknown,
    sampleValues: Object.fromEntries(allowed.map((name) => [name, samples[name]!])),
    problems: unknown.map((name) => ({ code: 'unknown_variable', message: '', variable: name, bytes: null })),
  };
}

const SETTINGS = '/api/marketing-war-room/automations/{key}';
type PreviewRequest = ApiInit<'POST', typeof PREVIEW>['body'];
type SettingsInit = ApiInit<'POST', typeof SETTINGS>;
type SettingsReply = ApiReply<ApiBody<'POST', typeof SETTINGS>>;

/** The API seen by the page: previews always answer; settings POSTs go to `onSettings`. Returns the settings calls made. */
function mockApi(
  onSettings: (init: SettingsInit) => SettingsReply = () => apiError({ statusCode: 500, code: 'UNEXPECTED', message: 'unexpected' }),
  previews: PreviewRequest[] = [],
): SettingsInit[] {
  const calls: SettingsInit[] = [];
  stubApi('POST', {
    [PREVIEW]: (init: ApiInit<'POST', typeof PREVIEW>) => {
      previews.push(init.body);
      return ok(previewOf(init.body.template, init.body.field));
    },
    [SETTINGS]: (init: SettingsInit) => {
      calls.push(init);
      return onSettings(init);
    },
  });
  return calls;
}

const card = (name: string) => screen.getByRole('article', { name });
const dmSwitch = () => screen.getByRole('switch', { name: 'Turn Instagram welcome DM on or off' });

describe('Bot Control Center', () => {
  it('shows one card per automation with its switch, guardrails, and what automations never do', async () => {
    mockApi();
    await renderBotControl();
    expect(await screen.findByRole('heading', { level: 1, name: 'Bot Control' })).toBeDefined();
    expect(screen.getAllByRole('article')).toHaveLength(3);

    expect(dmSwitch().getAttribute('aria-checked')).toBe('false');
    const dm = card('Instagram welcome DM');
    expect(dm.textContent).toContain('Off');
    const dmRules = within(dm).getByRole('list', { name: 'Guardrails of Instagram welcome DM' }).textContent ?? '';
    expect(dmRules).toContain('conversations the user started');
    expect(dmRules).toContain('24-hour messaging window');
    expect(dmRules).toContain('STOP reply is honoured');
    expect((within(dm).getByLabelText('Welcome message') as HTMLTextAreaElement).value).toBe('Thanks for reaching out!');

    expect(within(card('TikTok warm-up')).getByRole('switch', { name: 'Turn TikTok warm-up on or off' }).getAttribute('aria-checked')).toBe('true');
    const never = screen.getByRole('region', { name: 'What these automations never do' }).textContent ?? '';
    expect(never).toContain('No follow or like bots, no scraping, no DM blasts');
  });

  it('lets an admin turn an automation on, shows it at once, and lists the set-up that failed', async () => {
    const post = mockApi(() =>
      ok({
        ...automations[0]!,
        enabled: true,
        updatedAt: '2030-01-01T10:00:00.000Z',
        warnings: [{ accountId: 'a1', handle: 'acme', message: 'Instagram did not subscribe @acme to message and comment webhooks: token expired' }],
      }),
    );
    const queryClient = await renderBotControl('owner');

    fireEvent.click(await screen.findByRole('switch', { name: 'Turn Instagram welcome DM on or off' }));

    await vi.waitFor(() => expect(post[0]).toEqual({ params: { path: { key: 'ig_welcome_dm' } }, body: { enabled: true } }));
    await vi.waitFor(() => expect(dmSwitch().getAttribute('aria-checked')).toBe('true'));
    const cached = queryClient.getQueryData(stateKey)?.automations[0];
    expect(cached?.enabled).toBe(true);
    expect(cached).not.toHaveProperty('warnings');
    const warning = await within(card('Instagram welcome DM')).findByRole('status');
    expect(warning.textContent).toContain('Turned on, but part of the set-up failed');
    expect(warning.textContent).toContain('did not subscribe @acme');
  });

  it("shows the API's 400 validation messages and 403 message for a switch", async () => {
    let answer: SettingsReply = apiError({
      statusCode: 400,
      code: 'INVALID_AUTOMATION_CONFIG',
      message: 'requireOptIn must be true: Instagram only allows replies to people who wrote first',
      details: {
        errors: ['requireOptIn must be true: Instagram only allows replies to people who wrote first', 'replyWithinHours must not be greater than 24'],
      },
    });
    mockApi(() => answer);
    await renderBotControl('owner');
    fireEvent.click(await screen.findByRole('switch', { name: 'Turn Instagram welcome DM on or off' }));
    const alert = await within(card('Instagram welcome DM')).findByRole('alert');
    expect(alert.textContent).toContain("Couldn't turn the automation on");
    expect(alert.textContent).toContain('replyWithinHours must not be greater than 24');

    answer = apiError({ statusCode: 403, code: 'FORBIDDEN', message: 'This action needs the admin role' });
    fireEvent.click(screen.getByRole('switch', { name: 'Turn TikTok warm-up on or off' }));
    const denied = await within(card('TikTok warm-up')).findByRole('alert');
    expect(denied.textContent).toContain("Couldn't turn the automation off");
    expect(denied.textContent).toContain('This action needs the admin role');
  });

  it('shows switches and settings read-only below admin', async () => {
    mockApi();
    await renderBotControl('editor');
    await screen.findByRole('heading', { level: 1, name: 'Bot Control' });
    for (const toggle of screen.getAllByRole('switch')) expect((toggle as HTMLButtonElement).disabled).toBe(true);
    expect((within(card('Instagram welcome DM')).getByLabelText('Welcome message') as HTMLTextAreaElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    expect(screen.getAllByText('Only admins can change these settings.').length).toBe(3);
  });

  it('previews a DM template as it is typed, with its unknown variables, and saves the whole form', async () => {
    const previews: PreviewRequest[] = [];
    const post = mockApi(
      (init) => ok({ ...automations[0]!, config: { ...igConfig, ...init.body.config }, updatedAt: '2030-01-01T10:00:00.000Z', warnings: [] }),
      previews,
    );
    await renderBotControl('owner');
    const dm = card('Instagram welcome DM');
    const preview = within(dm).getByRole('region', { name: 'Preview of Welcome message' });
    await vi.waitFor(() => expect(within(preview).getByTestId('template-preview-text').textContent).toBe('Thanks for reaching out!'));

    // Typing: the API is asked once the typing pauses, not at every keystroke.
    for (const typed of ['Hi {{u', 'Hi {{username}} from', 'Hi {{username}} from {{account}}, use {{coupon}}']) {
      fireEvent.change(within(dm).getByLabelText('Welcome message'), { target: { value: typed } });
    }
    await vi.waitFor(() => expect(within(preview).getByTestId('template-preview-text').textContent).toBe('Hi maya.rose from acme, use'));
    expect(within(preview).getByRole('list', { name: 'Problems of Welcome message' }).textContent).toContain('{{coupon}} is not a variable of this message');
    const previewed = previews.filter((body) => body.field === 'message').map((body) => body.template);
    expect(previewed).toEqual(['Thanks for reaching out!', 'Hi {{username}} from {{account}}, use {{coupon}}']);

    fireEvent.change(within(dm).getByLabelText('Comment keywords'), { target: { value: 'LINK\n  guide \n\n' } });
    fireEvent.change(within(dm).getByLabelText('Automated messages per hour at most'), { target: { value: '50' } });
    expect(within(dm).getByText('Unsaved changes')).toBeDefined();
    fireEvent.click(within(dm).getByRole('button', { name: 'Save settings' }));

    await vi.waitFor(() => expect(post).toHaveLength(1));
    expect(post[0]?.body).toEqual({
      enabled: false,
      config: { ...igConfig, message: 'Hi {{username}} from {{account}}, use {{coupon}}', commentKeywords: ['LINK', 'guide'], maxMessagesPerHour: 50 },
    });
    await vi.waitFor(() => expect(within(dm).queryByText('Unsaved changes')).toBeNull());
  });

  it("puts the API's messages under the settings they name, and the others above Save", async () => {
    mockApi(() =>
      apiError({
        statusCode: 400,
        code: 'INVALID_AUTOMATION_CONFIG',
        message: 'replyWithinHours must not be greater than 24',
        details: {
          errors: [
            'replyWithinHours must not be greater than 24',
            'each commentMediaIds entry must be an Instagram media id (digits)',
            'something else is off',
          ],
        },
      }),
    );
    await renderBotControl('owner');
    const dm = card('Instagram welcome DM');
    fireEvent.change(within(dm).getByLabelText('Reply window (hours)'), { target: { value: '48' } });
    fireEvent.change(within(dm).getByLabelText('Posts watched for keyword comments'), { target: { value: 'abc' } });
    fireEvent.click(within(dm).getByRole('button', { name: 'Save settings' }));

    const replyWindow = within(dm).getByLabelText('Reply window (hours)');
    await vi.waitFor(() => expect(replyWindow.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(replyWindow.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toContain('must not be greater than 24');
    expect(within(dm).getByLabelText('Posts watched for keyword comments').getAttribute('aria-invalid')).toBe('true');
    const alert = within(dm).getByRole('alert');
    expect(alert.textContent).toContain("Couldn't save the settings");
    expect(alert.textContent).toContain('something else is off');
    expect(alert.textContent).not.toContain('replyWithinHours');
  });

  it('builds a form from the shape of any other config, and checks numbers and JSON before sending', async () => {
    const post = mockApi((init) => ok({ ...automations[2]!, config: init.body.config ?? {}, warnings: [] }));
    await renderBotControl('owner');

    const warmup = card('TikTok warm-up');
    expect((within(warmup).getByLabelText('Posts a day at most, week by week') as HTMLInputElement).value).toBe('2, 3, 4, 5');
    fireEvent.change(within(warmup).getByLabelText('Posts a day at most, week by week'), { target: { value: '2, three' } });
    fireEvent.click(within(warmup).getByRole('button', { name: 'Save settings' }));
    expect(await within(warmup).findByText('Enter numbers separated by commas.')).toBeDefined();

    const reposter = card('Auto re-poster');
    const rules = within(reposter).getByLabelText('Rules');
    expect((rules as HTMLTextAreaElement).value).toBe('[]');
    fireEvent.change(rules, { target: { value: '[{"kind": ' } });
    fireEvent.click(within(reposter).getByRole('button', { name: 'Save settings' }));
    expect(await within(reposter).findByText('This is not valid JSON.')).toBeDefined();
    expect(post).toHaveLength(0);

    fireEvent.change(rules, { target: { value: '[{"kind": "top_post", "delayHours": 48}]' } });
    fireEvent.change(within(reposter).getByLabelText('Re-posts per account and day at most'), { target: { value: '2' } });
    fireEvent.click(within(reposter).getByRole('button', { name: 'Save settings' }));
    await vi.waitFor(() => expect(post).toHaveLength(1));
    expect(post[0]?.body).toEqual({ enabled: false, config: { rules: [{ kind: 'top_post', delayHours: 48 }], maxPerDay: 2 } });
  });

  it('scopes an automation to chosen accounts of its platform; none checked means all', async () => {
    const post = mockApi((init) => ok({ ...automations[1]!, config: init.body.config ?? {}, warnings: [] }));
    const queryClient = await renderBotControl('owner');
    queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, [tiktokAccountFixture, instagramAccountFixture]);

    const warmup = card('TikTok warm-up');
    const scope = await within(warmup).findByRole('group', { name: 'Accounts' });
    expect(scope.textContent).toContain('None checked: it acts for every account of this platform.');
    // Only TikTok accounts are offered for the TikTok warm-up.
    expect(within(scope).queryByLabelText(`@${instagramAccountFixture.handle}`)).toBeNull();
    fireEvent.click(within(scope).getByLabelText(`@${tiktokAccountFixture.handle}`));
    expect(scope.textContent).toContain('It acts for 1 account only.');
    fireEvent.click(within(warmup).getByRole('button', { name: 'Save settings' }));
    await vi.waitFor(() => expect(post).toHaveLength(1));
    expect(post[0]?.body).toMatchObject({ config: { accountIds: [tiktokAccountFixture.id] } });
  });

  it('follows a change made in another tab (a patched state) unless the form is being edited', async () => {
    mockApi();
    const queryClient = await renderBotControl('owner');
    const patch = (config: Record<string, unknown>, enabled = false) =>
      queryClient.setQueryData<WarRoomState>(
        stateKey,
        (current) =>
          current && {
            ...current,
            automations: current.automations.map((a) => (a.key === 'ig_welcome_dm' ? { ...a, enabled, config: { ...a.config, ...config } } : a)),
          },
      );

    const dm = card('Instagram welcome DM');
    const perHour = () => within(dm).getByLabelText('Automated messages per hour at most') as HTMLInputElement;
    patch({ maxMessagesPerHour: 20 }, true);
    await vi.waitFor(() => expect(perHour().value).toBe('20'));
    expect(dmSwitch().getAttribute('aria-checked')).toBe('true');

    fireEvent.change(within(dm).getByLabelText('Opt-out words'), { target: { value: 'STOP\nUNSUBSCRIBE' } });
    patch({ maxMessagesPerHour: 10 }, true);
    await vi.waitFor(() => expect(within(dm).getByText('Unsaved changes')).toBeDefined());
    expect(perHour().value).toBe('20');
  });

  it('lists what the automation did, refused actions with their rule', async () => {
    mockApi();
    const entries: components['schemas']['AutomationActivityEntryDto'][] = [
      {
        id: '9',
        at: '2030-01-01T09:00:00.000Z',
        action: 'automation.ig_welcome_dm.refused',
        outcome: 'refused',
        rule: 'outside_messaging_window',
        reason: 'their message is 25 h old; replies are allowed within 24 h',
        message: null,
        accountId: 'a1',
        accountHandle: 'acme',
        actorUserId: null,
        details: {},
      },
      {
        id: '8',
        at: '2030-01-01T08:00:00.000Z',
        action: 'automation.ig_welcome_dm.sent',
        outcome: 'sent',
        rule: null,
        reason: null,
        message: null,
        accountId: 'a1',
        accountHandle: 'acme',
        actorUserId: null,
        details: {},
      },
    ];
    const get = stubApi('GET', {
      '/api/marketing-war-room/automations/{key}/activity': (init) =>
        ok({ items: init.params.query?.outcome === 'refused' ? entries.slice(0, 1) : entries, nextCursor: null }),
    });
    await renderBotControl('owner');
    const dm = card('Instagram welcome DM');
    fireEvent.mouseDown(within(dm).getByRole('tab', { name: 'Activity' }));

    const list = await within(dm).findByRole('list', { name: 'Recent activity' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    const refused = within(list).getAllByRole('listitem')[0]!;
    expect(refused.textContent).toContain('Refused');
    expect(refused.textContent).toContain('@acme');
    expect(refused.textContent).toContain('Rule: Outside the 24-hour messaging window');
    expect(refused.textContent).toContain('replies are allowed within 24 h');

    fireEvent.click(within(dm).getByRole('button', { name: 'Refused only' }));
    const onlyRefused = await within(dm).findByRole('list', { name: 'Refused actions' });
    expect(within(onlyRefused).getAllByRole('listitem')).toHaveLength(1);
    expect(get).toHaveBeenCalledWith(
      '/api/marketing-war-room/automations/{key}/activity',
      expect.objectContaining({ params: { path: { key: 'ig_welcome_dm' }, query: { limit: 20, outcome: 'refused' } } }),
    );
  });
});
