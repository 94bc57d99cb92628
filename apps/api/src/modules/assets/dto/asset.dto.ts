import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { EnumField, IntField, IsOptionalNotNull, PatternField, SafeString, TextField } from '../../../common/validation/fields.js';
import { USED_BY_LIMIT } from '../assets.repository.js';

export class ProbeSummaryDto {
  @ApiProperty({ example: 'mp4' }) container: string;
  @ApiProperty() durationMs: number;
  @ApiProperty({ description: 'Encoded width (before rotation)' }) width: number;
  @ApiProperty({ description: 'Encoded height (before rotation)' }) height: number;
  @ApiProperty({ description: 'Clockwise display rotation: 0, 90, 180 or 270' }) rotation: number;
  @ApiProperty({ type: Number, nullable: true }) fps: number | null;
  @ApiProperty({ example: 'h264' }) videoCodec: string;
  @ApiProperty({ type: String, nullable: true, example: 'High' }) videoProfile: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'aac' }) audioCodec: string | null;
  @ApiProperty({ type: Number, nullable: true }) audioSampleRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Overall bits per second' }) bitrate: number | null;
  @ApiProperty({ description: 'The index (moov) precedes the media data' }) faststart: boolean;
}

export class AssetUseDto {
  @ApiProperty({ format: 'uuid', description: 'The content item (post)' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The first 120 characters of the caption' }) caption: string;
  @ApiProperty({ example: 'scheduled' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scheduledAt: string | null;
}

export class AssetDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ example: 'video/mp4' }) mime: string;
  @ApiProperty() bytes: number;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ enum: ['uploading', 'processing', 'ready', 'failed'] }) status: 'uploading' | 'processing' | 'ready' | 'failed';
  @ApiProperty({ type: ProbeSummaryDto, nullable: true }) probe: ProbeSummaryDto | null;
  @ApiProperty({ description: 'Content items using this video' }) usageCount: number;
  @ApiProperty({ type: [AssetUseDto], description: `The posts using it, newest first (at most ${USED_BY_LIMIT}; usageCount has the total)` })
  usedBy: AssetUseDto[];
  @ApiProperty({ type: [String], description: 'Lowercase labels' }) tags: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'An older video of this workspace with the same bytes' }) duplicateOf:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Poster frame, when ffmpeg made one' }) thumbnailUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AssetPageDto {
  @ApiProperty({ type: [AssetDto] }) items: AssetDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
/** Letters, digits, spaces, _, # and -; no commas (lists) or control characters. */
const TAG = /^[\p{L}\p{N}_# -]+$/u;
const TAG_MESSAGE = `must be 1–${MAX_TAG_LENGTH} letters, digits, spaces, _, # or -`;
const normaliseTag = (value: unknown) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').toLowerCase() : value);

/** An optional tag filter, trimmed and lowercased (as tags are stored) before it is checked. */
const TagQueryField = (description: string) =>
  applyDecorators(
    Transform(({ value }) => normaliseTag(value)),
    IsOptionalNotNull(),
    IsString(),
    SafeString(),
    Length(1, MAX_TAG_LENGTH, { message: `$property ${TAG_MESSAGE}` }),
    Matches(TAG, { message: `$property ${TAG_MESSAGE}` }),
    ApiPropertyOptional({ type: String, maxLength: MAX_TAG_LENGTH, description }),
  );

export class UpdateAssetDto {
  @Transform(({ value }) => (Array.isArray(value) ? value.map(normaliseTag) : value))
  @IsArray()
  @ArrayMaxSize(MAX_TAGS, { message: `tags must have at most ${MAX_TAGS} entries` })
  @IsString({ each: true, message: 'each tag must be text' })
  @SafeString(false, { each: true })
  @Length(1, MAX_TAG_LENGTH, { each: true, message: `each tag ${TAG_MESSAGE}` })
  @Matches(TAG, { each: true, message: `each tag ${TAG_MESSAGE}` })
  @ApiProperty({
    type: [String],
    maxItems: MAX_TAGS,
    description: `The whole set of tags (replaces the current ones): at most ${MAX_TAGS}, each 1–${MAX_TAG_LENGTH} characters; stored trimmed, lowercase, without repeats`,
    example: ['spring', 'teaser'],
  })
  tags: string[];
}

export class ListAssetsQueryDto {
  @TextField(1, 200, { optional: true, description: 'Search in file names and tags' }) q?: string;
  @TagQueryField('Only videos with this tag') tag?: string;
  @EnumField(['true', 'false'] as const, { optional: true, description: 'true: only videos no post uses; false: only used ones' }) unused?: 'true' | 'false';
  @PatternField(/^[A-Za-z0-9_-]{1,128}$/, '$property must be a tus upload id', 128, { optional: true, description: 'The asset made from this tus upload' })
  uploadId?: string;
  @IntField(1, 200, { optional: true }) limit?: number;
  @CursorQueryField() cursor?: string;
}

const PLATFORM_LIST = new RegExp(`^(${PLATFORMS.join('|')})(,(${PLATFORMS.join('|')}))*$`);

export class AssetChecksQueryDto {
  @PatternField(PLATFORM_LIST, `$property must be a comma list of ${PLATFORMS.join(', ')}`, 100, {
    optional: true,
    description: 'Comma list, e.g. tiktok,instagram (default: both)',
  })
  platforms?: string;
  @PatternField(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,19}$/, '$property must be a comma list of account ids', 800, {
    optional: true,
    description: "Comma list of target accounts: adds each TikTok creator's own duration limit",
  })
  accountIds?: string;
}

export class LocalizedMessageDto {
  @ApiProperty() en: string;
  @ApiProperty() fr: string;
}

export class QualityFindingDto {
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ enum: ['error', 'warning'], description: 'error: the platform will reject it; warning: it will post but look or play worse' }) severity:
    'error' | 'warning';
  @ApiProperty({ example: 'frame_rate_out_of_range' }) code: string;
  @ApiProperty({ type: LocalizedMessageDto }) message: LocalizedMessageDto;
  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }] }) limit?: number | string;
  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }] }) actual?: number | string;
}

export class AssetChecksDto {
  @ApiProperty({ type: [String], enum: PLATFORMS }) platforms: Platform[];
  @ApiProperty({ description: 'True when an error finding would block scheduling' }) blocking: boolean;
  @ApiProperty({ type: [QualityFindingDto] }) findings: QualityFindingDto[];
}
