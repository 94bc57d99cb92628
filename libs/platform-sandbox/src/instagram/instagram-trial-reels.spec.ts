import { buildMp4 } from '../index.js';
import { call, startFileServer, startTestSandbox, type FileServer, type TestSandbox } from '../testing/helpers.js';
import { defaultInstagramSeedData } from './options.js';

type GraphErr = { error: { message: string; code: number; error_subcode?: number } };
const IG = '17841400000000001';
const NO_TRIALS = '17841400000000002';
const V = 'v26.0';

describe('Instagram Graph API: trial Reels (trial_params, platform-apis.md §3)', () => {
  let t: TestSandbox;
  let files: FileServer;
  let graph: string;

  beforeEach(async () => {
    files = await startFileServer({ '/reel.mp4': buildMp4({ durationSec: 12, seed: 3, totalBytes: 200_000 }) });
    const accounts = defaultInstagramSeedData().instagramAccounts.map((a) => (a.igUserId === NO_TRIALS ? { ...a, trialReels: false } : a));
    t = await startTestSandbox({ allowedFetchOrigins: [files.url], seedData: { instagramAccounts: accounts } });
    graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
  });
  afterEach(async () => {
    await files.close();
    await t.close();
  });

  const create = (igUserId: string, params: Record<string, string>) => {
    const token = t.sb.actions.mintInstagramToken({ igUserId })['access_token'] as string;
    return call<{ id: string } & GraphErr>(
      `${graph}/${igUserId}/media?${new URLSearchParams({ access_token: token, media_type: 'REELS', video_url: `${files.url}/reel.mp4`, ...params })}`,
      { method: 'POST' },
    );
  };

  it('accepts graduation_strategy MANUAL and SS_PERFORMANCE', async () => {
    for (const strategy of ['MANUAL', 'SS_PERFORMANCE']) {
      const c = await create(IG, { caption: `Trial ${strategy}`, trial_params: JSON.stringify({ graduation_strategy: strategy }) });
      expect(c.status).toBe(200);
      expect(c.body.id).toMatch(/^\d+$/);
    }
  });

  it('refuses another strategy or a trial_params that is not JSON with code 100', async () => {
    for (const raw of [JSON.stringify({ graduation_strategy: 'ALWAYS' }), 'MANUAL', '{}']) {
      const c = await create(IG, { trial_params: raw });
      expect(c.status).toBe(400);
      expect(c.body.error).toMatchObject({ code: 100 });
      expect(c.body.error.message).toContain('trial_params');
    }
  });

  it('answers 2207081 for an account without trial Reels, and still takes its ordinary Reels', async () => {
    const trial = await create(NO_TRIALS, { trial_params: JSON.stringify({ graduation_strategy: 'MANUAL' }) });
    expect(trial.status).toBe(400);
    expect(trial.body.error).toMatchObject({ code: 100, error_subcode: 2207081 });
    expect((await create(NO_TRIALS, { caption: 'plain' })).status).toBe(200);
  });
});
