import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { AccountsService } from '../accounts/accounts.service.js';

const EVERY_FIVE_MINUTES = 5 * 60_000;

/** Keeps tokens ahead of expiry so publishing never waits on a refresh. */
@Injectable()
export class TokenRefreshJob extends PeriodicTask {
  private readonly log = new Logger(TokenRefreshJob.name);

  constructor(
    private readonly accounts: AccountsService,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'token-refresh', everyMs: EVERY_FIVE_MINUTES, what: 'token refresh run' });
  }

  protected async run(): Promise<void> {
    const { refreshed, failed } = await this.accounts.refreshDueTokens();
    if (refreshed || failed) this.log.log(`token refresh: ${refreshed} refreshed, ${failed} failed`);
  }
}
