import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createSandbox, UNDOCUMENTED_ENDPOINTS, type Sandbox } from './index.js';
import type { InboundCommentInput, InboundMessageInput, MintInstagramInput, SeededInstagramAccount, SeedInstagramInput } from './instagram/index.js';
import { defaultSeedData, HOSTS, MOUNTS, sandboxEnv } from './mounts.js';
import { call } from './testing/helpers.js';
import type { MintTikTokInput, PostIdWithholding, SeededTikTokAccount, SeedTikTokInput } from './tiktok/index.js';
import type { MintXInput, SeededXAccount, SeedXInput, XOptions, XOptionsPatch, XUserSeed } from './x/index.js';
import type { MintYouTubeInput } from './youtube/index.js';

const SRC = __dirname;

/** Folders of src/ whose index exports a platform mount (`export const <name>Mount = {`). */
function platformFolders(): string[] {
  return readdirSync(SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((name) => {
      try {
        return /export const \w+Mount = \{/.test(readFileSync(join(SRC, name, 'index.ts'), 'utf8'));
      } catch {
        return false;
      }
    });
}

/** What sandbox.ts enumerated before issue 19: the old in-process actions, typed by hand. */
interface ActionsBeforeMounts {
  mintTikTokToken(input: MintTikTokInput): Record<string, unknown>;
  mintInstagramToken(input: MintInstagramInput): Record<string, unknown>;
  receiveInstagramMessage(input: InboundMessageInput): Record<string, unknown>;
  receiveInstagramComment(input: InboundCommentInput): Record<string, unknown>;
}
/** What the analytics simulators (issue 21) added, each in its platform's folder. */
interface AnalyticsActions {
  seedTikTokAnalytics(input: SeedTikTokInput): SeededTikTokAccount[];
  setTikTokAnalytics(input: { withholdPostIds?: PostIdWithholding }): { withholdPostIds: PostIdWithholding };
  tiktokVideoNumbers(postId: string): Record<string, unknown> | undefined;
  seedInstagramAnalytics(input: SeedInstagramInput): SeededInstagramAccount[];
  setInstagramAnalytics(input: { maxInsightsLagMs?: number }): { maxInsightsLagMs: number };
  instagramMediaNumbers(mediaId: string): Record<string, unknown> | undefined;
}
/** What the YouTube simulator (issue 22) adds. */
interface YouTubeActions {
  mintYouTubeToken(input: MintYouTubeInput): Record<string, unknown>;
  youtubeVideo(videoId: string): Record<string, unknown> | undefined;
}
/** What the X simulator (issue 23) adds. */
interface XActions {
  mintXToken(input: MintXInput): Record<string, unknown>;
  xMedia(mediaId: string): Record<string, unknown> | undefined;
  xPosts(userId?: string): Record<string, unknown>[];
  setXOptions(patch: XOptionsPatch): XOptions;
  addXUser(input: Partial<XUserSeed> & { id: string; username: string }): XUserSeed;
  seedXAnalytics(input: SeedXInput): SeededXAccount[];
}
type ExpectedActions = ActionsBeforeMounts & AnalyticsActions & YouTubeActions & XActions;
// Compile-time (tsc -p libs/platform-sandbox): sandbox.actions composed from the mounts is the same type.
const sameActions: [Sandbox['actions'], ExpectedActions] extends [ExpectedActions, Sandbox['actions']] ? true : never = true;

describe('platform mounts (issue 19: a platform is one folder plus one line in the mount list)', () => {
  it('finds the platform folders it scans for', () => {
    expect(platformFolders().sort()).toEqual(['instagram', 'tiktok', 'x', 'youtube']);
  });

  const words = [...platformFolders(), ...HOSTS.filter((h) => h !== '__sandbox'), 'facebook', 'graph', 'ig', 'tt'];
  // A one-letter platform id (x) is a mention only as a string ('x'), a property (state.x) or a name's prefix (xMount):
  // `(x: U) => void` and `x-www-form-urlencoded` are not.
  const short = words.filter((w) => w.length === 1);
  const mention = new RegExp(
    [
      `(^|[^a-z])(${words
        .filter((w) => w.length > 1)
        .map((w) => w.replace(/[-]/g, '\\-'))
        .join('|')})([^a-z]|$)`,
      ...short.map((w) => `['"\`]${w}['"\`]|\\.${w}\\b|\\b${w}[A-Z]\\w*`),
    ].join('|'),
    'i',
  );

  it.each([
    'http/dispatch.ts',
    'http/router.ts',
    'http/errors.ts',
    'core/state.ts',
    'sandbox.ts',
    'cli.ts',
    'core/context.ts',
    'core/mount.ts',
    'webhooks/delivery.ts',
  ])('names no platform or platform host in the core file %s', (file) => {
    const lines = readFileSync(join(SRC, file), 'utf8').split('\n');
    expect(lines.map((line, i) => ({ line: i + 1, text: line.trim() })).filter(({ text }) => mention.test(text))).toEqual([]);
  });

  it('names no platform or platform host in mounts.ts outside the mount imports and the mount list', () => {
    const lines = readFileSync(join(SRC, 'mounts.ts'), 'utf8').split('\n');
    const mountImport = /^import \{ (\w+)Mount \} from '\.\/(\w+)\/index\.js';$/;
    const mountList = /^export const MOUNTS = \[(\w+Mount)(, \w+Mount)*\] as const;$/;
    const offending = lines
      .map((line, i) => ({ line: i + 1, text: line.trim() }))
      .filter(({ text }) => mention.test(text) && !mountImport.test(text) && !mountList.test(text));
    expect(offending).toEqual([]);
    // …and every platform folder is mounted there.
    const listed = lines.filter((l) => mountList.test(l.trim())).join('');
    for (const folder of platformFolders()) expect(listed).toContain(`${folder}Mount`);
  });

  it("takes each platform's tunables and demo data from its mount, a caller's overrides merged one level deep", () => {
    const sb = createSandbox({ tiktok: { processingMs: 7, rateLimitPerMinute: { userInfo: 4 } }, youtube: { unitCosts: { 'videos.list': 3 } } });
    try {
      for (const m of MOUNTS) {
        const resolved = (sb.options as unknown as Record<string, unknown>)[m.platform];
        if ('defaultOptions' in m) expect(Object.keys(resolved as object).sort()).toEqual(Object.keys(m.defaultOptions).sort());
        if ('defaultSeedData' in m) expect(defaultSeedData()).toMatchObject(m.defaultSeedData());
      }
      const tiktok = MOUNTS.find((m) => m.platform === 'tiktok');
      const youtube = MOUNTS.find((m) => m.platform === 'youtube');
      expect(sb.options.tiktok).toMatchObject({ processingMs: 7, moderationMs: tiktok?.defaultOptions.moderationMs });
      expect(sb.options.tiktok.rateLimitPerMinute).toEqual({ ...tiktok?.defaultOptions.rateLimitPerMinute, userInfo: 4 });
      expect(sb.options.youtube.unitCosts).toEqual({ ...youtube?.defaultOptions.unitCosts, 'videos.list': 3 });
      expect(sb.options.instagram).toEqual(MOUNTS.find((m) => m.platform === 'instagram')?.defaultOptions);
    } finally {
      void sb.close();
    }
  });

  it('serves exactly the hosts of the router, in its order, through the mounts', async () => {
    const sb = createSandbox();
    try {
      for (const host of HOSTS) expect(sb.owns(`/${host}/x`)).toBe(true);
      expect(sb.owns('/no-such-host/x')).toBe(false);
      expect(sameActions).toBe(true);
      // Strict mode's list, gathered from the mounts, is what it was when core/strict.ts held it.
      expect([...UNDOCUMENTED_ENDPOINTS]).toEqual(['instagram.media.list', 'facebook.media.list']);
      expect(Object.keys(sb.actions).sort()).toEqual([
        'addXUser',
        'instagramMediaNumbers',
        'mintInstagramToken',
        'mintTikTokToken',
        'mintXToken',
        'mintYouTubeToken',
        'receiveInstagramComment',
        'receiveInstagramMessage',
        'seedInstagramAnalytics',
        'seedTikTokAnalytics',
        'seedXAnalytics',
        'setInstagramAnalytics',
        'setTikTokAnalytics',
        'setXOptions',
        'tiktokVideoNumbers',
        'xMedia',
        'xPosts',
        'youtubeVideo',
      ]);
      expect(Object.keys(sb.urls('http://127.0.0.1:1'))).toEqual([
        'tiktokAuthUrl',
        'tiktokApiBaseUrl',
        'tiktokUploadBaseUrl',
        'instagramAuthUrl',
        'instagramGraphBaseUrl',
        'facebookGraphBaseUrl',
        'facebookAuthUrl',
        'youtubeAuthUrl',
        'youtubeOauthUrl',
        'youtubeApiBaseUrl',
        'xAuthUrl',
        'xApiBaseUrl',
        'inspectionUrl',
      ]);
      // How long each platform redelivers a refused webhook (platform-apis.md §1.9, §5.6).
      // YouTube sends no webhooks to the product (its push notifications are PubSubHubbub feeds, not used).
      expect(MOUNTS.map((m) => [m.platform, 'webhookGiveUpMs' in m ? m.webhookGiveUpMs : undefined])).toEqual([
        ['tiktok', 72 * 3_600_000],
        ['instagram', 36 * 3_600_000],
        ['youtube', undefined],
        ['x', undefined],
      ]);
      // What the CLI prints: the product's variable names, each mount's in turn (apps/api's config reads the same names).
      expect(sandboxEnv(sb.urls('http://127.0.0.1:1'))).toEqual([
        ['TIKTOK_AUTH_URL', 'http://127.0.0.1:1/tiktok-auth'],
        ['TIKTOK_API_BASE_URL', 'http://127.0.0.1:1/tiktok'],
        ['INSTAGRAM_AUTH_URL', 'http://127.0.0.1:1/instagram-auth'],
        ['INSTAGRAM_GRAPH_BASE_URL', 'http://127.0.0.1:1/instagram-graph'],
        ['FACEBOOK_GRAPH_BASE_URL', 'http://127.0.0.1:1/facebook-graph'],
        ['FACEBOOK_AUTH_URL', 'http://127.0.0.1:1/facebook-graph'],
        ['YOUTUBE_AUTH_URL', 'http://127.0.0.1:1/youtube-auth'],
        ['YOUTUBE_OAUTH_URL', 'http://127.0.0.1:1/youtube-oauth'],
        ['YOUTUBE_API_BASE_URL', 'http://127.0.0.1:1/youtube'],
        ['X_AUTH_URL', 'http://127.0.0.1:1/x-web'],
        ['X_API_BASE_URL', 'http://127.0.0.1:1/x-api'],
      ]);
      const running = await sb.listen();
      try {
        const miss = await call<{ error: { message: string } }>(`${running.origin}/no-such-host/x`);
        expect(miss.status).toBe(404);
        expect(miss.text).toContain(`expected /{${HOSTS.join('|')}}/…`);
      } finally {
        await running.close();
      }
    } finally {
      await sb.close();
    }
  });
});
