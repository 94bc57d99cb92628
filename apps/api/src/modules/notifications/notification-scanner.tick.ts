import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

const EVERY_MS = 60_000;
const BATCH = 100;
/** Failed posts looked back over (a scheduler down longer than this does not tell of older failures). */
const FAILED_LOOKBACK_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;

/**
 * Notifications found by looking (issue 25), every minute: posts that failed (their author, else
 * the owners), accounts that need reconnecting (owners and admins), and approvals stalled for
 * APPROVAL_STALL_HOURS (a reminder to the approvers) then for twice that (escalated to the
 * owners). Each is told once: its dedupe key (publication; account and its change; item and its
 * request) makes a second pass, or a second scheduler, insert nothing.
 */
@Injectable()
export class NotificationScanner extends PeriodicTask {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'notification-scanner', everyMs: EVERY_MS, what: 'notification scans' });
  }

  protected run(): Promise<unknown> {
    return this.scan();
  }

  /** One pass; returns how many events were found of each kind. */
  async scan(now: Date = new Date()): Promise<{ postFailed: number; reconnect: number; stalled: number; escalated: number }> {
    const counts = { postFailed: 0, reconnect: 0, stalled: 0, escalated: 0 };
    for (const p of await this.repository.failedPublications(new Date(now.getTime() - FAILED_LOOKBACK_MS), BATCH)) {
      const userIds = p.author ? [p.author] : await this.repository.members(p.workspaceId, 'owners');
      await this.repository.transaction((tx) =>
        this.notifications.notify(tx, {
          workspaceId: p.workspaceId,
          event: 'post_failed',
          userIds,
          contentItemId: p.contentItemId,
          data: { platform: p.platform, publicationId: p.publicationId },
          dedupeKey: `post_failed:${p.publicationId}`,
        }),
      );
      counts.postFailed++;
    }
    for (const a of await this.repository.accountsToReconnect(BATCH)) {
      const userIds = await this.repository.members(a.workspaceId, 'admins');
      await this.repository.transaction((tx) =>
        this.notifications.notify(tx, {
          workspaceId: a.workspaceId,
          event: 'account_reconnect',
          userIds,
          data: { accountId: a.accountId, accountName: a.name },
          dedupeKey: `reconnect:${a.accountId}:${Math.floor(new Date(a.changedAt).getTime() / 1000)}`,
        }),
      );
      counts.reconnect++;
    }
    const stall = this.config.notifications.stallHours * HOUR_MS;
    for (const [event, after, who] of [
      ['approval_stalled', stall, 'approvers'],
      ['approval_escalated', 2 * stall, 'owners'],
    ] as const) {
      for (const r of await this.repository.stalledReviews(event, new Date(now.getTime() - after), BATCH)) {
        const userIds = await this.repository.members(r.workspaceId, who);
        await this.repository.transaction((tx) =>
          this.notifications.notify(tx, {
            workspaceId: r.workspaceId,
            event,
            userIds,
            contentItemId: r.contentItemId,
            data: { hours: after / HOUR_MS },
            dedupeKey: r.dedupeKey,
          }),
        );
        if (event === 'approval_stalled') counts.stalled++;
        else counts.escalated++;
      }
    }
    return counts;
  }
}
