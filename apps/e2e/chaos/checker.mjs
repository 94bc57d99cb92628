// The chaos run's verdict, as a pure function of what the database, the platform sandbox and the
// nemesis say. Exactly-once means: no target was posted twice, none was lost, both sides agree,
// nothing was posted where it was not asked for, failures stay few and have an expected cause,
// and the faults the run claims to survive actually happened.

/** The failures a chaos run may have: the nemesis revokes one token, so its account's jobs may fail with an auth class. */
export const EXPECTED_FAILURE_CLASSES = ['auth_expired'];
/** At most this share of the targets may fail (all of them for an expected reason), and at most this share may await review. */
export const DEFAULT_MAX_FAILED_SHARE = 0.02;
/** The faults every run must have injected; Redis faults only when Redis is in the run. */
export function requiredFaults(driver) {
  const always = ['worker_sigkill', 'scheduler_sigkill', 'postgres_restart', 'lease_pause'];
  return driver === 'bullmq' ? [...always, 'redis_flush', 'redis_restart'] : always;
}

/** Percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// A post is identified by what the platform recorded: the bytes it received and where. Captions
// are ours and could collide or be rewritten; the sha256 of the video cannot.
const postKey = (platform, accountId, sha256) => `${platform}|${accountId}|${sha256}`;

/**
 * @param {import('./checker.d.mts').ChaosInput} input
 * @returns {import('./checker.d.mts').ChaosVerdict}
 */
export function checkChaos({ targets, sandboxPosts, received = sandboxPosts, faults, maxFailedShare = DEFAULT_MAX_FAILED_SHARE }) {
  const group = (list) => {
    const byKey = new Map();
    for (const post of list) {
      const key = postKey(post.platform, post.accountId, post.sha256);
      byKey.set(key, [...(byKey.get(key) ?? []), post]);
    }
    return byKey;
  };
  // Published posts decide lost and disagreements; everything the platform received (a video still
  // processing, rejected, private) decides duplicates: a second upload is one even if never shown.
  const postsByKey = group(sandboxPosts);
  const receivedByKey = group(received);
  const targetKeys = new Set(targets.map((t) => postKey(t.platform, t.remoteAccountId, t.sha256)));
  const terminal = new Set(['succeeded', 'failed', 'dead', 'cancelled', 'needs_review']);
  const problems = {
    duplicates: [],
    lost: [],
    disagreements: [],
    nonTerminal: [],
    strays: [],
    unexpectedFailures: [],
    missingFaults: [],
    tooManyFailures: [],
    tooManyNeedsReview: [],
  };
  const failedReasons = {};
  const needsReview = [];
  const lateness = [];
  let posted = 0;
  let failed = 0;
  for (const post of received) {
    if (!targetKeys.has(postKey(post.platform, post.accountId, post.sha256))) {
      problems.strays.push({ platform: post.platform, accountId: post.accountId, postId: post.postId, sha256: post.sha256 });
    }
  }
  for (const t of targets) {
    const key = postKey(t.platform, t.remoteAccountId, t.sha256);
    const posts = postsByKey.get(key) ?? [];
    const uploads = Math.max(posts.length, (receivedByKey.get(key) ?? []).length);
    // Also for needs_review: an ambiguous target may exist at the platform, but never twice.
    if (uploads > 1) problems.duplicates.push({ publicationId: t.publicationId, posts: uploads });
    if (!t.jobStatus || !terminal.has(t.jobStatus)) problems.nonTerminal.push({ publicationId: t.publicationId, jobStatus: t.jobStatus });
    if (t.needsReview) {
      needsReview.push({ publicationId: t.publicationId, code: t.errorCode, postsAtPlatform: uploads });
      continue;
    }
    if (t.status === 'posted') {
      posted++;
      const match = posts.find((p) => p.postId === t.remoteMediaId || p.sourceId === t.remoteMediaId);
      if (!match)
        problems.lost.push({ publicationId: t.publicationId, reason: posts.length ? 'remote id differs' : 'posted in the database, absent at the platform' });
      if (t.firstClaimAt !== null) lateness.push(t.firstClaimAt - t.scheduledAt);
    } else if (posts.length > 0) {
      problems.disagreements.push({ publicationId: t.publicationId, status: t.status, posts: posts.length });
    }
    if (t.status === 'failed') {
      failed++;
      const reason = t.errorClass && t.errorCode ? `${t.errorClass}:${t.errorCode}` : 'unclassified';
      failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
      if (!t.errorClass || !t.errorCode || !EXPECTED_FAILURE_CLASSES.includes(t.errorClass)) {
        problems.unexpectedFailures.push({ publicationId: t.publicationId, reason });
      }
    } else if (t.status !== 'posted' && terminal.has(t.jobStatus ?? '')) {
      // Cancelled or otherwise ended without posting: nobody cancels in a chaos run, so it is lost.
      problems.lost.push({ publicationId: t.publicationId, reason: `ended as ${t.status} (${t.jobStatus})` });
    }
  }
  if (targets.length > 0 && failed / targets.length > maxFailedShare) {
    problems.tooManyFailures.push({ failed, targets: targets.length, maxFailedShare });
  }
  // An ambiguous outcome is left for a person, rightly; but many of them means the run broke
  // something systematically (a refused media fetch ends every Reel in review), so they are bounded too.
  if (targets.length > 0 && needsReview.length / targets.length > maxFailedShare) {
    problems.tooManyNeedsReview.push({ needsReview: needsReview.length, targets: targets.length, maxShare: maxFailedShare });
  }
  const fired = faults?.fired ?? {};
  for (const kind of faults?.required ?? []) if (!(fired[kind] > 0)) problems.missingFaults.push(kind);
  lateness.sort((a, b) => a - b);
  const ok = Object.values(problems).every((list) => list.length === 0) && targets.length > 0;
  return {
    ok,
    targets: targets.length,
    posted,
    duplicates: problems.duplicates.length,
    lost: problems.lost.length + problems.nonTerminal.length,
    disagreements: problems.disagreements.length,
    strays: problems.strays.length,
    failed,
    failedReasons,
    needsReview,
    faultsFired: fired,
    missingFaults: problems.missingFaults,
    latenessP50Ms: Math.round(percentile(lateness, 50)),
    latenessP99Ms: Math.round(percentile(lateness, 99)),
    problems,
  };
}

