import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Me, Role } from '../../../shared/session/me';
import { meFixture, membersFixture } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { SettingsPage } from './SettingsPage';

function renderAs(role: Role, userId = meFixture.user.id) {
  const queryClient = createTestQueryClient();
  const me: Me = { ...meFixture, role, user: { ...meFixture.user, id: userId } };
  seedSignedIn(queryClient, me);
  render(
    <QueryClientProvider client={queryClient}>
      <SettingsPage />
    </QueryClientProvider>,
  );
}

const headings = () => screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);

describe('SettingsPage', () => {
  it('shows every section to an owner, and keeps the installation details', () => {
    renderAs('owner');

    expect(headings()).toEqual([
      'Profile',
      'Workspace',
      'Members',
      'Notifications',
      'Invitations',
      'Approvals',
      'Branding',
      'API keys',
      'Webhooks',
      'Audit log',
      'API documentation',
      'Installation',
    ]);
    expect(screen.getByText('pglite')).toBeDefined();
    // The API's Swagger UI and its OpenAPI document, one click away.
    expect(screen.getByRole('link', { name: 'Open the API reference (Swagger UI)' }).getAttribute('href')).toBe('/api/docs');
    expect(screen.getByRole('link', { name: 'Download the OpenAPI document (JSON)' }).getAttribute('href')).toBe('/api/openapi.json');
    expect(screen.getByLabelText('Workspace name')).toBeDefined();
  });

  it('hides the admin sections from an editor, with a note, and shows members read-only', () => {
    renderAs('editor', membersFixture[1]?.userId);

    expect(headings()).toEqual(['Profile', 'Workspace', 'Members', 'Notifications', 'Administration', 'API documentation', 'Installation']);
    expect(screen.getByText(/managed by admins and owners/)).toBeDefined();
    const members = screen.getByRole('region', { name: 'Members' });
    expect(within(members).queryByRole('combobox')).toBeNull();
    expect(within(members).queryByRole('button')).toBeNull();
    expect(screen.queryByLabelText('Workspace name')).toBeNull();
  });

  it('lets an admin manage editors but not the owner, nor themselves', () => {
    const adminId = 'adadadad-0000-4000-8000-000000000000';
    renderAs('admin', adminId);

    const members = screen.getByRole('region', { name: 'Members' });
    const ownerRole = within(members).getByRole('combobox', { name: 'Role of Camille Martin' }) as HTMLSelectElement;
    expect(ownerRole.disabled).toBe(true);
    expect(within(members).queryByRole('button', { name: 'Remove Camille Martin' })).toBeNull();
    const editorRole = within(members).getByRole('combobox', { name: 'Role of Sam Lee' }) as HTMLSelectElement;
    expect(editorRole.disabled).toBe(false);
    expect(
      within(editorRole)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Viewer', 'Contributor', 'Editor', 'Admin']);
    expect(within(members).getByRole('button', { name: 'Remove Sam Lee' })).toBeDefined();
    // Per-account access (issue 25): admins choose the accounts of members below admin; owners see every account.
    expect(within(members).getByRole('button', { name: 'Accounts Sam Lee can see' }).textContent).toBe('All accounts');
    expect(within(members).queryByRole('button', { name: 'Accounts Camille Martin can see' })).toBeNull();
    // Invitations: an admin cannot hand out the owner role either.
    const invitations = screen.getByRole('region', { name: 'Invitations' });
    const role = within(invitations).getByLabelText('Role');
    expect(
      within(role)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Viewer', 'Contributor', 'Editor', 'Admin']);
  });

  it('shows the audit log newest first, with names instead of ids', () => {
    renderAs('owner');

    const audit = screen.getByRole('region', { name: 'Audit log' });
    const rows = within(audit).getAllByRole('row').slice(1) as HTMLTableRowElement[];
    expect(rows.map((row) => row.cells[1]?.textContent)).toEqual(['API key created', 'Installation set up']);
    expect(rows[0]?.cells[2]?.textContent).toBe('Camille Martin');
    // What each entry is about, named for people ("API key", not "api_key").
    expect(rows.map((row) => row.cells[3]?.firstChild?.textContent)).toEqual(['API key', 'User']);
    expect(within(audit).queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});
