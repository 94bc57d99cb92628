import { canDoContentAction, contentItemActions, QUEUE_STATES, shownContentStatus, uncancelRefusal, type ContentItemStatus } from './index.js';

describe('content item actions', () => {
  it('offers each state only what it allows', () => {
    const offered = (status: ContentItemStatus) => contentItemActions(status);
    expect(offered('draft')).toEqual(['edit', 'duplicate', 'delete']);
    expect(offered('scheduled')).toEqual(['edit', 'duplicate', 'pause', 'cancel']);
    expect(offered('paused')).toEqual(['edit', 'duplicate', 'resume', 'cancel']);
    expect(offered('publishing')).toEqual(['duplicate']);
    expect(offered('published')).toEqual(['duplicate']);
    expect(offered('failed')).toEqual(['edit', 'duplicate', 'cancel']);
    expect(offered('cancelled')).toEqual(['duplicate', 'delete']);
  });

  it('never lets a publishing or published post be deleted or cancelled', () => {
    for (const status of ['publishing', 'published', 'partially_published'] as const) {
      expect(canDoContentAction(status, 'delete')).toBe(false);
      expect(canDoContentAction(status, 'cancel')).toBe(false);
    }
  });
});

describe('un-cancel', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const base = {
    status: 'cancelled' as const,
    cancelledFrom: 'scheduled' as const,
    scheduledAt: new Date('2030-01-02T12:00:00Z'),
    publicationStatuses: [],
    now,
  };

  it('restores a cancelled post whose time is still ahead', () => {
    expect(uncancelRefusal(base)).toBeNull();
    expect(uncancelRefusal({ ...base, cancelledFrom: 'draft', scheduledAt: new Date('2020-01-01T00:00:00Z') })).toBeNull();
  });

  it('refuses when the time has passed, something posted, or nothing says where it came from', () => {
    expect(uncancelRefusal({ ...base, scheduledAt: new Date('2030-01-01T11:59:59Z') })).toBe('TIME_PASSED');
    expect(uncancelRefusal({ ...base, publicationStatuses: ['failed', 'posted'] })).toBe('ALREADY_PUBLISHED');
    expect(uncancelRefusal({ ...base, cancelledFrom: null })).toBe('NOTHING_TO_RESTORE');
    expect(uncancelRefusal({ ...base, status: 'scheduled' })).toBe('NOT_CANCELLED');
  });
});

describe('shown status', () => {
  it('shows a publishing item as scheduled until a first target starts', () => {
    expect(shownContentStatus('publishing', ['pending', 'pending'])).toBe('scheduled');
    expect(shownContentStatus('publishing', ['pending', 'uploading'])).toBe('publishing');
    expect(shownContentStatus('scheduled', [])).toBe('scheduled');
  });
});

describe('queue states', () => {
  it('shows the plan soonest first and the history latest first', () => {
    expect(QUEUE_STATES.upcoming.order).toBe('asc');
    expect(QUEUE_STATES.published.order).toBe('desc');
    expect(QUEUE_STATES.draft.statuses).toEqual(['draft']);
  });
});
