import { PLATFORMS } from '@mwr/domain';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the descriptors' sandbox defaults must match the sandbox's hosts (issue 19)
import { createSandbox, sandboxEnv } from '@mwr/platform-sandbox';

import { ERROR_CLASSES } from './contract.js';
import { validateComposerOptions, type AnyPlatformDescriptor } from './platform.js';
import { findPlatformDescriptor, optionOwner, PLATFORM_DESCRIPTORS, platformDescriptor } from './registry.js';
import type { PlatformSettingValues } from './settings.js';

/** What the app's typed config would resolve in sandbox mode with nothing set (its own spec checks the reader itself). */
const sandboxSettings = (d: AnyPlatformDescriptor): PlatformSettingValues =>
  Object.fromEntries(
    Object.entries(d.settings).map(([key, s]) => {
      switch (s.type) {
        case 'url':
          return [key, `http://127.0.0.1:9/sandbox${s.sandboxPath}`];
        case 'integer':
          return [key, s.default];
        case 'url_prefixes':
          return [key, []];
        case 'string':
          return [key, s.sandboxDefault ?? s.default];
      }
    }),
  );
const media = { size: 2 * 1024 * 1024, mime: 'video/mp4', durationSec: 12, width: 1080, height: 1920, publicUrl: 'https://media.example/clip.mp4' };

