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
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { DateTimeField, EnumField, IntField, IsOptionalNotNull, PatternField, SafeString, TextField, UuidField } from '../../../common/validation/fields.js';

/** caption: a caption opening that works; hour: a posting hour that works (both found by our own results). */
export const TREND_KINDS = ['hashtag', 'sound', 'format', 'topic', 'note', 'caption', 'hour'] as const;
export type TrendKind = (typeof TREND_KINDS)[number];
/** The board: spotted → planned → used → retired (issue 33). */
export const TREND_STATUSES = ['spotted', 'planned', 'used', 'retired'] as const;
export type TrendStatus = (typeof TREND_STATUSES)[number];
/**
 * Where an entry comes from. Never a scraper: people (by hand, a team note, TikTok Creative Center
 * read by a person), our own posts' analytics, or an official trend source by its plug-in key
 * (`youtube.charts`, `instagram.hashtag_search`, `x.trends`, `x.counts`: GET /api/trends/sources).
 */
export const PEOPLE_TREND_SOURCES = ['manual', 'internal_analytics', 'team_note', 'tiktok_creative_center'] as const;
export type TrendSource = string;
/** What people may file through the API; the rest are written by the product. */
export const WRITABLE_TREND_SOURCES = ['manual', 'team_note', 'tiktok_creative_center'] as const;
/** ISO 3166-1 alpha-2, upper case. */
export const REGION = /^[A-Z]{2}$/;
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
/** A region code Intl knows by name (XX, AA and friends are refused). */
export const isKnownRegion = (code: string): boolean => REGION.test(code) && REGION_NAMES.of(code) !== code && REGION_NAMES.of(code) !== 'Unknown Region';

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

const KnownRegion = () =>
  ValidateBy({
    name: 'knownRegion',
    validator: {
      validate: (value) => value === null || value === undefined || (typeof value === 'string' && isKnownRegion(value)),
      defaultMessage: () => '$property must be an ISO 3166-1 alpha-2 region code such as FR or US',
    },
  });

const NullableRegionField = () =>
  applyDecorators(
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsString(),
    SafeString(),
    KnownRegion(),
    ApiPropertyOptional({
      type: String,
      nullable: true,
      pattern: REGION.source,
      example: 'FR',
      description: 'ISO 3166-1 alpha-2 region it was seen in; null: any',
    }),
  );

const NullableUuidField = (description: string) =>
  applyDecorators(
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsUUID('all'),
    ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description }),
  );

const NullablePlatformField = () =>
  applyDecorators(
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsIn(PLATFORMS, { message: `platform must be one of ${PLATFORMS.join(', ')} or null` }),
    ApiPropertyOptional({ enum: PLATFORMS, nullable: true, type: String }),
  );

export class CreateTrendDto {
  @TextField(1, 200, { description: 'The trend: a hashtag, a sound, a format or a topic', example: '#springglow' }) label: string;
  @EnumField(TREND_KINDS) kind: TrendKind;
  @NullablePlatformField() platform?: Platform | null;
  @EnumField(WRITABLE_TREND_SOURCES, {
    optional: true,
    description: 'Default manual; tiktok_creative_center: read by a person in TikTok Creative Center (give region and sourceDate)',
  })
  source?: (typeof WRITABLE_TREND_SOURCES)[number];
  @EnumField(TREND_STATUSES, { optional: true, description: 'Default spotted' }) status?: TrendStatus;
  @NullableUuidField('Who follows it up (a member of the workspace)') ownerId?: string | null;
  @NullableRegionField() region?: string | null;
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @SafeString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'sourceDate must be a date such as 2026-12-01' })
  @IsDateString({ strict: true }, { message: 'sourceDate must be a date such as 2026-12-01' })
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'The day the source showed it (Creative Center entries)' })
  sourceDate?: string | null;
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
  @NullableUuidField('Who follows it up (a member of the workspace); null: nobody') ownerId?: string | null;
  @NullableRegionField() region?: string | null;
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

export const TREND_SORTS = ['recent', 'strength', 'relevance', 'proof', 'votes'] as const;

export class ListTrendsQueryDto {
  @EnumField(TREND_STATUSES, { optional: true }) status?: TrendStatus;
  @PatternField(/^[a-z_]+(\.[a-z_]+)?$/, 'source must be a source key such as manual or youtube.charts', 60, { optional: true }) source?: string;
  @UuidField({ optional: true, description: 'Entries this member owns' }) ownerId?: string;
  @EnumField(TREND_SORTS, { optional: true, description: 'Default recent (newest first); the scores sort highest first' }) sort?: (typeof TREND_SORTS)[number];
  @EnumField(TREND_KINDS, { optional: true }) kind?: TrendKind;
  @EnumField(PLATFORMS, { optional: true }) platform?: Platform;
  @EnumField(['true', 'false'] as const, { optional: true, description: 'Include expired entries (default false)' }) includeExpired?: 'true' | 'false';
  @IntField(1, 200, { optional: true, description: 'Default 100' }) limit?: number;
}

/** What one source said about the trend (the card's "who said what"). */
export class TrendSourceSaidDto {
  @ApiProperty({ description: 'The source key (youtube.charts, x.counts, internal_analytics…)' }) source: string;
  @ApiProperty({ enum: PLATFORMS, nullable: true, type: String }) platform: Platform | null;
  @ApiProperty({ type: String, nullable: true }) region: string | null;
  @ApiProperty({ description: "The figure, by the source's own name (tweet_count, view_count, rank…)" }) metric: string;
  @ApiProperty({ type: Number }) value: number;
  @ApiProperty({ format: 'date-time' }) observedAt: string;
}

export class TrendReadingDto {
  @ApiProperty({ format: 'date', example: '2026-12-06' }) day: string;
  @ApiProperty({ type: Number }) value: number;
}

