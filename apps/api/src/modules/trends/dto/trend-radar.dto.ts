import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, Length, Matches, ValidateBy } from 'class-validator';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { EnumField, IntField, IsOptionalNotNull, SafeString } from '../../../common/validation/fields.js';
import { isKnownRegion, TrendEntryDto } from './trend.dto.js';

const LANGUAGE = /^[a-z]{2,3}$/;
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
export const isKnownLanguage = (code: string): boolean => LANGUAGE.test(code) && LANGUAGE_NAMES.of(code) !== code;

const CodeList = (max: number, known: (code: string) => boolean, what: string, example: string[]) =>
  applyDecorators(
    IsOptionalNotNull(),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    IsString({ each: true }),
    SafeString(false, { each: true }),
    ValidateBy({
      name: 'knownCodes',
      validator: {
        validate: (value) => Array.isArray(value) && value.every((v) => typeof v === 'string' && known(v)),
        defaultMessage: () => `$property must list ${what}`,
      },
    }),
    ApiPropertyOptional({ type: [String], maxItems: max, example }),
  );

export class TrendSettingsDto {
  @ApiProperty({ type: [String], description: 'ISO 3166-1 alpha-2 regions the workspace targets (YouTube charts, X trends per region)' }) regions: string[];
  @ApiProperty({ type: [String], description: 'ISO 639-1 languages the workspace posts in' }) languages: string[];
  @ApiProperty({ type: [String], description: 'Topics the workspace cares about (relevance)' }) topics: string[];
  @ApiProperty({ description: 'Monthly cap on paid X reads, in US cents; 0: the X sources are off (default)' }) xMonthlyCapCents: number;
  @ApiProperty({ description: 'YouTube quota units a day the charts may use for this workspace' }) youtubeDailyUnits: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}

export class UpdateTrendSettingsDto {
  @CodeList(20, isKnownRegion, 'ISO 3166-1 alpha-2 region codes such as FR or US', ['FR', 'US']) regions?: string[];
  @CodeList(10, isKnownLanguage, 'ISO 639-1 language codes such as fr or en', ['fr', 'en']) languages?: string[];
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Length(1, 60, { each: true })
  @ApiPropertyOptional({ type: [String], maxItems: 30, description: 'Each 1–60 characters' })
  topics?: string[];
  @IntField(0, 10_000_000, { optional: true, description: 'US cents a month; 0 turns the X sources off' }) xMonthlyCapCents?: number;
  @IntField(0, 10_000, { optional: true, description: 'Of the project-wide 10,000 units a day' }) youtubeDailyUnits?: number;
}

export const WATCH_KINDS = ['hashtag', 'topic'] as const;

export class WatchTermDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'A hashtag (without #) or a search term' }) term: string;
  @ApiProperty({ enum: WATCH_KINDS }) kind: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WatchListDto {
  @ApiProperty({ type: [WatchTermDto] }) items: WatchTermDto[];
}

export class CreateWatchTermDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/^#+/, '') : value))
  @IsString()
  @SafeString()
  @Length(1, 512)
  @ApiProperty({
    minLength: 1,
    maxLength: 512,
    description: 'Hashtag (no spaces; the # is dropped) or search term; each source refuses what its platform would',
    example: 'glowup',
  })
  term: string;
  @EnumField(WATCH_KINDS) kind: (typeof WATCH_KINDS)[number];
}

export class ImportTrendsDto {
  @IsString()
  @SafeString(true)
  @Length(1, 200_000)
  @Matches(/\S/, { message: 'csv must not be empty' })
  @ApiProperty({
    maxLength: 200_000,
    description:
      'CSV with a header row. Required columns: label, kind, region, date (YYYY-MM-DD); optional: platform, source, url, notes. source defaults to tiktok_creative_center',
    example: 'label,kind,region,date\nspringglow,hashtag,FR,2030-03-14\n',
  })
  csv: string;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'The CSV line (1 = the header)' }) row: number;
  @ApiProperty({ type: String, nullable: true }) column: string | null;
  @ApiProperty() message: string;
}

export class ImportTrendsResultDto {
  @ApiProperty({ type: [TrendEntryDto], description: 'The entries filed (valid rows)' }) items: TrendEntryDto[];
  @ApiProperty({ type: [ImportRowErrorDto], description: 'Rows refused, each with why; nothing of them was stored' }) errors: ImportRowErrorDto[];
}

export class TrendSourceBudgetDto {
  @ApiProperty({ enum: ['units_per_day', 'unique_per_rolling_days', 'money_per_call', 'none'] }) kind: string;
  @ApiProperty({ description: 'units, hashtags or US cents' }) unit: string;
  @ApiProperty({ type: Number, nullable: true }) limit: number | null;
  @ApiProperty() used: number;
  @ApiProperty({ type: Number, nullable: true }) left: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the window resets or the next counted term frees up' })
  resetsAt: string | null;
  @ApiProperty({ description: 'In words: what is spent, on what, until when' }) summary: string;
}

