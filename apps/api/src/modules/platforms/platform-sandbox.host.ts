import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createSandbox, type Sandbox } from '@mwr/platform-sandbox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, SANDBOX_BASE_PATH, type AppConfig } from '../config/index.js';

/**
 * PLATFORM_MODE=sandbox: the TikTok and Instagram simulators run inside this process under
 * /sandbox, and the configured platform URLs point at them. The product talks to them over HTTP
 * exactly as it would to the real hosts; nothing else knows it is a sandbox.
 */
@Injectable()
export class PlatformSandboxHost implements OnApplicationShutdown {
  private readonly logger = new Logger(PlatformSandboxHost.name);
  readonly sandbox?: Sandbox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Only the api role serves HTTP; workers reach the sandbox through the configured URLs like any platform.
    if (config.platformMode !== 'sandbox' || !config.roles.has('api')) return;
    this.sandbox = createSandbox({ basePath: SANDBOX_BASE_PATH, publicBaseUrl: config.publicUrl, clock: 'real' });
    this.logger.log(`platform sandbox mounted at ${config.publicUrl}${SANDBOX_BASE_PATH}`);
  }

  /** Connect-style middleware; requests outside /sandbox go on to the app. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.sandbox) this.sandbox.handle(req, res, next);
    else next();
  };

  async onApplicationShutdown(): Promise<void> {
    await this.sandbox?.close();
  }
}