export class TrendStrengthDto {
  @ApiProperty({ type: Number, nullable: true, description: '0–100; null: fewer than two readings' }) score: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Relative growth over 24 h (0.5 = +50 %)' }) growth24h: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Relative growth over 7 days' }) growth7d: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The latest reading the growth is measured on' }) latest: number | null;
  @ApiProperty({ type: String, nullable: true }) metric: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The platform the figures are from: YouTube figures are never summed with another platform's",
  })
  platform: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The source whose series the growth is measured on' }) source: string | null;
  @ApiProperty({ type: [TrendReadingDto], description: "That series' last reading of each UTC day, oldest first (8 days at most): the sparkline" })
  readings: TrendReadingDto[];
}

export class TrendRelevanceDto {
  @ApiProperty({ type: Number, nullable: true, description: '0–100' }) score: number | null;
  @ApiProperty({ type: [String], description: "The workspace's topics the trend matches" }) topics: string[];
  @ApiProperty({ type: Boolean, nullable: true, description: 'Seen in a region the workspace targets (null: no region on either side)' })
  regionMatch: boolean | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      "In a language the workspace targets: the language a source declared (YouTube's default audio language), else its label's writing system (null: no language set, or nothing to tell by)",
  })
  languageMatch: boolean | null;
  @ApiProperty({
    enum: ['source', 'script'],
    type: String,
    nullable: true,
    description: "How languageMatch was told: 'source' (a source declared the language) or 'script' (only the label's writing system)",
  })
  languageBasis: 'source' | 'script' | null;
  @ApiProperty({ type: [String], description: 'The languages its sources declared (ISO 639 primary subtags)', example: ['fr'] })
  languages: string[];
}

export class TrendProofPostDto {
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PLATFORMS, type: String }) platform: Platform;
  @ApiProperty({ description: 'The age both figures are taken at (1h, 6h, 24h, 72h, 7d, 30d)' }) age: string;
  @ApiProperty() views: number;
  @ApiProperty({ description: "The same account's median views at that age" }) baseline: number;
  @ApiProperty({ description: 'views / baseline' }) ratio: number;
}

export class TrendProofDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "0–100: share of our posts with it that beat their account's median at the same age; null: none measured",
  })
  score: number | null;
  @ApiProperty() posts: number;
  @ApiProperty() beatBaseline: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median of views / baseline' }) medianRatio: number | null;
  @ApiProperty({ type: [Number], nullable: true, description: '95 % Wilson interval of the share that beat the baseline, [low, high]' })
  interval: number[] | null;
  @ApiProperty({ type: [TrendProofPostDto], description: 'At most 5' }) items: TrendProofPostDto[];
}

/** Our own results (source internal_analytics): per account and platform, the posts that had it. */
export class TrendOwnResultDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PLATFORMS, type: String }) platform: Platform;
  @ApiProperty({ description: 'Posts with it, measured at `age`' }) posts: number;
  @ApiProperty({ description: "How many beat the account's own median at the same age" }) beat: number;
  @ApiProperty() age: string;
  @ApiProperty({ type: [Number], description: '95 % Wilson interval of the share, [low, high]' }) interval: number[];
}

export class TrendEvidenceDto {
  @ApiProperty({ type: TrendStrengthDto }) strength: TrendStrengthDto;
  @ApiProperty({ type: TrendRelevanceDto }) relevance: TrendRelevanceDto;
  @ApiProperty({ type: TrendProofDto }) proof: TrendProofDto;
  @ApiProperty({ type: [TrendSourceSaidDto], description: 'The latest reading of each source and figure' }) said: TrendSourceSaidDto[];
  @ApiProperty({ type: [TrendOwnResultDto], description: 'The accounts with the most posts with it, at most 10' }) ownResults: TrendOwnResultDto[];
}

export class TrendEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PLATFORMS, nullable: true, type: String }) platform: Platform | null;
  @ApiProperty({ enum: TREND_KINDS }) kind: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: `${PEOPLE_TREND_SOURCES.join(', ')}, or an official source's key (GET /api/trends/sources)` }) source: string;
  @ApiProperty({ enum: TREND_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerId: string | null;
  @ApiProperty({ type: String, nullable: true }) region: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) sourceDate: string | null;
  @ApiProperty() votes: number;
  @ApiProperty({ description: 'The caller voted for it' }) voted: boolean;
  @ApiProperty({ description: 'Posts made from it (all drafts ever linked)' }) linkedItems: number;
  @ApiProperty({ type: Number, nullable: true, description: '0–100, see evidence.strength' }) strength: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '0–100, see evidence.relevance' }) relevance: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '0–100, see evidence.proof' }) proof: number | null;
  @ApiProperty({ type: TrendEvidenceDto, description: 'The numbers the scores came from, and which source said what' }) evidence: TrendEvidenceDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the scores were last computed' }) scoredAt: string | null;
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

export class TrendDraftPrefillDto {
  @ApiProperty({ type: [String], description: 'Hashtags put on the draft (without #)' }) hashtags: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The sound/audio to use, in words (sound entries)' }) audio: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The format to shoot, in words (format entries)' }) format: string | null;
}

export class TrendDraftDto {
  @ApiProperty({ format: 'uuid', description: 'The new draft content item (open it in the composer)' }) contentItemId: string;
  @ApiProperty({ type: TrendDraftPrefillDto, description: 'What the composer opens with' }) prefill: TrendDraftPrefillDto;
  @ApiProperty({ type: TrendEntryDto, description: 'The entry, now linked to the draft and under test' }) trend: TrendEntryDto;
}

export class TrendListDto {
  @ApiProperty({ type: [TrendEntryDto] }) items: TrendEntryDto[];
}
