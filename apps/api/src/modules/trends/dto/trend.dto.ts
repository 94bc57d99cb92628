import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { DateTimeField, EnumField, IntField, IsOptionalNotNull, SafeString, TextField } from '../../../common/validation/fields.js';

export const TREND_KINDS = ['hashtag', 'sound', 'format', 'topic', 'note'] as const;
export type TrendKind = (typeof TREND_KINDS)[number];
export const TREND_STATUSES = ['new', 'testing', 'adopted', 'dropped'] as const;
export type TrendStatus = (typeof TREND_STATUSES)[number];
/** Where an entry comes from. Never a scraper: people, or our own posts' analytics. */
export const TREND_SOURCES = ['manual', 'internal_analytics', 'team_note'] as const;
export type TrendSource = (typeof TREND_SOURCES)[number];
/** What people may file through the API; internal_analytics entries are proposed by the product. */
export const WRITABLE_TREND_SOURCES = ['manual', 'team_note'] as const;

const TAG = /^[\p{L}\p{N}_#-]{1,50}$/u;

const TagsField = () =>
  applyDecorators(
    IsOptionalNotNull(),
    IsArray(),
    ArrayMaxSize(20),
    ArrayUnique(),
    IsString({ each: true }),
    SafeString(false, { each: true }),
    Matches(TAG, { each: true, message: 'each tag must be 1–50 letters, digits, _, # or -' }),
    ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Free labels for the board' }),
  );

const UrlField = () =>
  applyDecorators(
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' }),
    SafeString(),
    MaxLength(2000),
    ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: 'A reference link (stored as given; never fetched)' }),
  );

const NullablePlatformField = () =>
  applyDecorators(
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsIn(PLATFORMS, { message: `platform must be one of ${PLATFORMS.join(', ')} or null` }),
    ApiPropertyOptional({ enum: PLATFORMS, nullable: true, type: String }),
  );

export class CreateTrendDto {
  @TextField(1, 200, { description: 'The trend: a hashtag, a sound, a format or a topic' }) label: string;
  @EnumField(TREND_KINDS) kind: TrendKind;
  @NullablePlatformField() platform?: Platform | null;
  @EnumField(WRITABLE_TREND_SOURCES, { optional: true, description: 'Default manual' }) source?: (typeof WRITABLE_TREND_SOURCES)[number];
  @EnumField(TREND_STATUSES, { optional: true, description: 'Default new' }) status?: TrendStatus;
  @TextField(0, 2000, { optional: true, multiline: true }) notes?: string;
  @UrlField() url?: string | null;
  @TagsField() tags?: string[];
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(9999) @ApiPropertyOptional({ minimum: 0, maximum: 9999 }) score?: number;
  @DateTimeField({ optional: true, description: 'When it stops being shown (absent: never)' }) expiresAt?: string;
}

export class UpdateTrendDto {
  @TextField(1, 200, { optional: true }) label?: string;
  @EnumField(TREND_KINDS, { optional: true }) kind?: TrendKind;
  @NullablePlatformField() platform?: Platform | null;
  @EnumField(TREND_STATUSES, { optional: true }) status?: TrendStatus;
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @SafeString(true)
  @MaxLength(2000)
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  notes?: string | null;
  @UrlField() url?: string | null;
  @TagsField() tags?: string[];
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9999)
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 9999 })
  score?: number | null;
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDateString({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time or null' })
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null: never expires' })
  expiresAt?: string | null;
}

export class ListTrendsQueryDto {
  @EnumField(TREND_STATUSES, { optional: true }) status?: TrendStatus;
  @EnumField(TREND_KINDS, { optional: true }) kind?: TrendKind;
  @EnumField(PLATFORMS, { optional: true }) platform?: Platform;
  @EnumField(['true', 'false'] as const, { optional: true, description: 'Include expired entries (default false)' }) includeExpired?: 'true' | 'false';
  @IntField(1, 200, { optional: true, description: 'Default 100' }) limit?: number;
}

export class TrendEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PLATFORMS, nullable: true, type: String }) platform: Platform | null;
  @ApiProperty({ enum: TREND_KINDS }) kind: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: TREND_SOURCES }) source: string;
  @ApiProperty({ enum: TREND_STATUSES }) status: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The latest draft made from this entry (POST /trends/{id}/draft), while it exists',
  })
  contentItemId: string | null;
  @ApiProperty({ format: 'date-time' }) observedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ description: 'The entry is past its expiry (hidden from the board and the state document)' }) expired: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TrendDraftDto {
  @ApiProperty({ format: 'uuid', description: 'The new draft content item (open it in the composer)' }) contentItemId: string;
  @ApiProperty({ type: TrendEntryDto, description: 'The entry, now linked to the draft and under test' }) trend: TrendEntryDto;
}

export class TrendListDto {
  @ApiProperty({ type: [TrendEntryDto] }) items: TrendEntryDto[];
}
