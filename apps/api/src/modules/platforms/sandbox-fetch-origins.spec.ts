import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ModuleRef } from '@nestjs/core';

import { loadConfig } from '../config/index.js';
import { PlatformSandboxHost, sandboxFetchOrigins } from './platform-sandbox.host.js';

describe('what the in-process sandbox may fetch from besides public addresses', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mwr-sandbox-origins-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, PORT: '4123', ...env });

  it('allows exactly the product origin (PUBLIC_URL) when the server is bound to loopback', async () => {
    for (const HOST of ['127.0.0.1', '::1', 'localhost']) {
      expect({ HOST, origins: sandboxFetchOrigins(config({ HOST })) }).toEqual({ HOST, origins: ['http://localhost:4123'] });
    }
    expect(sandboxFetchOrigins(config({ HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:4123/' }))).toEqual(['http://127.0.0.1:4123']);
    expect(sandboxFetchOrigins(config({ HOST: '127.0.0.1', S3_BUCKET: 'media', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' }))).toEqual([
      'http://localhost:4123',
      'http://127.0.0.1:9000',
    ]);
    const host = new PlatformSandboxHost(config({ HOST: '127.0.0.1', PLATFORM_MODE: 'sandbox' }), undefined as unknown as ModuleRef);
    try {
      expect(host.sandbox?.options.allowedFetchOrigins).toEqual(['http://localhost:4123']);
    } finally {
      await host.onApplicationShutdown();
    }
  });

  it('allows nothing when the server can be reached from elsewhere', async () => {
    for (const HOST of ['0.0.0.0', '::', '192.0.2.10']) {
      expect({ HOST, origins: sandboxFetchOrigins(config({ HOST })) }).toEqual({ HOST, origins: [] });
    }
    const host = new PlatformSandboxHost(config({ HOST: '0.0.0.0', PLATFORM_MODE: 'sandbox' }), undefined as unknown as ModuleRef);
    try {
      expect(host.sandbox?.options.allowedFetchOrigins).toEqual([]);
    } finally {
      await host.onApplicationShutdown();
    }
  });
});
