import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { BrandingModule } from '../branding/branding.module.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { AccessRecheckService } from './access-recheck.service.js';
import { AccountScopeRepository } from './account-scope.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { InstallationOwnerRepository } from './installation-owner.repository.js';
import { credentialKey, credentialTracker, ipTracker, LOGIN_THROTTLERS, LoginThrottlerGuard } from './login-throttler.guard.js';
import { PasswordHasher } from './passwords.js';
import { SessionCookies } from './session-cookies.js';

@Module({
  imports: [
    WorkspacesModule,
    BrandingModule,
    ApiKeysModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const ttl = config.auth.loginWindowSeconds * 1000;
        return {
          throttlers: [
            { name: LOGIN_THROTTLERS.perIp, ttl, limit: config.auth.loginAttemptsPerIp, getTracker: ipTracker },
            // Per account e-mail (sign-in, setup) or per invitation token (acceptance). A body without
            // the credential is refused by validation before anything is checked: no bucket then.
            {
              name: LOGIN_THROTTLERS.perCredential,
              ttl,
              limit: config.auth.loginAttemptsPerAccount,
              getTracker: credentialTracker,
              skipIf: (context) => credentialKey(context) === undefined,
            },
          ],
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthRepository,
    InstallationOwnerRepository,
    AccessRecheckService,
    AccountScopeRepository,
    PasswordHasher,
    SessionCookies,
    LoginThrottlerGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AccessRecheckService],
})
export class AuthModule {}
