import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

/**
 * The account has no usable grant any more (revoked, invalid_grant, deleted, or a stored token
 * that cannot be decrypted any more): reconnect it. Jobs wait for the reconnection (auth_expired);
 * a request it reaches answers 409 RECONNECT_REQUIRED.
 */
export class ReconnectRequired extends AppException {
  constructor(
    readonly accountId: string,
    readonly reason: string,
  ) {
    super('RECONNECT_REQUIRED', `account ${accountId} must be reconnected: ${reason}`, HttpStatus.CONFLICT, { accountId, reason }, { accountId, reason });
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
