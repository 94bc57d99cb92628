import { PLATFORM_DESCRIPTORS } from './registry.js';

describe('AI disclosure options (issue 24)', () => {
  it('each platform declares at most one, a boolean, and TikTok, YouTube and X declare theirs', () => {
    const disclosures = Object.fromEntries(
      PLATFORM_DESCRIPTORS.map((d) => [
        d.id,
        Object.entries(d.composer.options.fields).filter(([, field]) => (field as { aiDisclosure?: boolean }).aiDisclosure === true),
      ]),
    );
    for (const [platform, fields] of Object.entries(disclosures)) {
      expect({ platform, count: fields.length <= 1 }).toEqual({ platform, count: true });
      for (const [, field] of fields) expect(field.type).toBe('boolean');
    }
    expect(Object.fromEntries(Object.entries(disclosures).map(([p, fields]) => [p, fields.map(([name]) => name)]))).toMatchObject({
      tiktok: ['isAigc'],
      youtube: ['containsSyntheticMedia'],
      x: ['made_with_ai'],
      instagram: [],
    });
  });
});
