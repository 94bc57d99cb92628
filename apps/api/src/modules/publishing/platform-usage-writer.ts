import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

import type { PlatformUsage } from '@mwr/publishers';

import { PublishingRepository } from './publishing.repository.js';

/** An account's platform usage report is written at most this often (the latest one wins). */
export const PLATFORM_USAGE_WRITE_MS = 5_000;

/**
 * Saves the platforms' own usage reports (Account Health) off the job's path: the first report of
 * an account is written at once, the ones that follow within PLATFORM_USAGE_WRITE_MS are folded
 * into one trailing write of the latest (a post's steps report several times a second; each was a
 * round trip awaited before the next step). Pending writes are flushed before shutdown closes the database.
 */
@Injectable()
export class PlatformUsageWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PlatformUsageWriter.name);
  private readonly accounts = new Map<string, { writtenAt: number; pending?: PlatformUsage; timer?: NodeJS.Timeout }>();
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly repository: PublishingRepository) {}

  report(accountId: string, usage: PlatformUsage): void {
    const state = this.accounts.get(accountId);
    const now = performance.now();
    if (!state || now - state.writtenAt >= PLATFORM_USAGE_WRITE_MS) {
      if (state?.timer) clearTimeout(state.timer);
      this.accounts.set(accountId, { writtenAt: now });
      this.write(accountId, usage);
      return;
    }
    state.pending = usage;
    state.timer ??= setTimeout(() => this.flush(accountId), PLATFORM_USAGE_WRITE_MS - (now - state.writtenAt));
    state.timer.unref();
  }

  private flush(accountId: string): void {
    const state = this.accounts.get(accountId);
    if (!state?.pending) return;
    const usage = state.pending;
    this.accounts.set(accountId, { writtenAt: performance.now() });
    this.write(accountId, usage);
  }

  private write(accountId: string, usage: PlatformUsage): void {
    const done: Promise<void> = this.repository
      .savePlatformUsage(accountId, usage)
      .catch((error: Error) => this.logger.warn(`platform usage not saved: ${error.message}`))
      .finally(() => this.writing.delete(done));
    this.writing.add(done);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const [accountId, state] of this.accounts) {
      if (state.timer) clearTimeout(state.timer);
      this.flush(accountId);
    }
    await Promise.allSettled([...this.writing]);
  }
}
