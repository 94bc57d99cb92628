import { CONTENT_ITEM_STATUSES, contentItemStatusMachine, defineStateMachine, IllegalTransitionError, type ContentItemStatus } from './index.js';

describe('content item status machine', () => {
  it('covers every declared status', () => {
    expect([...contentItemStatusMachine.states].sort()).toEqual([...CONTENT_ITEM_STATUSES].sort());
  });

  it('lets a scheduled item start publishing', () => {
    expect(contentItemStatusMachine.transition('scheduled', 'publishing')).toBe('publishing');
  });

  it('refuses to un-publish a published item', () => {
    expect(() => contentItemStatusMachine.transition('published', 'scheduled')).toThrow(IllegalTransitionError);
    expect(contentItemStatusMachine.canTransition('published', 'draft')).toBe(false);
  });

  it('treats published and cancelled as terminal, and nothing else', () => {
    const terminal = CONTENT_ITEM_STATUSES.filter((s: ContentItemStatus) => contentItemStatusMachine.isTerminal(s));
    expect(terminal.sort()).toEqual(['cancelled', 'published']);
  });

  it('rejects a table that points at an undeclared state', () => {
    expect(() => defineStateMachine<'a' | 'b'>('broken', { a: ['b'], b: ['c' as 'a'] })).toThrow(/unknown state "c"/);
  });
});
