import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { TokenRefreshJob } from './token-refresh.job.js';

@Module({ imports: [AccountsModule], providers: [TokenRefreshJob] })
export class SchedulerModule {}
