import { Inject, Injectable } from '@nestjs/common';
import { createInstagramPublisher, createTikTokPublisher, type Publisher, type TokenProvider } from '@mwr/publishers';
import type { Platform } from '@mwr/domain';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

/** Builds the platform client for one job, from the configured URLs (sandbox, real or any compatible server). */
@Injectable()
export class PublisherFactory {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  create(platform: Platform, tokenProvider: TokenProvider): Publisher {
    const urls = this.config.platformUrls;
    switch (platform) {
      case 'tiktok':
        return createTikTokPublisher({ tokenProvider, tiktokApiBaseUrl: urls.tiktokApiBaseUrl }) as unknown as Publisher;
      case 'instagram':
        return createInstagramPublisher({
          tokenProvider,
          instagramGraphBaseUrl: urls.instagramGraphBaseUrl,
          facebookGraphBaseUrl: urls.facebookGraphBaseUrl,
          graphApiVersion: this.config.platformCredentials.graphApiVersion,
        }) as unknown as Publisher;
      default:
        throw new Error(`publishing to ${platform} is not available yet`);
    }
  }
}
