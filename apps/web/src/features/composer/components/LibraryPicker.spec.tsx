import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ok, stubApi } from '../../../test/api-stub';
import { workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import type { Asset } from '../api/assets';
import { LibraryPicker } from './LibraryPicker';

function video(id: string, filename: string, patch: Partial<Asset> = {}): Asset {
  return {
    id,
    filename,
    mime: 'video/mp4',
    bytes: 1_000_000,
    sha256: null,
    status: 'ready',
    probe: null,
    usageCount: 0,
    usedBy: [],
    tags: [],
    duplicateOf: null,
    thumbnailUrl: null,
    error: null,
    createdAt: '2030-01-01T09:00:00.000Z',
    ...patch,
  };
}

const launch = video('a0000000-0000-4000-8000-000000000001', 'launch.mp4', { tags: ['promo'] });
const broll = video('a0000000-0000-4000-8000-000000000002', 'b-roll.mov');
const processing = video('a0000000-0000-4000-8000-000000000003', 'still-probing.mp4', { status: 'processing' });

describe('composer: Choose from library', () => {
  it('lists the ready videos, searches the library by name or tag, and hands back the one chosen', async () => {
    const get = stubApi('GET', {
      '/api/assets': (init) => {
        const q = init?.params?.query?.q;
        return ok({ items: [launch, broll, processing].filter((a) => !q || a.filename.includes(q) || a.tags.includes(q)), nextCursor: null });
      },
    });
    const onPick = vi.fn();
    render(
      <QueryClientProvider client={createTestQueryClient()}>
        <LibraryPicker workspaceId={workspaceId} onPick={onPick} />
      </QueryClientProvider>,
    );
    expect(get).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Choose from library' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose a video from the library' });
    await within(dialog).findByRole('button', { name: 'Use launch.mp4' });
    expect(within(dialog).getByRole('button', { name: 'Use b-roll.mov' })).toBeDefined();
    expect(within(dialog).queryByRole('button', { name: 'Use still-probing.mp4' })).toBeNull();

    fireEvent.change(within(dialog).getByLabelText('Search by file name or tag'), { target: { value: 'promo' } });
    await waitFor(() => expect(within(dialog).queryByRole('button', { name: 'Use b-roll.mov' })).toBeNull());
    expect(get).toHaveBeenLastCalledWith('/api/assets', expect.objectContaining({ params: { query: { limit: 60, q: 'promo' } } }));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Use launch.mp4' }));
    expect(onPick).toHaveBeenCalledWith(launch);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
