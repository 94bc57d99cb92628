import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Publication } from '../../../shared/content/content-items';
import { publicationDetailFixture } from '../../../test/fixtures';
import { PostStory } from './PostStory';

const detail = publicationDetailFixture(
  {
    id: 'p1',
    accountId: 'a1',
    platform: 'tiktok',
    status: 'posted',
    errorCode: null,
    errorMessage: null,
    permalink: 'https://www.tiktok.com/@acme/video/1',
    remoteMediaId: '1',
    postedAt: '2026-12-06T19:47:12.000Z',
  } as Publication,
  {
    timeline: [
      { id: '1', type: 'queued', at: '2026-12-06T19:46:00.000Z', fromStatus: null, toStatus: 'queued', message: 'Scheduled', data: {} },
      { id: '2', type: 'succeeded', at: '2026-12-06T19:47:12.000Z', fromStatus: 'pending', toStatus: 'posted', message: null, data: {} },
    ],
  },
);

describe('PostStory', () => {
  it('leads with the story and links the post on its platform; the raw log is one click away for admins', () => {
    render(<PostStory detail={detail} platform="TikTok" timeZone="Europe/Paris" showRawLog />);
    expect(screen.getByText(/^Posted at .*8:47:12/)).toBeDefined();
    expect(screen.getByRole('link', { name: 'view on TikTok' }).getAttribute('href')).toBe('https://www.tiktok.com/@acme/video/1');
    const log = screen.getByText('Raw event log').closest('details')!;
    expect(log.open).toBe(false);
    fireEvent.click(screen.getByText('Raw event log'));
    expect(log.open).toBe(true);
    expect(screen.getByText('succeeded')).toBeDefined();
  });

  it('shows no raw log to editors and viewers', () => {
    render(<PostStory detail={detail} platform="TikTok" timeZone="Europe/Paris" showRawLog={false} />);
    expect(screen.getByText(/^Posted at/)).toBeDefined();
    expect(screen.queryByText('Raw event log')).toBeNull();
    expect(screen.queryByText('succeeded')).toBeNull();
  });
});
