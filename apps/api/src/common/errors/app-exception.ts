import { HttpStatus } from '@nestjs/common';

/** Structured values a client needs to word the error itself, in its own language and time zone (`{ scheduledAt, platform, minSeconds }`). */
export type ErrorParams = Record<string, unknown>;

/**
 * Base of every module's typed errors. The code is stable and machine-readable; the global
 * filter turns it into `{ statusCode, code, message, params?, details? }`. `message` is English
 * for integrators; a UI words the error from `code` + `params` (e.g. `{ currentVersion }`,
 * `{ scheduledAt }`), which hold only what the wording needs, unlike `details`.
 */
export class AppException extends Error {
  readonly params: ErrorParams;

  constructor(
    readonly code: string,
    message: string,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly details?: unknown,
    params: ErrorParams = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.params = params;
  }
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** The values a client words the message from; left out when the code says it all. */
  params?: ErrorParams;
  details?: unknown;
}

/** The JSON body of an AppException (the filter and the tus server write the same shape). */
export function appExceptionBody(exception: AppException): ErrorBody {
  return {
    statusCode: exception.status,
    code: exception.code,
    message: exception.message,
    ...(Object.keys(exception.params).length > 0 ? { params: exception.params } : {}),
    ...(exception.details !== undefined ? { details: exception.details } : {}),
  };
}
