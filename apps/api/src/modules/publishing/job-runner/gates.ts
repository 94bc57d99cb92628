import { Inject, Injectable } from '@nestjs/common';

import { findPlatformDescriptor, type PlatformRateLimit, type PublishError } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import type { WaitingOn } from '../../queue/publication-ledger.js';
import { RateLimiter } from '../../rate-limits/rate-limiter.service.js';
import { ReconnectRequired, RefreshUnavailable } from '../../tokens/tokens.errors.js';
import { limiterKey, limitWindowOf, platformLimits } from '../platform-limits.js';
import type { PublicationContext } from '../publishing.repository.js';

export type WaitingOnCode = WaitingOn['code'];

/** Back to the queue without spending an attempt (`reason` is the timeline row's type). */
export interface Wait {
  kind: 'wait';
  delayMs: number;
  reason: 'throttled' | 'rate_limited' | 'poll_later' | 'yield';
  message: string | undefined;
}
/**
 * Nothing more until a person acts on the account (issue #20): no timer, the job waits as
 * `waiting_person` with the reason, and resumes when the account is usable again.
 */
export interface WaitForPerson {
  kind: 'wait_person';
  code: WaitingOnCode;
  /** The platform's (or our) code behind it. */
  detail: string | null;
  /** The checkpoint to keep, as stored (secrets sealed). */
  checkpoint?: object;
}
/** What stops a job before (or instead of) its next step. `checkpoint` on a failure: the one to keep, as stored (secrets sealed). */
export type Stop =
  | { kind: 'cancel'; message: string }
  | Wait
  | WaitForPerson
  | { kind: 'fail'; error: PublishError; checkpoint?: object }
  | { kind: 'retry'; error: PublishError };
export type Gate = { kind: 'go' } | Stop;

export const GO: Gate = { kind: 'go' };
export const waitForPerson = (code: WaitingOnCode, detail: string | null = null, checkpoint?: object): WaitForPerson => ({
  kind: 'wait_person',
  code,
  detail,
  ...(checkpoint ? { checkpoint } : {}),
});

/** What a person must do, in the timeline's English (the SPA words it from the code and its parameters). */
export function waitingOnMessage(code: WaitingOnCode, handle: string, platform: string): string {
  const who = `@${handle} (${platformDisplayName(platform)})`;
  switch (code) {
    case 'account_disconnected':
      return `${who} was disconnected: reconnect it and this post goes out`;
    case 'account_needs_reconnect':
      return `${who} must be reconnected before this can post`;
    case 'account_restricted':
      return `${who} is restricted by the platform: this post waits until the restriction is lifted`;
    case 'scope_missing':
      return `${who} is missing a permission: reconnect it and grant every permission asked`;
  }
}

function platformDisplayName(platform: string): string {
  return findPlatformDescriptor(platform)?.displayName ?? platform;
}

/** A cancelled publication is not run. */
export function publicationGate(ctx: PublicationContext): Gate {
  return ctx.publicationStatus === 'cancelled' ? { kind: 'cancel', message: 'The publication no longer exists or was cancelled' } : GO;
}

/**
 * A restricted account still runs: the publisher's account check (creator_info) is the
 * platform's current word, so a lifted ban posts and a standing one waits on a person with its
 * reason. A disconnected account, or one whose sign-in is gone, waits on a person.
 */
export function accountGate(ctx: Pick<PublicationContext, 'accountStatus'>): Gate {
  if (ctx.accountStatus === 'active' || ctx.accountStatus === 'restricted') return GO;
  return waitForPerson(ctx.accountStatus === 'disabled' ? 'account_disconnected' : 'account_needs_reconnect', ctx.accountStatus);
}

/** A first run needs a video to start from. */
export function mediaGate(ctx: Pick<PublicationContext, 'assetId'>): Gate {
  if (ctx.assetId) return GO;
  return {
    kind: 'fail',
    error: {
      class: 'invalid_content',
      code: 'no_video',
      message: 'The item has no video',
      explanation: { en: 'The item has no video attached.', fr: "L'élément n'a pas de vidéo." },
      ambiguous: false,
      retryable: false,
    },
  };
}

/** A rate limiter's answer: go, or wait until a slot frees up. */
export function slotGate(slot: { ok: true } | { ok: false; retryInMs: number }, reason: 'throttled' | 'rate_limited', message: string): Gate {
  return slot.ok ? GO : { kind: 'wait', delayMs: slot.retryInMs, reason, message };
}

