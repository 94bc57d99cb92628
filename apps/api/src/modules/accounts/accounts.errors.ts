import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class AccountNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Account not found', HttpStatus.NOT_FOUND);
  }
}

export class PlatformNotConfigured extends AppException {
  constructor(message: string) {
    super('PLATFORM_NOT_CONFIGURED', message, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** A callback whose state is missing, forged, replayed, expired or from another browser session. */
export class InvalidOAuthState extends AppException {
  constructor(readonly reason: 'missing' | 'unknown' | 'used' | 'expired' | 'session') {
    const messages = {
      missing: 'The sign-in answer from the platform had no state: start the connection again.',
      unknown: 'This connection link is not one we started: start the connection again.',
      used: 'This connection link was already used: start the connection again.',
      expired: 'This connection took more than 10 minutes: start it again.',
      session: 'This connection was started in another browser session: start it again here.',
    };
    super('OAUTH_STATE_INVALID', messages[reason], HttpStatus.BAD_REQUEST, { reason });
  }
}
