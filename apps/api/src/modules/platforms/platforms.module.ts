import { Module } from '@nestjs/common';

import { OAuthProviders } from './oauth/oauth-providers.js';
import { PlatformSandboxHost } from './platform-sandbox.host.js';

@Module({ providers: [PlatformSandboxHost, OAuthProviders], exports: [PlatformSandboxHost, OAuthProviders] })
export class PlatformsModule {}
