import { createHmac, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';

import { instagramPlatform, platformSettings } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import { IgMessagingRepository } from './ig-messaging.repository.js';
import { IgWelcomeDmEngine } from './ig-welcome-dm.engine.js';

interface MessagingEvent {
  sender?: { id?: unknown };
  recipient?: { id?: unknown };
  timestamp?: unknown;
  message?: { mid?: unknown; text?: unknown; is_echo?: unknown; is_deleted?: unknown };
}
interface Change {
  field?: unknown;
  value?: { id?: unknown; from?: { id?: unknown; username?: unknown }; text?: unknown; media?: { id?: unknown }; timestamp?: unknown };
}
interface Entry {
  id?: unknown;
  time?: unknown;
  messaging?: unknown;
  changes?: unknown;
  field?: unknown;
  value?: Change['value'];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
/** Meta's examples use milliseconds; accept seconds too. Missing or absurd: now. */
function when(v: unknown, fallback: unknown): Date {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof fallback === 'number' ? fallback : NaN;
  if (!Number.isFinite(n) || n <= 0) return new Date();
  const ms = n < 1e12 ? n * 1000 : n;
  return new Date(Math.min(ms, Date.now()));
}

export interface WebhookSummary {
  events: number;
  processed: number;
  duplicates: number;
}

/**
 * Instagram webhooks (platform-apis.md §5.6): signature over the raw bytes, then each event once
 * (deduplicated on message mid / comment id: Meta redelivers for up to 36 h).
 */
@Injectable()
export class InstagramWebhookService {
  private readonly logger = new Logger(InstagramWebhookService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: IgMessagingRepository,
    private readonly engine: IgWelcomeDmEngine,
  ) {}

  /** The GET handshake: the challenge to echo, or null when the token does not match. */
  verifyHandshake(mode: unknown, token: unknown, challenge: unknown): string | null {
    const expected = platformSettings(this.config.platforms, instagramPlatform).webhookVerifyToken;
    if (!expected || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(challenge)) return null;
    return safeEqual(Buffer.from(token), Buffer.from(expected)) ? challenge : null;
  }

  /** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, compared in constant time. */
  verifySignature(raw: Buffer | undefined, header: string | string[] | undefined): boolean {
    const secret = platformSettings(this.config.platforms, instagramPlatform).appSecret;
    const value = Array.isArray(header) ? header[0] : header;
    if (!secret || !raw || !value) return false;
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    return safeEqual(Buffer.from(value.trim().toLowerCase()), expected);
  }

  /** Handles a verified payload. Never throws for one bad event: the others still count. */
  async handle(payload: unknown): Promise<WebhookSummary> {
    const summary: WebhookSummary = { events: 0, processed: 0, duplicates: 0 };
    if (!payload || typeof payload !== 'object' || (payload as { object?: unknown }).object !== 'instagram') return summary;
    const entries = (payload as { entry?: unknown }).entry;
    if (!Array.isArray(entries)) return summary;
    for (const entry of entries as Entry[]) {
      const igUserId = str(entry?.id);
      if (!igUserId) continue;
      const messaging = Array.isArray(entry.messaging) ? (entry.messaging as MessagingEvent[]) : [];
      for (const event of messaging) await this.safely(summary, () => this.onMessaging(igUserId, entry, event));
      const changes = Array.isArray(entry.changes) ? (entry.changes as Change[]) : [];
      // One Meta sample puts field/value directly on the entry (§5.6): parse both.
      if (entry.field !== undefined && entry.value !== undefined) changes.push({ field: entry.field, value: entry.value });
      for (const change of changes) await this.safely(summary, () => this.onChange(igUserId, entry, change));
    }
    return summary;
  }

  private async safely(summary: WebhookSummary, run: () => Promise<'processed' | 'duplicate' | 'skipped'>): Promise<void> {
    summary.events += 1;
    try {
      const outcome = await run();
      if (outcome === 'processed') summary.processed += 1;
      if (outcome === 'duplicate') summary.duplicates += 1;
    } catch (error) {
      this.logger.error(`instagram webhook event failed: ${(error as Error).message}`);
    }
  }

  private async onMessaging(igUserId: string, entry: Entry, event: MessagingEvent): Promise<'processed' | 'duplicate' | 'skipped'> {
    const message = event?.message;
    const mid = str(message?.mid);
    const sender = str(event?.sender?.id);
    if (!message || !mid || !sender) return 'skipped'; // reads, reactions, postbacks: nothing to do
    const echo = message.is_echo === true || sender === igUserId;
    if (!(await this.repository.claimEvent(`mid:${mid}`, igUserId, echo ? 'echo' : 'message'))) return 'duplicate';
    if (echo || message.is_deleted === true) return 'processed';
    const text = typeof message.text === 'string' ? message.text : '';
    const at = when(event.timestamp, entry.time);
    for (const account of await this.repository.accountsFor(igUserId)) await this.engine.onMessage(account, { mid, igsid: sender, text, at });
    return 'processed';
  }

  private async onChange(igUserId: string, entry: Entry, change: Change): Promise<'processed' | 'duplicate' | 'skipped'> {
    if (change?.field !== 'comments' || !change.value) return 'skipped';
    const v = change.value;
    const commentId = str(v.id);
    const from = str(v.from?.id);
    if (!commentId || !from) return 'skipped';
    if (!(await this.repository.claimEvent(`comment:${commentId}`, igUserId, 'comment'))) return 'duplicate';
    if (from === igUserId) return 'processed'; // our own comment
    const comment = {
      commentId,
      igsid: from,
      username: str(v.from?.username),
      text: typeof v.text === 'string' ? v.text : '',
      mediaId: str(v.media?.id),
      at: when(v.timestamp, entry.time),
    };
    for (const account of await this.repository.accountsFor(igUserId)) await this.engine.onComment(account, comment);
    return 'processed';
  }
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
