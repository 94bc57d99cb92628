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
