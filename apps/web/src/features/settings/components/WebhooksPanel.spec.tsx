import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, ok, stubApi } from '../../../test/api-stub';
import { workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import {
  webhookDeliveriesQueryOptions,
  webhookEndpointsQueryOptions,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../api/webhooks';
import { WebhooksPanel } from './WebhooksPanel';

const EVENT_TYPES: WebhookEventType[] = [
  'post.scheduled',
  'post.approved',
  'publication.uploading',
  'publication.processing',
  'publication.posted',
  'publication.failed',
  'publication.needs_review',
  'account.needs_reconnect',
  'account.restricted',
  'metrics.snapshot',
  'alert.raised',
];

const endpoint: WebhookEndpoint = {
  id: '11111111-2222-4333-8444-555555555555',
  url: 'https://hooks.example.com/mwr',
  description: '',
  eventTypes: ['publication.posted', 'publication.failed'],
  enabled: true,
  secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==',
  previousSecretExpiresAt: null,
  consecutiveFailures: 0,
  disabledReason: null,
  disabledAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

const delivery: WebhookDelivery = {
  id: '99999999-2222-4333-8444-555555555555',
  eventId: 'evt_0123456789abcdef0123456789abcdef',
  eventType: 'publication.posted',
  status: 'failed',
  attempts: 3,
  nextAttemptAt: null,
  responseCode: 500,
  latencyMs: 42,
  responsePreview: 'receiver broke',
  error: 'HTTP 500',
  resendOf: null,
  createdAt: '2026-12-01T10:05:00.000Z',
  deliveredAt: null,
};

function renderPanel(endpoints: WebhookEndpoint[] = [endpoint], deliveries: WebhookDelivery[] = [delivery]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(webhookEndpointsQueryOptions(workspaceId).queryKey, { items: endpoints, eventTypes: EVENT_TYPES });
  for (const e of endpoints) queryClient.setQueryData(webhookDeliveriesQueryOptions(workspaceId, e.id).queryKey, { items: deliveries, nextCursor: null });
  render(
    <QueryClientProvider client={queryClient}>
      <WebhooksPanel workspaceId={workspaceId} />
    </QueryClientProvider>,
  );
}

describe('WebhooksPanel', () => {
  it('lists an endpoint with its events and secret, and its delivery log with code, latency, preview and resend', async () => {
    renderPanel();
    const panel = screen.getByRole('region', { name: 'Webhooks' });
    const item = within(panel).getByRole('listitem', { name: 'https://hooks.example.com/mwr' });
    expect(within(item).getByRole('list', { name: 'Events sent to https://hooks.example.com/mwr' }).textContent).toBe('publication.postedpublication.failed');
    expect(item.textContent).toContain(endpoint.secret);

    fireEvent.click(within(item).getByRole('button', { name: 'Show deliveries' }));
    const log = within(item).getByRole('table', { name: 'Deliveries to https://hooks.example.com/mwr' });
    const [row] = within(log).getAllByRole('row').slice(1);
    expect(row?.textContent).toContain('publication.posted');
    expect(row?.textContent).toContain('Failed · 3 attempts');
    expect(row?.textContent).toContain('500');
    expect(row?.textContent).toContain('42 ms');
    expect(row?.textContent).toContain('receiver broke');

    const resend = stubApi('POST', {
      '/api/webhooks/endpoints/{id}/deliveries/{deliveryId}/resend': () =>
        ok({ ...delivery, id: 'aaaaaaaa-2222-4333-8444-555555555555', status: 'pending', attempts: 0, resendOf: delivery.id }, 201),
    });
    stubApi('GET', { '/api/webhooks/endpoints/{id}/deliveries': () => ok({ items: [delivery], nextCursor: null }) });
    fireEvent.click(within(row!).getByRole('button', { name: `Resend ${delivery.eventId}` }));
    await waitFor(() => expect(resend).toHaveBeenCalled());
    expect(resend.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: endpoint.id, deliveryId: delivery.id } } });
  });

  it('says an endpoint was disabled after repeated failures', () => {
    renderPanel([{ ...endpoint, enabled: false, disabledReason: 'failures', consecutiveFailures: 20, disabledAt: '2026-12-02T10:00:00.000Z' }]);
    expect(screen.getByText('Disabled after repeated failures')).toBeDefined();
    expect(screen.getByText(/failed 20 times in a row/)).toBeDefined();
    expect((screen.getByRole('switch', { name: 'Enabled' }) as HTMLInputElement).getAttribute('aria-checked')).toBe('false');
  });

  it('adds an endpoint with the chosen events, in the catalogue order, and shows a refused private URL', async () => {
    renderPanel([]);
    expect(screen.getByText('No endpoint yet.')).toBeDefined();
    const create = stubApi('POST', {
      '/api/webhooks/endpoints': () =>
        apiError({ statusCode: 400, code: 'WEBHOOK_URL_NOT_ALLOWED', message: 'not allowed', params: { reason: '10.0.0.5 is private' } }),
    });
    const form = screen.getByRole('form', { name: 'Add a webhook endpoint' });
    fireEvent.change(within(form).getByLabelText(/Endpoint URL/), { target: { value: 'http://10.0.0.5/hook' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    expect(screen.getByText('Choose at least one event.')).toBeDefined();
    expect(create).not.toHaveBeenCalled();

    fireEvent.click(within(form).getByRole('checkbox', { name: 'alert.raised' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'publication.posted' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]?.[1]).toMatchObject({ body: { url: 'http://10.0.0.5/hook', eventTypes: ['publication.posted', 'alert.raised'] } });
    expect(await screen.findByText(/This webhook URL is not allowed \(10\.0\.0\.5 is private\)/)).toBeDefined();
  });
});
