import { Module } from '@nestjs/common';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [PlatformsModule, TokensModule],
  controllers: [AccountsController],
  providers: [AccountsService, AccountsRepository],
  exports: [AccountsService],
})
export class AccountsModule {}
