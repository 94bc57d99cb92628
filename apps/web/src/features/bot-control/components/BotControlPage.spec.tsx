import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiClient } from '../../../shared/api/client';
import { warRoomStateQueryOptions } from '../../../shared/war-room/war-room-state';
import { meFixture, warRoomStateFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { BotControlPage } from './BotControlPage';

function renderBotControl(role: 'owner' | 'editor' = 'owner') {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  renderPage(queryClient, BotControlPage, '/bot-control');
  return queryClient;
}

const card = (name: string) => screen.getByRole('article', { name });

function reply(status: number, body: unknown) {
  const response = new Response(null, { status });
  return (response.ok ? { data: body, response } : { error: body, response }) as never;
}

describe('Bot Control Center', () => {
  it('shows one card per automation with its state, settings and guardrails, and what automations never do', async () => {
    renderBotControl();
    expect(await screen.findByRole('heading', { level: 1, name: 'Bot Control' })).toBeDefined();
    expect(screen.getAllByRole('article')).toHaveLength(3);

    const dm = card('Instagram welcome DM');
    expect(within(dm).getByRole('switch', { name: 'Turn Instagram welcome DM on or off' }).getAttribute('aria-checked')).toBe('false');
    expect(dm.textContent).toContain('Off');
    const dmRules = within(dm).getByRole('list', { name: 'Guardrails of Instagram welcome DM' }).textContent ?? '';
    expect(dmRules).toContain('conversations the user started');
    expect(dmRules).toContain('24-hour messaging window');
    expect(dmRules).toContain('Opt-in only');
    expect(dmRules).toContain('STOP reply is honoured');
    expect(dm.textContent).toContain('Thanks for reaching out!');

    const warmup = card('TikTok warm-up cadence');
    expect(within(warmup).getByRole('switch').getAttribute('aria-checked')).toBe('true');
    expect(warmup.textContent).toContain('Advisory only');

    const never = screen.getByRole('region', { name: 'What these automations never do' }).textContent ?? '';
    expect(never).toContain('No follow or like bots, no scraping, no DM blasts');
  });

  it('lets an admin turn an automation on, and shows the answer at once', async () => {
    const queryClient = renderBotControl('owner');
    const post = vi
      .spyOn(apiClient, 'POST')
      .mockResolvedValue(reply(200, { ...warRoomStateFixture.automations[0], enabled: true, updatedAt: '2030-01-01T10:00:00.000Z' }));

    fireEvent.click(await screen.findByRole('switch', { name: 'Turn Instagram welcome DM on or off' }));

    await vi.waitFor(() =>
      expect(post).toHaveBeenCalledWith('/api/marketing-war-room/automations/{key}', { params: { path: { key: 'ig_welcome_dm' } }, body: { enabled: true } }),
    );
    await vi.waitFor(() =>
      expect(screen.getByRole('switch', { name: 'Turn Instagram welcome DM on or off' }).getAttribute('aria-checked')).toBe('true'),
    );
    expect(queryClient.getQueryData(warRoomStateQueryOptions(workspaceId).queryKey)?.automations[0]?.enabled).toBe(true);
  });

  it("shows the API's 400 validation messages", async () => {
    renderBotControl('owner');
    vi.spyOn(apiClient, 'POST').mockResolvedValue(
      reply(400, {
        statusCode: 400,
        code: 'INVALID_AUTOMATION_CONFIG',
        message: 'requireOptIn must be true: Instagram only allows replies to people who wrote first',
        details: { errors: ['requireOptIn must be true: Instagram only allows replies to people who wrote first', 'replyWithinHours must not be greater than 24'] },
      }),
    );
    fireEvent.click(await screen.findByRole('switch', { name: 'Turn Instagram welcome DM on or off' }));
    const alert = await within(card('Instagram welcome DM')).findByRole('alert');
    expect(alert.textContent).toContain("Couldn't turn the automation on");
    expect(alert.textContent).toContain('requireOptIn must be true');
    expect(alert.textContent).toContain('replyWithinHours must not be greater than 24');
  });

  it("shows the API's 403 message", async () => {
    renderBotControl('owner');
    vi.spyOn(apiClient, 'POST').mockResolvedValue(reply(403, { statusCode: 403, code: 'FORBIDDEN', message: 'This action needs the admin role' }));
    fireEvent.click(await screen.findByRole('switch', { name: 'Turn TikTok warm-up cadence on or off' }));
    const alert = await within(card('TikTok warm-up cadence')).findByRole('alert');
    expect(alert.textContent).toContain("Couldn't turn the automation off");
    expect(alert.textContent).toContain('This action needs the admin role');
  });

  it('shows the switches disabled below admin', async () => {
    renderBotControl('editor');
    await screen.findByRole('heading', { level: 1, name: 'Bot Control' });
    for (const toggle of screen.getAllByRole('switch')) expect((toggle as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getAllByText('Only admins can turn automations on or off.').length).toBeGreaterThan(0);
  });
});
