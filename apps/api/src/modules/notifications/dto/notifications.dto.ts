import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';

import { EnumField } from '../../../common/validation/fields.js';
import { NOTIFICATION_DELIVERIES, NOTIFICATION_EVENTS, type NotificationDelivery, type NotificationEvent } from '../notification-events.js';

export class NotificationActorDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS }) event: NotificationEvent;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contentItemId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The post's title, or its caption's start" }) itemTitle: string | null;
  @ApiProperty({ type: NotificationActorDto, nullable: true }) actor: NotificationActorDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Per event: commentId (mentioned), decision (client_decided), platform (post_failed), accountName (account_reconnect)',
  })
  data: Record<string, unknown>;
  @ApiProperty() read: boolean;
  @ApiProperty() createdAt: string;
}

export class NotificationListDto {
  @ApiProperty({ description: 'Unread notifications of the caller in this workspace' }) unread: number;
  @ApiProperty({ type: [NotificationDto], description: 'Newest first (the last 50)' }) items: NotificationDto[];
}

export class MarkNotificationsReadDto {
  @ApiProperty({ type: [String], required: false, description: 'These notifications; absent: all of them', example: ['5f0c9a1e-7b2d-4c1d-9e1a-3b6f2a8c4d10'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];
}

export class NotificationPreferenceDto {
  @EnumField(NOTIFICATION_EVENTS) event: NotificationEvent;
  @EnumField(NOTIFICATION_DELIVERIES, { description: 'instant: in-app and an e-mail now; daily: in-app and the daily digest; off: nothing' })
  delivery: NotificationDelivery;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: [NotificationPreferenceDto] }) events: NotificationPreferenceDto[];
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({ type: [NotificationPreferenceDto], example: [{ event: 'review_requested', delivery: 'instant' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_EVENTS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  events: NotificationPreferenceDto[];
}
