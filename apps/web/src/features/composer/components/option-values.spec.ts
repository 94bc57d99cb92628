import { describe, expect, it } from 'vitest';

import { platformFixture } from '../../../test/fixtures';
import { genericOptions, panelFields } from './option-values';

describe("a target's options from its panel's generic fields", () => {
  const instagram = panelFields(platformFixture('instagram').composer.fields, []);
  const tiktok = panelFields(platformFixture('tiktok').composer.fields, ['privacyLevel']);

  it("sends the schema's default for a field left alone (Instagram: also share to the feed)", () => {
    expect(genericOptions(instagram, {}, {}, {})).toEqual({ shareToFeed: true });
  });

  it('prefers what was chosen over what was saved, and keeps saved fields the composer does not show', () => {
    expect(genericOptions(instagram, { shareToFeed: false }, { shareToFeed: true, coverUrl: 'https://cdn.example/c.jpg' }, {})).toEqual({
      shareToFeed: false,
      coverUrl: 'https://cdn.example/c.jpg',
    });
  });

  it('forces an option the account capability locks', () => {
    expect(genericOptions(tiktok, { disableDuet: false }, {}, { duetDisabled: true })).toMatchObject({ disableDuet: true });
  });
});
