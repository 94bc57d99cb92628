/**
 * X video posts through the v2 media upload (docs/platform-apis.md §7, §10; issue #23):
 * `initialize` → `append` each segment (multipart `media` + `segment_index`) → `finalize` →
 * `STATUS` until `succeeded` (waiting `check_after_secs` between reads) → `POST /2/tweets` →
 * posted, linked as `https://x.com/i/status/{id}`.
 *
 * Checkpoint: the media id, its expiry and the segments X confirmed. A media id that expired (or
 * that X forgot) before the post means a new upload, never a second post. The create call is the
 * one irreversible step: `post` arms it (persisted; the post limits are spent there) and
 * `create_post` sends it at once. After a lost answer — or an armed create this publisher did not
 * arm (a worker resuming a claim that died waiting for the answer) — the account's
 * recent posts (`GET /2/users/:id/tweets`) are searched for our media key and text before anything
 * is sent again; when they cannot tell, a person decides (class `unknown`, needs review).
 *
 * Rate limits: every answer's `x-rate-limit-remaining/-reset` is kept per endpoint family in the
 * checkpoint; a call whose window is spent waits for its reset instead of being refused. A 429
 * is `rate_limited` with the reset time.
 */
import { randomUUID } from 'node:crypto';

import {
  CHECKPOINT_VERSION,
  systemClock,
  type AccountCapabilities,
  type CancelResult,
  type Checkpoint,
  type Clock,
  type Finding,
  type MediaDescriptor,
  type Publisher,
  type PublishError,
  type PublishInput,
  type StepContext,
  type StepResult,
  type TokenProvider,
} from '../contract.js';
import { parseJson, retryAfterFromHeader, send } from '../http.js';
import type { LinkLookup, LinkRef } from '../links.js';
import type { MediaSource } from '../media.js';
import { isUnknownMedia, readXError, xApiError, xLocalError, xProcessingError } from './errors.js';
import type { XPostOptions } from './options.js';
import { checkXMediaDescriptor, checkXText, xPermalink } from './rules.js';

export const X_STEPS = ['initialize', 'append', 'finalize', 'status', 'post', 'create_post', 'verify_post'] as const;
export type XStep = (typeof X_STEPS)[number];

/** The families X counts calls in (per user and per app): one window each. */
export type XLimitFamily = 'media' | 'status' | 'create' | 'read';

export interface XRateState {
  remaining: number;
  /** Epoch ms at which the window resets. */
  resetAt: number;
}

export interface XCheckpoint extends Checkpoint {
  platform: 'x';
  step: XStep;
  text: string;
  media: MediaDescriptor;
  options: XPostOptions;
  /** The current upload's media id, its key (`13_<id>`, found on the post) and when it expires (epoch ms). */
  mediaId?: string;
  mediaKey?: string;
  mediaExpiresAt?: number;
  segmentSize: number;
  /** Segments X confirmed (2xx) for the current media id; the next one to send. */
  segmentsConfirmed: number;
  /** Uploads started (each initialize). */
  uploads: number;
  polls: number;
  processingSince?: number;
  /** Set when the create call is about to be sent (epoch ms). */
  createArmedAt?: number;
  /** Names the arming: only the publisher that armed it (in the same claim, within `armGraceMs`) sends without reading first. */
  createArmId?: string;
  /** Create calls sent (or possibly sent). */
  creates: number;
  /** Reads of the recent posts for this create. */
  verifies: number;
  /** The last known window per endpoint family, from X's headers. */
  rate: Partial<Record<XLimitFamily, XRateState>>;
}

export interface XPublisherConfig {
  tokenProvider: TokenProvider;
  /** https://api.x.com or the sandbox's X host. */
  apiBaseUrl: string;
  clock?: Clock;
  requestTimeoutMs?: number;
  /** Per append; default 5 min. */
  uploadTimeoutMs?: number;
  /** Bytes per segment; default 4 MiB (X's documented cap is 5 MB), raised so a file fits in 1,000 segments. */
  segmentSize?: number;
  /** Fallback between STATUS reads when X gives no `check_after_secs`; default 5 s. */
  pollMs?: number;
  maxProcessingMs?: number;
  maxUploads?: number;
  /**
   * An armed create is sent at once only by the publisher that armed it and within this long;
   * any other (a worker resuming a crashed claim) or later may follow a create that went out
   * unseen: read the recent posts first. Default 10 s.
   */
  armGraceMs?: number;
  /** Reads of the recent posts before a lost create counts as not posted; default 3. */
  maxVerifies?: number;
  /** Wait between those reads; default 5 s. */
  verifyWaitMs?: number;
}

