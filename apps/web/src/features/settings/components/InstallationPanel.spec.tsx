import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ok, stubApi } from '../../../test/api-stub';
import { systemInfoFixture } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { systemInfoQueryOptions } from '../api/system-info';
import { InstallationPanel } from './InstallationPanel';

function renderPanel(queryClient = createTestQueryClient()) {
  render(
    <QueryClientProvider client={queryClient}>
      <InstallationPanel />
    </QueryClientProvider>,
  );
}

describe('InstallationPanel', () => {
  it('renders the installation from the query cache', () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(systemInfoQueryOptions().queryKey, systemInfoFixture);

    renderPanel(queryClient);

    const panel = screen.getByRole('region', { name: 'Installation' });
    const value = (label: string) => {
      const term = within(panel).getByText(label, { selector: 'dt' });
      const definition = term.nextElementSibling;
      if (!definition) throw new Error(`No value for ${label}`);
      return definition;
    };
    expect(value('Version').textContent).toContain('0.1.0');
    expect(within(value('Database') as HTMLElement).getByText('pglite')).toBeDefined();
    expect(value('Database').textContent).toContain('engine 17.4');
    expect(value('Queue driver').textContent).toContain('Database polling');
    expect(value('Migrations applied').textContent).toBe('4');
    expect(
      within(value('Roles') as HTMLElement)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['api', 'worker', 'scheduler']);
    expect(value('Installation ID').textContent).toContain(systemInfoFixture.installationId);
    expect(value('Running since').querySelector('time')?.getAttribute('dateTime')).toBe(systemInfoFixture.startedAt);
  });

  it('names the database kind exactly once, so it can be found on the page', () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(systemInfoQueryOptions().queryKey, { ...systemInfoFixture, database: 'postgres' as const });

    renderPanel(queryClient);

    expect(screen.getAllByText(/postgres/i)).toHaveLength(1);
    expect(screen.getByText('External database server', { exact: false })).toBeDefined();
  });

  it('shows a loading state, then the error with a working retry', async () => {
    let reachable = false;
    const get = stubApi('GET', {
      '/api/system': () => (reachable ? ok(systemInfoFixture) : Promise.reject(new TypeError('Failed to fetch'))),
    });

    renderPanel();

    expect(screen.getByText('Loading installation details…')).toBeDefined();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't load installation details");
    expect(alert.textContent).toContain('could not be reached');
    expect(get).toHaveBeenCalledTimes(1);

    reachable = true;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('pglite')).toBeDefined();
    expect(get).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
