import { Module } from '@nestjs/common';

import { CalendarModule } from '../../calendar/calendar.module.js';
import { AccountsModule } from '../accounts.module.js';
import { AccountDisconnectController } from './account-disconnect.controller.js';
import { AccountDisconnectService } from './account-disconnect.service.js';

/**
 * Disconnecting an account (api role): its own module because it moves calendar posts, and the
 * calendar module already depends on AccountsModule.
 */
@Module({
  imports: [AccountsModule, CalendarModule],
  controllers: [AccountDisconnectController],
  providers: [AccountDisconnectService],
})
export class AccountDisconnectModule {}
