import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import type { Db } from '../../common/database/db.js';
import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { BrandingService } from '../branding/branding.service.js';
import type { Branding } from '../branding/branding.types.js';
import { renderEmail, type MailedNotification } from './email-templates.js';
import { Mailer } from './mailer.js';
import { NotificationsRepository, type MailRow } from './notifications.repository.js';

const EVERY_MS = 30_000;
const BATCH = 200;

/**
 * Mails notifications (issue 25) every 30 s: each instant one on its own, and the daily ones of a
 * person as one digest at most once a day, in the person's language with the workspace's
 * branding. Rows are taken with SKIP LOCKED and marked sent in the same transaction, so two
 * schedulers never mail one twice; a failed send leaves them for the next pass.
 */
@Injectable()
export class NotificationMailer extends PeriodicTask {
  private readonly log = new Logger(NotificationMailer.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly mailer: Mailer,
    private readonly branding: BrandingService,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'notification-mailer', everyMs: EVERY_MS, what: 'notification e-mails' });
  }

  protected run(): Promise<unknown> {
    return this.send();
  }

  /** One pass; returns how many e-mails went out (instant, digests). */
  async send(now: Date = new Date()): Promise<{ instant: number; digests: number }> {
    const instant = await this.repository.transaction(async (tx) => {
      const rows = await this.repository.lockInstant(tx, BATCH);
      for (const row of rows) await this.mail(tx, row.userEmail, row.locale, row, [row], false);
      if (rows.length)
        await this.repository.markSent(
          tx,
          rows.map((r) => r.id),
        );
      return rows.length;
    });
    const digests = await this.repository.transaction(async (tx) => {
      const rows = await this.repository.lockDigests(tx, now, BATCH);
      const byUser = new Map<string, MailRow[]>();
      for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
      for (const [userId, mine] of byUser) {
        const first = mine[0]!;
        await this.mail(tx, first.userEmail, first.locale, first, mine, true);
        await this.repository.markSent(
          tx,
          mine.map((r) => r.id),
        );
        await this.repository.digestSent(tx, userId, now);
      }
      return byUser.size;
    });
    if (instant || digests) this.log.log(`mailed ${instant} notification(s) and ${digests} digest(s)`);
    return { instant, digests };
  }

  /** Reads through `tx`, the pass's transaction: on the embedded database another connection would wait for it forever. */
  private async mail(tx: Db, to: string, locale: 'en' | 'fr', workspace: MailRow, rows: MailRow[], digest: boolean): Promise<void> {
    const branding = await this.branding.brandingOf(workspace.workspaceId, tx);
    const email = renderEmail(
      locale,
      branding,
      rows.map((r) => this.mailed(r, branding)),
      digest,
    );
    await this.mailer.send({ to, ...email });
  }

  /** Links go to the workspace's own host when it has one (white-label). */
  private mailed(r: MailRow, branding: Branding): MailedNotification {
    const base = branding.baseUrl;
    const detail = r.event === 'post_failed' ? r.data.platform : r.event === 'account_reconnect' ? r.data.accountName : r.data.decision;
    return {
      event: r.event,
      itemTitle: r.itemTitle,
      actorName: r.actorName,
      detail: typeof detail === 'string' ? detail : null,
      link: r.contentItemId ? `${base}/posts/${r.contentItemId}` : r.event === 'account_reconnect' ? `${base}/accounts` : base,
    };
  }
}
