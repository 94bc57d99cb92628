import fc from 'fast-check';

import {
  aggregateItemStatus,
  captionOverrideOf,
  checkCaption,
  checkScheduledAt,
  countHashtags,
  countMentions,
  DEFAULT_BACKOFF,
  effectiveCaption,
  hasExplicitOffset,
  nextRetryDelayMs,
} from './index.js';

describe('backoff', () => {
  it('stays within [0, min(cap, base·2^(n-1))] and honours Retry-After as a floor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
        (attempt, r, retryAfterMs) => {
          const delay = nextRetryDelayMs(attempt, { random: () => r, retryAfterMs })!;
          const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(retryAfterMs ?? 0);
          expect(delay).toBeLessThanOrEqual(Math.max(ceiling, retryAfterMs ?? 0));
        },
      ),
    );
  });

  it('gives up after 8 attempts', () => {
    expect(nextRetryDelayMs(7, { random: () => 0.5 })).toEqual(expect.any(Number));
    expect(nextRetryDelayMs(8)).toBeUndefined();
    expect(() => nextRetryDelayMs(0)).toThrow(RangeError);
  });

  it('grows exponentially until the cap', () => {
    const top = (n: number) => nextRetryDelayMs(n, { random: () => 0.999999, policy: { baseMs: 1000, capMs: 10_000, maxAttempts: 8 } });
    expect([1, 2, 3, 4, 5].map(top)).toEqual([1000, 2000, 4000, 8000, 10000]);
  });
});

describe('caption rules', () => {
  it('counts TikTok captions in UTF-16 units', () => {
    expect(checkCaption('tiktok', 'a'.repeat(2200))).toEqual([]);
    // 1,100 emoji are 2,200 UTF-16 units: at the limit. One more is over.
    expect(checkCaption('tiktok', '😀'.repeat(1100))).toEqual([]);
    expect(checkCaption('tiktok', '😀'.repeat(1101))[0]).toMatchObject({ code: 'caption_too_long', actual: 2202, limit: 2200 });
  });

  it('limits Instagram to 2,200 characters, 5 hashtags (platform-apis §11) and 20 mentions, with readable messages', () => {
    expect(checkCaption('instagram', '😀'.repeat(2200))).toEqual([]);
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#tag${i}`).join(' ');
    expect(checkCaption('instagram', tags(5))).toEqual([]);
    expect(checkCaption('instagram', tags(6))).toEqual([
      expect.objectContaining({ code: 'too_many_hashtags', message: 'Instagram: 6 hashtags, the limit is 5' }),
    ]);
    const mentions = Array.from({ length: 21 }, (_, i) => `@user.${i}`).join(' ');
    expect(checkCaption('instagram', mentions)[0]?.message).toBe('Instagram: 21 @mentions, the limit is 20');
  });

  it('does not count emails, URL fragments or doubled signs as tags', () => {
    expect(countHashtags('#été #été2 a#b https://x.com/#frag ## #')).toBe(2);
    expect(countMentions('mail me at a@b.com, @camille and @team.fr')).toBe(2);
  });

  it("posts a target's own text and hashtags in place of the item's, each on its own", () => {
    const item = { caption: 'Shared text', hashtags: ['launch'] };
    expect(effectiveCaption(item)).toBe('Shared text\n\n#launch');
    expect(effectiveCaption(item, captionOverrideOf({ caption: 'Only on TikTok' }))).toBe('Only on TikTok\n\n#launch');
    expect(effectiveCaption(item, captionOverrideOf({ hashtags: ['reels', 'new'] }))).toBe('Shared text\n\n#reels #new');
    expect(effectiveCaption(item, captionOverrideOf({ caption: '', hashtags: [] }))).toBe('');
    // Malformed stored options are ignored rather than posted.
    expect(captionOverrideOf({ caption: 42, hashtags: 'nope', privacyLevel: 'SELF_ONLY' })).toEqual({});
  });
});

describe('scheduling rules', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('refuses the past, allows a minute of clock skew, and caps how far ahead', () => {
    expect(checkScheduledAt(new Date('2026-03-01T09:58:00Z'), now)[0]?.code).toBe('in_the_past');
    expect(checkScheduledAt(new Date('2026-03-01T09:59:30Z'), now)).toEqual([]);
    expect(checkScheduledAt(new Date('2027-03-02T10:00:00Z'), now)[0]?.code).toBe('too_far_ahead');
  });

  it('accepts only instants with an explicit offset', () => {
    expect(hasExplicitOffset('2026-03-29T02:30:00+02:00')).toBe(true);
    expect(hasExplicitOffset('2026-03-29T00:30:00Z')).toBe(true);
    expect(hasExplicitOffset('2026-03-29T02:30:00')).toBe(false);
    expect(hasExplicitOffset('2026-03-29')).toBe(false);
  });
});

describe('aggregate item status', () => {
  it.each([
    [['posted', 'posted'], 'published'],
    [['posted', 'failed'], 'partially_published'],
    [['failed', 'failed'], 'failed'],
    [['posted', 'uploading'], 'publishing'],
    [['posted', 'cancelled'], 'published'],
    [['cancelled'], 'cancelled'],
    [[], 'scheduled'],
  ] as const)('%j → %s', (publications, expected) => {
    expect(aggregateItemStatus(publications)).toBe(expected);
  });
});