export class CountedHashtagDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() tag: string;
  @ApiProperty({ format: 'date-time' }) countedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it stops counting (rolling 7 days)' }) freeAt: string;
}

export class TrendSpendDto {
  @ApiProperty() what: string;
  @ApiProperty({ description: 'US cents' }) cents: number;
  @ApiProperty({ format: 'date-time' }) spentAt: string;
}

export class TrendSourceScopeStateDto {
  @ApiProperty({ description: "A region, an account id, or '' (the workspace)" }) scope: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastFetchAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastOkAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nextFetchAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The last error, in words' }) lastError: string | null;
}

export class TrendSourceStateDto {
  @ApiProperty({ description: 'youtube.charts, internal_analytics, tiktok_creative_center…' }) key: string;
  @ApiProperty({ enum: PLATFORMS, nullable: true, type: String }) platform: Platform | null;
  @ApiProperty() label: string;
  @ApiProperty({
    enum: ['fetched', 'own_results', 'people'],
    description: 'fetched: an official endpoint; own_results: our analytics; people: entered by hand or CSV',
  })
  mode: string;
  @ApiProperty({ type: [String] }) officialEndpoints: string[];
  @ApiProperty({ description: 'The access it needs, in words' }) access: string;
  @ApiProperty({ description: 'It can run for this workspace now' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why not, in words (missing scope, cap 0, no region…)' }) disabledReason: string | null;
  @ApiProperty({ type: Number, nullable: true }) refreshEveryMinutes: number | null;
  @ApiProperty({ type: TrendSourceBudgetDto }) budget: TrendSourceBudgetDto;
  @ApiProperty({ type: [TrendSourceScopeStateDto] }) runs: TrendSourceScopeStateDto[];
  @ApiProperty({ type: [CountedHashtagDto], description: 'Instagram Hashtag Search: the tags counted in the rolling 7 days' }) counted: CountedHashtagDto[];
  @ApiProperty({ type: [TrendSpendDto], description: 'Paid reads this month, newest first (at most 50)' }) spend: TrendSpendDto[];
  @ApiProperty({ description: 'The terms that bind it' }) terms: string;
}

export class TrendSourcesDto {
  @ApiProperty({ type: [TrendSourceStateDto] }) items: TrendSourceStateDto[];
}

export class SourcePerformanceDto {
  @ApiProperty() source: string;
  @ApiProperty({ enum: PLATFORMS, type: String }) platform: Platform;
  @ApiProperty({ description: 'Trend-linked posts measured' }) posts: number;
  @ApiProperty({ description: "Of them, how many beat their account's median at the same age" }) beatBaseline: number;
  @ApiProperty({ type: Number, nullable: true }) medianRatio: number | null;
  @ApiProperty({ type: [Number], nullable: true }) interval: number[] | null;
}

export class TrendPerformanceDto {
  @ApiProperty({ type: [SourcePerformanceDto], description: 'Per source and platform (platforms are never summed)' }) items: SourcePerformanceDto[];
}

export const PLATFORM_WATCH_KINDS = ['api_version', 'missing_access', 'retired_metric'] as const;

export class PlatformWatchItemDto {
  @ApiProperty({ enum: PLATFORM_WATCH_KINDS }) kind: string;
  @ApiProperty({ enum: PLATFORMS, type: String }) platform: Platform;
  @ApiProperty({ enum: ['info', 'warning', 'critical'] }) severity: string;
  @ApiProperty({ description: 'In words' }) message: string;
  @ApiProperty({ type: String, nullable: true, description: 'api_version: the version in use' }) version: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'api_version: its end-of-life day' }) endOfLife: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'missing_access: the account' }) accountId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'missing_access: the source it blocks' }) sourceKey: string | null;
  @ApiProperty({ type: [String], description: 'missing_access: scopes/features it lacks' }) missing: string[];
  @ApiProperty({ type: String, nullable: true, description: 'retired_metric: the metric' }) metric: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'retired_metric: last refused' }) seenAt: string | null;
}

export class PlatformWatchDto {
  @ApiProperty({ type: [PlatformWatchItemDto] }) items: PlatformWatchItemDto[];
}

export class TrendVoteDto {
  @EnumField(['up', 'none'] as const, { description: 'up: vote for it; none: take the vote back' }) vote: 'up' | 'none';
}

export class RecomputeResultDto {
  @ApiProperty({ description: 'Entries scored' }) scored: number;
  @ApiProperty({ description: 'Own-results entries filed or refreshed' }) ownResults: number;
  @ApiProperty({ description: 'Spike alerts raised' }) alerts: number;
  @ApiProperty() tookMs: number;
}
