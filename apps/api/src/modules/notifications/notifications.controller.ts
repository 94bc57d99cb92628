import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { MarkNotificationsReadDto, NotificationListDto, NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

/** The caller's notifications in the current workspace (issue 25): the bell and its settings. */
@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Access('viewer')
  @ApiOperation({ summary: "The caller's latest notifications and unread count" })
  @ApiOkResponse({ type: NotificationListDto })
  listNotifications(@CurrentPrincipal() principal: Principal): Promise<NotificationListDto> {
    return this.notifications.list(principal);
  }

  @Post('notifications/read')
  @HttpCode(200)
  @Access('viewer')
  @ApiOperation({ summary: 'Mark some (ids) or all of the caller’s notifications read' })
  @ApiOkResponse({ type: NotificationListDto })
  markNotificationsRead(@CurrentPrincipal() principal: Principal, @Body() body: MarkNotificationsReadDto): Promise<NotificationListDto> {
    return this.notifications.markRead(principal, body.ids);
  }

  @Get('notification-preferences')
  @Access('viewer')
  @ApiOperation({ summary: 'Per event: instant, daily digest or off' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  getNotificationPreferences(@CurrentPrincipal() principal: Principal): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences(principal);
  }

  @Put('notification-preferences')
  @Access('viewer')
  @ApiOperation({ summary: 'Set the delivery of some events' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  updateNotificationPreferences(@CurrentPrincipal() principal: Principal, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.notifications.updatePreferences(principal, body);
  }
}
