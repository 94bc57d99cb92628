import { Module } from '@nestjs/common';

import { NotificationsModule } from '../notifications/notifications.module.js';
import { CommentsService } from './comments.service.js';
import { CommentsController, ContentReviewsController, ReviewsController } from './reviews.controller.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewsService } from './reviews.service.js';

/**
 * Approvals and comments (issue 25): owns review_settings, workspace_approvers, content_reviews,
 * review_decisions and content_comments. Reads content items (never writes them): the calendar
 * imports this module's service to reconcile approvals after each edit.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [ContentReviewsController, CommentsController, ReviewsController],
  providers: [ReviewsService, CommentsService, ReviewsRepository],
  exports: [ReviewsService, CommentsService],
})
export class ReviewsModule {}
