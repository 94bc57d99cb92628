import type { components } from '../shared/api/client';

export const systemInfoFixture: components['schemas']['SystemInfoDto'] = {
  name: 'Marketing War Room',
  version: '0.1.0',
  installationId: '3f0c2a4e-9b1d-4c7e-8a55-2d6f1b0e7c91',
  database: 'pglite',
  databaseVersion: 'PostgreSQL 17.4 on x86_64-pc-linux-gnu, compiled by emcc',
  migrations: 4,
  queueDriver: 'postgres',
  roles: ['api', 'worker', 'scheduler'],
  startedAt: '2025-11-25T20:00:00.000Z',
};