export function summaryLine(items, verdict) {
  const reasons =
    Object.entries(verdict.failedReasons)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ') || 'none';
  const faults =
    Object.entries(verdict.faultsFired)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ') || 'none';
  return (
    `chaos: ${items} items, ${verdict.targets} targets, ${verdict.posted} posted, ${verdict.duplicates} duplicates, ${verdict.lost} lost, ` +
    `${verdict.disagreements} disagreements, ${verdict.strays} strays, ${verdict.failed} failed (reasons: ${reasons}), ` +
    `${verdict.needsReview.length} needs_review (${verdict.needsReview.filter((r) => r.postsAtPlatform > 0).length} at the platform), ` +
    `faults: ${faults}${verdict.missingFaults.length ? ` (MISSING: ${verdict.missingFaults.join(', ')})` : ''}, ` +
    `p99 lateness ${(verdict.latenessP99Ms / 1000).toFixed(1)} s`
  );
}

/**
 * Webhooks against posts: every posted target produced exactly one `publication.posted` event id
 * (the outbox row, written in the transaction that marked it posted), and that id reached the
 * receiver at least once (at-least-once delivery: redeliveries of the same id are allowed, and
 * counted). No event for a publication that is not posted, none that never was ours.
 * @param {import('./checker.d.mts').WebhookInput} input
 * @returns {import('./checker.d.mts').WebhookVerdict}
 */
export function checkWebhooks({ postedPublicationIds, events, deliveries }) {
  const posted = new Set(postedPublicationIds);
  const eventsOf = new Map();
  for (const e of events) eventsOf.set(e.publicationId, [...(eventsOf.get(e.publicationId) ?? []), e.id]);
  const received = new Map();
  for (const d of deliveries) received.set(d.eventId, (received.get(d.eventId) ?? 0) + 1);
  const problems = { missingEvent: [], duplicateEvents: [], undelivered: [], unexpectedEvent: [], unknownDelivery: [] };
  for (const id of posted) {
    const ids = eventsOf.get(id) ?? [];
    if (ids.length === 0) problems.missingEvent.push({ publicationId: id });
    if (ids.length > 1) problems.duplicateEvents.push({ publicationId: id, eventIds: ids });
    for (const eventId of ids) if (!received.has(eventId)) problems.undelivered.push({ publicationId: id, eventId });
  }
  for (const [publicationId, ids] of eventsOf) if (!posted.has(publicationId)) problems.unexpectedEvent.push({ publicationId, eventIds: ids });
  const known = new Set(events.map((e) => e.id));
  for (const eventId of received.keys()) if (!known.has(eventId)) problems.unknownDelivery.push({ eventId });
  const delivered = [...received.keys()].filter((id) => known.has(id)).length;
  return {
    ok: Object.values(problems).every((list) => list.length === 0),
    posted: posted.size,
    events: events.length,
    delivered,
    redelivered: [...received.values()].reduce((n, times) => n + Math.max(0, times - 1), 0),
    problems,
  };
}

export function webhookSummaryLine(verdict) {
  const counts = Object.entries(verdict.problems)
    .filter(([, list]) => list.length > 0)
    .map(([k, list]) => `${k} ×${list.length}`);
  return (
    `webhooks: ${verdict.posted} posted, ${verdict.events} publication.posted events, ${verdict.delivered} delivered ` +
    `(${verdict.redelivered} redeliveries)${counts.length ? `, PROBLEMS: ${counts.join(', ')}` : ', each posted target exactly one event id, delivered'}`
  );
}
