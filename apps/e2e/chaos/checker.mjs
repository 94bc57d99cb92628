// The chaos run's verdict, as a pure function of what the database and the platform sandbox say.
// Exactly-once means: no target was posted twice, none was lost, and both sides agree.

/** Percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * @param {{ targets: Array<{ publicationId: string, caption: string, platform: string, remoteAccountId: string,
 *   status: string, jobStatus: string | null, needsReview: boolean, remoteMediaId: string | null, errorCode: string | null,
 *   errorClass: string | null, scheduledAt: number, firstClaimAt: number | null }>,
 *   sandboxPosts: Array<{ platform: string, accountId: string, postId: string, sourceId: string, caption: string }> }} input
 */
export function checkChaos({ targets, sandboxPosts }) {
  const postsByTarget = new Map();
  for (const post of sandboxPosts) {
    const key = `${post.platform}|${post.accountId}|${post.caption}`;
    postsByTarget.set(key, [...(postsByTarget.get(key) ?? []), post]);
  }
  const terminal = new Set(['succeeded', 'failed', 'dead', 'cancelled', 'needs_review']);
  const problems = { duplicates: [], lost: [], disagreements: [], nonTerminal: [] };
  const failedReasons = {};
  const needsReview = [];
  const lateness = [];
  let posted = 0;
  for (const t of targets) {
    const posts = postsByTarget.get(`${t.platform}|${t.remoteAccountId}|${t.caption}`) ?? [];
    if (posts.length > 1) problems.duplicates.push({ publicationId: t.publicationId, posts: posts.length });
    if (!t.jobStatus || !terminal.has(t.jobStatus)) problems.nonTerminal.push({ publicationId: t.publicationId, jobStatus: t.jobStatus });
    if (t.needsReview) {
      needsReview.push({ publicationId: t.publicationId, code: t.errorCode, existsAtPlatform: posts.length > 0 });
      continue;
    }
    if (t.status === 'posted') {
      posted++;
      const match = posts.find((p) => p.postId === t.remoteMediaId || p.sourceId === t.remoteMediaId);
      if (!match) problems.lost.push({ publicationId: t.publicationId, reason: posts.length ? 'remote id differs' : 'posted in the database, absent at the platform' });
      if (t.firstClaimAt !== null) lateness.push(t.firstClaimAt - t.scheduledAt);
    } else if (posts.length > 0) {
      problems.disagreements.push({ publicationId: t.publicationId, status: t.status, posts: posts.length });
    }
    if (t.status === 'failed') {
      const reason = t.errorClass && t.errorCode ? `${t.errorClass}:${t.errorCode}` : 'unclassified';
      failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
    }
  }
  lateness.sort((a, b) => a - b);
  const unclassified = failedReasons.unclassified ?? 0;
  const ok = problems.duplicates.length === 0 && problems.lost.length === 0 && problems.disagreements.length === 0 && problems.nonTerminal.length === 0 && unclassified === 0;
  return {
    ok,
    targets: targets.length,
    posted,
    duplicates: problems.duplicates.length,
    lost: problems.lost.length + problems.nonTerminal.length,
    disagreements: problems.disagreements.length,
    failed: Object.values(failedReasons).reduce((a, b) => a + b, 0),
    failedReasons,
    needsReview,
    latenessP50Ms: Math.round(percentile(lateness, 50)),
    latenessP99Ms: Math.round(percentile(lateness, 99)),
    problems,
  };
}

export function summaryLine(items, verdict) {
  const reasons = Object.entries(verdict.failedReasons).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
  return `chaos: ${items} items, ${verdict.targets} targets, ${verdict.posted} posted, ${verdict.duplicates} duplicates, ${verdict.lost} lost, ${verdict.disagreements} disagreements, ${verdict.failed} failed (reasons: ${reasons}), ${verdict.needsReview.length} needs_review, p99 lateness ${(verdict.latenessP99Ms / 1000).toFixed(1)} s`;
}
