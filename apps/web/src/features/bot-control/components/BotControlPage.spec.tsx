import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { components } from '../../../shared/api/client';
import { accountsQueryOptions } from '../../../shared/content/accounts';
import { platformsQueryOptions } from '../../../shared/content/platforms';
import { warRoomStateQueryOptions, type Automation, type WarRoomState } from '../../../shared/war-room/war-room-state';
import { apiError, ok, stubApi, type ApiBody, type ApiInit, type ApiReply } from '../../../test/api-stub';
import {
  contentItemFixture,
  instagramAccountFixture,
  meFixture,
  platformsFixture,
  publicationFixture,
  tiktokAccountFixture,
  warRoomStateFixture,
  workspaceId,
} from '../../../test/fixtures';
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
  queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, [tiktokAccountFixture, instagramAccountFixture]);
  // The registry: which options a re-post to each platform must carry (TikTok's privacy level).
  queryClient.setQueryData(platformsQueryOptions().queryKey, platformsFixture.items);
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

const OWN_POSTS: ApiBody<'GET', '/api/automations/instagram-posts'> = [
  {
    mediaId: '17895695668004551',
    accountId: instagramAccountFixture.id,
    handle: 'acme_shop',
    title: 'Behind the scenes',
    caption: 'How we pack every order #behindthescenes',
    postedAt: '2030-01-05T10:00:00.000Z',
    permalink: null,
  },
  {
    mediaId: '17895695668004550',
    accountId: instagramAccountFixture.id,
    handle: 'acme_shop',
    title: 'Spring launch',
    caption: 'Spring is here #launch',
    postedAt: '2030-01-01T10:00:00.000Z',
    permalink: null,
  },
];

/** What the rules and pickers read: our published Instagram posts (searched) and our published items. */
function stubReads() {
  return stubApi('GET', {
    '/api/automations/instagram-posts': (init) => {
      const search = (init?.params?.query?.search ?? '').toLowerCase();
      return ok(OWN_POSTS.filter((post) => `${post.title} ${post.caption}`.toLowerCase().includes(search)));
    },
    '/api/content-items': () =>
      ok({
        items: [contentItemFixture('c1c1c1c1-0000-4000-8000-000000000001', [publicationFixture('p1')], { title: 'Spring launch', status: 'published' })],
        nextCursor: null,
      }),
  });
}

