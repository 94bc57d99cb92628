import createClient from 'openapi-fetch';
import type { paths } from './schema.gen';

/**
 * The one HTTP client of the SPA. Same origin (the API serves the SPA, Vite proxies /api in dev),
 * so no base URL, no CORS; every path in the spec already starts with /api.
 */
export const apiClient = createClient<paths>({ baseUrl: '' });

export type { paths, components } from './schema.gen';
