import { createHmac } from 'node:crypto';

import type { Core } from '../core/context.js';
import { enqueueWebhook } from '../webhooks/delivery.js';

/** TikTok redelivers a webhook for up to 72 h (platform-apis.md §1.9). */
export const TIKTOK_WEBHOOK_GIVE_UP_MS = 72 * 3_600_000;

/** TikTok-Signature: `t=<unix seconds>,s=<hex HMAC-SHA256(client_secret, "<t>.<body>")>` (UNCONFIRMED scheme, §1.9). */
export function tiktokSignature(secret: string, timestampSec: number, rawBody: string): string {
  return `t=${timestampSec},s=${createHmac('sha256', secret).update(`${timestampSec}.${rawBody}`).digest('hex')}`;
}

export function sendTikTokWebhook(core: Core, event: string, clientKey: string, openId: string, content: Record<string, unknown>): void {
  const target = core.opts.webhooks.tiktok;
  if (!target) return;
  const createTime = Math.floor(core.clock.now() / 1000);
  const body = JSON.stringify({ client_key: clientKey, event, create_time: createTime, user_openid: openId, content: JSON.stringify(content) });
  enqueueWebhook(core, 'tiktok', target.callbackUrl, body, {
    'content-type': 'application/json',
    'tiktok-signature': tiktokSignature(target.secret, createTime, body),
  });
}