/** The API seen by the page: previews always answer; settings POSTs go to `onSettings`. Returns the settings calls made. */
function mockApi(
  onSettings: (init: SettingsInit) => SettingsReply = () => apiError({ statusCode: 500, code: 'UNEXPECTED', message: 'unexpected' }),
  previews: PreviewRequest[] = [],
): SettingsInit[] {
  const calls: SettingsInit[] = [];
  stubReads();
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
    expect(denied.textContent).toContain('You are not allowed to do this.');
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
    fireEvent.click(within(dm).getByRole('button', { name: 'Save settings' }));

    const replyWindow = within(dm).getByLabelText('Reply window (hours)');
    await vi.waitFor(() => expect(replyWindow.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(replyWindow.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toContain('must not be greater than 24');
    expect(within(dm).getByRole('group', { name: 'Posts watched for keyword comments' }).textContent).toContain('must be an Instagram media id');
    const alert = within(dm).getByRole('alert');
    expect(alert.textContent).toContain("Couldn't save the settings");
    expect(alert.textContent).toContain('something else is off');
    expect(alert.textContent).not.toContain('replyWithinHours');
  });

  it('builds a form from the shape of any other config, and checks numbers before sending', async () => {
    const post = mockApi((init) => ok({ ...automations[2]!, config: init.body.config ?? {}, warnings: [] }));
    await renderBotControl('owner');

    const warmup = card('TikTok warm-up');
    expect((within(warmup).getByLabelText('Posts a day at most, week by week') as HTMLInputElement).value).toBe('2, 3, 4, 5');
    fireEvent.change(within(warmup).getByLabelText('Posts a day at most, week by week'), { target: { value: '2, three' } });
    fireEvent.click(within(warmup).getByRole('button', { name: 'Save settings' }));
    expect(await within(warmup).findByText('Enter numbers separated by commas.')).toBeDefined();
    expect(post).toHaveLength(0);
  });

  it("builds the re-poster's rules with a form (source, targets, trigger, caption), checks them, and sends the API's shape", async () => {
    const post = mockApi((init) => ok({ ...automations[2]!, config: init.body.config ?? {}, warnings: [] }));
    await renderBotControl('owner');
    const reposter = card('Auto re-poster');
    expect(within(reposter).getByText('No rule yet: nothing is re-posted.')).toBeDefined();
    expect(within(reposter).queryByText(/JSON/)).toBeNull();

    fireEvent.click(within(reposter).getByRole('button', { name: 'Add a rule' }));
    const rule = within(reposter).getByRole('region', { name: 'Rule rule-1' });
    // Nothing chosen yet: saving says what is missing, under each field, and sends nothing.
    fireEvent.click(within(reposter).getByRole('button', { name: 'Save settings' }));
    expect(await within(reposter).findByText('Some rules are incomplete: see the fields marked in red.')).toBeDefined();
    expect(within(rule).getByText('Choose the account whose posts are re-posted.')).toBeDefined();
    expect(within(rule).getByText('Tick at least one account to re-post to.')).toBeDefined();
    expect(post).toHaveLength(0);

    // Every post of the Instagram account, to the TikTok account once it reaches 1000 views.
    await vi.waitFor(() => expect(within(rule).getByLabelText('Posts of').textContent).toContain('@acme_shop (Instagram)'));
    fireEvent.change(within(rule).getByLabelText('Posts of'), { target: { value: instagramAccountFixture.id } });
    fireEvent.click(within(rule).getByLabelText('@acme.studio (TikTok)'));
    // A TikTok target needs who can see it.
    expect(within(rule).getByText('Choose who can view the re-post on each TikTok account.')).toBeDefined();
    fireEvent.change(within(rule).getByLabelText('Who can view it on @acme.studio'), { target: { value: 'PUBLIC_TO_EVERYONE' } });
    fireEvent.click(within(rule).getByLabelText('Once it reaches a result'));
    fireEvent.change(within(rule).getByLabelText('Result'), { target: { value: 'views' } });
    fireEvent.change(within(rule).getByLabelText('At least'), { target: { value: 'many' } });
    expect(within(rule).getByText('Enter a whole number of 1 or more.')).toBeDefined();
    fireEvent.change(within(rule).getByLabelText('At least'), { target: { value: '1000' } });
    fireEvent.change(within(rule).getByLabelText('Caption of the re-post'), { target: { value: 'Best of @{{sourceAccount}}: {{caption}}' } });
    fireEvent.change(within(reposter).getByLabelText('Re-posts per account and day at most'), { target: { value: '2' } });
    fireEvent.click(within(reposter).getByRole('button', { name: 'Save settings' }));

    await vi.waitFor(() => expect(post).toHaveLength(1));
    expect(post[0]?.body).toEqual({
      enabled: false,
      config: {
        rules: [
          {
            id: 'rule-1',
            enabled: true,
            sourceAccountId: instagramAccountFixture.id,
            targets: [{ accountId: tiktokAccountFixture.id, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
            trigger: { kind: 'threshold', metric: 'views', atLeast: 1000 },
            captionVariant: 'Best of @{{sourceAccount}}: {{caption}}',
          },
        ],
        maxPerDay: 2,
      },
    });
  });

  it('reads saved rules back into the form: one post as the source, a delay', async () => {
    const saved = {
      rules: [
        {
          id: 'evergreen',
          enabled: false,
          sourceContentItemId: 'c1c1c1c1-0000-4000-8000-000000000001',
          targets: [{ accountId: instagramAccountFixture.id }],
          trigger: { kind: 'delay', hours: 48 },
          captionVariant: '{{caption}}',
        },
      ],
      maxPerDay: 1,
    };
    const post = mockApi((init) => ok({ ...automations[2]!, config: init.body.config ?? {}, warnings: [] }));
    const queryClient = await renderBotControl('owner');
    queryClient.setQueryData<WarRoomState>(stateKey, (current) =>
      current ? { ...current, automations: current.automations.map((a) => (a.key === 'auto_reposter' ? { ...a, config: saved } : a)) } : current,
    );
    const rule = await within(card('Auto re-poster')).findByRole('region', { name: 'Rule evergreen' });
    expect((within(rule).getByLabelText('One post') as HTMLInputElement).checked).toBe(true);
    await vi.waitFor(() => expect((within(rule).getByLabelText('Post') as HTMLSelectElement).selectedOptions[0]?.textContent).toMatch(/^Spring launch/));
    expect((within(rule).getByLabelText('Hours after the original') as HTMLInputElement).value).toBe('48');
    expect((within(rule).getByLabelText('Rule on') as HTMLInputElement).checked).toBe(false);
    fireEvent.change(within(rule).getByLabelText('Hours after the original'), { target: { value: '72' } });
    fireEvent.click(within(card('Auto re-poster')).getByRole('button', { name: 'Save settings' }));
    await vi.waitFor(() => expect(post).toHaveLength(1));
    expect(post[0]?.body.config).toEqual({ ...saved, rules: [{ ...saved.rules[0], trigger: { kind: 'delay', hours: 72 } }] });
  });

  it('picks the posts watched for keyword comments from our own published Instagram posts, searchable', async () => {
    const post = mockApi((init) => ok({ ...automations[0]!, config: { ...igConfig, ...init.body.config }, warnings: [] }));
    await renderBotControl('owner');
    const dm = card('Instagram welcome DM');
    const picker = within(dm).getByRole('group', { name: 'Posts watched for keyword comments' });
    expect(picker.textContent).toContain('No post chosen');
    expect(picker.textContent).not.toMatch(/media id|digits/);
    const results = within(picker).getByRole('group', { name: 'Published Instagram posts' });
    await vi.waitFor(() => expect(within(results).getAllByRole('checkbox')).toHaveLength(2));
    expect(results.textContent).toContain('Behind the scenes — @acme_shop');
    expect(results.textContent).toContain('How we pack every order');

    fireEvent.change(within(picker).getByLabelText('Find one of your published Instagram posts'), { target: { value: 'spring' } });
    await vi.waitFor(() => expect(within(results).getAllByRole('checkbox')).toHaveLength(1));
    fireEvent.click(within(results).getByLabelText(/^Spring launch — @acme_shop/));
    expect(picker.textContent).toContain('Comments on 1 post are watched.');
    fireEvent.click(within(dm).getByRole('button', { name: 'Save settings' }));
    await vi.waitFor(() => expect(post).toHaveLength(1));
    expect(post[0]?.body.config).toMatchObject({ commentMediaIds: ['17895695668004550'] });
  });

  it('scopes an automation to all accounts or to chosen accounts of its platform, each an explicit choice', async () => {
    const post = mockApi((init) => ok({ ...automations[1]!, config: init.body.config ?? {}, warnings: [] }));
    const queryClient = await renderBotControl('owner');
    queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, [tiktokAccountFixture, instagramAccountFixture]);

    const warmup = card('TikTok warm-up');
    const scope = await within(warmup).findByRole('group', { name: 'Accounts' });
    const all = within(scope).getByLabelText('All TikTok accounts') as HTMLInputElement;
    expect(all.checked).toBe(true);
    expect(scope.textContent).toContain('It acts for every TikTok account of the workspace, also those connected later.');
    fireEvent.click(within(scope).getByLabelText('Only the accounts ticked below'));
    // "Only these" with none ticked is refused before sending: it is not "all".
    fireEvent.click(within(warmup).getByRole('button', { name: 'Save settings' }));
    expect(await within(scope).findByText('Tick at least one account, or choose all accounts.')).toBeDefined();
    expect(post).toHaveLength(0);
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
