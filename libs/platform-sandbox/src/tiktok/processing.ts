import { guardedFetch } from '@mwr/net';

import type { Core } from '../core/context.js';
import { randomDigits, sha256Hex } from '../core/ids.js';
import { probeMedia } from '../media/probe.js';
import type { TikTokPublish } from './state.js';
import { sendTikTokWebhook } from './webhooks.js';

function publishType(p: TikTokPublish): string {
  return p.mode === 'inbox' ? 'INBOX_SHARE' : 'DIRECT_POST';
}

export function failPublish(core: Core, p: TikTokPublish, reason: string): void {
  p.status = 'FAILED';
  p.failReason = reason;
  p.chunks = [];
  sendTikTokWebhook(core, 'post.publish.failed', p.clientKey, p.openId, { publish_id: p.publishId, reason, publish_type: publishType(p) });
}

function complete(core: Core, p: TikTokPublish): void {
  const bytes = Buffer.concat(p.chunks);
  p.chunks = [];
  const creator = core.state.tiktok.creators.get(p.openId);
  const probe = probeMedia(bytes);
  if (!probe.ok) return failPublish(core, p, 'file_format_check_failed');
  if (creator && probe.durationSec > creator.maxVideoPostDurationSec) return failPublish(core, p, 'duration_check_failed');
  if (probe.width !== undefined && probe.height !== undefined) {
    const sides = [probe.width, probe.height];
    if (sides.some((s) => s < 360 || s > 4096)) return failPublish(core, p, 'picture_size_check_failed');
  }
  p.sha256 = sha256Hex(bytes);
  if (p.mode === 'inbox') {
    p.status = 'SEND_TO_USER_INBOX';
    sendTikTokWebhook(core, 'post.publish.inbox_delivered', p.clientKey, p.openId, { publish_id: p.publishId, publish_type: 'INBOX_SHARE' });
    return;
  }
  markPublished(core, p);
}

/** PUBLISH_COMPLETE: the post exists on the account (inspection records it). */
export function markPublished(core: Core, p: TikTokPublish): void {
  const now = core.clock.now();
  p.status = 'PUBLISH_COMPLETE';
  p.postId = `7${randomDigits(18, false)}`;
  core.state.publicPosts.push({
    platform: 'tiktok',
    accountId: p.openId,
    postId: p.postId,
    sourceId: p.publishId,
    sha256: p.sha256 ?? '',
    caption: p.title,
    ...(p.privacyLevel ? { privacyLevel: p.privacyLevel } : {}),
    publishedAt: now,
  });
  if (p.privacyLevel === 'PUBLIC_TO_EVERYONE') p.moderationDoneAt = now + core.opts.tiktok.moderationMs;
  sendTikTokWebhook(core, 'post.publish.complete', p.clientKey, p.openId, { publish_id: p.publishId, publish_type: publishType(p) });
}

export function tickTikTok(core: Core): void {
  const now = core.clock.now();
  for (const p of core.state.tiktok.publishes.values()) {
    if (p.stuck) continue;
    if (p.status === 'PROCESSING_UPLOAD' || p.status === 'PROCESSING_DOWNLOAD') {
      if (p.source === 'PULL_FROM_URL' && p.downloadError) {
        failPublish(core, p, 'video_pull_failed');
        continue;
      }
      if (p.source === 'PULL_FROM_URL' && !p.downloadDone && now - p.createdAt > core.opts.tiktok.pullTimeoutMs) {
        failPublish(core, p, 'video_pull_failed');
        continue;
      }
      if (p.processingDoneAt !== undefined && now >= p.processingDoneAt) complete(core, p);
    } else if (p.status === 'PUBLISH_COMPLETE' && p.moderationDoneAt !== undefined && p.publicAt === undefined && now >= p.moderationDoneAt) {
      p.publicAt = now;
      sendTikTokWebhook(core, 'post.publish.publicly_available', p.clientKey, p.openId, {
        publish_id: p.publishId,
        post_id: p.postId,
        publish_type: publishType(p),
      });
    }
  }
}

/**
 * PULL_FROM_URL: downloads for real over HTTP through the SSRF guard (only public addresses, or
 * the exact origins the sandbox was told to allow); any redirect or non-200 fails with
 * video_pull_failed.
 */
export function startPull(core: Core, p: TikTokPublish): void {
  const o = core.opts.tiktok;
  const work = (async () => {
    try {
      const res = await guardedFetch(p.videoUrl ?? '', {
        redirect: 'manual',
        timeoutMs: Math.min(o.pullTimeoutMs, 120_000),
        maxBodyBytes: Number.MAX_SAFE_INTEGER, // bounded below, with TikTok's own error
        allowedOrigins: core.opts.allowedFetchOrigins,
      });
      if (res.status !== 200) {
        p.downloadError = `HTTP ${res.status}`;
        res.discard();
        return;
      }
      for await (const value of res.chunks()) {
        if (p.status === 'FAILED') {
          res.discard();
          return;
        }
        p.downloadedBytes += value.length;
        if (p.downloadedBytes > o.maxPullBytes) {
          res.discard();
          p.downloadError = 'too large';
          return;
        }
        p.chunks.push(value);
      }
      p.downloadDone = true;
      p.videoSize = p.downloadedBytes;
      p.processingDoneAt = core.clock.now() + o.downloadMs + o.processingMs;
    } catch (error) {
      p.downloadError = (error as Error).message;
    }
  })();
  core.track(work.then(() => tickTikTok(core)));
}
