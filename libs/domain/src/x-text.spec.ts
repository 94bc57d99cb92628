import { CAPTION_LIMITS, checkCaption as checkCaptionRough } from './caption-rules.js';
import { checkCaption, X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './x-text.js';

describe("X's weighted count (twitter-text)", () => {
  it('counts a URL as 23 whatever its length, CJK and emoji as 2, Latin as 1', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength(`https://example.com/${'x'.repeat(200)}`)).toBe(23);
    expect(xWeightedLength('漢字')).toBe(4);
    expect(xWeightedLength('😀')).toBe(2);
    // A family emoji (several code points joined) still weighs 2.
    expect(xWeightedLength('👨‍👩‍👧')).toBe(2);
  });

  it('refuses an X post over 280 weighted characters, and takes one at exactly 280', () => {
    expect(X_MAX_WEIGHTED_LENGTH).toBe(CAPTION_LIMITS.x.maxLength);
    expect(CAPTION_LIMITS.x.counting).toBe('x_weighted');
    expect(checkCaption('x', '漢'.repeat(140))).toEqual([]);
    expect(checkCaption('x', '漢'.repeat(141))).toEqual([
      { platform: 'x', code: 'caption_too_long', message: 'X: 282 weighted characters in the post, the limit is 280', limit: 280, actual: 282 },
    ]);
    // 300 characters, but a long link weighs 23: allowed.
    expect(checkCaption('x', `${'a'.repeat(200)} https://example.com/${'b'.repeat(80)}`)).toEqual([]);
  });

  it('leaves the other platforms counted as before', () => {
    const caption = '漢'.repeat(2201);
    expect(checkCaption('tiktok', caption)).toEqual(checkCaptionRough('tiktok', caption));
    expect(checkCaption('instagram', caption)).toEqual(checkCaptionRough('instagram', caption));
  });
});
