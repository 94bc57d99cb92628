import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsString, Length, Matches, ValidateNested } from 'class-validator';

import {
  CONTENT_ITEM_STATUSES,
  PLATFORMS,
  PUBLICATION_STATUSES,
  QUEUE_STATE_NAMES,
  type ContentItemStatus,
  type Platform,
  type PublicationStatus,
  type QueueState,
} from '@mwr/domain';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { EnumField, IntField, IsOptionalNotNull, PatternField, SafeString, TextField, TimeZoneField, UuidField } from '../../../common/validation/fields.js';
import { WaitingOnDto } from '../../accounts/dto/account.dto.js';
import { TargetOptionsDto } from './target-options.dto.js';

export { TargetOptionsDto } from './target-options.dto.js';

/** An ISO 8601 instant with an explicit offset; wall-clock strings are refused. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
export const InstantField = (options: { optional?: boolean; description?: string } = {}) =>
  PatternField(INSTANT, '$property must be an ISO 8601 date-time with an offset, e.g. 2026-06-01T09:00:00+02:00', 40, {
    example: '2030-03-14T18:30:00+01:00',
    ...options,
  });

export class TargetInputDto {
  @UuidField({ description: 'A social account of this workspace' }) accountId: string;
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => TargetOptionsDto)
  @ApiPropertyOptional({ type: TargetOptionsDto })
  options?: TargetOptionsDto;
}

export class CreateContentItemDto {
  @TextField(0, 200, { optional: true, example: 'Spring launch teaser' }) title?: string;
  @IsOptionalNotNull()
  @IsString()
  @SafeString(true)
  @Length(0, 5000)
  @ApiPropertyOptional({ maxLength: 5000, example: 'Our spring collection drops Friday 🌸' })
  caption?: string;
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(60)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Matches(/^[\p{L}\p{N}_]{1,100}$/u, { each: true, message: 'each hashtag must be letters, digits or _ without #' })
  @ApiPropertyOptional({ type: [String], description: 'Without the #; appended to the caption when posting', example: ['spring', 'launch'] })
  hashtags?: string[];
  @UuidField({ optional: true }) assetId?: string;
  @InstantField({ optional: true, description: 'When to publish; required unless the item is a draft' }) scheduledAt?: string;
  @TimeZoneField({ description: 'IANA time zone the item is planned in' }) timeZone: string;
  @EnumField(['draft', 'scheduled'] as const, { optional: true, description: 'Default: scheduled when scheduledAt is given, else draft' }) status?:
    'draft' | 'scheduled';
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  @ApiProperty({ type: [TargetInputDto], example: [{ accountId: '5f0c9a1e-7b2d-4c1d-9e1a-3b6f2a8c4d10' }] })
  targets: TargetInputDto[];
  @IsOptionalNotNull() @IsObject() @ApiPropertyOptional({ type: 'object', additionalProperties: true }) options?: Record<string, unknown>;
}

export class UpdateContentItemDto {
  @TextField(0, 200, { optional: true, example: 'Spring launch teaser' }) title?: string;
  @IsOptionalNotNull()
  @IsString()
  @SafeString(true)
  @Length(0, 5000)
  @ApiPropertyOptional({ maxLength: 5000, example: 'Our spring collection drops Friday 🌸' })
  caption?: string;
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(60)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Matches(/^[\p{L}\p{N}_]{1,100}$/u, { each: true, message: 'each hashtag must be letters, digits or _ without #' })
  @ApiPropertyOptional({ type: [String] })
  hashtags?: string[];
  @UuidField({ optional: true }) assetId?: string;
  @InstantField({ optional: true }) scheduledAt?: string;
  @TimeZoneField({ optional: true }) timeZone?: string;
  @EnumField(['draft', 'scheduled'] as const, {
    optional: true,
    description: 'scheduled: plan a draft (needs scheduledAt and accounts); draft: take a scheduled or paused item off the schedule',
  })
  status?: 'draft' | 'scheduled';
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  @ApiPropertyOptional({ type: [TargetInputDto] })
  targets?: TargetInputDto[];
  @IsOptionalNotNull() @IsObject() @ApiPropertyOptional({ type: 'object', additionalProperties: true }) options?: Record<string, unknown>;
  @IntField(1, 2_147_483_647, { optional: true, description: 'The version you edited; alternatively send If-Match' }) version?: number;
}

export class RescheduleDto {
  @InstantField() scheduledAt: string;
  @TimeZoneField({ optional: true }) timeZone?: string;
  @IntField(1, 2_147_483_647, { optional: true, description: 'The version you edited; alternatively send If-Match' }) version?: number;
}

export class VersionDto {
  @IntField(1, 2_147_483_647, { optional: true, description: 'The version you saw; alternatively send If-Match' }) version?: number;
}

export class ListContentItemsQueryDto {
  @InstantField({ optional: true, description: 'Scheduled at or after (instant), or use fromDate' }) from?: string;
  @InstantField({ optional: true, description: 'Scheduled before (instant), or use toDate' }) to?: string;
  @PatternField(/^\d{4}-\d{2}-\d{2}$/, '$property must be YYYY-MM-DD', 10, { optional: true, description: "First day, in the workspace's time zone" })
  fromDate?: string;
  @PatternField(/^\d{4}-\d{2}-\d{2}$/, '$property must be YYYY-MM-DD', 10, {
    optional: true,
    description: "Last day (inclusive), in the workspace's time zone",
  })
  toDate?: string;
  @PatternField(/^[a-z_]+(,[a-z_]+)*$/, '$property must be a comma list of statuses', 200, {
    optional: true,
    description: `Comma list of ${CONTENT_ITEM_STATUSES.join(', ')}`,
  })
  status?: string;
  @EnumField(PLATFORMS, { optional: true }) platform?: Platform;
  @UuidField({ optional: true }) accountId?: string;
  @TextField(1, 200, { optional: true, description: 'Text search in title and caption' }) q?: string;
  @IntField(1, 200, { optional: true }) limit?: number;
  @CursorQueryField() cursor?: string;
}

/** The queue: one state filter (see QUEUE_STATES), by scheduled time, with a cursor. */
export class QueueQueryDto {
  @EnumField(QUEUE_STATE_NAMES, {
    optional: true,
    description: 'Which posts: upcoming (soonest first), draft, failed, published, cancelled or all (latest first). Default all',
  })
  state?: QueueState;
  @EnumField(PLATFORMS, { optional: true }) platform?: Platform;
  @UuidField({ optional: true, description: 'Posts to this account' }) accountId?: string;
  @TextField(1, 200, { optional: true, description: 'Text search in title and caption' }) q?: string;
  @IntField(1, 100, { optional: true, description: 'Default 50' }) limit?: number;
  @CursorQueryField() cursor?: string;
}

