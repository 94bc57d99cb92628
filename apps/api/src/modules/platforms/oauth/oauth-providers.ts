import { Inject, Injectable } from '@nestjs/common';
import type { Platform } from '@mwr/domain';
import { APP_CONFIG, type AppConfig } from '../../config/index.js';
import { InstagramOAuth } from './instagram-oauth.js';
import { OAuthError, type OAuthProvider } from './oauth-provider.js';
import { TikTokOAuth } from './tiktok-oauth.js';

/** The OAuth client of each platform, built from the configured URLs and client keys. */
@Injectable()
export class OAuthProviders {
  private readonly providers: Partial<Record<Platform, OAuthProvider>>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { platformUrls: urls, platformCredentials: credentials } = config;
    this.providers = {
      tiktok: new TikTokOAuth(urls, credentials.tiktok),
      instagram: new InstagramOAuth(urls, credentials.meta, credentials.graphApiVersion),
    };
  }

  get(platform: Platform): OAuthProvider {
    const provider = this.providers[platform];
    if (!provider) throw new OAuthError('config', 'unsupported_platform', `Connecting ${platform} accounts is not available yet`);
    return provider;
  }

  redirectUri(platform: Platform): string {
    return `${this.config.publicUrl}/api/accounts/callback/${platform}`;
  }
}
