import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryModule } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';

import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../src/modules/config/app-config.js';
import { ContractValidator } from './contract-validator.js';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule with the same global setup as production. `env` is what the process
 * would have in its environment; DATA_DIR defaults to a throwaway folder.
 */
export async function startTestApp(
  env: Record<string, string>,
  extra: { controllers?: Type[]; overrides?: { token: unknown; value: unknown }[] } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-app-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', LOG_FORMAT: 'json', DATABASE_CONNECT_RETRIES: '0', ...env });
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config), DiscoveryModule], controllers: extra.controllers ?? [] });
  for (const o of extra.overrides ?? []) builder.overrideProvider(o.token).useValue(o.value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false, bodyParser: false });
  // Every response is checked against the app's OpenAPI document (test/contract-validator.ts);
  // the middleware goes first so it sees what every later layer answers.
  let contract: ContractValidator | undefined;
  app.use((req: Parameters<ContractValidator['middleware']>[0], res: Parameters<ContractValidator['middleware']>[1], next: () => void) =>
    contract ? contract.middleware(req, res, next) : next(),
  );
  configureApp(app, config);
  await app.init();
  // (the routes are known once the app is initialised; a test's own probe controllers are not checked)
  const probes = (extra.controllers ?? []).map((c) => `/api/${String(Reflect.getMetadata(PATH_METADATA, c) ?? '').replace(/^\/+/, '')}`.replace(/\/+$/, ''));
  if (config.roles.has('api')) contract = await ContractValidator.forApp(app, probes);
  return {
    app,
    config,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
