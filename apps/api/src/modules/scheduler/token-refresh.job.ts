import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AccountsService } from '../accounts/accounts.service.js';

const EVERY_FIVE_MINUTES = 5 * 60_000;

/** Keeps tokens ahead of expiry so publishing never waits on a refresh. */
@Injectable()
export class TokenRefreshJob {
  private readonly logger = new Logger(TokenRefreshJob.name);
  private running = false;

  constructor(private readonly accounts: AccountsService) {}

  @Interval('token-refresh', EVERY_FIVE_MINUTES)
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { refreshed, failed } = await this.accounts.refreshDueTokens();
      if (refreshed || failed) this.logger.log(`token refresh: ${refreshed} refreshed, ${failed} failed`);
    } catch (error) {
      this.logger.error(`token refresh run failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
