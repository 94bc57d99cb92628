import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class InvalidCredentials extends AppException {
  constructor() {
    super('INVALID_CREDENTIALS', 'Email or password is incorrect', HttpStatus.UNAUTHORIZED);
  }
}

export class NotAuthenticated extends AppException {
  constructor(message = 'Sign in, or send an API key as "Authorization: Bearer mwr_…"') {
    super('UNAUTHENTICATED', message, HttpStatus.UNAUTHORIZED);
  }
}

export class SetupAlreadyDone extends AppException {
  constructor() {
    super('SETUP_ALREADY_DONE', 'This installation already has an owner: sign in instead', HttpStatus.CONFLICT);
  }
}

export class CsrfRejected extends AppException {
  constructor() {
    super('CSRF_TOKEN_INVALID', 'Missing or wrong X-CSRF-Token header (copy it from the mwr_csrf cookie)', HttpStatus.FORBIDDEN);
  }
}

export class Forbidden extends AppException {
  constructor(code: 'INSUFFICIENT_ROLE' | 'INSUFFICIENT_SCOPE' | 'NO_ACCESS_POLICY', message: string) {
    super(code, message, HttpStatus.FORBIDDEN);
  }
}

export class EmailTaken extends AppException {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists: sign in to accept', HttpStatus.CONFLICT);
  }
}

export class AlreadyMember extends AppException {
  constructor() {
    super('ALREADY_MEMBER', 'You are already a member of this workspace', HttpStatus.CONFLICT);
  }
}

export class WeakPassword extends AppException {
  constructor(field: string, problem: string) {
    const message = `${field} ${problem}`;
    super('WEAK_PASSWORD', message, HttpStatus.BAD_REQUEST, [{ field, messages: [message] }]);
  }
}

export class CrossOriginRejected extends AppException {
  constructor(allowed: string) {
    super('CROSS_ORIGIN_REJECTED', `Sign-in is only accepted from pages of ${allowed}`, HttpStatus.FORBIDDEN);
  }
}

/** A row of an account the member may not see: the same answer as a row of another workspace. */
export class NotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Not found', HttpStatus.NOT_FOUND);
  }
}
