/** The account has no usable grant any more (revoked, invalid_grant, deleted): reconnect it. */
export class ReconnectRequired extends Error {
  readonly code = 'RECONNECT_REQUIRED';
  constructor(
    readonly accountId: string,
    readonly reason: string,
  ) {
    super(`account ${accountId} must be reconnected: ${reason}`);
  }
}

/** The platform could not refresh right now (network, 5xx, rate limit): try again later. */
export class RefreshUnavailable extends Error {
  readonly code = 'REFRESH_UNAVAILABLE';
  constructor(
    readonly accountId: string,
    readonly reason: string,
  ) {
    super(`token refresh for account ${accountId} failed for now: ${reason}`);
  }
}
