import { Inject, Injectable } from '@nestjs/common';

import type { Platform } from '@mwr/domain';
import { OAuthError, PLATFORM_DESCRIPTORS, platformSettings, type OAuthProvider } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../../config/index.js';

/**
 * The OAuth client of each platform in the registry (its descriptor's oauth.createProvider),
 * built once from its platform's settings (URLs and client keys).
 */
@Injectable()
export class OAuthProviders {
  private readonly providers: ReadonlyMap<Platform, OAuthProvider>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.providers = new Map(
      PLATFORM_DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor.oauth.createProvider({ settings: platformSettings(config.platforms, descriptor) })]),
    );
  }

  get(platform: Platform): OAuthProvider {
    const provider = this.providers.get(platform);
    if (!provider) throw new OAuthError('config', 'unsupported_platform', `Connecting ${platform} accounts is not available yet`);
    return provider;
  }

  redirectUri(platform: Platform): string {
    return `${this.config.publicUrl}/api/accounts/callback/${platform}`;
  }
}
