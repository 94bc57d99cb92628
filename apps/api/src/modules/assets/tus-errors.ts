import { Logger } from '@nestjs/common';
import { ERRORS, Server } from '@tus/server';

import { AppException, appExceptionBody, type ErrorBody } from '../../common/errors/app-exception.js';

type TusErrorName = keyof typeof ERRORS;

/** tus's own errors, as codes and messages a person can act on. The tus status codes stay. */
const TUS_ERRORS: Record<TusErrorName, { code: string; message: string }> = {
  FILE_NOT_FOUND: { code: 'NOT_FOUND', message: 'Upload not found' },
  FILE_NO_LONGER_EXISTS: { code: 'UPLOAD_GONE', message: 'This upload expired or was removed: start a new one' },
  INVALID_OFFSET: { code: 'UPLOAD_OFFSET_CONFLICT', message: 'Upload-Offset does not match the bytes received so far: ask with HEAD and resume from there' },
  MISSING_OFFSET: { code: 'UPLOAD_OFFSET_REQUIRED', message: 'Send Upload-Offset: where these bytes start' },
  INVALID_CONTENT_TYPE: { code: 'CONTENT_TYPE_REQUIRED', message: 'Send Content-Type: application/offset+octet-stream' },
  INVALID_LENGTH: { code: 'UPLOAD_LENGTH_REQUIRED', message: 'Send Upload-Length once, when the upload is created: the size of the file' },
  ERR_SIZE_EXCEEDED: { code: 'UPLOAD_TOO_LARGE', message: 'More bytes than the Upload-Length declared for this upload' },
  ERR_MAX_SIZE_EXCEEDED: { code: 'FILE_TOO_LARGE', message: 'The file is larger than the upload limit' },
  INVALID_METADATA: { code: 'INVALID_UPLOAD_METADATA', message: 'Upload-Metadata must be comma-separated "key base64value" pairs with unique keys' },
  ABORTED: { code: 'UPLOAD_INTERRUPTED', message: 'The request was interrupted: another request took over this upload' },
  INVALID_TERMINATION: { code: 'UPLOAD_ALREADY_COMPLETE', message: 'This upload is complete and cannot be abandoned' },
  ERR_LOCK_TIMEOUT: { code: 'UPLOAD_BUSY', message: 'This upload is busy with another request: try again' },
  FILE_WRITE_ERROR: { code: 'INTERNAL_ERROR', message: 'The bytes could not be stored' },
  UNKNOWN_ERROR: { code: 'INTERNAL_ERROR', message: 'Something went wrong' },
  UNSUPPORTED_CONCATENATION_EXTENSION: { code: 'NOT_IMPLEMENTED', message: 'Parallel uploads (tus concatenation) are not supported: upload in one stream' },
  UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION: { code: 'NOT_IMPLEMENTED', message: 'Send Upload-Length up front: deferred length is not supported' },
  UNSUPPORTED_EXPIRATION_EXTENSION: { code: 'NOT_IMPLEMENTED', message: 'Upload expiration is not supported' },
};

/** A body that is already `{ statusCode, code, message }` (a hook's tusError) stays as it is. */
function parsedErrorBody(body: string): ErrorBody | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as Partial<ErrorBody>;
    return typeof parsed.code === 'string' && typeof parsed.message === 'string' ? (parsed as ErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** tus's plain-text error (or the 412/400 it writes itself before any handler) as the standard JSON body. */
export function tusErrorBody(status: number, body: string): ErrorBody {
  const known = parsedErrorBody(body);
  // A hook's body with object details (MEDIA_REJECTED's `{ reason }`): they double as params, as AppException's do.
  if (known)
    return { ...(isPlainObject(known.details) && Object.keys(known.details).length > 0 ? { params: known.details } : {}), ...known, statusCode: status };
  const name = (Object.keys(ERRORS) as TusErrorName[]).find((key) => ERRORS[key].body === body);
  if (name) return { statusCode: status, ...TUS_ERRORS[name] };
  if (status === 412) return { statusCode: status, code: 'TUS_VERSION_REQUIRED', message: 'Send Tus-Resumable: 1.0.0' };
  const text = body.trim();
  if (status === 400 && text.startsWith('Invalid ')) {
    return { statusCode: status, code: 'INVALID_TUS_HEADER', message: `Invalid tus header(s): ${text.slice('Invalid '.length).split(' ').join(', ')}` };
  }
  if (status >= 500) return { statusCode: status, code: 'INTERNAL_ERROR', message: 'Something went wrong' };
  return { statusCode: status, code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: text || 'Bad request' };
}

const logger = new Logger('TusServer');

/**
 * Errors thrown by a hook or the store that are not tus's own `{ status_code, body }`: an
 * AppException keeps its code; anything else is logged and answered as a bare 500, no internals.
 */
function mapThrown(error: Error | { status_code: number; body: string }): { status_code: number; body: string } | undefined {
  if (error instanceof AppException) {
    return { status_code: error.status, body: JSON.stringify(appExceptionBody(error)) };
  }
  if ('status_code' in error && typeof error.status_code === 'number') {
    if (error.status_code >= 500) logger.error(`tus request failed with ${error.status_code}: ${String(error.body).trim()}`);
    return undefined;
  }
  const unexpected = error as Error;
  logger.error(`tus request failed: ${unexpected.message}`, unexpected.stack);
  return { status_code: 500, body: JSON.stringify({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong' } satisfies ErrorBody) };
}

/**
 * @tus/server writing every error as the house's JSON body, and without CORS: the SPA is
 * same-origin, so no Access-Control-Allow-Origin (tus would send `*`). Every error response of
 * tus goes through `write` (a thrown error after `onResponseError`, and the 412/400 it answers
 * before reaching a handler); successful responses never carry a body.
 */
export class JsonErrorTusServer extends Server {
  constructor(options: ConstructorParameters<typeof Server>[0]) {
    super({ ...options, allowedOrigins: () => false, onResponseError: (_req, error) => mapThrown(error) });
  }

  override async write(...[context, headers, status, body = '']: Parameters<Server['write']>): ReturnType<Server['write']> {
    headers.delete('Access-Control-Allow-Origin');
    if (status < 400) return super.write(context, headers, status, body);
    headers.set('Content-Type', 'application/json; charset=utf-8');
    return super.write(context, headers, status, JSON.stringify(tusErrorBody(status, body)));
  }
}