const MAX_SEGMENTS = 1000;
const POLL_MAX_MS = 60_000;
const DEFAULT_SEGMENT = 4 * 1024 * 1024;

type ApiOutcome =
  | { ok: true; status: number; headers: Headers; json: unknown; rate: XCheckpoint['rate'] }
  | { ok: false; error: PublishError; noAnswer: boolean; status?: number; unknownMedia?: boolean; rate: XCheckpoint['rate'] };

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Big post and media ids (> 2^53) kept as strings. */
function parseKeepingIds(text: string): ReturnType<typeof parseJson> {
  return parseJson(text.replace(/"(id|media_id)"\s*:\s*(\d{16,})/g, '"$1":"$2"'));
}

/** X's window headers: `x-rate-limit-remaining` and `x-rate-limit-reset` (epoch seconds). */
export function readXRateHeaders(headers: Headers): XRateState | undefined {
  const remaining = Number(headers.get('x-rate-limit-remaining') ?? NaN);
  const reset = Number(headers.get('x-rate-limit-reset') ?? NaN);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  return { remaining, resetAt: reset * 1000 };
}

/** Whitespace-insensitive comparison; X shortens links (t.co) and may append the media's link. */
const normalise = (text: string) =>
  text
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/\s+/g, ' ')
    .trim();

export class XPublisher implements Publisher<XCheckpoint, XPostOptions> {
  readonly platform = 'x' as const;
  /** Nothing in an X checkpoint is a credential (a media id is useless without the account's token). */
  readonly checkpointSecrets: readonly string[] = [];
  private readonly clock: Clock;
  private readonly base: string;
  private readonly requestTimeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly segmentSize: number;
  private readonly pollMs: number;
  private readonly maxProcessingMs: number;
  private readonly maxUploads: number;
  private readonly armGraceMs: number;
  private readonly maxVerifies: number;
  private readonly verifyWaitMs: number;
  /** The armings this publisher made: a create it did not arm may have been sent by another worker. */
  private readonly armedHere = new Set<string>();

  constructor(private readonly config: XPublisherConfig) {
    this.clock = config.clock ?? systemClock;
    this.base = config.apiBaseUrl.replace(/\/+$/, '');
    this.requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = config.uploadTimeoutMs ?? 5 * 60_000;
    this.segmentSize = Math.max(1, config.segmentSize ?? DEFAULT_SEGMENT);
    this.pollMs = config.pollMs ?? 5_000;
    this.maxProcessingMs = config.maxProcessingMs ?? 30 * 60_000;
    this.maxUploads = config.maxUploads ?? 5;
    this.armGraceMs = config.armGraceMs ?? 10_000;
    this.maxVerifies = config.maxVerifies ?? 3;
    this.verifyWaitMs = config.verifyWaitMs ?? 5_000;
  }

  validate(input: PublishInput<XPostOptions>, _capabilities: AccountCapabilities = {}): Finding[] {
    const findings: Finding[] = [...checkXText(input.caption), ...checkXMediaDescriptor(input.media)];
    if (!input.options?.userId)
      findings.push({ severity: 'error', code: 'missing_x_user', message: 'The X account’s user id is unknown: reconnect it.', field: 'x.userId' });
    return findings;
  }

  start(input: PublishInput<XPostOptions>): XCheckpoint {
    if (!input.options?.userId) throw new TypeError('X publisher needs the account user id in its options');
    return {
      v: CHECKPOINT_VERSION,
      platform: 'x',
      step: 'initialize',
      text: input.caption,
      media: { ...input.media },
      options: { ...input.options },
      // Never more than 1,000 segments (segment_index 0–999).
      segmentSize: Math.max(this.segmentSize, Math.ceil(input.media.size / MAX_SEGMENTS)),
      segmentsConfirmed: 0,
      uploads: 0,
      polls: 0,
      creates: 0,
      verifies: 0,
      rate: {},
    };
  }

