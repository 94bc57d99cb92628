// What the chaos run needs to know of each platform, beside what the registry
// (libs/publishers PLATFORM_DESCRIPTORS) and the sandbox (its mounts) already say: how to make
// accounts in its sandbox, which one the consent page picks, the sandbox options that keep its own
// limits out of the way, the target options a post needs, and the faults it must survive. The run
// takes the registry's platforms that the sandbox mounts; each needs an entry here, so adding a
// platform to the chaos run is its entry below.
//
// Each entry:
// - seedAccounts(n, seeds): its sandbox seed data for n accounts (from defaultSeedData()'s shape),
//   and remoteIds: the ids the product stores as remote_account_id, in the same order.
// - consent(form, remoteId): picks the account on the sandbox's consent page.
// - sandbox: its part of createSandbox's options (limits raised for a crowded run, fast processing).
// - productEnv: operator settings of the product for it (limits the registry reads from settings).
// - targetOptions: the options of each of its targets.
// - faults: sandbox fault rules during the nemesis window; `required: true` ones must fire (the
//   checker fails the run otherwise), so they are drawn with `nth` or a rate that cannot miss.
// - watch: answers counted from the sandbox's request log as faults that happened (e.g. a session
//   that expired under a retry), each { fault, endpoint, status }.

const asKey = (i) => String(i).padStart(10, '0');

