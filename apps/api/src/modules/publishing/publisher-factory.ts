import { Inject, Injectable } from '@nestjs/common';

import type { Platform } from '@mwr/domain';
import { platformDescriptor, type Publisher, type TokenProvider } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../config/index.js';

/** Builds the platform client for one job, from the configured URLs (sandbox, real or any compatible server). */
@Injectable()
export class PublisherFactory {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Throws for a platform the registry does not list yet. */
  create(platform: Platform, tokenProvider: TokenProvider): Publisher {
    return platformDescriptor(platform).createPublisher({
      tokenProvider,
      urls: this.config.platformUrls,
      graphApiVersion: this.config.platformCredentials.graphApiVersion,
    });
  }
}
