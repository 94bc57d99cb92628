import type { TFunction } from 'i18next';

import { PLATFORM_DISPLAY_NAMES } from '@mwr/domain';

import { i18n } from '../i18n/i18n';
import { formatWith } from '../lib/dates';

/** Error body the API always returns: `{ statusCode, code, message, params?, details? }`. */
interface ApiErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  params?: unknown;
  details?: unknown;
}

/** Values the API gives to word an error (`{ scheduledAt, platform, min… }`). */
export type ErrorParams = Record<string, unknown>;

/** One reason a field was refused: a class-validator constraint (`isLength`) or an API check (`SCHEDULE_IN_PAST`). */
export interface FieldIssue {
  code: string;
  params: ErrorParams;
}

/** One entry of `details` on a VALIDATION_FAILED error. `messages` are the API's English, for integrators only. */
export interface FieldError {
  field: string;
  messages: string[];
  code?: string;
  params?: ErrorParams;
  issues?: FieldIssue[];
}

/** The signed-in workspace's zone (set by `useMe`), for messages whose caller gives none (toasts, notices). */
let defaultTimeZone: string | undefined;

export function setDefaultErrorTimeZone(timeZone: string | undefined): void {
  defaultTimeZone = timeZone;
}

/** Field name → its messages, as the API reported them. */
export type FieldErrors = Partial<Record<string, string[]>>;

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<FieldError>;
  return typeof candidate.field === 'string' && Array.isArray(candidate.messages);
}

function isParams(value: unknown): value is ErrorParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  /** What the message is worded from (`{ scheduledAt }`, `{ currentVersion }`…); empty when the code says it all. */
  readonly params: ErrorParams;
  /** Extra data the API attached (field errors on VALIDATION_FAILED, findings on QUALITY_GATE_FAILED…). */
  readonly details: unknown;

  /** `message` stays the API's English (for logs); people read `errorMessage()`. */
  constructor(status: number, body: unknown) {
    const parsed = isApiErrorBody(body) ? body : undefined;
    super(parsed?.message ?? defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = parsed?.code;
    this.params = isParams(parsed?.params) ? parsed.params : {};
    this.details = parsed?.details;
  }

  /** The field entries of a VALIDATION_FAILED (or CAPTION_REJECTED…) error. */
  get fieldEntries(): FieldError[] {
    return Array.isArray(this.details) ? (this.details as unknown[]).filter(isFieldError) : [];
  }

  /** Field messages of a validation error, keyed by field name and worded for people in the UI language; empty otherwise. */
  get fieldErrors(): FieldErrors {
    return this.fieldErrorsIn({});
  }

  /** The same, with times in the given zone (the workspace's). */
  fieldErrorsIn(options: ErrorMessageOptions): FieldErrors {
    const result: FieldErrors = {};
    for (const entry of this.fieldEntries) {
      result[entry.field] = [...(result[entry.field] ?? []), ...fieldMessages(entry, i18n.t, options, this.code)];
    }
    return result;
  }
}

/** Field messages carried by an error, if it is a validation error from the API, worded for people (times in `options.timeZone`). */
export function fieldErrorsOf(error: unknown, options: ErrorMessageOptions = {}): FieldErrors {
  return error instanceof ApiError ? error.fieldErrorsIn({ timeZone: defaultTimeZone, ...options }) : {};
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

/** A short, human sentence for an error shown in the UI, in the UI language (see `errorMessage`); times in the workspace's zone. */
export function describeError(error: unknown, options: ErrorMessageOptions = {}): string {
  return errorMessage(error, i18n.t, { timeZone: defaultTimeZone, ...options });
}

export interface ErrorMessageOptions {
  /** The workspace's IANA zone: times in messages are shown there (else the browser's). */
  timeZone?: string;
}

/** i18next's t with keys built at run time (`apiErrors.codes.${code}`): each is checked against the locale first. */
type LooseT = (key: string, options?: Record<string, unknown>) => string;

function platformName(value: unknown): string {
  return typeof value === 'string' ? ((PLATFORM_DISPLAY_NAMES as Record<string, string>)[value] ?? value) : '';
}

/** "1 Dec 2026, 09:00:00" in the UI locale and the workspace's zone: seconds, since a post's time is exact to the second. */
function formatInstant(value: unknown, timeZone: string | undefined): string {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '';
  return formatWith(date, { dateStyle: 'medium', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
}

/** The last name in a field path ("targets[0].options.privacyLevel" → "privacyLevel"), worded in the UI language; never the raw name. */
function fieldLabel(field: unknown, t: LooseT): string {
  const name = typeof field === 'string' ? (field.split('.').pop() ?? field).replace(/\[\d+\]$/, '') : '';
  const key = `apiErrors.fieldNames.${name}`;
  return i18n.exists(key) ? t(key) : t('apiErrors.fieldNames.other');
}

/** Interpolation values for a message: params made readable (instants in the zone, platform names, field names, lists). */
function wordingValues(params: ErrorParams, t: LooseT, options: ErrorMessageOptions): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) values[key] = value.map((entry) => (key === 'platforms' ? platformName(entry) : String(entry))).join(', ');
    else if (value !== null && typeof value === 'object') continue;
    else values[key] = value;
  }
  for (const key of ['scheduledAt', 'nextAllowedAt']) if (key in params) values[key] = formatInstant(params[key], options.timeZone);
  if ('platform' in params) values.platform = platformName(params.platform);
  values.field = fieldLabel(params.field, t);
  values.count = typeof params.count === 'number' ? params.count : 1;
  return values;
}

