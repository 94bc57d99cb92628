import { checkChaos, requiredFaults, summaryLine, type ChaosTarget, type SandboxPost } from '../chaos/checker.mjs';

const target = (over: Partial<ChaosTarget> = {}): ChaosTarget => ({
  publicationId: 'p1',
  caption: 'item 1',
  platform: 'tiktok',
  remoteAccountId: 'acct',
  sha256: 'sha-1',
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
const post = (over: Partial<SandboxPost> = {}): SandboxPost => ({
  platform: 'tiktok',
  accountId: 'acct',
  postId: '7300',
  sourceId: 'v_pub_1',
  sha256: 'sha-1',
  ...over,
});
const allFaults = (driver: string) => ({ fired: Object.fromEntries(requiredFaults(driver).map((kind) => [kind, 1])), required: requiredFaults(driver) });
/** `n` clean posted targets on distinct videos, to dilute a failure share. */
const cleanTargets = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    target: target({ publicationId: `ok${i}`, sha256: `sha-ok-${i}`, remoteMediaId: `v_ok_${i}` }),
    post: post({ postId: `ok${i}`, sourceId: `v_ok_${i}`, sha256: `sha-ok-${i}` }),
  }));

describe('chaos checker', () => {
  it('accepts a clean run whose faults all fired', () => {
    const verdict = checkChaos({ targets: [target()], sandboxPosts: [post()], faults: allFaults('postgres') });
    expect(verdict).toMatchObject({ ok: true, posted: 1, duplicates: 0, lost: 0, disagreements: 0, strays: 0, latenessP99Ms: 200 });
    expect(summaryLine(1, verdict)).toContain('faults: worker_sigkill ×1');
  });

  it('refuses a run with no targets at all', () => {
    expect(checkChaos({ targets: [], sandboxPosts: [], faults: allFaults('postgres') }).ok).toBe(false);
  });

  it('matches duplicates on the bytes the platform received and the account, not on the caption', () => {
    // Same video twice on the account, captions differ (the platform may rewrite them): a duplicate.
    const twice = checkChaos({ targets: [target()], sandboxPosts: [post(), post({ postId: '7301', sourceId: 'v_pub_2' })] });
    expect(twice).toMatchObject({ ok: false, duplicates: 1 });
    // Two targets sharing a caption but not a video are two different posts.
    const sameCaption = checkChaos({
      targets: [target(), target({ publicationId: 'p2', sha256: 'sha-2', remoteMediaId: 'v_pub_2' })],
      sandboxPosts: [post(), post({ postId: '7301', sourceId: 'v_pub_2', sha256: 'sha-2' })],
      faults: allFaults('postgres'),
    });
    expect(sameCaption).toMatchObject({ ok: true, duplicates: 0, posted: 2 });
  });

  it('counts a second upload the platform received but never published (still processing, rejected) as a duplicate', () => {
    const yt = { platform: 'youtube', accountId: 'UCchan', sha256: 'sha-y' };
    const published = post({ ...yt, postId: 'vid1', sourceId: 'up1' });
    const hidden = post({ ...yt, postId: 'vid2', sourceId: 'up2' });
    const targets = [target({ platform: 'youtube', remoteAccountId: 'UCchan', sha256: 'sha-y', remoteMediaId: 'vid1' })];
    const verdict = checkChaos({ targets, sandboxPosts: [published], received: [published, hidden], faults: allFaults('postgres') });
    expect(verdict).toMatchObject({ ok: false, duplicates: 1, lost: 0 });
    // What the platform received once and published is clean; without `received`, the public posts stand in.
    expect(checkChaos({ targets, sandboxPosts: [published], received: [published], faults: allFaults('postgres') })).toMatchObject({ ok: true, duplicates: 0 });
    expect(checkChaos({ targets, sandboxPosts: [published], faults: allFaults('postgres') }).ok).toBe(true);
    // An upload received on an account nobody targeted is a stray even if it never went public.
    const stray = checkChaos({
      targets,
      sandboxPosts: [published],
      received: [published, post({ ...yt, accountId: 'UCother', postId: 'vid3' })],
      faults: allFaults('postgres'),
    });
    expect(stray).toMatchObject({ ok: false, strays: 1 });
  });

  it('fails a run where a platform fault it requires did not fire', () => {
    const faults = { fired: { ...allFaults('postgres').fired }, required: [...requiredFaults('postgres'), 'youtube:http_500@youtube.upload'] };
    expect(checkChaos({ targets: [target()], sandboxPosts: [post()], faults })).toMatchObject({
      ok: false,
      missingFaults: ['youtube:http_500@youtube.upload'],
    });
    faults.fired['youtube:http_500@youtube.upload'] = 1;
    expect(checkChaos({ targets: [target()], sandboxPosts: [post()], faults }).ok).toBe(true);
  });

  it('reports a post on an account that was not a target', () => {
    const verdict = checkChaos({
      targets: [target()],
      sandboxPosts: [post(), post({ accountId: 'someone-else', postId: '7400', sourceId: 'v_x' })],
      faults: allFaults('postgres'),
    });
    expect(verdict).toMatchObject({ ok: false, strays: 1 });
  });

  it('catches a post the database says exists but the platform does not have', () => {
    expect(checkChaos({ targets: [target()], sandboxPosts: [], faults: allFaults('postgres') })).toMatchObject({ ok: false, lost: 1 });
  });

  it('catches a job left running, a target that ended without posting, and a platform post the database calls failed', () => {
    expect(checkChaos({ targets: [target({ status: 'processing', jobStatus: 'active' })], sandboxPosts: [] })).toMatchObject({ ok: false, lost: 1 });
    expect(checkChaos({ targets: [target({ status: 'cancelled', jobStatus: 'cancelled' })], sandboxPosts: [], faults: allFaults('postgres') })).toMatchObject({
      ok: false,
      lost: 1,
    });
    expect(
      checkChaos({ targets: [target({ status: 'failed', jobStatus: 'dead', errorClass: 'auth_expired', errorCode: 'x' })], sandboxPosts: [post()] }),
    ).toMatchObject({ ok: false, disagreements: 1 });
  });

  it('accepts a few failures from the revoked token, but not an unclassified or unexpected one', () => {
    const clean = cleanTargets(99);
    const revoked = target({ status: 'failed', jobStatus: 'dead', errorClass: 'auth_expired', errorCode: 'access_token_invalid' });
    const ok = checkChaos({ targets: [revoked, ...clean.map((c) => c.target)], sandboxPosts: clean.map((c) => c.post), faults: allFaults('postgres') });
    expect(ok).toMatchObject({ ok: true, failed: 1, failedReasons: { 'auth_expired:access_token_invalid': 1 } });

    const unclassified = checkChaos({
      targets: [target({ status: 'failed', jobStatus: 'failed' }), ...clean.map((c) => c.target)],
      sandboxPosts: clean.map((c) => c.post),
      faults: allFaults('postgres'),
    });
    expect(unclassified).toMatchObject({ ok: false, failedReasons: { unclassified: 1 } });
    const temporary = checkChaos({
      targets: [target({ status: 'failed', jobStatus: 'dead', errorClass: 'temporary', errorCode: 'http_503' }), ...clean.map((c) => c.target)],
      sandboxPosts: clean.map((c) => c.post),
      faults: allFaults('postgres'),
    });
    expect(temporary.ok).toBe(false);
    expect(temporary.problems.unexpectedFailures).toEqual([{ publicationId: 'p1', reason: 'temporary:http_503' }]);
  });

  it('fails a run where more than the stated share of targets failed, even for an expected reason', () => {
    const clean = cleanTargets(20);
    const failures = Array.from({ length: 3 }, (_, i) =>
      target({
        publicationId: `f${i}`,
        sha256: `sha-f-${i}`,
        status: 'failed',
        jobStatus: 'dead',
        errorClass: 'auth_expired',
        errorCode: 'access_token_invalid',
      }),
    );
    const input = { targets: [...failures, ...clean.map((c) => c.target)], sandboxPosts: clean.map((c) => c.post), faults: allFaults('postgres') };
    expect(checkChaos({ ...input, maxFailedShare: 0.02 })).toMatchObject({ ok: false, failed: 3 });
    expect(checkChaos({ ...input, maxFailedShare: 0.2 })).toMatchObject({ ok: true, failed: 3 });
  });

  it('checks needs_review targets too: listed with what the platform has, never two posts', () => {
    const review = target({ status: 'processing', jobStatus: 'needs_review', needsReview: true, errorCode: 'pull_init_ambiguous' });
    const clean = cleanTargets(99);
    const once = checkChaos({
      targets: [review, ...clean.map((c) => c.target)],
      sandboxPosts: [post(), ...clean.map((c) => c.post)],
      faults: allFaults('postgres'),
    });
    expect(once).toMatchObject({ ok: true, needsReview: [{ publicationId: 'p1', code: 'pull_init_ambiguous', postsAtPlatform: 1 }] });
    const twice = checkChaos({
      targets: [review, ...clean.map((c) => c.target)],
      sandboxPosts: [post(), post({ postId: '7301', sourceId: 'v_pub_2' }), ...clean.map((c) => c.post)],
      faults: allFaults('postgres'),
    });
    expect(twice).toMatchObject({ ok: false, duplicates: 1 });
  });

  it('fails a run where more than the stated share of targets awaits review', () => {
    const clean = cleanTargets(20);
    const reviews = Array.from({ length: 3 }, (_, i) =>
      target({
        publicationId: `r${i}`,
        sha256: `sha-r-${i}`,
        status: 'processing',
        jobStatus: 'needs_review',
        needsReview: true,
        errorCode: 'instagram.too_many_containers',
      }),
    );
    const input = { targets: [...reviews, ...clean.map((c) => c.target)], sandboxPosts: clean.map((c) => c.post), faults: allFaults('postgres') };
    expect(checkChaos({ ...input, maxFailedShare: 0.02 }).problems.tooManyNeedsReview).toEqual([{ needsReview: 3, targets: 23, maxShare: 0.02 }]);
    expect(checkChaos({ ...input, maxFailedShare: 0.02 }).ok).toBe(false);
    expect(checkChaos({ ...input, maxFailedShare: 0.2 }).ok).toBe(true);
  });

  it('fails a run whose nemesis did not inject every fault it claims to survive', () => {
    const faults = allFaults('bullmq');
    delete faults.fired.redis_restart;
    const verdict = checkChaos({ targets: [target()], sandboxPosts: [post()], faults });
    expect(verdict).toMatchObject({ ok: false, missingFaults: ['redis_restart'] });
    expect(summaryLine(1, verdict)).toContain('MISSING: redis_restart');
    expect(requiredFaults('postgres')).not.toContain('redis_flush');
  });
});
