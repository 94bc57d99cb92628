/** A Facebook Login account's Reel goes through graph.facebook.com (platform-apis.md §3.1), chosen by the registry from its capabilities. */
import { drive, IG_BUSINESS, MEDIA_PATH, startHarness, video, type Harness } from '../testing/harness.js';
import { instagramPlatform } from './platform.js';
import type { InstagramCheckpoint } from './publisher.js';
import { FACEBOOK_LOGIN } from './trends.js';

describe('Instagram publisher built by the registry: the host follows how the account was connected', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const publish = async (harness: Harness, capabilities: Record<string, unknown>, token: string) => {
    const bytes = video(512 * 1024, 5);
    harness.media.files.set(`${MEDIA_PATH}fb.mp4`, bytes);
    const u = harness.running.urls;
    const publisher = instagramPlatform.createPublisher({
      tokenProvider: () => Promise.resolve(token),
      settings: {
        authUrl: u.instagramAuthUrl,
        graphBaseUrl: u.instagramGraphBaseUrl,
        facebookGraphBaseUrl: u.facebookGraphBaseUrl,
        facebookAuthUrl: u.facebookAuthUrl,
        appId: '990000000000001',
        appSecret: 'sbx_instagram_app_secret',
        graphApiVersion: 'v26.0',
        webhookVerifyToken: undefined,
        publishQuota: 50,
      },
      account: { capabilities },
    });
    const input = instagramPlatform.publishInput({
      caption: 'Through the Page',
      media: { size: bytes.length, mime: 'video/mp4', durationSec: 12, publicUrl: `${harness.media.prefix}fb.mp4` },
      options: { shareToFeed: true, audioName: 'Summer Beat' },
      account: { remoteAccountId: IG_BUSINESS, capabilities },
      settings: {} as never,
      mediaUrlUnder: () => true,
    });
    return drive(harness, publisher, publisher.start(input) as InstagramCheckpoint);
  };

  it('publishes a facebook_login account’s Reel on graph.facebook.com, and an Instagram Login one on graph.instagram.com', async () => {
    h = await startHarness();
    const fbToken = h.sb.actions.mintInstagramToken({ igUserId: IG_BUSINESS, kind: 'fb_user' })['access_token'] as string;
    const viaFacebook = await publish(h, { accountType: 'BUSINESS', loginFlavour: FACEBOOK_LOGIN }, fbToken);
    expect(viaFacebook.outcome.kind).toBe('done');
    expect(h.sb.inspect.requests({ endpoint: 'facebook.media_publish' }).map((r) => r.status)).toEqual([200]);
    expect(h.sb.inspect.requests({ host: 'instagram-graph' })).toHaveLength(0);
    // The composer's audio name goes out as audio_name (§3).
    expect(JSON.stringify(h.sb.inspect.requests({ endpoint: 'facebook.media.create' })[0]?.body)).toContain('"audio_name":"Summer Beat"');

    const igToken = h.sb.actions.mintInstagramToken({ igUserId: IG_BUSINESS, kind: 'ig_long' })['access_token'] as string;
    expect((await publish(h, { accountType: 'BUSINESS' }, igToken)).outcome.kind).toBe('done');
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media_publish' }).map((r) => r.status)).toEqual([200]);
  });
});
