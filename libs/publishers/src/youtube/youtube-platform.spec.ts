import { validateComposerOptions } from '../platform.js';
import { platformDescriptor } from '../registry.js';
import { nextPacificMidnight } from './pacific.js';
import { youtubePlatform } from './platform.js';
import { defaultYouTubeTitle, youtubeTagsLength } from './rules.js';

const media = { size: 1024, mime: 'video/mp4', durationSec: 20, width: 1080, height: 1920 };
const args = (options: Record<string, unknown>, caption = 'First line\nSecond line') => ({
  caption,
  media,
  options,
  account: { remoteAccountId: 'UCsandboxShorts000000001', capabilities: {} },
  settings: { ...youtubePlatform.settings, apiBaseUrl: 'http://127.0.0.1:9' } as never,
  mediaUrlUnder: () => false,
});

describe('the YouTube descriptor', () => {
  const schema = youtubePlatform.composer.options;

  it('is in the registry as YouTube, its steps shown as pending -> uploading -> processing', () => {
    expect(platformDescriptor('youtube')).toBe(youtubePlatform);
    expect(youtubePlatform.displayName).toBe('YouTube');
    expect(youtubePlatform.steps).toEqual({ init_session: 'pending', upload: 'uploading', resync: 'uploading', poll: 'processing' });
    expect(youtubePlatform.analytics?.separateTotals).toBe(true);
    expect(youtubePlatform.oauth.scopes).toEqual(['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly']);
  });

  it('checks the title as one line of at most 100 characters without < or >', () => {
    expect(validateComposerOptions(schema, { title: 'é'.repeat(100), privacyStatus: 'unlisted', selfDeclaredMadeForKids: 'not_made_for_kids' })).toEqual([]);
    expect(validateComposerOptions(schema, { title: 'é'.repeat(101) })).toEqual([{ field: 'title', message: 'title must be at most 100 characters' }]);
    expect(validateComposerOptions(schema, { title: 'a <b>' })).toEqual([{ field: 'title', message: 'YouTube: the title cannot be blank or contain < or >' }]);
    expect(validateComposerOptions(schema, { title: '   ' })).toEqual([{ field: 'title', message: 'YouTube: the title cannot be blank or contain < or >' }]);
    expect(validateComposerOptions(schema, { privacyStatus: 'friends' })).toEqual([
      { field: 'privacyStatus', message: 'privacyStatus must be one of public, unlisted, private' },
    ]);
  });

  it('makes the made-for-kids declaration a required choice, in the composer and for automations', () => {
    const problem = [expect.objectContaining({ option: 'selfDeclaredMadeForKids', allowed: ['not_made_for_kids', 'made_for_kids'] })];
    expect(youtubePlatform.composer.checkAccount!({}, {}, 'chan')).toEqual(problem);
    expect(youtubePlatform.composer.checkUnattended!({ selfDeclaredMadeForKids: 'maybe' }, {}, 'chan')).toEqual(problem);
    expect(youtubePlatform.composer.checkAccount!({ selfDeclaredMadeForKids: 'made_for_kids' }, {}, 'chan')).toEqual([]);
  });

  it("builds the video from the options, the title defaulting to the caption's first line", () => {
    expect(youtubePlatform.publishInput(args({ selfDeclaredMadeForKids: 'not_made_for_kids' })).options).toEqual({
      title: 'First line',
      privacyStatus: 'public',
      selfDeclaredMadeForKids: false,
    });
    expect(
      youtubePlatform.publishInput(
        args({ title: 'Mine', privacyStatus: 'private', selfDeclaredMadeForKids: 'made_for_kids', notifySubscribers: false, containsSyntheticMedia: true }),
      ).options,
    ).toEqual({ title: 'Mine', privacyStatus: 'private', selfDeclaredMadeForKids: true, notifySubscribers: false, containsSyntheticMedia: true });
    expect(defaultYouTubeTitle('\n  <Hello> world  \nmore')).toBe('Hello world');
    expect([...defaultYouTubeTitle('😀'.repeat(150))]).toHaveLength(100);
  });

  it('counts the description in bytes and the tags as YouTube does', () => {
    expect(youtubePlatform.caption.check('é'.repeat(2500))).toEqual([]);
    expect(youtubePlatform.caption.check('é'.repeat(2501))).toEqual([expect.objectContaining({ code: 'caption_too_long', actual: 5002, limit: 5000 })]);
    expect(youtubeTagsLength(['a', 'b c'])).toBe(1 + 5 + 1);
  });

  it('warns that a landscape or long video is not a Short, and refuses one over 15 minutes', () => {
    const probe = { container: 'mp4', durationMs: 30_000, width: 1080, height: 1920, rotation: 0, fps: 30, videoCodec: 'h264', bytes: 1_000 } as never;
    const codes = (p: object) => youtubePlatform.media.check({ ...(probe as object), ...p } as never).map((f) => `${f.severity}:${f.code}`);
    expect(codes({})).toEqual([]);
    expect(codes({ width: 1080, height: 1080 })).toEqual([]);
    expect(codes({ width: 1920, height: 1080 })).toEqual(['warning:not_a_short']);
    expect(codes({ width: 1920, height: 1080, rotation: 90 })).toEqual([]);
    expect(codes({ durationMs: 181_000 })).toEqual(['warning:not_a_short']);
    expect(codes({ durationMs: 16 * 60_000 })).toEqual(['error:duration_too_long', 'warning:not_a_short']);
  });

  it('computes the quota reset at the next midnight Pacific, across daylight saving changes', () => {
    // 2026-12-06 23:30 UTC = 15:30 PST (UTC-8): reset at 2026-12-07 08:00 UTC.
    expect(new Date(nextPacificMidnight(Date.parse('2026-12-06T23:30:00Z'))).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Summer (PDT, UTC-7).
    expect(new Date(nextPacificMidnight(Date.parse('2026-07-01T12:00:00Z'))).toISOString()).toBe('2026-07-02T07:00:00.000Z');
    // The day clocks go back (2026-11-01, 25 hours long): from 00:30 PDT the reset is at 00:00 PST on 11-02.
    expect(new Date(nextPacificMidnight(Date.parse('2026-11-01T07:30:00Z'))).toISOString()).toBe('2026-11-02T08:00:00.000Z');
    // The day clocks go forward (2026-03-08, 23 hours): from 00:30 PST the reset is at 00:00 PDT on 03-09.
    expect(new Date(nextPacificMidnight(Date.parse('2026-03-08T08:30:00Z'))).toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });
});
