import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';
import { validationParams, type FieldError } from '../../common/validation/validation.pipe.js';

export class ContentItemNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Content item not found', HttpStatus.NOT_FOUND);
  }
}

/** RFC 9110 §13.1.1: a failed If-Match (or body `version`) precondition is 412, not 409 — the state is fine, the caller's copy is old. */
export class StaleVersion extends AppException {
  constructor(current: number) {
    super(
      'STALE_VERSION',
      `Someone changed this item first (now at version ${current}): reload it and apply your change again`,
      HttpStatus.PRECONDITION_FAILED,
      {
        currentVersion: current,
      },
      { currentVersion: current },
    );
  }
}

export class VersionRequired extends AppException {
  constructor() {
    super('VERSION_REQUIRED', 'Send the version you edited, as If-Match: "<version>" or in the body', HttpStatus.PRECONDITION_REQUIRED);
  }
}

export class ItemStateConflict extends AppException {
  constructor(message: string, code = 'INVALID_STATE') {
    super(code, message, HttpStatus.CONFLICT);
  }
}

export class ContentValidationFailed extends AppException {
  constructor(details: FieldError[]) {
    super('VALIDATION_FAILED', details.flatMap((d) => d.messages).join('; '), HttpStatus.BAD_REQUEST, details, validationParams(details));
  }
}

export class IdempotencyKeyReused extends AppException {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body', HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

/** Well-formed, but a TikTok creator does not allow these options (privacy level, comments/duets/stitches); `details` has the allowed values. */
export class TikTokOptionsNotAllowed extends AppException {
  constructor(details: (FieldError & { allowed: (string | boolean)[] })[]) {
    super('TIKTOK_OPTIONS_NOT_ALLOWED', details.flatMap((d) => d.messages).join('; '), HttpStatus.UNPROCESSABLE_ENTITY, details, validationParams(details));
  }
}

/** Well-formed, but a target platform would refuse the caption it would get: each message names the platform. */
export class CaptionRejected extends AppException {
  constructor(details: FieldError[]) {
    super('CAPTION_REJECTED', details.flatMap((d) => d.messages).join('; '), HttpStatus.UNPROCESSABLE_ENTITY, details, validationParams(details));
  }
}

/** Contributors write drafts and ask for review; an editor (or above) schedules (issue 25). */
export class ContributorCannotSchedule extends AppException {
  constructor() {
    super('ROLE_CONTRIBUTOR_CANNOT_SCHEDULE', 'Contributors save drafts and ask for review: an editor schedules the post', HttpStatus.FORBIDDEN);
  }
}

export class ContributorOwnDraftsOnly extends AppException {
  constructor() {
    super('ROLE_CONTRIBUTOR_OWN_DRAFTS_ONLY', 'Contributors can change only their own drafts', HttpStatus.FORBIDDEN);
  }
}
