import { apiClient } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

// TODO(lead): switch to schema.gen after npm run openapi — the Trend Radar's routes (#33) are not in
// the generated client yet; these calls go through the same client without its path types.

type LooseInit = {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | boolean | undefined> };
  body?: unknown;
  signal?: AbortSignal;
};
type LooseResult = { data?: unknown; error?: unknown; response: Response };
type LooseMethod = (path: string, init?: LooseInit) => Promise<LooseResult>;
/** The same client (CSRF, session expiry), without the generated path types it does not have yet. */
export const looseClient = apiClient as unknown as Record<'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', LooseMethod>;

export async function call<T>(method: keyof typeof looseClient, path: string, init?: LooseInit): Promise<T> {
  return unwrap(await looseClient[method](path, init)) as T;
}
