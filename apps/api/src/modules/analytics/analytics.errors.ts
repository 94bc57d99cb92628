import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class MetricsPublicationNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Publication not found', HttpStatus.NOT_FOUND);
  }
}

export class PublicationNotPosted extends AppException {
  constructor(status: string) {
    super('PUBLICATION_NOT_POSTED', `Only a posted publication has results; this one is ${status}`, HttpStatus.CONFLICT);
  }
}

export class InvalidMetrics extends AppException {
  constructor(message: string) {
    super('INVALID_METRICS', message, HttpStatus.BAD_REQUEST);
  }
}
