import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { IntField, PatternField, TextField } from '../../../common/validation/fields.js';

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

export class AssetDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ example: 'video/mp4' }) mime: string;
  @ApiProperty() bytes: number;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ enum: ['uploading', 'processing', 'ready', 'failed'] }) status: 'uploading' | 'processing' | 'ready' | 'failed';
  @ApiProperty({ type: ProbeSummaryDto, nullable: true }) probe: ProbeSummaryDto | null;
  @ApiProperty({ description: 'Content items using this video' }) usageCount: number;
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

export class ListAssetsQueryDto {
  @TextField(1, 200, { optional: true, description: 'Search in file names' }) q?: string;
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
