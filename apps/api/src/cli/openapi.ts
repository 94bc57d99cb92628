import 'reflect-metadata';

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createApp } from '../bootstrap.js';
import { createOpenApiDocument, serializeOpenApi } from '../common/openapi/openapi.js';
import { findProjectRoot, loadConfig } from '../modules/config/index.js';

/**
 * `npm run openapi`: writes the spec the code describes to apps/api/openapi.json. It boots the
 * app on a throwaway embedded database so it needs no running services.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-openapi-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ROLES: 'all' });
    const app = await createApp(config);
    await app.init();
    const target = join(findProjectRoot(process.cwd()), 'apps', 'api', 'openapi.json');
    writeFileSync(target, serializeOpenApi(createOpenApiDocument(app)));
    await app.close();
    process.stdout.write(`wrote ${target}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi: ${(error as Error).message}\n`);
  process.exit(1);
});