export const CHAOS_PLATFORMS = {
  tiktok: {
    seedAccounts: (n, seeds) => ({
      tiktokCreators: Array.from({ length: n }, (_, i) => ({
        ...seeds.tiktokCreators[0],
        openId: `chaos-tt-${i}`,
        unionId: `chaos-u-${i}`,
        username: `chaos.tt${i}`,
      })),
    }),
    remoteIds: (n) => Array.from({ length: n }, (_, i) => `chaos-tt-${i}`),
    consent: (form, remoteId) => form.set('open_id', remoteId),
    sandbox: { tiktok: { processingMs: 1500, moderationMs: 300, dailyPostCap: 10_000 } },
    productEnv: {},
    targetOptions: { privacyLevel: 'SELF_ONLY' },
    faults: [
      ...['tiktok.video.init', 'tiktok.upload'].flatMap((endpoint) => [
        { match: { endpoint }, kind: 'http_503', probability: 0.05 },
        { match: { endpoint }, kind: 'timeout_after', probability: 0.02, delayMs: 3000 },
      ]),
      { match: { endpoint: 'tiktok.status' }, kind: 'rate_limit_429', probability: 0.05, retryAfterSec: 2 },
      { match: { endpoint: 'tiktok.status' }, kind: 'token_revoked', nth: 40 },
    ],
    watch: [],
  },
  instagram: {
    seedAccounts: (n, seeds) => ({
      instagramAccounts: Array.from({ length: n }, (_, i) => ({
        ...seeds.instagramAccounts[0],
        igUserId: `1784159${asKey(i)}`,
        appScopedUserId: `2600059${asKey(i)}`,
        username: `chaos.ig${i}`,
      })),
    }),
    remoteIds: (n) => Array.from({ length: n }, (_, i) => `1784159${asKey(i)}`),
    consent: (form, remoteId) => form.set('ig_user_id', remoteId),
    sandbox: { instagram: { processingMs: 1500, publishQuota: 10_000, containerCap24h: 10_000 } },
    productEnv: {},
    targetOptions: {},
    faults: [
      ...['instagram.media.create', 'instagram.media_publish'].flatMap((endpoint) => [
        { match: { endpoint }, kind: 'http_503', probability: 0.05 },
        { match: { endpoint }, kind: 'timeout_after', probability: 0.02, delayMs: 3000 },
      ]),
      { match: { endpoint: 'instagram.node' }, kind: 'rate_limit_429', probability: 0.03, retryAfterSec: 2 },
    ],
    watch: [],
  },
  youtube: {
    seedAccounts: (n, seeds) => ({
      youtubeChannels: Array.from({ length: n }, (_, i) => ({
        ...seeds.youtubeChannels[0],
        channelId: `UCchaos${asKey(i)}0000000`,
        email: `chaos.yt${i}@sandbox.example`,
        title: `Chaos channel ${i}`,
        customUrl: `@chaosyt${i}`,
        dailyUploadLimit: 10_000,
      })),
    }),
    remoteIds: (n) => Array.from({ length: n }, (_, i) => `UCchaos${asKey(i)}0000000`),
    consent: (form, remoteId) => {
      form.set('channel_id', remoteId);
      // Both scopes ticked, as the consent page offers them.
      for (const scope of new URLSearchParams(form).getAll('scope').flatMap((s) => s.split(' '))) form.append('granted_scope', scope);
    },
    // Session URIs expire after 15 s (Google: about a week), so a retry after a lost answer, a
    // killed worker or a paused one may meet a forgotten session, and must not upload twice.
    sandbox: { youtube: { processingMs: 1500, insertCallsPerDay: 1_000_000, unitsPerDay: 10_000_000, uploadSessionTtlMs: 15_000 } },
    productEnv: { YOUTUBE_INSERT_CALLS_PER_DAY: '1000000', YOUTUBE_DAILY_UNITS: '10000000' },
    targetOptions: { title: 'Chaos Short', privacyStatus: 'public', selfDeclaredMadeForKids: 'not_made_for_kids', notifySubscribers: false },
    faults: [
      // 5xx and lost answers on the session start and on the bytes (the answer lost after the last chunk is in).
      ...['youtube.videos.insert', 'youtube.upload'].flatMap((endpoint) => [
        { match: { endpoint }, kind: 'http_503', probability: 0.05 },
        { match: { endpoint }, kind: 'http_500', nth: 5, required: true },
        { match: { endpoint }, kind: 'timeout_after', probability: 0.02, delayMs: 3000 },
        { match: { endpoint }, kind: 'timeout_after', nth: 9, delayMs: 3000, required: true },
      ]),
      { match: { endpoint: 'youtube.upload' }, kind: 'connection_reset', probability: 0.02 },
      // Session expiry: the bytes reach the server after the session died (a 404 to the chunk, nothing taken).
      { match: { endpoint: 'youtube.upload' }, kind: 'slow', delayMs: 16_000, nth: 3, required: true },
      { match: { endpoint: 'youtube.upload' }, kind: 'slow', delayMs: 16_000, probability: 0.01 },
      { match: { endpoint: 'youtube.videos.list' }, kind: 'http_503', probability: 0.03 },
    ],
    watch: [{ fault: 'youtube:session_expired', endpoint: 'youtube.upload', status: 404 }],
  },
  x: {
    seedAccounts: (n) => ({
      xUsers: Array.from({ length: n }, (_, i) => ({
        id: `1791${String(i).padStart(15, '0')}`,
        name: `Chaos X ${i}`,
        username: `chaos_x${i}`,
        followersCount: 100,
        longPosts: false,
      })),
    }),
    remoteIds: (n) => Array.from({ length: n }, (_, i) => `1791${String(i).padStart(15, '0')}`),
    consent: (form, remoteId) => form.set('user_id', remoteId),
    // Fast processing; no duplicate-text refusal, so a second create that slipped through would
    // show as a duplicate post (the checker's business) instead of being refused by the sandbox.
    sandbox: { x: { processingMs: 1500, pendingMs: 200, checkAfterSecs: 1, duplicateWindowMs: 0 } },
    productEnv: {},
    targetOptions: { reply_settings: 'following', made_with_ai: false },
    faults: [
      // 5xx and lost answers on the upload and on the one irreversible call, the create.
      ...['x.media.initialize', 'x.media.append', 'x.tweets.create'].flatMap((endpoint) => [
        { match: { endpoint }, kind: 'http_503', probability: 0.05 },
        { match: { endpoint }, kind: 'timeout_after', probability: 0.02, delayMs: 3000 },
      ]),
      // A create whose answer is lost: found among the account's recent posts, never sent twice.
      { match: { endpoint: 'x.tweets.create' }, kind: 'timeout_after', nth: 5, delayMs: 3000, required: true },
      { match: { endpoint: 'x.tweets.create' }, kind: 'http_500', nth: 9, required: true },
      { match: { endpoint: 'x.media.append' }, kind: 'connection_reset', probability: 0.02 },
      { match: { endpoint: 'x.media.status' }, kind: 'rate_limit_429', probability: 0.05, retryAfterSec: 2 },
    ],
    watch: [],
  },
};
