import { describe, expect, it } from 'vitest';

import { applyCaptionOverride, captionsOfItem, effectiveCaption, withoutOverride, withOverride } from './caption-overrides';

describe('per-platform captions', () => {
  it('gives each platform its override, else the shared caption, as posted (trimmed)', () => {
    const overrides = withOverride({}, 'tiktok', ' POV: launch day \n');
    expect(effectiveCaption('Shared', overrides, 'tiktok')).toBe('POV: launch day');
    expect(effectiveCaption('Shared', overrides, 'instagram')).toBe('Shared');
    // An emptied override is still an override: that platform posts no text.
    expect(effectiveCaption('Shared', withOverride({}, 'instagram', ''), 'instagram')).toBe('');
    expect(effectiveCaption('Shared', withoutOverride(overrides, 'tiktok'), 'tiktok')).toBe('Shared');
  });

  it('writes the override into the target options, and removes it (and a stored hashtag list) on reset', () => {
    expect(applyCaptionOverride({ privacyLevel: 'SELF_ONLY' }, 'Mine')).toEqual({ privacyLevel: 'SELF_ONLY', caption: 'Mine' });
    expect(applyCaptionOverride({ shareToFeed: true, caption: 'Old', hashtags: ['x'] }, undefined)).toEqual({ shareToFeed: true });
  });

  it('folds a saved item’s hashtags into the texts, as the API posts them', () => {
    const item = {
      caption: 'New drop',
      hashtags: ['launch'],
      targets: [
        { accountId: 'a', platform: 'tiktok' as const, handle: 'tt', options: { caption: 'TikTok words', hashtags: ['fyp'] } },
        { accountId: 'b', platform: 'instagram' as const, handle: 'ig', options: { shareToFeed: true } },
      ],
    };
    expect(captionsOfItem(item)).toEqual({ shared: 'New drop\n\n#launch', overrides: { tiktok: 'TikTok words\n\n#fyp' } });
  });
});
