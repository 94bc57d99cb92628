import { describe, expect, it } from 'vitest';

import { platformFixture } from '../../../test/fixtures';
import { captionCounters, captionOver, characterCount, countHashtags, countMentions, isOver, utf16Length } from './caption-rules';

const tiktok = platformFixture('tiktok').caption;
const instagram = platformFixture('instagram').caption;

describe('caption counters', () => {
  it('counts TikTok in UTF-16 code units and Instagram in characters', () => {
    const caption = 'Launch day 🚀🚀';
    expect(utf16Length(caption)).toBe(15);
    expect(characterCount(caption)).toBe(13);
    expect(captionCounters(caption, tiktok)[0]?.value).toBe(15);
    expect(captionCounters(caption, instagram)[0]?.value).toBe(13);
  });

  it('counts hashtags and mentions, not emails or anchors', () => {
    const caption = '#launch day with @acme.studio and @sam #new #2025 mail me at a@b.com, see page#top';
    expect(countHashtags(caption)).toBe(3);
    expect(countMentions(caption)).toBe(2);
  });

  it("shows the platform's counters from its caption rules, with their limits", () => {
    expect(captionCounters('hi', tiktok).map((c) => [c.kind, c.max])).toEqual([['length', 2200]]);
    expect(captionCounters('hi', instagram).map((c) => [c.kind, c.max])).toEqual([
      ['length', 2200],
      ['hashtags', 5],
      ['mentions', 20],
    ]);
  });

  it('flags a caption over a limit: 2,201 UTF-16 units for TikTok, 6 hashtags for Instagram', () => {
    const long = 'a'.repeat(2199) + '🚀';
    const [length] = captionCounters(long, tiktok);
    expect(length?.value).toBe(2201);
    expect(length && isOver(length)).toBe(true);
    expect(captionOver(long, instagram)).toBe(false);
    const tags = Array.from({ length: 6 }, (_, i) => `#t${i}`).join(' ');
    const hashtags = captionCounters(tags, instagram).find((c) => c.kind === 'hashtags');
    expect(hashtags?.value).toBe(6);
    expect(captionOver(tags, instagram)).toBe(true);
  });
});
