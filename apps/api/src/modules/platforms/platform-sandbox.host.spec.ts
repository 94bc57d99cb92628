import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger, type LoggerService } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';

import { loadConfig } from '../config/index.js';
import { PlatformSandboxHost } from './platform-sandbox.host.js';

/** Collects what Nest's Logger prints, by level. */
class CapturingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log = (message: unknown) => this.lines.push({ level: 'log', message: String(message) });
  warn = (message: unknown) => this.lines.push({ level: 'warn', message: String(message) });
  error = (message: unknown) => this.lines.push({ level: 'error', message: String(message) });
  debug = (message: unknown) => this.lines.push({ level: 'debug', message: String(message) });
  verbose = (message: unknown) => this.lines.push({ level: 'verbose', message: String(message) });
}

describe('PlatformSandboxHost at boot', () => {
  let dataDir: string;
  let logger: CapturingLogger;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mwr-sandbox-host-'));
    logger = new CapturingLogger();
    Logger.overrideLogger(logger);
  });
  afterEach(() => {
    Logger.overrideLogger(false);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function boot(env: Record<string, string>): Promise<{ level: string; message: string }[]> {
    const host = new PlatformSandboxHost(loadConfig({ DATA_DIR: dataDir, ...env }), undefined as unknown as ModuleRef);
    await host.onApplicationShutdown();
    return logger.lines;
  }

  it('warns clearly when sandbox mode listens on a non-loopback HOST (the default 0.0.0.0 included)', async () => {
    for (const host of [undefined, '0.0.0.0', '::', '192.0.2.10']) {
      logger.lines.length = 0;
      const warnings = (await boot(host ? { HOST: host } : {})).filter((l) => l.level === 'warn');
      expect({ host, warnings: warnings.map((w) => w.message) }).toEqual({
        host,
        warnings: [
          expect.stringMatching(
            new RegExp(
              `^PLATFORM_MODE=sandbox while listening on HOST=${(host ?? '0.0.0.0').replace(/\./g, '\\.')}, which is not loopback.*installation owner.*404.*PLATFORM_MODE=live`,
            ),
          ),
        ],
      });
    }
  });

  it('stays quiet on loopback, in live mode, and in roles that serve no HTTP', async () => {
    const quiet: Record<string, string>[] = [
      { HOST: '127.0.0.1' },
      { HOST: 'localhost' },
      { HOST: '::1' },
      { HOST: '0.0.0.0', PLATFORM_MODE: 'live' },
      { HOST: '0.0.0.0', ROLES: 'worker' },
    ];
    for (const env of quiet) {
      logger.lines.length = 0;
      expect({ env, warnings: (await boot(env)).filter((l) => l.level === 'warn') }).toEqual({ env, warnings: [] });
    }
  });
});
