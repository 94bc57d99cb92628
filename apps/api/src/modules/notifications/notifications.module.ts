import { Module } from '@nestjs/common';

import { BrandingModule } from '../branding/branding.module.js';
import { Mailer } from './mailer.js';
import { NotificationMailer } from './notification-mailer.tick.js';
import { NotificationScanner } from './notification-scanner.tick.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications (issue 25): owns notifications, notification_preferences and notification_digests.
 * Other modules call NotificationsService in their own transactions (reviews: requested,
 * decided, mentioned; review links: the client's decision).
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository],
  exports: [NotificationsService],
})
export class NotificationsModule {}

/** The scheduler role's side: the mailer (instant e-mails, daily digests) and the scans. */
@Module({
  imports: [BrandingModule],
  providers: [NotificationsService, NotificationsRepository, Mailer, NotificationMailer, NotificationScanner],
  exports: [NotificationMailer, NotificationScanner],
})
export class NotificationsSchedulerModule {}
