import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class PublicationNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Publication not found', HttpStatus.NOT_FOUND);
  }
}

export class PublicationStateConflict extends AppException {
  constructor(message: string) {
    super('INVALID_STATE', message, HttpStatus.CONFLICT);
  }
}

/** The evidence given to settle a publication is incomplete or malformed. */
export class PublicationResolveInvalid extends AppException {
  constructor(message: string) {
    super('INVALID_EVIDENCE', message, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}
