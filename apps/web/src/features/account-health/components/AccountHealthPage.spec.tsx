import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { warRoomStateQueryOptions, type WarRoomState } from '../../../shared/war-room/war-room-state';
import { accountHealthFixture, instagramAccountFixture, warRoomStateFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { AccountHealthPage } from './AccountHealthPage';
import { assessHealth, platformBudgets, windowUnit } from './health-assessment';

function renderHealth(patch: Partial<WarRoomState>) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, { ...warRoomStateFixture, ...patch });
  renderPage(queryClient, AccountHealthPage, '/account-health');
}

const broken = accountHealthFixture({
  accountId: instagramAccountFixture.id,
  platform: 'instagram',
  handle: 'acme_shop',
  status: 'needs_reconnect',
  token: {
    valid: false,
    expiresAt: '2025-11-20T00:00:00.000Z',
    expiresInSeconds: -100,
    refreshable: false,
    lastRefreshAt: null,
    lastRefreshError: 'invalid_grant',
  },
  rateLimits: [{ name: 'instagram:publish', limit: 50, used: 50, remaining: 0, windowSeconds: 86_400 }],
  failures24h: { finished: 4, failed: 3, rate: 0.75 },
  cadence: { postsLast7Days: 1, targetPerWeek: 5, status: 'behind' },
  lastError: { code: 'OAuthException', message: 'The access token has expired', errorClass: 'auth_expired', at: '2030-01-01T09:00:00.000Z' },
});

