import { createClient, type Client } from './generated/client/index.js';

/**
 * The Marketing War Room API client (issue #26): generated at build time by @hey-api/openapi-ts
 * from apps/api/openapi.json — one function per operation (named by its operationId), the
 * request/response types, and zod schemas the SDK checks every request and response with.
 */
export * from './generated/index.js';
export * as schemas from './generated/zod.gen.js';
export { createClient, type Client } from './generated/client/index.js';

export interface MwrClientOptions {
  /** Where the installation answers, e.g. `http://localhost:3000` (the API is under /api). */
  baseUrl: string;
  /** An API key (`mwr_…`), sent as `Authorization: Bearer`. */
  apiKey: string;
  /** Another fetch (a proxy, a test's recorder); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * A client for one installation and one API key; pass it as `client` to the operations:
 * `await listAccounts({ client, throwOnError: true })`.
 */
export function createMwrClient({ baseUrl, apiKey, fetch: fetchImpl }: MwrClientOptions): Client {
  return createClient({
    baseUrl: baseUrl.replace(/\/$/, ''),
    // Operations accept the session cookie or a bearer key: the key goes only where a bearer goes.
    auth: (scheme) => (scheme.scheme === 'bearer' ? apiKey : undefined),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
