import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { findProjectRoot } from '../../modules/config/app-config.js';
import { createOpenApiDocument, serializeOpenApi } from './openapi.js';

describe('committed OpenAPI spec', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLES: 'all' });
  });
  afterAll(() => t?.close());

  it('matches what the code describes (run `npm run openapi` after changing an endpoint)', () => {
    const committed = readFileSync(join(findProjectRoot(process.cwd()), 'apps', 'api', 'openapi.json'), 'utf8');
    expect(serializeOpenApi(createOpenApiDocument(t.app))).toBe(committed);
  });

  it('uses the method name as operationId for every operation', () => {
    const document = createOpenApiDocument(t.app);
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });
});