/** One field issue, worded ("Name cannot be empty", "That time has already passed: 1 Dec 2026, 09:00:00"). */
function issueMessage(issue: FieldIssue, t: LooseT, options: ErrorMessageOptions = {}): string {
  let key = `apiErrors.fields.${issue.code}`;
  // "must be between 1 and 120 characters" for an empty name reads oddly: say it is required.
  if (issue.code === 'isLength' && issue.params.min === 1) key = 'apiErrors.fields.isLengthRequired';
  if (!i18n.exists(key)) return t('apiErrors.fields.unknown', { field: fieldLabel(issue.params.field, t) });
  return t(key, wordingValues(issue.params, t, options));
}

/**
 * A field entry's messages for people: one per issue the API coded; an uncoded entry says what its
 * error's own code says (WEAK_PASSWORD: "too easy to guess"), else one generic line — never the API's English.
 */
function fieldMessages(entry: FieldError, t: TFunction | LooseT, options: ErrorMessageOptions = {}, errorCode?: string): string[] {
  const loose = t as LooseT;
  const issues = entry.issues ?? (entry.code ? [{ code: entry.code, params: entry.params ?? {} }] : []);
  if (issues.length === 0) {
    const own = errorCode && errorCode !== 'VALIDATION_FAILED' ? `apiErrors.codes.${errorCode}` : undefined;
    return [own && i18n.exists(own) ? loose(own) : loose('apiErrors.fields.unknown', { field: fieldLabel(entry.field, loose) })];
  }
  return issues.map((issue) => issueMessage({ code: issue.code, params: { field: entry.field, ...issue.params } }, loose, options));
}

/** A quality finding as the API sends it (its message is already in both languages). */
interface Finding {
  platform?: string;
  message?: Partial<Record<string, string>>;
}

function firstFinding(details: unknown): Finding | undefined {
  return Array.isArray(details) ? (details as Finding[]).find((finding) => typeof finding?.message === 'object') : undefined;
}

/**
 * What to tell a person about a failure, in the UI language: the API's `code` + `params` mapped to
 * `apiErrors` (instants in the workspace's zone with seconds, platforms by their names). An unknown
 * code, a network failure or a library's error gets a translated generic line, never raw text.
 */
export function errorMessage(error: unknown, t: TFunction | LooseT, options: ErrorMessageOptions = {}): string {
  const loose = t as LooseT;
  if (error instanceof ApiError) return apiErrorMessage(error, loose, options);
  if (error instanceof TypeError) return loose('errors.unreachable');
  return loose('apiErrors.generic');
}

function apiErrorMessage(error: ApiError, t: LooseT, options: ErrorMessageOptions): string {
  const code = error.code;
  if (!code) return error.status >= 500 || error.status === 0 ? defaultMessage(error.status) : t('apiErrors.generic');
  const entries = error.fieldEntries;
  if (
    (code === 'VALIDATION_FAILED' || code === 'CAPTION_REJECTED' || code === 'TIKTOK_OPTIONS_NOT_ALLOWED' || code === 'WEAK_PASSWORD') &&
    entries.length > 0
  ) {
    const lines = entries.flatMap((entry) => fieldMessages(entry, t, options, code));
    const shown = [...new Set(lines)].slice(0, 3);
    const more = lines.length - shown.length;
    return [...shown, ...(more > 0 ? [t('apiErrors.andMore', { count: more })] : [])].join(' ');
  }
  if (code === 'QUALITY_GATE_FAILED') {
    const finding = firstFinding(error.details);
    const reason = finding?.message?.[i18n.language] ?? finding?.message?.en;
    if (reason) return t('apiErrors.qualityGate', { platform: platformName(finding?.platform ?? error.params.platform), reason });
  }
  if (code === 'MEDIA_REJECTED') {
    const key = `apiErrors.mediaRejected.${String(error.params.reason)}`;
    return i18n.exists(key) ? t(key) : t('apiErrors.codes.MEDIA_REJECTED');
  }
  const key = `apiErrors.codes.${code}`;
  if (!i18n.exists(key)) return error.status >= 500 ? defaultMessage(error.status) : t('apiErrors.generic');
  return t(key, wordingValues(error.params, t, options));
}

/** A save's warning (`{ code, message, params? }`: near_duplicate, account_needs_reconnect…), worded like errors; unknown codes get a generic line. */
export function warningMessage(
  warning: { code: string; message?: string; params?: ErrorParams },
  t: TFunction | LooseT,
  options: ErrorMessageOptions = {},
): string {
  const loose = t as LooseT;
  const key = `apiErrors.warnings.${warning.code}`;
  if (!i18n.exists(key)) return loose('apiErrors.warnings.other');
  return loose(key, wordingValues(warning.params ?? {}, loose, options));
}
