import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

/** The URL (or a redirect, or what its host resolves to) is not somewhere the server may fetch from. */
export class ImportUrlNotAllowed extends AppException {
  constructor(reason: string) {
    super('IMPORT_URL_NOT_ALLOWED', `This URL is not allowed: ${reason}`, HttpStatus.UNPROCESSABLE_ENTITY, { reason }, { reason });
  }
}

/** The source did not hand over the file: an error status, a timeout, a broken connection. */
export class ImportSourceFailed extends AppException {
  constructor(reason: string) {
    super('IMPORT_SOURCE_FAILED', `The video could not be downloaded: ${reason}`, HttpStatus.UNPROCESSABLE_ENTITY, { reason }, { reason });
  }
}

export class ImportTooLarge extends AppException {
  constructor(limitBytes: number) {
    super('IMPORT_TOO_LARGE', `The video is larger than the ${limitBytes} bytes allowed`, HttpStatus.PAYLOAD_TOO_LARGE, { limitBytes }, { limitBytes });
  }
}
