/** validate(): quality gate and caption findings before anything is sent. */
import { createInstagramPublisher, createTikTokPublisher, type InstagramPostOptions, type PublishInput, type TikTokPostOptions } from './index.js';

const tiktok = createTikTokPublisher({ tokenProvider: async () => 't', tiktokApiBaseUrl: 'http://127.0.0.1:9' });
const instagram = createInstagramPublisher({ tokenProvider: async () => 't', instagramGraphBaseUrl: 'http://127.0.0.1:9', graphApiVersion: 'v26.0' });
const media = { size: 10_000_000, mime: 'video/mp4', durationSec: 30, width: 1080, height: 1920, publicUrl: 'https://cdn.example.com/v.mp4' };
const tt = (caption: string): PublishInput<TikTokPostOptions> => ({ caption, media, options: { privacyLevel: 'SELF_ONLY' } });
const ig = (caption: string): PublishInput<InstagramPostOptions> => ({ caption, media, options: { igUserId: '1' } });
const codes = (findings: { code: string; severity: string }[]) => findings.filter((f) => f.severity === 'error').map((f) => f.code);

describe('validate: TikTok captions count UTF-16 code units', () => {
  it('accepts 1100 emoji (2200 units) and refuses one more unit', () => {
    expect(codes(tiktok.validate(tt('😀'.repeat(1100))))).toEqual([]);
    expect(codes(tiktok.validate(tt('😀'.repeat(1100) + 'x')))).toEqual(['caption_too_long']);
  });
  it('counts combining characters as separate units (é as e + U+0301 is 2 units)', () => {
    expect(codes(tiktok.validate(tt('e\u0301'.repeat(1100))))).toEqual([]);
    expect(codes(tiktok.validate(tt('e\u0301'.repeat(1100) + '\u0301')))).toEqual(['caption_too_long']);
    // 2200 precomposed é are 2200 units: fine.
    expect(codes(tiktok.validate(tt('é'.repeat(2200))))).toEqual([]);
  });
  it('counts a family emoji (ZWJ sequence) by its UTF-16 units', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 units
    expect(family.length).toBe(11);
    expect(codes(tiktok.validate(tt(family.repeat(200))))).toEqual([]);
    expect(codes(tiktok.validate(tt(family.repeat(201))))).toEqual(['caption_too_long']);
  });
  it('checks privacy, duration, size, container, branded content and PULL prerequisites', () => {
    expect(codes(tiktok.validate(tt('c'), { privacyLevelOptions: ['PUBLIC_TO_EVERYONE'], maxVideoPostDurationSec: 10 }))).toEqual([
      'privacy_not_allowed',
      'duration_exceeds_creator_max',
    ]);
    expect(codes(tiktok.validate({ ...tt('c'), media: { ...media, size: 5 * 1024 ** 3, mime: 'image/gif' } }))).toEqual([
      'unsupported_container',
      'file_too_large',
    ]);
    expect(codes(tiktok.validate({ ...tt('c'), options: { privacyLevel: 'SELF_ONLY', brandContentToggle: true } }))).toEqual(['branded_content_private']);
    expect(
      codes(tiktok.validate({ caption: 'c', media: { size: 1, mime: 'video/mp4' }, options: { privacyLevel: 'SELF_ONLY', source: 'PULL_FROM_URL' } })),
    ).toEqual(['no_public_url']);
    expect(codes(tiktok.validate({ ...tt('c'), options: { privacyLevel: 'SELF_ONLY', source: 'PULL_FROM_URL' } }, { pullFromUrlVerified: false }))).toEqual([
      'url_ownership_unverified',
    ]);
    expect(codes(tiktok.validate({ caption: 'c', media, options: {} as TikTokPostOptions }))).toEqual(['missing_tiktok_options']);
  });
});

describe('validate: Instagram captions', () => {
  const tags = (n: number, sign: string) => Array.from({ length: n }, (_, i) => `${sign}tag_${i}`).join(' ');
  it('allows 5 hashtags and refuses 6 (platform-apis.md §11)', () => {
    expect(codes(instagram.validate(ig(tags(5, '#'))))).toEqual([]);
    expect(codes(instagram.validate(ig(tags(6, '#'))))).toEqual(['too_many_hashtags']);
  });
  it('allows 20 @mentions and refuses 21', () => {
    expect(codes(instagram.validate(ig(tags(20, '@'))))).toEqual([]);
    expect(codes(instagram.validate(ig(tags(21, '@'))))).toEqual(['too_many_mentions']);
  });
  it('counts characters, not UTF-16 units: 2200 emoji are fine on Instagram but not on TikTok', () => {
    const caption = '😀'.repeat(2200);
    expect(codes(instagram.validate(ig(caption)))).toEqual([]);
    expect(codes(instagram.validate(ig(caption + 'x')))).toEqual(['caption_too_long']);
    expect(codes(tiktok.validate(tt(caption)))).toEqual(['caption_too_long']);
  });
  it('checks the public URL, format, size, duration, thumb offset, collaborators and quota', () => {
    const input: PublishInput<InstagramPostOptions> = {
      caption: 'c',
      media: { size: 400 * 1024 * 1024, mime: 'video/webm', durationSec: 2 },
      options: { igUserId: '1', thumbOffsetMs: 5_000, collaborators: ['@a', 'b', 'c', 'd'] },
    };
    expect(codes(instagram.validate(input, { publishQuotaRemaining: 0 }))).toEqual([
      'no_public_url',
      'unsupported_container',
      'file_too_large',
      'duration_out_of_range',
      'thumb_offset_out_of_range',
      'too_many_collaborators',
      'collaborator_with_at',
      'quota_exhausted',
    ]);
  });
});

describe('checkpoints', () => {
  it('refuse other versions and platforms', () => {
    const cp = tiktok.start(tt('c'));
    expect(tiktok.parseCheckpoint(JSON.parse(JSON.stringify(cp)))).toEqual(cp);
    expect(() => tiktok.parseCheckpoint({ ...cp, v: 2 })).toThrow(TypeError);
    expect(() => instagram.parseCheckpoint(cp)).toThrow(TypeError);
    // Another platform's options (an Instagram target's) are not TikTok's: refused before anything is sent.
    expect(() => tiktok.start({ caption: 'c', media, options: { igUserId: '1' } as unknown as TikTokPostOptions })).toThrow(TypeError);
    expect(() => instagram.start({ caption: 'c', media, options: { privacyLevel: 'SELF_ONLY' } as unknown as InstagramPostOptions })).toThrow(TypeError);
  });
});
