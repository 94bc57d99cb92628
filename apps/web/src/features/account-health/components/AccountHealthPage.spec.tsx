import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { warRoomStateQueryOptions, type WarRoomState } from '../../../shared/war-room/war-room-state';
import { accountHealthFixture, instagramAccountFixture, warRoomStateFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { AccountHealthPage } from './AccountHealthPage';
import { assessHealth, windowUnit } from './health-assessment';

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
  token: { valid: false, expiresAt: '2025-11-20T00:00:00.000Z', expiresInSeconds: -100, refreshable: false, lastRefreshAt: null, lastRefreshError: 'invalid_grant' },
  rateLimits: [{ name: 'instagram:publish', limit: 50, used: 50, remaining: 0, windowSeconds: 86_400 }],
  failures24h: { finished: 4, failed: 3, rate: 0.75 },
  cadence: { postsLast7Days: 1, targetPerWeek: 5, status: 'behind' },
  lastError: { code: 'OAuthException', message: 'The access token has expired', at: '2030-01-01T09:00:00.000Z' },
});

describe('Account Health', () => {
  it('lists the alerts at the top, then one card per account with every figure and a status colour', async () => {
    renderHealth({
      health: [accountHealthFixture(), broken],
      alerts: [
        { id: 'al1', rule: 'token_expiring', subject: instagramAccountFixture.id, severity: 'critical', message: 'The token of @acme_shop has expired', value: null, threshold: null, firedAt: '2030-01-01T09:00:00.000Z' },
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
    expect(bad.textContent).toContain('Last renewal failed: invalid_grant');
    expect(bad.textContent).toContain('0 of 50 left per 1 day');
    expect(bad.textContent).toContain('3 of 4 failed (75%)');
    expect(bad.textContent).toContain('Behind');
    expect(bad.textContent).toContain('The access token has expired');
    expect(within(bad).getByRole('link', { name: 'Reconnect on the Accounts page' }).getAttribute('href')).toBe('/accounts');
  });

  it('says what to do when no account is connected', async () => {
    renderHealth({ health: [] });
    expect(await screen.findByText('No accounts to monitor')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Connect an account' }).getAttribute('href')).toBe('/accounts');
  });
});

describe('assessHealth', () => {
  it('colours each figure and the account by its worst figure', () => {
    expect(assessHealth(accountHealthFixture()).overall).toBe('ok');
    expect(assessHealth(broken)).toEqual({ overall: 'danger', token: 'danger', rateLimits: 'danger', failures: 'danger', cadence: 'warning' });
    const warn = accountHealthFixture({
      token: { ...accountHealthFixture().token, refreshable: false, expiresInSeconds: 3600 },
      failures24h: { finished: 10, failed: 2, rate: 0.2 },
      rateLimits: [{ name: 'tiktok:init', limit: 10, used: 9, remaining: 1, windowSeconds: 60 }],
    });
    expect(assessHealth(warn)).toMatchObject({ overall: 'warning', token: 'warning', failures: 'warning', rateLimits: 'warning' });
    expect(assessHealth(accountHealthFixture({ failures24h: { finished: 0, failed: 0, rate: null }, cadence: { postsLast7Days: 0, targetPerWeek: null, status: 'no_target' } }))).toMatchObject({
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
