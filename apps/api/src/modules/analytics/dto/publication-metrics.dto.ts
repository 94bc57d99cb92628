import { ApiProperty } from '@nestjs/swagger';

import { DateTimeField, EnumField, IntField } from '../../../common/validation/fields.js';

export const METRIC_NAMES = ['views', 'likes', 'comments', 'shares', 'saves'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export const METRIC_SOURCES = ['manual', 'import'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

const COUNT_MAX = Number.MAX_SAFE_INTEGER;

/**
 * Body of PUT /publications/{id}/metrics: the post's results as read on the platform (its insights
 * screen, an export). They replace the previous reading; a metric left out is "not reported".
 */
export class RecordPublicationMetricsDto {
  @IntField(0, COUNT_MAX, { optional: true, description: 'Plays / views' }) views?: number;
  @IntField(0, COUNT_MAX, { optional: true }) likes?: number;
  @IntField(0, COUNT_MAX, { optional: true }) comments?: number;
  @IntField(0, COUNT_MAX, { optional: true }) shares?: number;
  @IntField(0, COUNT_MAX, { optional: true, description: 'Saves / favourites' }) saves?: number;
  @EnumField(METRIC_SOURCES, { optional: true, description: 'manual (typed in, the default) or import (a file or a tool)' }) source?: MetricSource;
  @DateTimeField({ optional: true, description: 'When the figures were read (default now); not in the future, not before the post' }) recordedAt?: string;
}

export class PublicationMetricsDto {
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty({ type: Number, nullable: true }) views: number | null;
  @ApiProperty({ type: Number, nullable: true }) likes: number | null;
  @ApiProperty({ type: Number, nullable: true }) comments: number | null;
  @ApiProperty({ type: Number, nullable: true }) shares: number | null;
  @ApiProperty({ type: Number, nullable: true }) saves: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '(likes + comments + shares + saves) / views, when views are known and not 0' }) engagementRate:
    number | null;
  @ApiProperty({ enum: METRIC_SOURCES, nullable: true, type: String, description: 'null: nothing recorded yet' }) source: MetricSource | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: nothing recorded yet' }) recordedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recordedBy: string | null;
}
