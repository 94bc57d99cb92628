import { Inject, Injectable } from '@nestjs/common';

import type { Platform } from '@mwr/domain';
import { platformDescriptor, platformSettings, type Publisher, type TokenProvider } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../config/index.js';

/** Builds the platform client for one job, from its platform's settings (URLs of the sandbox, the real or any compatible server). */
@Injectable()
export class PublisherFactory {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Throws for a platform the registry does not list yet. `account`: the target's capabilities, when the caller has them (they may pick the host). */
  create(platform: Platform, tokenProvider: TokenProvider, account?: { capabilities: Readonly<Record<string, unknown>> }): Publisher {
    const descriptor = platformDescriptor(platform);
    return descriptor.createPublisher({ tokenProvider, settings: platformSettings(this.config.platforms, descriptor), ...(account ? { account } : {}) });
  }
}
