import { createHmac } from 'node:crypto';

import { guardedFetch } from '@mwr/net';

import type { Core } from '../core/context.js';
import type { Platform, WebhookDelivery } from '../core/state.js';

/** Backoff schedule (ms after creation) for redeliveries. */
const SCHEDULE = [0, 5_000, 30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000, 36 * 3_600_000, 72 * 3_600_000];
const GIVE_UP_MS: Record<Platform, number> = { instagram: 36 * 3_600_000, tiktok: 72 * 3_600_000 };

let deliverySeq = 0;

/** Meta signs the unicode-escaped JSON (PHP json_encode style: non-ASCII as \uXXXX and "/" as "\/"). */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function hubSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** TikTok-Signature: `t=<unix seconds>,s=<hex HMAC-SHA256(client_secret, "<t>.<body>")>` (UNCONFIRMED scheme, §1.9). */
export function tiktokSignature(secret: string, timestampSec: number, rawBody: string): string {
  return `t=${timestampSec},s=${createHmac('sha256', secret).update(`${timestampSec}.${rawBody}`).digest('hex')}`;
}

function enqueue(core: Core, platform: Platform, url: string, body: string, headers: Record<string, string>): void {
  deliverySeq += 1;
  const now = core.clock.now();
  core.state.webhooks.push({ id: deliverySeq, platform, url, body, headers, createdAt: now, attempts: 0, nextAttemptAt: now, delivered: false });
  tickWebhooks(core);
}

export function sendInstagramWebhook(core: Core, payload: unknown): void {
  const target = core.opts.webhooks.instagram;
  if (!target) return;
  const body = metaJson(payload);
  enqueue(core, 'instagram', target.callbackUrl, body, { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(target.secret, body) });
}

export function sendTikTokWebhook(core: Core, event: string, clientKey: string, openId: string, content: Record<string, unknown>): void {
  const target = core.opts.webhooks.tiktok;
  if (!target) return;
  const createTime = Math.floor(core.clock.now() / 1000);
  const body = JSON.stringify({ client_key: clientKey, event, create_time: createTime, user_openid: openId, content: JSON.stringify(content) });
  enqueue(core, 'tiktok', target.callbackUrl, body, {
    'content-type': 'application/json',
    'tiktok-signature': tiktokSignature(target.secret, createTime, body),
  });
}

async function attempt(core: Core, d: WebhookDelivery): Promise<void> {
  try {
    // Callback URLs can be changed through the inspection API: the SSRF guard applies.
    const res = await guardedFetch(d.url, {
      method: 'POST',
      headers: d.headers,
      body: d.body,
      timeoutMs: 5000,
      redirect: 'manual',
      allowedOrigins: core.opts.allowedFetchOrigins,
    });
    d.lastStatus = res.status;
    res.discard();
    if (res.status === 200) d.delivered = true;
  } catch (error) {
    d.lastError = (error as Error).message;
  }
  if (!d.delivered) {
    const next = SCHEDULE[d.attempts];
    const giveUp = d.createdAt + GIVE_UP_MS[d.platform];
    d.nextAttemptAt = next === undefined || d.createdAt + next > giveUp ? Number.POSITIVE_INFINITY : d.createdAt + next;
  }
}

const inFlight = new WeakSet<WebhookDelivery>();

export function tickWebhooks(core: Core): void {
  const now = core.clock.now();
  for (const d of core.state.webhooks) {
    if (d.delivered || inFlight.has(d) || d.nextAttemptAt > now) continue;
    d.attempts += 1;
    inFlight.add(d);
    core.track(attempt(core, d).finally(() => inFlight.delete(d)));
  }
}
