import { i18n } from '../i18n/i18n';

/** Error body the API always returns: `{ statusCode, code, message, details? }`. */
interface ApiErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: unknown;
}

/** One entry of `details` on a VALIDATION_FAILED error. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** Field name → its messages, as the API reported them. */
export type FieldErrors = Partial<Record<string, string[]>>;

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<FieldError>;
  return typeof candidate.field === 'string' && Array.isArray(candidate.messages);
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && ('message' in value || 'code' in value);
}

function defaultMessage(status: number): string {
  if (status === 502 || status === 503 || status === 504) {
    return i18n.t('errors.serverDown', { status });
  }
  return i18n.t('errors.httpStatus', { status });
}

/** A response the API sent but that is not a success. Network failures stay plain `TypeError`s. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** Extra data the API attached (field errors on VALIDATION_FAILED, retryAfterSeconds on 429…). */
  readonly details: unknown;

  constructor(status: number, body: unknown) {
    const parsed = isApiErrorBody(body) ? body : undefined;
    super(parsed?.message ?? defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = parsed?.code;
    this.details = parsed?.details;
  }

  /** Field messages of a VALIDATION_FAILED error, keyed by field name; empty otherwise. */
  get fieldErrors(): FieldErrors {
    const result: FieldErrors = {};
    if (!Array.isArray(this.details)) return result;
    for (const entry of this.details as unknown[]) {
      if (isFieldError(entry)) result[entry.field] = [...(result[entry.field] ?? []), ...entry.messages];
    }
    return result;
  }
}

/** Field messages carried by an error, if it is a validation error from the API. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return error instanceof ApiError ? error.fieldErrors : {};
}

/** Whether the error is the API saying "not signed in" (or the session ended). */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/**
 * Turns an openapi-fetch result into its data, or throws an ApiError so TanStack Query sees a
 * failure.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) {
    return result.data;
  }
  throw new ApiError(result.response.status, result.error);
}

/** Like `unwrap`, for responses without a body (204 No Content). */
export function unwrapEmpty(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) {
    throw new ApiError(result.response.status, result.error);
  }
}

/** Whether retrying can help: network errors and 5xx/429 yes, other 4xx no. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof ApiError) {
    return error.status >= 500 || error.status === 429 || error.status === 408;
  }
  return true;
}

/** A short, human sentence for an error shown in the UI. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message;
  }
  if (error instanceof TypeError) {
    return i18n.t('errors.unreachable');
  }
  if (error instanceof Error && error.message) {
    return error.message;
  }
  return i18n.t('errors.generic');
}
