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

/** `?flavour=` names no other connect option of that platform (its registry descriptor's `oauthFlavours`). */
export class UnknownConnectFlavour extends AppException {
  constructor(platform: string, flavour: string) {
    super('CONNECT_FLAVOUR_UNKNOWN', `${platform} has no connect option named ${flavour}`, HttpStatus.BAD_REQUEST, { platform, flavour });
  }
}

/** Moving a disconnected account's posts: the account they go to must be another connected account of the same platform. */
export class MoveTargetInvalid extends AppException {
  constructor(reason: 'same_account' | 'other_platform' | 'not_connected', details: { accountId: string; platform: string; targetPlatform?: string }) {
    const messages = {
      same_account: 'Posts cannot be moved to the account being disconnected: choose another account',
      other_platform: `Posts of a ${details.platform} account can only move to another ${details.platform} account`,
      not_connected: 'The account to move the posts to is not connected: reconnect it first or choose another',
    };
    const codes = { same_account: 'MOVE_TARGET_SAME_ACCOUNT', other_platform: 'MOVE_TARGET_OTHER_PLATFORM', not_connected: 'MOVE_TARGET_NOT_CONNECTED' };
    super(codes[reason], messages[reason], reason === 'not_connected' ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY, details);
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
    super('OAUTH_STATE_INVALID', messages[reason], HttpStatus.BAD_REQUEST, { reason }, { reason });
  }
}