  parseCheckpoint(json: unknown): XCheckpoint {
    const c = json as Partial<XCheckpoint> | null;
    if (!c || typeof c !== 'object' || c.v !== CHECKPOINT_VERSION || c.platform !== 'x' || !X_STEPS.includes(c.step as XStep))
      throw new TypeError('not a version-1 X checkpoint');
    if (
      typeof c.text !== 'string' ||
      !c.media ||
      typeof c.media.size !== 'number' ||
      !c.options ||
      typeof c.options.userId !== 'string' ||
      typeof c.segmentSize !== 'number' ||
      typeof c.segmentsConfirmed !== 'number' ||
      typeof c.uploads !== 'number' ||
      typeof c.creates !== 'number'
    )
      throw new TypeError('X checkpoint is missing fields');
    return { ...c, rate: c.rate ?? {}, verifies: c.verifies ?? 0, polls: c.polls ?? 0 } as XCheckpoint;
  }

  async step(cp: XCheckpoint, ctx: StepContext = {}): Promise<StepResult<XCheckpoint>> {
    switch (cp.step) {
      case 'initialize':
        return this.initialize(cp, ctx);
      case 'append':
        return this.append(cp, ctx);
      case 'finalize':
        return this.finalize(cp, ctx);
      case 'status':
        return this.status(cp, ctx);
      case 'post':
        return this.arm(cp);
      case 'create_post':
        return this.createPost(cp, ctx);
      case 'verify_post':
        return this.verifyPost(cp, ctx);
    }
  }

  /** An upload without a post shows nothing: dropping it is the cancel. A create that may have been sent cannot be taken back here. */
  async cancel(cp: XCheckpoint): Promise<CancelResult> {
    if (cp.creates > 0) return { cancelled: false, error: xLocalError('unexpected_status', { vendorMessage: 'the post may already be on X' }) };
    return { cancelled: true };
  }

  /** X links are known when the post is created; nothing to backfill. */
  async lookupLink(_ref: LinkRef): Promise<LinkLookup> {
    return { status: 'none', reason: 'X links are known when the post is created.' };
  }

  // ---- steps ---------------------------------------------------------------------------------

