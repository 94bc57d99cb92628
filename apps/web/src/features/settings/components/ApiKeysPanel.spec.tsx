import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ok, stubApi } from '../../../test/api-stub';
import { apiKeyFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { apiKeysQueryOptions, type ApiKey, type CreatedApiKey } from '../api/api-keys';
import { ApiKeysPanel } from './ApiKeysPanel';

const SECRET = 'mwr_s3cr3t-only-shown-once-0123456789abcdef';

const createdKey: ApiKey = {
  ...apiKeyFixture,
  id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  name: 'Reporting script',
  prefix: 'mwr_Zz9Yy8Xx',
  scopes: ['content:read', 'accounts:read'],
};

function renderPanel(keys: ApiKey[] = [apiKeyFixture]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(apiKeysQueryOptions(workspaceId).queryKey, keys);
  render(
    <QueryClientProvider client={queryClient}>
      <ApiKeysPanel workspaceId={workspaceId} />
    </QueryClientProvider>,
  );
  return { queryClient };
}

/** The list as the API returns it after each change. */
function listReturns(keys: () => ApiKey[]) {
  return stubApi('GET', { '/api/api-keys': () => ok(keys()) });
}

describe('ApiKeysPanel', () => {
  it('lists keys with their prefix, scopes, last use, status and a revoke button', () => {
    renderPanel([apiKeyFixture, { ...apiKeyFixture, id: 'old', name: 'Old key', revokedAt: '2025-11-27T10:00:00.000Z' }]);

    const panel = screen.getByRole('region', { name: 'API keys' });
    const rows = within(panel).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [active, revoked] = rows as [HTMLElement, HTMLElement];
    expect(active.textContent).toContain('Zapier');
    expect(active.textContent).toContain('mwr_a1B2c3D4');
    expect(active.textContent).toContain('content:read');
    expect(active.textContent).toContain('Never');
    expect(active.textContent).toContain('Active');
    expect(within(active).getByRole('button', { name: 'Revoke Zapier' })).toBeDefined();
    expect(revoked.textContent).toContain('Revoked');
    expect(within(revoked).queryByRole('button')).toBeNull();
  });

  it('offers exactly one checkbox per scope, labelled with the scope', () => {
    renderPanel();

    for (const scope of ['content:read', 'content:write', 'accounts:read', 'automations:write', 'admin']) {
      expect(screen.getByRole('checkbox', { name: scope })).toBeDefined();
    }
    expect(screen.getAllByRole('checkbox')).toHaveLength(5);
  });

  it('shows the secret once in a dialog after creating a key, and never again after Done', async () => {
    let keys = [apiKeyFixture];
    listReturns(() => keys);
    const created: CreatedApiKey = { apiKey: createdKey, secret: SECRET };
    const post = stubApi('POST', {
      '/api/api-keys': () => {
        keys = [createdKey, apiKeyFixture];
        return ok(created, 201);
      },
    });
    renderPanel();

    fireEvent.change(screen.getByLabelText('Key name'), { target: { value: 'Reporting script' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'accounts:read' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'content:read' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('api-key-secret').textContent).toBe(SECRET);
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeDefined();
    expect(post).toHaveBeenCalledWith('/api/api-keys', {
      body: { name: 'Reporting script', scopes: ['content:read', 'accounts:read'] },
    });
    // The list already shows the new key behind the dialog (hidden from assistive technology while
    // the modal is open), without its secret.
    await screen.findByRole('button', { name: 'Revoke Reporting script', hidden: true });
    expect(screen.getAllByText(SECRET)).toHaveLength(1);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(SECRET)).toBeNull();
    expect(screen.queryByTestId('api-key-secret')).toBeNull();
    expect((screen.getByLabelText('Key name') as HTMLInputElement).value).toBe('');
  });

  it('copies the secret to the clipboard', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    listReturns(() => [createdKey]);
    stubApi('POST', { '/api/api-keys': ok({ apiKey: createdKey, secret: SECRET }, 201) });
    renderPanel([]);

    fireEvent.change(screen.getByLabelText('Key name'), { target: { value: 'Reporting script' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'content:read' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Copy' }));

    expect(await screen.findByText('Copied')).toBeDefined();
    expect(writeText).toHaveBeenCalledWith(SECRET);
  });

  it('asks for at least one scope before calling the API', () => {
    const post = stubApi('POST', {});
    renderPanel();

    fireEvent.change(screen.getByLabelText('Key name'), { target: { value: 'No scopes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    expect(screen.getByText('Choose at least one scope.')).toBeDefined();
    expect(post).not.toHaveBeenCalled();
  });

  it('revokes a key only after confirming in a dialog', async () => {
    let keys = [apiKeyFixture];
    listReturns(() => keys);
    const revoked = { ...apiKeyFixture, revokedAt: '2025-11-27T10:00:00.000Z' };
    const del = stubApi('DELETE', {
      '/api/api-keys/{id}': () => {
        keys = [revoked];
        return ok(revoked);
      },
    });
    renderPanel();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke Zapier' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Zapier');
    expect(del).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(del).toHaveBeenCalledWith('/api/api-keys/{id}', { params: { path: { id: apiKeyFixture.id } } });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke Zapier' })).toBeNull());
    expect(screen.getByText(/Revoked/)).toBeDefined();
  });
});
