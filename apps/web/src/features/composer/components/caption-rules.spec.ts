import { describe, expect, it } from 'vitest';
import { captionCounters, characterCount, countHashtags, countMentions, isOver, utf16Length } from './caption-rules';

describe('caption counters', () => {
  it('counts TikTok in UTF-16 code units and Instagram in characters', () => {
    const caption = 'Launch day 🚀🚀';
    expect(utf16Length(caption)).toBe(15);
    expect(characterCount(caption)).toBe(13);
  });

  it('counts hashtags and mentions, not emails or anchors', () => {
    const caption = '#launch day with @acme.studio and @sam #new #2025 mail me at a@b.com, see page#top';
    expect(countHashtags(caption)).toBe(3);
    expect(countMentions(caption)).toBe(2);
  });

  it('shows only the counters of the chosen platforms, with their limits', () => {
    expect(captionCounters('hi', new Set(['tiktok'])).map((c) => [c.kind, c.max])).toEqual([['tiktokLength', 2200]]);
    expect(captionCounters('hi', new Set(['instagram'])).map((c) => [c.kind, c.max])).toEqual([
      ['instagramLength', 2200],
      ['instagramHashtags', 5],
      ['instagramMentions', 20],
    ]);
  });

  it('flags a caption over a limit: 2,201 UTF-16 units for TikTok, 6 hashtags for Instagram', () => {
    const long = 'a'.repeat(2199) + '🚀';
    const [tiktok] = captionCounters(long, new Set(['tiktok']));
    expect(tiktok?.value).toBe(2201);
    expect(tiktok && isOver(tiktok)).toBe(true);
    const [length] = captionCounters(long, new Set(['instagram']));
    expect(length && isOver(length)).toBe(false);
    const tags = Array.from({ length: 6 }, (_, i) => `#t${i}`).join(' ');
    const hashtags = captionCounters(tags, new Set(['instagram'])).find((c) => c.kind === 'instagramHashtags');
    expect(hashtags?.value).toBe(6);
    expect(hashtags && isOver(hashtags)).toBe(true);
  });
});
