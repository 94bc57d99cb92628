import { checkChaos } from '../chaos/checker.mjs';

const target = (over: Partial<Parameters<typeof checkChaos>[0]['targets'][number]> = {}) => ({
  publicationId: 'p1',
  caption: 'item 1',
  platform: 'tiktok',
  remoteAccountId: 'acct',
  status: 'posted',
  jobStatus: 'succeeded',
  needsReview: false,
  remoteMediaId: 'v_pub_1',
  errorCode: null,
  errorClass: null,
  scheduledAt: 1000,
  firstClaimAt: 1200,
  ...over,
});
const post = (over: Partial<Parameters<typeof checkChaos>[0]['sandboxPosts'][number]> = {}) => ({ platform: 'tiktok', accountId: 'acct', postId: '7300', sourceId: 'v_pub_1', caption: 'item 1', ...over });

describe('chaos checker', () => {
  it('accepts a clean run', () => {
    const verdict = checkChaos({ targets: [target()], sandboxPosts: [post()] });
    expect(verdict).toMatchObject({ ok: true, posted: 1, duplicates: 0, lost: 0, disagreements: 0, latenessP99Ms: 200 });
  });

  it('catches a duplicate post', () => {
    expect(checkChaos({ targets: [target()], sandboxPosts: [post(), post({ postId: '7301', sourceId: 'v_pub_2' })] })).toMatchObject({ ok: false, duplicates: 1 });
  });

  it('catches a post the database says exists but the platform does not have', () => {
    expect(checkChaos({ targets: [target()], sandboxPosts: [] })).toMatchObject({ ok: false, lost: 1 });
  });

  it('catches a job left running and a platform post the database calls failed', () => {
    expect(checkChaos({ targets: [target({ status: 'processing', jobStatus: 'active' })], sandboxPosts: [] })).toMatchObject({ ok: false, lost: 1 });
    expect(checkChaos({ targets: [target({ status: 'failed', jobStatus: 'dead', errorClass: 'temporary', errorCode: 'x' })], sandboxPosts: [post()] })).toMatchObject({ ok: false, disagreements: 1 });
  });

  it('refuses a failure without a classified reason, and lists needs_review apart', () => {
    expect(checkChaos({ targets: [target({ status: 'failed', jobStatus: 'failed' })], sandboxPosts: [] })).toMatchObject({ ok: false, failedReasons: { unclassified: 1 } });
    const review = checkChaos({ targets: [target({ status: 'processing', jobStatus: 'needs_review', needsReview: true, errorCode: 'pull_init_ambiguous' })], sandboxPosts: [post()] });
    expect(review).toMatchObject({ ok: true, needsReview: [{ publicationId: 'p1', code: 'pull_init_ambiguous', existsAtPlatform: true }] });
  });
});
