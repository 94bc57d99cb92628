import request from 'supertest';

import { PLATFORM_DESCRIPTORS } from '@mwr/publishers';

import { setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

describe('GET /api/platforms: the platform registry as the composer renders it', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('platforms_registry');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000', AUTH_ATTEMPTS_PER_IP: '1000' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses a caller who is not signed in', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/platforms').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: expect.any(String), message: expect.any(String) });
  });

  it("lists every descriptor's id, name, option schema with label keys and account capabilities, caption and media rules", async () => {
    const owner = await setupOwner(t.app.getHttpServer());
    const { items } = (await owner.get('/api/platforms').expect(200)).body;
    expect(items.map((p: { id: string }) => p.id)).toEqual(PLATFORM_DESCRIPTORS.map((d) => d.id));
    const tiktok = items.find((p: { id: string }) => p.id === PLATFORM_DESCRIPTORS[0]?.id);
    expect(tiktok).toMatchObject({
      displayName: 'TikTok',
      caption: { maxLength: 2200, counting: 'utf16_units' },
      media: { containers: expect.any(Array), maxBytes: expect.any(Number) },
    });
    expect(tiktok.composer.fields).toContainEqual({
      name: 'privacyLevel',
      type: 'enum',
      labelKey: 'composer.tiktok.privacy',
      hidden: false,
      values: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'],
      capability: { name: 'privacyLevelOptions', effect: 'allowed_values' },
      valueLabelKeyPrefix: 'composer.tiktok.privacyLevels',
      // Bot Control's re-post rules ask for it per TikTok target (an unattended post).
      unattended: {
        labelKey: 'botControl.reposter.privacyOf',
        placeholderKey: 'composer.tiktok.choosePrivacy',
        problemKey: 'botControl.reposter.problems.privacyLevel',
      },
    });
    expect(tiktok.composer.fields).toContainEqual(
      expect.objectContaining({ name: 'disableDuet', type: 'boolean', capability: { name: 'duetDisabled', effect: 'forces_true' } }),
    );
    expect(tiktok.composer.fields).toContainEqual(expect.objectContaining({ name: 'isAigc', hidden: true }));
    expect(tiktok.composer.rules).toEqual([
      { if: { field: 'brandContentToggle', equals: true }, then: { field: 'privacyLevel', notIn: ['SELF_ONLY'] }, message: expect.any(String) },
    ]);
    const instagram = items.find((p: { id: string }) => p.id === PLATFORM_DESCRIPTORS[1]?.id);
    expect(instagram.caption).toEqual({ maxLength: 2200, counting: 'characters', maxHashtags: 5, maxMentions: 20 });
    expect(instagram.media).toMatchObject({ minDurationSec: expect.any(Number), aspect: { min: expect.any(Number), max: expect.any(Number) } });
    expect(instagram.composer.fields).toContainEqual({
      name: 'shareToFeed',
      type: 'boolean',
      labelKey: 'composer.instagram.shareToFeed',
      hidden: false,
      default: true,
    });
    // The descriptor's English label stays server-side: the web shows its own translation.
    expect(JSON.stringify(items)).not.toContain('"label"');
  });
});
