import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { AssetsModule } from '../assets/assets.module.js';
import { TiktokWarmupModule } from '../automations/tiktok/tiktok-warmup.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { AccountPostsRepository } from './account-posts.repository.js';
import { AccountPostsService } from './account-posts.service.js';
import { CalendarController, ContentItemsController } from './calendar.controller.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';
import { IdempotencyRepository } from './idempotency.repository.js';

@Module({
  imports: [AccountsModule, AssetsModule, TiktokWarmupModule, ReviewsModule],
  controllers: [ContentItemsController, CalendarController],
  providers: [CalendarService, CalendarRepository, IdempotencyRepository, AccountPostsRepository, AccountPostsService],
  exports: [CalendarService, AccountPostsService],
})
export class CalendarModule {}
