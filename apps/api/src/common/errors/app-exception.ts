import { HttpStatus } from '@nestjs/common';

/**
 * Base of every module's typed errors. The code is stable and machine-readable; the global
 * filter turns it into `{ statusCode, code, message, details? }`.
 */
export class AppException extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}