describe('Account Health', () => {
  it('lists the alerts at the top, then one card per account with every figure and a status colour', async () => {
    renderHealth({
      health: [accountHealthFixture(), broken],
      alerts: [
        {
          id: 'al1',
          rule: 'token_expiring',
          subject: instagramAccountFixture.id,
          severity: 'critical',
          message: 'The token of @acme_shop has expired',
          value: null,
          threshold: null,
          firedAt: '2030-01-01T09:00:00.000Z',
        },
      ],
    });
    const alerts = await screen.findByRole('list', { name: 'Alerts' });
    expect(alerts.textContent).toContain('Critical');
    expect(alerts.textContent).toContain('Token expiring');
    expect(alerts.textContent).toContain('The token of @acme_shop has expired');

    const healthy = screen.getByRole('article', { name: 'TikTok @acme.studio' });
    expect(healthy.getAttribute('data-tone')).toBe('ok');
    expect(healthy.textContent).toContain('Healthy');
    expect(healthy.textContent).toContain('5 of 6 left per 1 minute');
    expect(healthy.textContent).toContain('0 of 10 failed (0%)');
    expect(healthy.textContent).toContain('5 posts in the last 7 days, target 5 a week');
    expect(healthy.textContent).toContain('On track');

    const bad = screen.getByRole('article', { name: 'Instagram @acme_shop' });
    expect(bad.getAttribute('data-tone')).toBe('danger');
    expect(bad.textContent).toContain('Action needed');
    expect(bad.textContent).toContain('Needs reconnecting');
    expect(bad.textContent).toContain('Instagram no longer accepts the sign-in of this account, so nothing can be posted to it.');
    expect(bad.textContent).toContain('Last renewal failed: invalid_grant');
    expect(bad.textContent).toContain('0 of 50 left per 1 day');
    expect(bad.textContent).toContain('3 of 4 failed (75%)');
    expect(bad.textContent).toContain('Behind');
    expect(bad.textContent).toContain('The access token has expired');
    expect(bad.textContent).toContain("The platform no longer accepts this account's sign-in: reconnect it.");
    expect(within(bad).getByRole('link', { name: 'Reconnect on the Accounts page' }).getAttribute('href')).toBe('/accounts');
    // An owner can start the platform's sign-in from the card; a healthy account offers nothing to fix.
    expect(within(bad).getByRole('button', { name: 'Reconnect Instagram @acme_shop' })).toBeDefined();
    expect(within(healthy).queryByRole('button', { name: /^Reconnect/ })).toBeNull();
  });

  it('draws rate-limit headroom as meters and the 7-day failures as a chart with a table behind it', async () => {
    const days = ['2030-01-01', '2030-01-02', '2030-01-03', '2030-01-04', '2030-01-05', '2030-01-06', '2030-01-07'];
    renderHealth({
      health: [
        accountHealthFixture({
          rateLimits: [
            { name: 'tiktok:init', limit: 6, used: 1, remaining: 5, windowSeconds: 60 },
            { name: 'tiktok:status', limit: 10, used: 10, remaining: 0, windowSeconds: 60 },
          ],
          failures7d: days.map((day, i) => ({ day, finished: i, failed: i === 6 ? 2 : 0 })),
        }),
      ],
    });
    const card = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    const meters = within(card).getAllByRole('meter');
    expect(meters.map((m) => [m.getAttribute('aria-label'), m.getAttribute('aria-valuenow'), m.getAttribute('aria-valuemax')])).toEqual([
      ['tiktok:init: 5 of 6 left per 1 minute', '5', '6'],
      ['tiktok:status: 0 of 10 left per 1 minute', '0', '10'],
    ]);
    expect(meters[1]!.className).toContain('headroom-bar--danger');

    const table = within(card).getByRole('table', { name: 'Jobs ended per day over the last 7 days for @acme.studio' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(7);
    const cells = (row: HTMLElement) => [...row.children].map((cell) => cell.textContent);
    expect(cells(rows[0]!)).toEqual(['Tue, Jan 1', '0', '0']);
    expect(cells(rows[6]!)).toEqual(['Mon, Jan 7', '6', '2']);
    // The chart itself is drawn, and hidden from assistive technology (the table says the same).
    expect(card.querySelector('.sparkline-chart svg')).not.toBeNull();
    expect(card.querySelector('.sparkline-chart')!.getAttribute('aria-hidden')).toBe('true');
    expect(card.querySelector('.sparkline-chart [tabindex]')).toBeNull();
    // Axes: one tick per day (a quiet day keeps its place) and a count axis; a bar for each of the 6 days with jobs.
    expect(card.querySelectorAll('.sparkline-chart .recharts-xAxis .recharts-cartesian-axis-tick')).toHaveLength(7);
    expect(card.querySelectorAll('.sparkline-chart .recharts-yAxis .recharts-cartesian-axis-tick').length).toBeGreaterThan(1);
    expect(card.querySelectorAll('.sparkline-chart .recharts-bar-background-rectangle')).toHaveLength(6);
  });

  it('shows the warm-up ramp, what each automation did and its warnings', async () => {
    renderHealth({
      health: [
        accountHealthFixture({
          cadence: {
            postsLast7Days: 3,
            targetPerWeek: null,
            status: 'no_target',
            warmup: { week: 1, totalWeeks: 4, allowedPerDay: 1, plannedToday: 2, postsToday: 1, startedAt: '2030-01-01T00:00:00.000Z', endsOn: '2030-01-29' },
          },
          automationActivity: [{ key: 'auto_reposter', lastActionAt: '2030-01-01T08:00:00.000Z', actions24h: 3, refused24h: 1 }],
          warnings: [
            { automation: 'tiktok_warmup', severity: 'warning', message: 'Two posts planned today; the warm-up allows one', since: '2030-01-01T08:00:00.000Z' },
          ],
        }),
      ],
    });
    const card = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(card.textContent).toContain('Warm-up week 1 of 4: 2 planned today for 1 a day allowed (1 posted).');
    expect(card.textContent).toContain('More than the warm-up allows.');
    expect(card.textContent).toContain('Auto re-poster 3 actions in 24 h, 1 refused');
    expect(card.textContent).toContain('Two posts planned today; the warm-up allows one');
    expect(card.getAttribute('data-tone')).toBe('warning');
  });

  it('says when no automation acted on an account, and draws no chart for a week without jobs', async () => {
    const quietWeek = ['2030-01-01', '2030-01-02', '2030-01-03', '2030-01-04', '2030-01-05', '2030-01-06', '2030-01-07'].map((day) => ({
      day,
      finished: 0,
      failed: 0,
    }));
    renderHealth({ health: [accountHealthFixture({ automationActivity: [], failures7d: quietWeek })] });
    const card = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(card.textContent).toContain('No automation acted on this account in the last 30 days.');
    expect(within(card).queryByRole('table')).toBeNull();
  });

  it('shows a creator the platform refuses as restricted, with the reason and the failure class, without offering a reconnect', async () => {
    renderHealth({
      health: [
        accountHealthFixture({
          status: 'restricted',
          restriction: {
            code: 'spam_risk_user_banned_from_posting',
            message: 'TikTok has banned this account from posting.',
            since: '2030-01-01T00:00:00.000Z',
          },
          lastError: {
            code: 'tiktok.spam_risk_user_banned_from_posting',
            message: 'TikTok has banned this account from posting.',
            errorClass: 'account_restricted',
            at: '2030-01-01T09:00:00.000Z',
          },
        }),
      ],
    });
    const card = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(card.getAttribute('data-tone')).toBe('danger');
    // Its headline says restricted, never "Healthy" nor a generic "needs attention" (#20).
    expect(card.querySelector('.health-card-header .status-label')?.textContent).toBe('Restricted by TikTok');
    expect(card.textContent).not.toContain('Healthy');
    expect(card.textContent).toContain('Restricted by the platform');
    expect(card.textContent).toContain(
      'TikTok refuses this account, so nothing can be posted to it: TikTok has banned this account from posting. The creator must resolve it with TikTok.',
    );
    expect(card.textContent).toContain('The platform refuses this account itself');
    expect(within(card).queryByRole('button', { name: /^Reconnect/ })).toBeNull();
  });

  it('shows a notice the platform reported on the account (uploads locked private), the token and status unaffected', async () => {
    renderHealth({
      health: [
        accountHealthFixture({
          platform: 'youtube',
          handle: 'sandboxshorts',
          notices: [{ code: 'uploads_locked_private', since: '2030-01-01T00:00:00.000Z' }],
        }),
        accountHealthFixture({ accountId: 'a1a1a1a1-0000-4000-8000-000000000009' }),
      ],
    });
    const card = await screen.findByRole('article', { name: 'YouTube @sandboxshorts' });
    expect(within(card).getByTestId('health-notice').textContent).toContain(
      "YouTube keeps this channel's uploads private until the app's Google Cloud project passes",
    );
    expect(card.textContent).not.toContain('Restricted');
    expect(within(screen.getByRole('article', { name: 'TikTok @acme.studio' })).queryByTestId('health-notice')).toBeNull();
  });

  it('says what to do when no account is connected', async () => {
    renderHealth({ health: [] });
    expect(await screen.findByText('No accounts to monitor')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Connect an account' }).getAttribute('href')).toBe('/accounts');
  });
});

describe('assessHealth', () => {
  it("shows the budget Instagram itself reports (Meta's usage headers), and warns when it runs low", async () => {
    const platformUsage = {
      businessUseCase: { '17841400000000001': [{ type: 'instagram', call_count: 92, total_cputime: 10, total_time: 12, estimated_time_to_regain_access: 0 }] },
      app: { call_count: 7, total_cputime: 3, total_time: 4 },
      reportedAt: '2030-01-01T09:00:00.000Z',
    };
    expect(platformBudgets(platformUsage)).toEqual([
      { kind: 'businessUseCase', usedPercent: 92, regainMinutes: null },
      { kind: 'app', usedPercent: 7, regainMinutes: null },
    ]);
    expect(platformBudgets({ businessUseCase: { x: [{ call_count: 100, estimated_time_to_regain_access: 12 }] } })).toEqual([
      { kind: 'businessUseCase', usedPercent: 100, regainMinutes: 12 },
    ]);
    expect(platformBudgets(null)).toEqual([]);
    const instagram = accountHealthFixture({
      accountId: instagramAccountFixture.id,
      platform: 'instagram',
      handle: 'acme_shop',
      rateLimits: [],
      platformUsage,
    });
    expect(assessHealth(instagram).rateLimits).toBe('warning');

    renderHealth({ health: [instagram] });
    const card = await screen.findByRole('article', { name: 'Instagram @acme_shop' });
    const meters = within(card).getAllByRole('meter');
    expect(meters.map((m) => [m.getAttribute('aria-label'), m.getAttribute('aria-valuenow')])).toEqual([
      ['Instagram budget (as the platform reports it): 92% used', '8'],
      ['App budget (as the platform reports it): 7% used', '93'],
    ]);
  });

  it('colours each figure and the account by its worst figure', () => {
    expect(assessHealth(accountHealthFixture()).overall).toBe('ok');
    expect(assessHealth(broken)).toEqual({ overall: 'danger', token: 'danger', rateLimits: 'danger', failures: 'danger', cadence: 'warning' });
    const warn = accountHealthFixture({
      token: { ...accountHealthFixture().token, refreshable: false, expiresInSeconds: 3600 },
      failures24h: { finished: 10, failed: 2, rate: 0.2 },
      rateLimits: [{ name: 'tiktok:init', limit: 10, used: 9, remaining: 1, windowSeconds: 60 }],
    });
    expect(assessHealth(warn)).toMatchObject({ overall: 'warning', token: 'warning', failures: 'warning', rateLimits: 'warning' });
    expect(
      assessHealth(
        accountHealthFixture({ failures24h: { finished: 0, failed: 0, rate: null }, cadence: { postsLast7Days: 0, targetPerWeek: null, status: 'no_target' } }),
      ),
    ).toMatchObject({
      overall: 'ok',
      failures: 'neutral',
      cadence: 'neutral',
    });
  });

  it('names a rate-limit window by its largest whole unit', () => {
    expect(windowUnit(60)).toEqual({ unit: 'minute', value: 1 });
    expect(windowUnit(86_400)).toEqual({ unit: 'day', value: 1 });
    expect(windowUnit(7_200)).toEqual({ unit: 'hour', value: 2 });
    expect(windowUnit(45)).toEqual({ unit: 'second', value: 45 });
  });
});
