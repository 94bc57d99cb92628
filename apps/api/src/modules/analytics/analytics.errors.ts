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

export class AnalyticsRangeTooLong extends AppException {
  constructor(days: number, max: number) {
    super('ANALYTICS_RANGE_TOO_LONG', `The range spans ${days} days; at most ${max} days are allowed`, HttpStatus.BAD_REQUEST, undefined, { days, max });
  }
}

export class AnalyticsInvalidRange extends AppException {
  constructor(message: string) {
    super('ANALYTICS_INVALID_RANGE', message, HttpStatus.BAD_REQUEST);
  }
}

export class AnalyticsNotFound extends AppException {
  constructor(what: 'Publication' | 'Account') {
    super('NOT_FOUND', `${what} not found`, HttpStatus.NOT_FOUND);
  }
}