describe.each(PLATFORM_DESCRIPTORS.map((d) => [d.id, d] as [string, AnyPlatformDescriptor]))('the %s descriptor', (_id, d) => {
  it('names a known platform once, with a display name', () => {
    expect(PLATFORMS).toContain(d.id);
    expect(PLATFORM_DESCRIPTORS.filter((other) => other.id === d.id)).toHaveLength(1);
    expect(d.displayName.trim()).not.toBe('');
    expect(platformDescriptor(d.id)).toBe(d);
  });

  it('gives every step a lane status, and its media steps and limits name steps it has', () => {
    const steps = Object.keys(d.steps);
    expect(steps.length).toBeGreaterThan(1);
    for (const status of Object.values(d.steps)) expect(['pending', 'uploading', 'processing']).toContain(status);
    for (const step of d.mediaSteps) expect(steps).toContain(step);
    for (const limit of d.limits) {
      expect(limit.key.startsWith(`${d.id}:`)).toBe(true);
      expect(['token', 'account', 'app']).toContain(limit.scope);
      expect(limit.limit).toBeGreaterThan(0);
      expect(limit.windowMs).toBeGreaterThan(0);
      expect(limit.source).toMatch(/§/);
      for (const step of limit.steps) expect(steps).toContain(step);
    }
    expect(new Set(d.limits.map((l) => l.key)).size).toBe(d.limits.length);
    if (d.links.lookupLimitKey !== undefined) expect(d.limits.map((l) => l.key)).toContain(d.links.lookupLimitKey);
  });

  it('has a publisher that resumes from every step it lists, and refuses a step it does not', () => {
    const publisher = d.createPublisher({ tokenProvider: async () => 'token', settings: sandboxSettings(d) });
    expect(publisher.platform).toBe(d.id);
    const first = publisher.start(
      d.publishInput({
        caption: 'Hello #mwr',
        media,
        options: {},
        account: { remoteAccountId: '17841400000000000', capabilities: { privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'SELF_ONLY'] } },
        settings: sandboxSettings(d),
        mediaUrlUnder: () => false,
      }),
    );
    expect(Object.keys(d.steps)).toContain(first.step);
    for (const step of Object.keys(d.steps)) expect(publisher.parseCheckpoint({ ...first, step }).step).toBe(step);
    expect(() => publisher.parseCheckpoint({ ...first, step: 'no_such_step' })).toThrow();
  });

  it('declares its composer options as a schema whose rules name its own fields', () => {
    const fields = Object.keys(d.composer.options.fields);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) expect(optionOwner(field)).toBe(d);
    for (const rule of d.composer.options.rules) {
      expect(fields).toContain(rule.if.field);
      expect(fields).toContain(rule.then.field);
    }
    for (const [field, spec] of Object.entries(d.composer.options.fields)) {
      expect(spec.label.trim()).not.toBe('');
      if (spec.type === 'enum') expect(validateComposerOptions(d.composer.options, { [field]: 'NOT_A_VALUE' })).toHaveLength(1);
      else expect(validateComposerOptions(d.composer.options, { [field]: { not: 'valid' } })).toHaveLength(1);
    }
  });

  it('has caption, media, OAuth and error rules', () => {
    expect(d.caption.maxLength).toBeGreaterThan(0);
    expect(d.caption.check('Hello')).toEqual([]);
    expect(d.caption.check('a'.repeat(d.caption.maxLength + 1))).toEqual([expect.objectContaining({ code: 'caption_too_long', limit: d.caption.maxLength })]);
    if (d.caption.maxHashtags !== undefined) {
      const tags = (n: number) => Array.from({ length: n }, (_, i) => `#t${i}`).join(' ');
      expect(d.caption.check(tags(d.caption.maxHashtags))).toEqual([]);
      expect(d.caption.check(tags(d.caption.maxHashtags + 1))).toEqual([expect.objectContaining({ code: 'too_many_hashtags' })]);
    }
    expect(d.media.maxBytes).toBeGreaterThan(0);
    expect(d.media.maxDurationSec).toBeGreaterThan(0);
    expect(d.media.containers).toContain('mp4');
    expect(d.oauth.flavour.trim()).not.toBe('');
    expect(d.oauth.scopes.length).toBeGreaterThan(0);
    const oauth = d.oauth.createProvider({ settings: sandboxSettings(d) });
    expect(oauth.platform).toBe(d.id);
    expect(oauth.configured).toBe(true);
    const entries = Object.values(d.errors).flatMap((map) => Object.values(map));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(ERROR_CLASSES).toContain(entry.class);
      expect(entry.en.trim()).not.toBe('');
      expect(entry.fr.trim()).not.toBe('');
    }
    expect(d.links.deadlineReason.trim()).not.toBe('');
  });

  it('declares its settings: variables named once in the registry, pairs that name each other, limits read from integer settings', () => {
    const names = PLATFORM_DESCRIPTORS.flatMap((other) => Object.values(other.settings).map((s) => s.env));
    for (const [key, s] of Object.entries(d.settings)) {
      expect(s.env).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(names.filter((name) => name === s.env)).toHaveLength(1);
      if (s.type === 'url') expect([new URL(s.live).protocol, s.sandboxPath]).toEqual(['https:', expect.stringMatching(/^\/[a-z-]+$/)]);
      if (s.type === 'string' && s.pairedWith) expect(d.settings[s.pairedWith]).toMatchObject({ type: 'string', pairedWith: key });
      if (s.type === 'string' && s.pattern && s.default !== undefined) expect(s.default).toMatch(new RegExp(s.pattern.source));
    }
    for (const limit of d.limits) if (limit.setting !== undefined) expect(d.settings[limit.setting]).toMatchObject({ type: 'integer', default: limit.limit });
  });
});

