import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class MetricsForbidden extends AppException {
  constructor(message: string) {
    super('METRICS_FORBIDDEN', message, HttpStatus.FORBIDDEN);
  }
}
