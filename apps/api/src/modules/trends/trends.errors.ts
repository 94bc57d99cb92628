import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class TrendNotFound extends AppException {
  constructor() {
    super('TREND_NOT_FOUND', 'No such trend entry', HttpStatus.NOT_FOUND);
  }
}

export class InvalidTrend extends AppException {
  constructor(message: string) {
    super('INVALID_TREND', message, HttpStatus.BAD_REQUEST);
  }
}

/** The CSV's header does not have the columns the import needs (nothing is stored). */
export class TrendCsvColumns extends AppException {
  constructor(message: string, details: { missing: string[]; unknown: string[] }) {
    super('TREND_CSV_COLUMNS', message, HttpStatus.BAD_REQUEST, details);
  }
}

/** A watch-list term one of the workspace's sources would refuse (length, characters). */
export class WatchTermInvalid extends AppException {
  constructor(message: string) {
    super('TREND_WATCH_TERM_INVALID', message, HttpStatus.BAD_REQUEST);
  }
}

export class WatchTermTaken extends AppException {
  constructor() {
    super('TREND_WATCH_TERM_TAKEN', 'This term is already on the watch-list', HttpStatus.CONFLICT);
  }
}

export class TrendOwnerNotMember extends AppException {
  constructor() {
    super('TREND_OWNER_NOT_MEMBER', 'The owner must be a member of the workspace', HttpStatus.BAD_REQUEST);
  }
}

export class TrendSourceNotFound extends AppException {
  constructor() {
    super('TREND_SOURCE_NOT_FOUND', 'No such trend source', HttpStatus.NOT_FOUND);
  }
}
