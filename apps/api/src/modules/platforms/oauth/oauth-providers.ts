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
  /** A platform's other connect options (its descriptor's `oauthFlavours`), by platform then key. */
  private readonly flavoured: ReadonlyMap<Platform, ReadonlyMap<string, OAuthProvider>>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.providers = new Map(
      PLATFORM_DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor.oauth.createProvider({ settings: platformSettings(config.platforms, descriptor) })]),
    );
    this.flavoured = new Map(
      PLATFORM_DESCRIPTORS.map((descriptor) => [
        descriptor.id,
        new Map(
          Object.entries(descriptor.oauthFlavours ?? {}).map(([key, flavour]) => [
            key,
            flavour.createProvider({ settings: platformSettings(config.platforms, descriptor) }),
          ]),
        ),
      ]),
    );
  }

  /** `flavour`: one of the platform's other connect options (an account's `capabilities.loginFlavour`); unknown or absent, the default one. */
  get(platform: Platform, flavour?: string | null): OAuthProvider {
    const other = flavour ? this.flavoured.get(platform)?.get(flavour) : undefined;
    if (other) return other;
    const provider = this.providers.get(platform);
    if (!provider) throw new OAuthError('config', 'unsupported_platform', `Connecting ${platform} accounts is not available yet`);
    return provider;
  }

  /** Whether `flavour` is one of the platform's other connect options. */
  hasFlavour(platform: Platform, flavour: string): boolean {
    return this.flavoured.get(platform)?.has(flavour) ?? false;
  }

  /** How an account was connected, as its profile read stored it (undefined: the default flavour). */
  static flavourOf(capabilities: Readonly<Record<string, unknown>> | null | undefined): string | undefined {
    const value = capabilities?.['loginFlavour'];
    return typeof value === 'string' ? value : undefined;
  }

  redirectUri(platform: Platform): string {
    return `${this.config.publicUrl}/api/accounts/callback/${platform}`;
  }
}
