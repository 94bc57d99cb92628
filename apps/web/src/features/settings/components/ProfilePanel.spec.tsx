import { createMemoryHistory } from '@tanstack/react-router';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { App } from '../../../app/App';
import { createAppRouter } from '../../../app/router';
import { i18n } from '../../../shared/i18n/i18n';
import { formatDate } from '../../../shared/lib/dates';
import { ok, stubApi } from '../../../test/api-stub';
import { meFixture } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';

describe('Profile language', () => {
  it('saves the language on the profile and switches the whole UI at once, without a reload', async () => {
    const patch = stubApi('PATCH', { '/api/auth/me': ok({ ...meFixture.user, locale: 'fr' }) });
    stubApi('GET', { '/api/auth/me': ok({ ...meFixture, user: { ...meFixture.user, locale: 'fr' } }) });
    const queryClient = createTestQueryClient();
    seedSignedIn(queryClient);
    const router = createAppRouter({ queryClient, history: createMemoryHistory({ initialEntries: ['/settings'] }) });
    render(<App queryClient={queryClient} router={router} />);

    // Settings is code-split: the first visit loads its chunk.
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeDefined();
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'fr' } });

    expect(await screen.findByRole('heading', { level: 1, name: 'Paramètres' })).toBeDefined();
    expect(patch).toHaveBeenCalledWith('/api/auth/me', { body: { locale: 'fr' } });
    expect(screen.getByRole('navigation', { name: 'Principale' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Calendrier' })).toBeDefined();
    expect(document.documentElement.lang).toBe('fr');
    // Dates follow the UI language.
    expect(i18n.language).toBe('fr');
    expect(formatDate('2025-11-25T20:00:00.000Z', 'UTC')).toBe('25 nov. 2025');
  });
});
