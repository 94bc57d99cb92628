/**
 * The publisher contract (issue 9): one step-wise, resumable interface per platform. A caller
 * (the queue) persists every checkpoint a step hands back before doing anything else, owns the
 * backoff between attempts, and never sleeps in-process: `{ wait }` means "call step again later".
 */
import type { Platform } from '@mwr/domain';

import type { LinkResolver, PendingLink } from './links.js';
import type { MediaSource } from './media.js';

export { LINK_STATUSES, type LinkLookup, type LinkRef, type LinkResolver, type LinkStatus, type PendingLink } from './links.js';

/**
 * `account_restricted`: the platform refuses this account itself (banned from posting, restricted or
 * checkpointed): nothing was posted, no retry helps, the account shows it until a re-check clears it.
 * `unknown` is kept for answers after which the post may exist (a person must look before re-posting).
 */
export const ERROR_CLASSES = ['temporary', 'rate_limited', 'auth_expired', 'invalid_content', 'quota_exhausted', 'account_restricted', 'unknown'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** A short explanation of what happened and what to do, shown by the SPA instead of vendor text. */
export interface Explanation {
  en: string;
  fr: string;
}

export interface PublishError {
  class: ErrorClass;
  /** Stable code, e.g. `tiktok.spam_risk_too_many_posts` or `instagram.2207042`. */
  code: string;
  /** English explanation (same as explanation.en), plus the vendor's words when useful. */
  message: string;
  explanation: Explanation;
  /** Earliest sensible retry, from Retry-After / X-Business-Use-Case-Usage when the vendor gave one. */
  retryAfterMs?: number;
  /**
   * True when a request that may have changed remote state was sent and no answer came back
   * (timeout, dropped connection, unreadable body). The next step resolves it with a read first.
   */
  ambiguous: boolean;
  /** False when retrying the same checkpoint cannot succeed without a person (fix media, re-auth, review). */
  retryable: boolean;
  vendor?: { httpStatus?: number; code?: string; subcode?: string; message?: string; logId?: string };
}

export interface PublishDone {
  /** The platform's id of the published post (TikTok post id when known, else publish_id; IG media id). */
  remoteMediaId: string;
  permalink?: string;
  /** ISO-8601 instant at which the publisher observed the post as published. */
  postedAt: string;
  /** Set when `permalink` is absent: the link comes later (backfill) or never, and why. */
  link?: PendingLink;
  /** Facts about the account this post showed (set or no longer holding); the app keeps them on the account. */
  accountNotices?: AccountNotice[];
}

/**
 * A fact about the account a publication revealed that does not stop publishing (unlike a
 * restriction), e.g. `uploads_locked_private`: the platform keeps the uploads private. `active:
 * false` says the fact no longer holds (a later upload showed it), which clears it.
 */
export interface AccountNotice {
  code: string;
  active: boolean;
}

/**
 * Result of one step. Whenever `next` is present (including on errors), persist it: it is the
 * checkpoint to resume from. An error without `next` leaves the previous checkpoint current.
 */
export type StepResult<C extends Checkpoint = Checkpoint> = { next: C } | { wait: number; next: C } | { done: PublishDone } | { error: PublishError; next?: C };

export const CHECKPOINT_VERSION = 1;

/** Every checkpoint is plain JSON (no Dates, Maps, bigints), versioned and named by its step. */
export interface Checkpoint {
  v: typeof CHECKPOINT_VERSION;
  platform: Platform;
  step: string;
}

/** Serializable description of the asset; the bytes come from a MediaSource given to each step. */
export interface MediaDescriptor {
  size: number;
  mime: string;
  sha256?: string;
  durationSec?: number;
  width?: number;
  height?: number;
  /** Public (verified or signed) URL the platform may pull from: TikTok PULL_FROM_URL, IG video_url. */
  publicUrl?: string;
}

/**
 * One post, as a platform's publisher takes it: the caption, the media, and that platform's own
 * options (`O`, declared in the platform's folder, e.g. `TikTokPostOptions`), built by its
 * descriptor's `publishInput` from the target's stored options.
 */
export interface PublishInput<O extends object = object> {
  caption: string;
  media: MediaDescriptor;
  options: O;
}

/** What the product knows about the target account before sending anything. */
export interface AccountCapabilities {
  /** TikTok creator_info privacy_level_options. */
  privacyLevelOptions?: string[];
  maxVideoPostDurationSec?: number;
  /** TikTok: the URL prefix/domain of media.publicUrl is verified for PULL_FROM_URL. */
  pullFromUrlVerified?: boolean;
  /** Instagram: posts left in the rolling 24 h quota. */
  publishQuotaRemaining?: number;
}

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  field?: string;
}

export interface Progress {
  bytesUploaded: number;
  totalBytes: number;
}

/**
 * What the platform said about our call budget on its last answer (Meta's usage headers, parsed
 * JSON as sent): Account Health shows the headroom the platform itself reports.
 */
export interface PlatformUsage {
  /** `X-Business-Use-Case-Usage`: per business id, entries with `call_count`, `estimated_time_to_regain_access`… */
  businessUseCase?: Record<string, unknown>;
  /** `X-App-Usage`: `call_count`, `total_cputime`, `total_time` (percentages). */
  app?: Record<string, unknown>;
  /** When it was reported (ISO 8601). */
  reportedAt: string;
}

export interface StepContext {
  /** Byte source for FILE_UPLOAD steps; must describe the same asset as the checkpoint (size checked). */
  media?: MediaSource;
  onProgress?: (progress: Progress) => void;
  /** Called with the platform's usage headers whenever an answer carries them. */
  onUsage?: (usage: PlatformUsage) => void;
  /** Aborts the in-flight request (shutdown); the step then reports an ambiguous/temporary error. */
  signal?: AbortSignal;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type TokenProvider = () => Promise<string>;

export interface CancelResult {
  cancelled: boolean;
  error?: PublishError;
}

export interface Publisher<C extends Checkpoint = Checkpoint, O extends object = object> extends LinkResolver {
  readonly platform: Platform;
  /**
   * Dotted paths of the checkpoint's string fields that are credentials (signed media links,
   * upload URLs carrying an upload token). The caller must not store them in the clear: it
   * encrypts them before persisting and restores them before `parseCheckpoint`/`step`.
   * Every other field of a checkpoint is safe to store and show.
   */
  readonly checkpointSecrets: readonly string[];
  /** Quality gate and caption findings; nothing is sent. */
  validate(input: PublishInput<O>, capabilities?: AccountCapabilities): Finding[];
  /** First checkpoint; nothing is sent. Throws a TypeError when the input lacks this platform's options. */
  start(input: PublishInput<O>): C;
  step(checkpoint: C, ctx?: StepContext): Promise<StepResult<C>>;
  /** Best-effort cancel of an in-flight publish. */
  cancel(checkpoint: C): Promise<CancelResult>;
  /** Parses a persisted checkpoint (any JSON), rejecting other versions/platforms. */
  parseCheckpoint(json: unknown): C;
}