/** The platform's limits and quotas one step spends (registry descriptor, config overrides). */
export function stepLimits(platform: string, step: string, config: Pick<AppConfig, 'platforms'>): PlatformRateLimit[] {
  return platformLimits(platform, config).filter((l) => l.steps.includes(step));
}

export const limitWaitMessage = (limit: PlatformRateLimit, platform: string, step: string): string =>
  limit.waitMessage ??
  (limit.resetsAt
    ? `Waiting for the ${platform} ${step} quota (${limit.limit} a day, reset at midnight ${limit.resetsAt.daily})`
    : `Waiting for the ${platform} ${step} limit (${limit.limit}/${limit.windowMs / 1000}s)`);

/** The account's token, as the publisher asked for it: no grant waits for a reconnection, a refresh that failed for now retries. */
export function tokenGate(error: unknown): Stop | undefined {
  if (error instanceof ReconnectRequired) return waitForPerson('account_needs_reconnect', error.reason);
  if (error instanceof RefreshUnavailable) {
    return {
      kind: 'retry',
      error: {
        class: 'temporary',
        code: 'token_refresh_unavailable',
        message: error.reason,
        explanation: { en: 'The platform could not refresh the sign-in; retrying.', fr: 'La plateforme n’a pas pu renouveler la connexion ; nouvel essai.' },
        ambiguous: false,
        retryable: true,
      },
    };
  }
  return undefined;
}

/** The shared limiter's key of the global start rate. */
export const GLOBAL_STARTS_KEY = 'global:starts';
/**
 * Global start slots are taken from the shared limiter a tenth of a second's worth at a time and
 * handed out by this process for at most this long (unused ones lapse, still counted). One key
 * for every start of every worker made each claim wait on one advisory lock and its four round
 * trips (issue #32 item 3: ~20 starts/s in all under load); a batch makes that one per ~rate/10
 * starts. A slot is used within START_SLOT_HOLD_MS of being counted, so any second sees at most
 * the rate plus what was taken in the 100 ms before it (≤ 10 % over in the worst case).
 */
export const START_SLOT_HOLD_MS = 100;

/** The gates that take the rate limiter: the global start rate and each step's platform limits. */
@Injectable()
export class JobGates {
  /** Global start slots this process holds, usable until `startSlotsUntil` (performance.now()). */
  private startSlots = 0;
  private startSlotsUntil = 0;
  /** The batch being taken from the limiter, shared by every start waiting for it. */
  private takingStartSlots?: Promise<{ granted: number; retryInMs: number }>;

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Everything checked before a claimed job runs its first step. */
  async beforeRun(ctx: PublicationContext): Promise<Gate> {
    for (const gate of [publicationGate(ctx), accountGate(ctx)]) if (gate.kind !== 'go') return gate;
    return this.globalStarts();
  }

  private async globalStarts(): Promise<Gate> {
    const perSecond = this.config.queue.globalStartsPerSecond;
    if (!(perSecond > 0)) return GO;
    for (;;) {
      if (this.startSlots > 0 && performance.now() < this.startSlotsUntil) {
        this.startSlots--;
        return GO;
      }
      const batch = await (this.takingStartSlots ??= this.takeStartSlots(perSecond).finally(() => (this.takingStartSlots = undefined)));
      // The limiter had none left this second; otherwise take one of the batch (or the next, if others emptied it).
      if (batch.granted === 0) return slotGate({ ok: false, retryInMs: batch.retryInMs }, 'throttled', 'Global start rate reached');
    }
  }

  private async takeStartSlots(perSecond: number): Promise<{ granted: number; retryInMs: number }> {
    const want = Math.max(1, Math.ceil((perSecond * START_SLOT_HOLD_MS) / 1000));
    const batch = await this.limiter.acquireUpTo(GLOBAL_STARTS_KEY, want, perSecond, 1000);
    this.startSlots = batch.granted;
    this.startSlotsUntil = performance.now() + START_SLOT_HOLD_MS;
    return batch;
  }

  /** Before each step: every platform limit that step spends must have a slot. */
  async beforeStep(ctx: PublicationContext, step: string): Promise<Gate> {
    for (const limit of stepLimits(ctx.platform, step, this.config)) {
      const slot = await this.limiter.acquire(limiterKey(limit, ctx.accountId), limit.limit, limitWindowOf(limit));
      const gate = slotGate(slot, 'rate_limited', limitWaitMessage(limit, ctx.platform, step));
      if (gate.kind !== 'go') return gate;
    }
    return GO;
  }
}
