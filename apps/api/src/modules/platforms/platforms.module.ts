import { Module } from '@nestjs/common';
import { PlatformSandboxHost } from './platform-sandbox.host.js';
import { OAuthProviders } from './oauth/oauth-providers.js';

@Module({ providers: [PlatformSandboxHost, OAuthProviders], exports: [PlatformSandboxHost, OAuthProviders] })
export class PlatformsModule {}
