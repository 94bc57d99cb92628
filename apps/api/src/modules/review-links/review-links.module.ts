import { Module } from '@nestjs/common';

import { BrandingModule } from '../branding/branding.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { ReviewLinkThrottleGuard } from './review-link-throttle.guard.js';
import { ClientReviewController, ReviewLinksController } from './review-links.controller.js';
import { ReviewLinksRepository } from './review-links.repository.js';
import { ReviewLinksService } from './review-links.service.js';

/** Client review links (issue 25): owns review_links; decisions go through ReviewsService. */
@Module({
  imports: [ReviewsModule, NotificationsModule, BrandingModule],
  controllers: [ReviewLinksController, ClientReviewController],
  providers: [ReviewLinksService, ReviewLinksRepository, ReviewLinkThrottleGuard],
})
export class ReviewLinksModule {}
