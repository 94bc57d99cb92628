import { defineConfig } from '@hey-api/openapi-ts';

/**
 * The client is generated from the committed OpenAPI document at build time (never edited by
 * hand, never committed): the fetch client, the types, zod schemas, and an SDK that validates
 * each request and each response with them — a response the document does not describe throws.
 */
export default defineConfig({
  input: '../../apps/api/openapi.json',
  output: { path: 'src/generated' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', 'zod', { name: '@hey-api/sdk', validator: true }],
});
