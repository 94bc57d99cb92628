import { createHmac } from 'node:crypto';

import type { Core } from '../core/context.js';
import { enqueueWebhook } from '../webhooks/delivery.js';

/** Meta redelivers a webhook for up to 36 h (platform-apis.md §5.6). */
export const INSTAGRAM_WEBHOOK_GIVE_UP_MS = 36 * 3_600_000;

/** Meta signs the unicode-escaped JSON (PHP json_encode style: non-ASCII as \uXXXX and "/" as "\/"). */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function hubSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function sendInstagramWebhook(core: Core, payload: unknown): void {
  const target = core.opts.webhooks.instagram;
  if (!target) return;
  const body = metaJson(payload);
  enqueueWebhook(core, 'instagram', target.callbackUrl, body, { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(target.secret, body) });
}
