import { guardedFetch } from '@mwr/net';

import type { Core } from '../core/context.js';
import type { Platform, WebhookDelivery } from '../core/state.js';

/** Backoff schedule (ms after creation) for redeliveries; each mount says when its platform gives up (`webhookGiveUpMs`). */
const SCHEDULE = [0, 5_000, 30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000, 36 * 3_600_000, 72 * 3_600_000];

let deliverySeq = 0;

/** Queues one signed webhook (built by the platform's mount, `<platform>/webhooks.ts`) and tries it at once. */
export function enqueueWebhook(core: Core, platform: Platform, url: string, body: string, headers: Record<string, string>): void {
  deliverySeq += 1;
  const now = core.clock.now();
  core.state.webhooks.push({ id: deliverySeq, platform, url, body, headers, createdAt: now, attempts: 0, nextAttemptAt: now, delivered: false });
  tickWebhooks(core);
}

function giveUpMs(core: Core, platform: Platform): number {
  return core.mounts.find((m) => m.platform === platform)?.webhookGiveUpMs ?? 0;
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
    const giveUp = d.createdAt + giveUpMs(core, d.platform);
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
