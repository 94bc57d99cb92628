import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { i18n } from '../../../shared/i18n/i18n';
import { apiError, ok, stubApi, type Routes } from '../../../test/api-stub';
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

  describe('rate limit (issue 26)', () => {
    const ownLimit: ApiKey = { ...apiKeyFixture, rateLimitPerMinute: 1200, effectiveRateLimitPerMinute: 1200 };
    const defaultLimit: ApiKey = { ...createdKey, rateLimitPerMinute: null, effectiveRateLimitPerMinute: 600 };

    /** The API's VALIDATION_FAILED for a limit outside 1..100000, as its validation pipe words it. */
    const limitRefused = (constraint: 'min' | 'max', bound: number) =>
      apiError({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: `rateLimitPerMinute must not be ${constraint === 'min' ? 'less' : 'greater'} than ${bound}`,
        params: { field: 'rateLimitPerMinute', constraint, [constraint]: bound },
        details: [
          {
            field: 'rateLimitPerMinute',
            messages: [`rateLimitPerMinute must not be ${constraint === 'min' ? 'less' : 'greater'} than ${bound}`],
            code: constraint,
            params: { field: 'rateLimitPerMinute', constraint, [constraint]: bound },
            issues: [{ code: constraint, params: { field: 'rateLimitPerMinute', constraint, [constraint]: bound } }],
          },
        ],
      });
    // TODO(lead): switch to schema.gen after npm run openapi (the PATCH route is typed by hand until then).
    const patchRoutes = (routes: Record<string, unknown>) => routes as unknown as Routes<'PATCH'>;

    it("shows each key's own limit, or the server default the API reports", () => {
      renderPanel([ownLimit, defaultLimit]);

      const [own, byDefault] = screen.getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
      expect(screen.getByRole('columnheader', { name: 'Rate limit' })).toBeDefined();
      expect(own.textContent).toContain('1,200/min');
      expect(own.textContent).not.toContain('Default');
      expect(byDefault.textContent).toContain('Default (600/min)');
    });

    it('sends the limit typed at creation (none when empty: see the test above)', async () => {
      listReturns(() => [createdKey]);
      const post = stubApi('POST', { '/api/api-keys': ok({ apiKey: createdKey, secret: SECRET }, 201) });
      renderPanel([]);

      fireEvent.change(screen.getByLabelText('Key name'), { target: { value: 'Reporting script' } });
      fireEvent.click(screen.getByRole('checkbox', { name: 'content:read' }));
      fireEvent.change(screen.getByRole('spinbutton', { name: 'Requests per minute' }), { target: { value: '250' } });
      fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

      await screen.findByRole('dialog');
      expect(post).toHaveBeenCalledWith('/api/api-keys', { body: { name: 'Reporting script', scopes: ['content:read'], rateLimitPerMinute: 250 } });
    });

    it('says in words why the API refused a limit at creation (a negative one)', async () => {
      const post = stubApi('POST', { '/api/api-keys': limitRefused('min', 1) });
      renderPanel();

      fireEvent.change(screen.getByLabelText('Key name'), { target: { value: 'Too slow' } });
      fireEvent.click(screen.getByRole('checkbox', { name: 'content:read' }));
      fireEvent.change(screen.getByRole('spinbutton', { name: 'Requests per minute' }), { target: { value: '-5' } });
      fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

      const field = screen.getByRole('spinbutton', { name: 'Requests per minute' });
      await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
      expect(post).toHaveBeenCalledWith('/api/api-keys', { body: { name: 'Too slow', scopes: ['content:read'], rateLimitPerMinute: -5 } });
      expect(screen.getByText('Requests per minute must be at least 1.')).toBeDefined();
      expect(screen.queryByText(/must not be less than/)).toBeNull();
      expect(screen.queryByRole('dialog')).toBeNull();
    });

    it('changes a key’s limit from its row, and sends it back to the default', async () => {
      let keys = [defaultLimit];
      listReturns(() => keys);
      const patch = stubApi(
        'PATCH',
        patchRoutes({
          '/api/api-keys/{id}': ({ body }: { body: { rateLimitPerMinute: number | null } }) => {
            const limit = body.rateLimitPerMinute;
            keys = [{ ...defaultLimit, rateLimitPerMinute: limit, effectiveRateLimitPerMinute: limit ?? 600 }];
            return ok(keys[0]);
          },
        }),
      );
      renderPanel([defaultLimit]);

      fireEvent.click(screen.getByRole('button', { name: 'Change the rate limit of Reporting script' }));
      const dialog = screen.getByRole('dialog');
      const field = within(dialog).getByRole('spinbutton', { name: 'Requests per minute' }) as HTMLInputElement;
      expect(field.value).toBe('');
      fireEvent.change(field, { target: { value: '90' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Save limit' }));

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(patch).toHaveBeenCalledWith('/api/api-keys/{id}', { params: { path: { id: createdKey.id } }, body: { rateLimitPerMinute: 90 } });
      await waitFor(() => expect(screen.getAllByRole('row')[1]!.textContent).toContain('90/min'));
      expect(screen.getAllByRole('row')[1]!.textContent).not.toContain('Default');

      fireEvent.click(screen.getByRole('button', { name: 'Change the rate limit of Reporting script' }));
      expect((within(screen.getByRole('dialog')).getByRole('spinbutton', { name: 'Requests per minute' }) as HTMLInputElement).value).toBe('90');
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Use the server default' }));

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(patch).toHaveBeenLastCalledWith('/api/api-keys/{id}', { params: { path: { id: createdKey.id } }, body: { rateLimitPerMinute: null } });
      await waitFor(() => expect(screen.getAllByRole('row')[1]!.textContent).toContain('Default (600/min)'));
    });

    it.each([
      ['0', 'min', 1, 'Requests per minute must be at least 1.'],
      ['-3', 'min', 1, 'Requests per minute must be at least 1.'],
      ['100001', 'max', 100000, 'Requests per minute must be at most 100000.'],
    ] as const)('keeps the dialog open and says why the API refused %s', async (typed, constraint, bound, words) => {
      const patch = stubApi('PATCH', patchRoutes({ '/api/api-keys/{id}': limitRefused(constraint, bound) }));
      renderPanel([ownLimit]);

      fireEvent.click(screen.getByRole('button', { name: 'Change the rate limit of Zapier' }));
      const dialog = screen.getByRole('dialog');
      fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Requests per minute' }), { target: { value: typed } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Save limit' }));

      expect(await within(dialog).findByText(words)).toBeDefined();
      expect(patch).toHaveBeenCalledWith('/api/api-keys/{id}', { params: { path: { id: apiKeyFixture.id } }, body: { rateLimitPerMinute: Number(typed) } });
      expect(within(dialog).getByRole('spinbutton', { name: 'Requests per minute' }).getAttribute('aria-invalid')).toBe('true');
      expect(screen.getByRole('dialog')).toBe(dialog);
      expect(dialog.textContent).not.toMatch(/must not be/);
    });

    it('in French too', async () => {
      await i18n.changeLanguage('fr');
      try {
        renderPanel([defaultLimit]);
        expect(screen.getAllByRole('row')[1]!.textContent).toContain('Par défaut (600/min)');
        expect(screen.getByRole('button', { name: 'Modifier la limite de débit de Reporting script' })).toBeDefined();
      } finally {
        await i18n.changeLanguage('en');
      }
    });
  });
});