describe('the registry', () => {
  it("points each URL setting's sandbox default at a host the sandbox serves, under the variable its CLI prints", async () => {
    const sandbox = createSandbox({ basePath: '/sandbox' });
    try {
      const printed = new Map(sandboxEnv(sandbox.urls('http://127.0.0.1:3000')));
      const urlSettings = PLATFORM_DESCRIPTORS.flatMap((d) => Object.values(d.settings)).filter((s) => s.type === 'url');
      expect(urlSettings.length).toBeGreaterThan(0);
      for (const s of urlSettings) expect([s.env, printed.get(s.env)]).toEqual([s.env, `http://127.0.0.1:3000/sandbox${s.sandboxPath}`]);
      expect([...printed.keys()].sort()).toEqual(urlSettings.map((s) => s.env).sort());
    } finally {
      await sandbox.close();
    }
  });

  it('has no descriptor for a platform not available yet', () => {
    expect(findPlatformDescriptor('mastodon')).toBeUndefined();
    expect(() => platformDescriptor('mastodon')).toThrow('publishing to mastodon is not available yet');
    // Every platform of the domain is registered (X since issue #23).
    expect(PLATFORMS.filter((p) => !findPlatformDescriptor(p))).toEqual([]);
  });

  it("caps Instagram at 5 hashtags (platform-apis.md §11) and counts TikTok's caption in UTF-16 units", () => {
    expect(platformDescriptor('instagram').caption).toMatchObject({ maxHashtags: 5, counting: 'characters' });
    expect(platformDescriptor('tiktok').caption.counting).toBe('utf16_units');
    expect(platformDescriptor('tiktok').caption.check('😀'.repeat(1101))).toEqual([expect.objectContaining({ actual: 2202 })]);
  });

  it('keeps the limits the job runner applies before the platform has to tell us', () => {
    const limits = PLATFORM_DESCRIPTORS.flatMap((d) => d.limits.map((l) => [l.key, l.limit, l.windowMs, [...l.steps]]));
    expect(limits).toEqual([
      ['tiktok:creator_info', 20, 60_000, ['creator_info']],
      ['tiktok:init', 6, 60_000, ['init']],
      ['tiktok:status', 30, 60_000, ['poll']],
      ['instagram:publish', 50, 86_400_000, ['publish']],
      ['youtube:insert', 100, 86_400_000, ['init_session']],
      ['youtube:units', 10_000, 86_400_000, ['poll']],
      ['x:media', 1875, 900_000, ['initialize', 'append', 'finalize']],
      ['x:media-app', 180_000, 86_400_000, ['initialize', 'append', 'finalize']],
      ['x:status', 1000, 900_000, ['status']],
      ['x:posts', 100, 900_000, ['post']],
      ['x:posts-app', 10_000, 86_400_000, ['post']],
      ['x:reads', 900, 900_000, ['verify_post']],
    ]);
  });
});

describe('validateComposerOptions', () => {
  const tiktok = platformDescriptor('tiktok').composer.options;
  const instagram = platformDescriptor('instagram').composer.options;

  it('accepts valid options and ignores options of other platforms', () => {
    expect(validateComposerOptions(tiktok, { privacyLevel: 'SELF_ONLY', disableComment: true, videoCoverTimestampMs: 0, shareToFeed: true })).toEqual([]);
    expect(
      validateComposerOptions(instagram, {
        shareToFeed: false,
        thumbOffsetMs: 1500,
        coverUrl: 'https://cdn.example/c.jpg',
        collaborators: ['a.b', 'c_d'],
        audioName: 'Summer Beat',
      }),
    ).toEqual([]);
  });

  it('refuses a wrong value with a readable message per field', () => {
    expect(validateComposerOptions(tiktok, { privacyLevel: 'EVERYONE', videoCoverTimestampMs: -1 })).toEqual([
      { field: 'privacyLevel', message: 'privacyLevel must be one of PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY' },
      { field: 'videoCoverTimestampMs', message: 'videoCoverTimestampMs must be at least 0' },
    ]);
    expect(validateComposerOptions(instagram, { coverUrl: 'http://cdn.example/c.jpg', collaborators: ['a', 'b', 'c', 'd'] })).toEqual([
      { field: 'coverUrl', message: 'coverUrl must be an https URL' },
      { field: 'collaborators', message: 'collaborators must have at most 3 items' },
    ]);
    expect(validateComposerOptions(instagram, { collaborators: ['@someone'] })).toEqual([
      { field: 'collaborators', message: 'each collaborator must be a username without @' },
    ]);
    for (const audioName of ['   ', 'two\nlines', 'x'.repeat(101)])
      expect(validateComposerOptions(instagram, { audioName }).map((issue) => issue.field)).toEqual(['audioName']);
  });

  it('applies cross-field rules: TikTok branded content cannot be private', () => {
    expect(validateComposerOptions(tiktok, { brandContentToggle: true, privacyLevel: 'SELF_ONLY' })).toEqual([
      { field: 'privacyLevel', message: 'TikTok: branded content cannot be private (SELF_ONLY)' },
    ]);
    expect(validateComposerOptions(tiktok, { brandContentToggle: false, privacyLevel: 'SELF_ONLY' })).toEqual([]);
  });
});
