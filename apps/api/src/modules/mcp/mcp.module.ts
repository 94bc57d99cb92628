import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { AnalyticsHttpModule } from '../analytics/analytics.module.js';
import { AssetsHttpModule } from '../assets/assets-http.module.js';
import { AssetsModule } from '../assets/assets.module.js';
import { BestTimesModule } from '../best-times/best-times.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { WarRoomModule } from '../war-room/war-room.module.js';
import { McpToolsService } from './mcp-tools.service.js';
import { McpController } from './mcp.controller.js';
import { McpService } from './mcp.service.js';

/** The MCP server (api role): tools over the services the REST API uses; owns no table. */
@Module({
  imports: [AccountsModule, AnalyticsHttpModule, AssetsHttpModule, AssetsModule, BestTimesModule, CalendarModule, ReviewsModule, WarRoomModule],
  controllers: [McpController],
  providers: [McpService, McpToolsService],
})
export class McpModule {}
