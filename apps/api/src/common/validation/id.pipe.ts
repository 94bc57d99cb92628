import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';

import { AppException } from '../errors/app-exception.js';

/** Path ids are uuids; anything else cannot name a row, so it is a 404 like a foreign id. */
export const UuidParam = () =>
  new ParseUUIDPipe({ version: undefined, exceptionFactory: () => new AppException('NOT_FOUND', 'Not found', HttpStatus.NOT_FOUND) });
