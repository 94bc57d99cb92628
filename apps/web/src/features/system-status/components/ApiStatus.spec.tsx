import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { apiClient } from '../../../shared/api/client';
import { apiError, ok, stubApi } from '../../../test/api-stub';
import { createTestQueryClient } from '../../../test/query-client';
import { ApiStatus } from './ApiStatus';

function renderStatus() {
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <ApiStatus />
    </QueryClientProvider>,
  );
}

function respondWith(status: number) {
  return stubApi('GET', {
    '/api/health/ready':
      status === 200
        ? ok({ status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } })
        : apiError({ statusCode: status, code: 'NOT_READY', message: 'The database does not answer' }),
  });
}

describe('ApiStatus', () => {
  it('says the API is online when readiness answers 200', async () => {
    const get = respondWith(200);
    renderStatus();

    expect(screen.getByRole('status').textContent).toBe('Checking API…');
    expect(await screen.findByText('API online')).toBeDefined();
    expect(get).toHaveBeenCalledWith('/api/health/ready', expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('says the API is not ready when readiness answers 503', async () => {
    respondWith(503);
    renderStatus();

    expect(await screen.findByText('API not ready')).toBeDefined();
  });

  it('says the API is unreachable when the request fails', async () => {
    vi.spyOn(apiClient, 'GET').mockRejectedValue(new TypeError('Failed to fetch'));
    renderStatus();

    expect(await screen.findByText('API unreachable')).toBeDefined();
  });

  it('says the API is unreachable on an unexpected status (e.g. the dev proxy cannot connect)', async () => {
    respondWith(502);
    renderStatus();

    expect(await screen.findByText('API unreachable')).toBeDefined();
  });
});
