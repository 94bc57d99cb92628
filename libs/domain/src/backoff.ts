/** Retries are bounded: a job gets at most this many attempts in all. */
export const MAX_PUBLISH_ATTEMPTS = 8;

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 30 * 60_000, maxAttempts: MAX_PUBLISH_ATTEMPTS };

/**
 * Delay before the next attempt after `attempt` failed attempts (1-based): exponential with full
 * jitter (AWS architecture blog), uniformly in [0, min(cap, base·2^(attempt-1))]. A platform's
 * Retry-After is a floor. Returns undefined when no attempt is left.
 */
export function nextRetryDelayMs(attempt: number, options: { policy?: BackoffPolicy; retryAfterMs?: number; random?: () => number } = {}): number | undefined {
  const policy = options.policy ?? DEFAULT_BACKOFF;
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  if (attempt >= policy.maxAttempts) return undefined;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  const random = options.random ?? Math.random;
  const jittered = Math.floor(random() * (ceiling + 1));
  return Math.max(jittered, Math.ceil(options.retryAfterMs ?? 0));
}
