import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class AutomationNotFound extends AppException {
  constructor(key: string) {
    super('AUTOMATION_NOT_FOUND', `There is no automation "${key}"`, HttpStatus.NOT_FOUND);
  }
}

export class InvalidAutomationConfig extends AppException {
  constructor(errors: string[]) {
    super('INVALID_AUTOMATION_CONFIG', errors[0] ?? 'The configuration is invalid', HttpStatus.BAD_REQUEST, { errors });
  }
}
