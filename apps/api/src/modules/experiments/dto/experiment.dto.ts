import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

import {
  EXPERIMENT_AGES,
  EXPERIMENT_METRICS,
  EXPERIMENT_MODES,
  EXPERIMENT_STATUSES,
  MAX_VARIANTS,
  MIN_VARIANTS,
  PLATFORMS,
  type ExperimentAge,
  type ExperimentMetric,
  type ExperimentMode,
  type ExperimentStatus,
  type Platform,
} from '@mwr/domain';

import { EnumField, IntField, IsOptionalNotNull, SafeString, UuidField } from '../../../common/validation/fields.js';
import { InstantField } from '../../calendar/dto/content-item.dto.js';

export class ExperimentVariantInputDto {
  @IsString()
  @SafeString(true)
  @Length(1, 5000)
  @ApiProperty({ maxLength: 5000, description: 'This variant’s caption (the item’s video stays the same)', example: 'Which colour wins? 🌸' })
  caption: string;
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(60)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Matches(/^[\p{L}\p{N}_]{1,100}$/u, { each: true, message: 'each hashtag must be letters, digits or _ without #' })
  @ApiPropertyOptional({ type: [String], description: 'Without the #; default: the item’s hashtags' })
  hashtags?: string[];
}

export class CreateExperimentDto {
  @UuidField({ description: 'The item whose video, title and options the variants take' }) itemId: string;
  @IsArray()
  @ArrayMinSize(MIN_VARIANTS)
  @ArrayMaxSize(MAX_VARIANTS)
  @ValidateNested({ each: true })
  @Type(() => ExperimentVariantInputDto)
  @ApiProperty({
    type: [ExperimentVariantInputDto],
    minItems: MIN_VARIANTS,
    maxItems: MAX_VARIANTS,
    example: [{ caption: 'Which colour wins? 🌸' }, { caption: 'Pink or green? Tell us below' }],
  })
  variants: ExperimentVariantInputDto[];
  @EnumField(EXPERIMENT_MODES, {
    description:
      'accounts: each variant to its own account of one platform, all at scheduledAt; slots: every variant on one account, at its next free queue slots',
  })
  mode: ExperimentMode;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VARIANTS)
  @IsUUID('all', { each: true })
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'accounts: one account per variant, in the variants’ order; slots: the one account',
    example: ['5f0c9a1e-7b2d-4c1d-9e1a-3b6f2a8c4d10', '8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
  })
  accountIds: string[];
  @InstantField({ optional: true, description: 'accounts mode: when every variant goes out (default: the item’s time)' }) scheduledAt?: string;
  @EnumField(EXPERIMENT_METRICS, { optional: true, description: 'The figure compared (default views)' }) metric?: ExperimentMetric;
  @EnumField(EXPERIMENT_AGES, { optional: true, description: 'The posts’ age at which they are compared (default 24h)' }) age?: ExperimentAge;
  @EnumField(['MANUAL', 'SS_PERFORMANCE'] as const, {
    optional: true,
    description:
      'Instagram only: post the variants as trial Reels (trial_params: shown to non-followers first; MANUAL graduates from the app, SS_PERFORMANCE when it does well). An account without trial Reels fails its post (2207081).',
  })
  trialGraduation?: 'MANUAL' | 'SS_PERFORMANCE';
}

export class ListExperimentsQueryDto {
  @UuidField({ optional: true, description: 'Only the experiments built from this item or posting one of its variants' }) itemId?: string;
  @IntField(1, 100, { optional: true, description: 'Default 50' }) limit?: number;
}

export class ExperimentVariantDto {
  @ApiProperty({ example: 'A', description: 'A, B, C, D in the order given' }) label: string;
  @ApiProperty() caption: string;
  @ApiProperty({ type: [String] }) hashtags: string[];
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() handle: string;
  @ApiProperty({ format: 'uuid', description: 'The content item that posts this variant' }) itemId: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) publicationId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The post’s status (pending … posted, failed)' }) publicationStatus: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) postedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) permalink: string | null;
}

export class ExperimentVariantResultDto {
  @ApiProperty({ example: 'A' }) label: string;
  @ApiProperty({ description: 'The figure at the age (e.g. views at 24 h)' }) value: number;
  @ApiProperty({ description: 'ln(1 + value) − the account’s mean ln(1 + figure)' }) score: number;
  @ApiProperty({ description: 'The posterior standard deviation used' }) sd: number;
  @ApiProperty({ enum: ['account', 'default'], description: 'account: the account’s own spread; default: 1, below 5 earlier posts' }) varianceSource: string;
  @ApiProperty({ description: 'Probability that this caption is the best, 0–1' }) pBest: number;
  @ApiProperty({ description: 'How many earlier posts of the account the baseline used' }) baselinePosts: number;
}

export class ExperimentVerdictDto {
  @ApiProperty({ enum: ['winner', 'no_clear_winner'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String, description: 'The winning variant’s label' }) winner: string | null;
  @ApiProperty({ description: 'P(best) a winner needs (0.95)' }) threshold: number;
  @ApiProperty({ description: 'The test, in words' }) method: string;
  @ApiPropertyOptional({ enum: ['missing_figures'], description: 'Set when the figures never came: no comparison was possible' }) reason?: string;
  @ApiPropertyOptional({ type: [String], description: 'With missing_figures: the variants whose figures never came' }) missing?: string[];
  @ApiPropertyOptional({ description: 'Earlier posts an account needs before its own spread is used (5)' }) minBaselinePosts?: number;
  @ApiProperty({ type: [ExperimentVariantResultDto] }) variants: ExperimentVariantResultDto[];
}

export class ExperimentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The item the experiment was built from' }) itemId: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ enum: EXPERIMENT_MODES }) mode: ExperimentMode;
  @ApiProperty({ enum: EXPERIMENT_METRICS }) metric: ExperimentMetric;
  @ApiProperty({ enum: EXPERIMENT_AGES }) age: ExperimentAge;
  @ApiProperty({
    enum: EXPERIMENT_STATUSES,
    description: 'running: posts not all live; waiting_for_age: all live, not old enough or not read yet; decided | no_clear_winner; cancelled',
  })
  status: ExperimentStatus;
  @ApiProperty({ nullable: true, type: String, enum: ['person', 'variant_failed'] }) cancelReason: string | null;
  @ApiProperty({ type: [ExperimentVariantDto] }) variants: ExperimentVariantDto[];
  @ApiProperty({ type: ExperimentVerdictDto, nullable: true }) verdict: ExperimentVerdictDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ExperimentListDto {
  @ApiProperty({ type: [ExperimentDto] }) items: ExperimentDto[];
}
