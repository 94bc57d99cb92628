import { Module } from '@nestjs/common';

import { PlatformsModule } from '../platforms/platforms.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [PlatformsModule, TokensModule, QueueModule],
  controllers: [AccountsController],
  providers: [AccountsService, AccountsRepository],
  exports: [AccountsService],
})
export class AccountsModule {}
