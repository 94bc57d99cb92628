import { i18n } from '../../../shared/i18n/i18n';
import { PLATFORM_LABELS, type Platform } from '../api/accounts';

/**
 * What the API's OAuth callback puts on /accounts when it sends the browser back:
 * `?platform=tiktok&connected=<id>&new=true|false` or `?platform=tiktok&error=<code>&message=<text>`.
 */
export interface AccountsSearch {
  platform?: string;
  connected?: string;
  new?: boolean;
  error?: string;
  message?: string;
}

export type ConnectOutcome =
  | { kind: 'connected'; platform: Platform | null; accountId: string; created: boolean }
  | { kind: 'failed'; platform: Platform | null; code: string; message: string };

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  // The router parses query values as JSON: an all-digit value arrives as a number.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The route's `validateSearch`: keeps only the callback's parameters, typed. */
export function validateAccountsSearch(search: Record<string, unknown>): AccountsSearch {
  const result: AccountsSearch = {};
  const platform = text(search.platform);
  const connected = text(search.connected);
  const error = text(search.error);
  const message = text(search.message);
  if (platform) result.platform = platform;
  if (connected) result.connected = connected;
  if (search.new === true || search.new === 'true') result.new = true;
  if (search.new === false || search.new === 'false') result.new = false;
  if (error) result.error = error;
  if (message) result.message = message;
  return result;
}

function platformOf(value: string | undefined): Platform | null {
  return value && Object.hasOwn(PLATFORM_LABELS, value) ? (value as Platform) : null;
}

/**
 * Why a connection failed, in the UI language, from the callback's code (the platform's OAuth
 * error or ours); the callback's English `message` is for integrators and never shown.
 */
function connectErrorMessage(code: string): string {
  // Keys built at run time: each is checked with exists() first.
  const translate = i18n.t as unknown as (key: string) => string;
  for (const key of [`apiErrors.connect.${code}`, `apiErrors.codes.${code}`]) if (i18n.exists(key)) return translate(key);
  return i18n.t('accounts.outcome.fallback');
}

/** The result of a connect flow carried by the search parameters, if any. */
export function connectOutcomeOf(search: AccountsSearch): ConnectOutcome | null {
  const platform = platformOf(search.platform);
  if (search.error) return { kind: 'failed', platform, code: search.error, message: connectErrorMessage(search.error) };
  if (search.connected) return { kind: 'connected', platform, accountId: search.connected, created: search.new !== false };
  return null;
}