  private async initialize(cp: XCheckpoint, ctx: StepContext): Promise<StepResult<XCheckpoint>> {
    if (cp.uploads >= this.maxUploads) return { error: xLocalError('too_many_uploads') };
    const held = this.held(cp, 'media');
    if (held) return held;
    const res = await this.call(
      cp,
      'media',
      `${this.base}/2/media/upload/initialize`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          media_type: cp.media.mime.startsWith('video/') ? cp.media.mime : 'video/mp4',
          total_bytes: cp.media.size,
          media_category: 'amplify_video',
        }),
      },
      ctx,
    );
    const uploads = cp.uploads + 1;
    // A lost answer may have opened an upload we cannot name: opening another is safe (an upload posts nothing).
    if (!res.ok) return { error: res.error, next: { ...cp, uploads, rate: res.rate } };
    const data = asRecord(asRecord(res.json).data);
    const id = asString(data.id);
    if (!id)
      return { error: xLocalError('invalid_response', { httpStatus: res.status, vendorMessage: 'no media id' }), next: { ...cp, uploads, rate: res.rate } };
    const ttl = asNumber(data.expires_after_secs);
    return {
      next: {
        ...cp,
        step: 'append',
        uploads,
        rate: res.rate,
        mediaId: id,
        mediaKey: asString(data.media_key) ?? `13_${id}`,
        ...(ttl !== undefined ? { mediaExpiresAt: this.clock.now() + ttl * 1000 } : {}),
        segmentsConfirmed: 0,
        polls: 0,
      },
    };
  }

  private async append(cp: XCheckpoint, ctx: StepContext): Promise<StepResult<XCheckpoint>> {
    if (!cp.mediaId || this.expired(cp)) return { next: this.newUpload(cp) };
    const media = ctx.media;
    if (!media || media.size !== cp.media.size || (cp.media.sha256 && media.sha256 && media.sha256 !== cp.media.sha256))
      return { error: xLocalError('media_missing') };
    const total = cp.media.size;
    const segments = Math.max(1, Math.ceil(total / cp.segmentSize));
    if (cp.segmentsConfirmed >= segments) return { next: { ...cp, step: 'finalize' } };
    const held = this.held(cp, 'media');
    if (held) return held;
    const index = cp.segmentsConfirmed;
    const first = index * cp.segmentSize;
    const last = Math.min(total, first + cp.segmentSize) - 1;
    const bytes = await readRange(media, first, last);
    const form = new FormData();
    form.set('segment_index', String(index));
    form.set('media', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), 'segment');
    const res = await this.call(
      cp,
      'media',
      `${this.base}/2/media/upload/${encodeURIComponent(cp.mediaId)}/append`,
      { method: 'POST', body: form },
      ctx,
      this.uploadTimeoutMs,
    );
    if (!res.ok) {
      // Not found: the media id expired or X forgot it — a new upload (nothing was posted).
      if (res.unknownMedia) return { next: this.newUpload({ ...cp, rate: res.rate }) };
      // A lost answer: the same segment index again (X keeps the last bytes sent for an index).
      return { error: res.error, next: { ...cp, rate: res.rate } };
    }
    const confirmed = index + 1;
    ctx.onProgress?.({ bytesUploaded: last + 1, totalBytes: total });
    return { next: { ...cp, rate: res.rate, segmentsConfirmed: confirmed, ...(confirmed >= segments ? { step: 'finalize' as const } : {}) } };
  }

  private async finalize(cp: XCheckpoint, ctx: StepContext): Promise<StepResult<XCheckpoint>> {
    if (!cp.mediaId || this.expired(cp)) return { next: this.newUpload(cp) };
    const held = this.held(cp, 'media');
    if (held) return held;
    const res = await this.call(cp, 'media', `${this.base}/2/media/upload/${encodeURIComponent(cp.mediaId)}/finalize`, { method: 'POST' }, ctx);
    if (!res.ok) {
      if (res.unknownMedia) return { next: this.newUpload({ ...cp, rate: res.rate }) };
      // Finalizing twice is harmless; a lost answer finalizes again.
      return { error: res.error, next: { ...cp, rate: res.rate } };
    }
    return this.processing({ ...cp, rate: res.rate, processingSince: cp.processingSince ?? this.clock.now() }, asRecord(res.json));
  }

  private async status(cp: XCheckpoint, ctx: StepContext): Promise<StepResult<XCheckpoint>> {
    if (!cp.mediaId || this.expired(cp)) return { next: this.newUpload(cp) };
    const held = this.held(cp, 'status');
    if (held) return held;
    const res = await this.call(
      cp,
      'status',
      `${this.base}/2/media/upload?${new URLSearchParams({ command: 'STATUS', media_id: cp.mediaId })}`,
      { method: 'GET' },
      ctx,
    );
    if (!res.ok) {
      if (res.unknownMedia) return { next: this.newUpload({ ...cp, rate: res.rate }) };
      return { error: res.error, next: { ...cp, rate: res.rate } };
    }
    return this.processing({ ...cp, rate: res.rate }, asRecord(res.json));
  }

  /** A finalize or STATUS answer: `processing_info` absent or `succeeded` → post; `failed` → refused; else wait `check_after_secs`. */
  private processing(cp: XCheckpoint, body: Record<string, unknown>): StepResult<XCheckpoint> {
    const data = asRecord(body.data);
    const info = asRecord(data.processing_info ?? body.processing_info);
    const state = asString(info.state);
    if (!state || state === 'succeeded') return { next: this.disarmed({ ...cp, polls: 0 }) };
    if (state === 'failed') {
      const error = asRecord(info.error);
      return { error: xProcessingError(asString(error.name), { ...(asString(error.message) ? { vendorMessage: asString(error.message)! } : {}) }) };
    }
    if (cp.processingSince !== undefined && this.clock.now() - cp.processingSince > this.maxProcessingMs) return { error: xLocalError('processing_stuck') };
    // Never before X's check_after_secs; past a few reads, further apart (up to a minute) for a long transcode.
    const after = asNumber(info.check_after_secs);
    const asked = after !== undefined ? Math.max(0, after * 1000) : this.pollMs;
    const wait = Math.max(asked, Math.min(POLL_MAX_MS, asked * 1.5 ** cp.polls));
    return { wait, next: { ...cp, step: 'status', polls: cp.polls + 1 } };
  }

  /** Arms the create: persisted by the caller before `create_post` sends it (nothing is sent here). */
  private arm(cp: XCheckpoint): StepResult<XCheckpoint> {
    if (!cp.mediaId || this.expired(cp)) return { next: this.newUpload(cp) };
    const held = this.held(cp, 'create');
    if (held) return held;
    const createArmId = randomUUID();
    this.armedHere.add(createArmId);
    return { next: { ...cp, step: 'create_post', createArmedAt: this.clock.now(), createArmId } };
  }

  /**
   * The irreversible call, sent right after this publisher armed it. An armed create this
   * publisher did not arm (a worker resuming a crashed claim), or met later than `armGraceMs`,
   * may have gone out unseen: the recent posts are read first.
   */
  private async createPost(cp: XCheckpoint, ctx: StepContext): Promise<StepResult<XCheckpoint>> {
    if (cp.createArmedAt === undefined || !cp.mediaId) return { next: cp.mediaId ? this.disarmed(cp) : this.newUpload(cp) };
    const ours = cp.createArmId !== undefined && this.armedHere.delete(cp.createArmId);
    if (!ours || this.clock.now() - cp.createArmedAt > this.armGraceMs) return { next: { ...cp, step: 'verify_post', verifies: 0 } };
    const o = cp.options;
    const body = {
      ...(cp.text ? { text: cp.text } : {}),
      media: { media_ids: [cp.mediaId] },
      ...(o.replySettings && o.replySettings !== 'everyone' ? { reply_settings: o.replySettings } : {}),
      ...(o.madeWithAi ? { made_with_ai: true } : {}),
      ...(o.paidPartnership ? { paid_partnership: true } : {}),
    };
    const sent: XCheckpoint = { ...cp, creates: cp.creates + 1 };
    const res = await this.call(
      sent,
      'create',
      `${this.base}/2/tweets`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      ctx,
    );
    if (res.ok) {
      const id = asString(asRecord(asRecord(res.json).data).id);
      if (!id)
        return {
          error: xLocalError('invalid_response', { httpStatus: res.status, ambiguous: true }),
          next: { ...sent, rate: res.rate, step: 'verify_post', verifies: 0 },
        };
      return { done: { remoteMediaId: id, permalink: xPermalink(id), postedAt: new Date(this.clock.now()).toISOString() } };
    }
    // No answer (or a 5xx, which may follow a stored post): look before sending again.
    if (res.noAnswer || (res.status ?? 0) >= 500)
      return { error: { ...res.error, ambiguous: true }, next: { ...sent, rate: res.rate, step: 'verify_post', verifies: 0 } };
    // A definite refusal: nothing was posted. A media X no longer knows is a new upload.
    if (res.unknownMedia) return { next: this.newUpload({ ...sent, rate: res.rate }) };
    return { error: res.error, next: this.disarmed({ ...sent, rate: res.rate }) };
  }

  /** Our post among the account's recent ones: the media key is ours alone; the text confirms. */
  private async verifyPost(cp: XCheckpoint, ctx: StepContext): Promise<StepResult<XCheckpoint>> {
    const held = this.held(cp, 'read');
    if (held) return held;
    const since = new Date((cp.createArmedAt ?? this.clock.now()) - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const params = new URLSearchParams({
      max_results: '100',
      start_time: since,
      'tweet.fields': 'created_at,attachments',
      expansions: 'attachments.media_keys',
    });
    const res = await this.call(cp, 'read', `${this.base}/2/users/${encodeURIComponent(cp.options.userId)}/tweets?${params}`, { method: 'GET' }, ctx);
    const verifies = cp.verifies + 1;
    if (!res.ok) {
      if (res.error.class === 'rate_limited' || res.error.class === 'temporary')
        return verifies >= this.maxVerifies * 2 ? { error: xLocalError('post_undecidable') } : { error: res.error, next: { ...cp, rate: res.rate, verifies } };
      return { error: xLocalError('post_undecidable', { ...(res.error.vendor?.message ? { vendorMessage: res.error.vendor.message } : {}) }) };
    }
    const posts = Array.isArray(asRecord(res.json).data) ? (asRecord(res.json).data as unknown[]).map(asRecord) : [];
    const ours = posts.find((p) => {
      const keys = asRecord(p.attachments).media_keys;
      return Array.isArray(keys) && cp.mediaKey !== undefined && keys.includes(cp.mediaKey);
    });
    const byText = ours ?? (cp.text ? posts.find((p) => normalise(asString(p.text) ?? '') === normalise(cp.text)) : undefined);
    if (byText) {
      const id = asString(byText.id)!;
      return { done: { remoteMediaId: id, permalink: xPermalink(id), postedAt: asString(byText.created_at) ?? new Date(this.clock.now()).toISOString() } };
    }
    // Not there yet: a just-created post can take a moment to be listed. After the reads, it was not posted.
    if (verifies < this.maxVerifies) return { wait: this.verifyWaitMs, next: { ...cp, rate: res.rate, verifies } };
    return { next: this.disarmed({ ...cp, rate: res.rate, verifies: 0 }) };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private expired(cp: XCheckpoint): boolean {
    // A minute's margin: a segment or the post must not land on a media id about to lapse.
    return cp.mediaExpiresAt !== undefined && this.clock.now() >= cp.mediaExpiresAt - 60_000;
  }

  private newUpload(cp: XCheckpoint): XCheckpoint {
    const next: XCheckpoint = { ...cp, step: 'initialize', segmentsConfirmed: 0, polls: 0 };
    delete next.mediaId;
    delete next.mediaKey;
    delete next.mediaExpiresAt;
    delete next.processingSince;
    delete next.createArmedAt;
    delete next.createArmId;
    return next;
  }

  private disarmed(cp: XCheckpoint): XCheckpoint {
    const next: XCheckpoint = { ...cp, step: 'post' };
    delete next.createArmedAt;
    delete next.createArmId;
    return next;
  }

  /** A call whose window X said is spent waits for the reset instead of being refused. */
  private held(cp: XCheckpoint, family: XLimitFamily): { wait: number; next: XCheckpoint } | undefined {
    const state = cp.rate[family];
    const now = this.clock.now();
    if (!state || state.remaining > 0 || state.resetAt <= now) return undefined;
    return { wait: state.resetAt - now + 1000, next: cp };
  }

  private async call(
    cp: XCheckpoint,
    family: XLimitFamily,
    url: string,
    init: RequestInit,
    ctx: StepContext,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<ApiOutcome> {
    let rate = cp.rate;
    let token: string;
    try {
      token = await this.config.tokenProvider();
    } catch (error) {
      return { ok: false, noAnswer: false, rate, error: xLocalError('token_unavailable', { vendorMessage: (error as Error).message }) };
    }
    const res = await send(
      url,
      { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } },
      { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
    );
    if (!res.ok)
      return {
        ok: false,
        noAnswer: true,
        rate,
        error: xLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message, ambiguous: init.method === 'POST' }),
      };
    const window = readXRateHeaders(res.headers);
    if (window) rate = { ...rate, [family]: window };
    if (res.status >= 200 && res.status < 300) {
      const parsed = res.text ? parseKeepingIds(res.text) : { ok: true as const, value: {} };
      if (!parsed.ok)
        return {
          ok: false,
          noAnswer: true,
          rate,
          error: xLocalError('invalid_response', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120), ambiguous: init.method === 'POST' }),
        };
      return { ok: true, status: res.status, headers: res.headers, json: parsed.value, rate };
    }
    const body = readXError(res.text);
    const now = this.clock.now();
    const retryAfterMs =
      res.status === 429 || body.problem === 'usage-capped'
        ? window
          ? Math.max(0, window.resetAt - now)
          : retryAfterFromHeader(res.headers, now)
        : retryAfterFromHeader(res.headers, now);
    return {
      ok: false,
      noAnswer: false,
      status: res.status,
      rate,
      unknownMedia: isUnknownMedia(res.status, body),
      error: xApiError(res.status, body, retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
}

async function readRange(media: MediaSource, first: number, last: number): Promise<Uint8Array> {
  const out = new Uint8Array(last - first + 1);
  let at = 0;
  const source = media.openRange(first, last);
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<Uint8Array>)
      : (async function* () {
          const reader = (source as ReadableStream<Uint8Array>).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        })();
  for await (const part of iterable) {
    // The source may reuse its buffers: copy now.
    out.set(part.subarray(0, Math.min(part.byteLength, out.byteLength - at)), at);
    at += part.byteLength;
  }
  return at >= out.byteLength ? out : out.subarray(0, at);
}

export function createXPublisher(config: XPublisherConfig): XPublisher {
  return new XPublisher(config);
}
