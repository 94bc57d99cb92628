import { Logger, Module } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { resolveEncryptionKeys } from './encryption-keys.js';
import { SealedValues } from './sealed-values.js';
import { TokenCipher } from './token-cipher.js';
import { TokensRepository } from './tokens.repository.js';
import { TOKEN_CIPHER, TokensService } from './tokens.service.js';

@Module({
  imports: [PlatformsModule],
  providers: [
    TokensService,
    TokensRepository,
    SealedValues,
    { provide: TOKEN_CIPHER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TokenCipher(resolveEncryptionKeys(config, new Logger('Tokens'))) },
  ],
  exports: [TokensService, SealedValues],
})
export class TokensModule {}