export class CalendarQueryDto {
  @PatternField(/^\d{4}-\d{2}-\d{2}$/, '$property must be YYYY-MM-DD', 10, { description: "First day, in the workspace's time zone" }) fromDate: string;
  @PatternField(/^\d{4}-\d{2}-\d{2}$/, '$property must be YYYY-MM-DD', 10, { description: 'Last day (inclusive); at most 62 days after fromDate' })
  toDate: string;
}

export class TargetDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() handle: string;
  @ApiProperty({ type: TargetOptionsDto }) options: TargetOptionsDto;
}

export class PublicationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ enum: PUBLICATION_STATUSES }) status: PublicationStatus;
  @ApiProperty({ type: String, nullable: true }) remoteMediaId: string | null;
  @ApiProperty({ type: String, nullable: true }) permalink: string | null;
  @ApiProperty({ type: String, nullable: true }) errorCode: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage: string | null;
  @ApiProperty({
    type: WaitingOnDto,
    nullable: true,
    description: 'Set while it waits on a person (its account must be reconnected or is restricted): why, and which account',
  })
  waitingOn: WaitingOnDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WarningDto {
  @ApiProperty({ example: 'near_duplicate' }) code: string;
  @ApiProperty({ description: 'English, for integrators' }) message: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'What a client words the warning from, e.g. { handle, scheduledAt } for near_duplicate',
  })
  params?: Record<string, unknown>;
}

export class ContentItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() caption: string;
  @ApiProperty({ type: [String] }) hashtags: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assetId: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The video's poster frame (JPEG), null when none was made",
    example: '/api/assets/9b2c…/thumbnail',
  })
  thumbnailUrl?: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'UTC instant' }) scheduledAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The same instant on the item's wall clock, with its offset",
    example: '2026-03-29T03:30:00+02:00',
  })
  scheduledAtLocal: string | null;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone: string;
  @ApiProperty({ enum: CONTENT_ITEM_STATUSES }) status: ContentItemStatus;
  @ApiProperty({ type: 'object', additionalProperties: true }) options: Record<string, unknown>;
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @ApiProperty({ type: [PublicationDto] }) publications: PublicationDto[];
  @ApiProperty({ description: 'Send it back (If-Match or version) when changing the item' }) version: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicatedFrom: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ContentItemResultDto extends ContentItemDto {
  @ApiProperty({ type: [WarningDto], description: 'Things to look at that do not block saving' }) warnings: WarningDto[];
}

export class ContentItemPageDto {
  @ApiProperty({ type: [ContentItemDto] }) items: ContentItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CalendarDto {
  @ApiProperty({ example: 'Europe/Paris' }) timeZone: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [ContentItemDto] }) items: ContentItemDto[];
}
