/** Error body the API always returns: `{ statusCode, code, message, details? }`. */
interface ApiErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && ('message' in value || 'code' in value);
}

function defaultMessage(status: number): string {
  if (status === 502 || status === 503 || status === 504) {
    return `The server is not reachable right now (HTTP ${status}). Check that the API is running.`;
  }
  return `Request failed with HTTP ${status}.`;
}

/** A response the API sent but that is not a success. Network failures stay plain `TypeError`s. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, body: unknown) {
    const parsed = isApiErrorBody(body) ? body : undefined;
    super(parsed?.message ?? defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = parsed?.code;
  }
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
    return 'The server could not be reached. Check that the API is running.';
  }
  if (error instanceof Error && error.message) {
    return error.message;
  }
  return 'Something went wrong.';
}
