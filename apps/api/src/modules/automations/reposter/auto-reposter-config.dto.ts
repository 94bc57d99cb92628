import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsObject, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

import { EnumField, IntField, PatternField, TextField, UuidField } from '../../../common/validation/fields.js';
import { TargetInputDto } from '../../calendar/dto/content-item.dto.js';

/** The results a threshold can watch (as recorded in publication_metrics). */
export const REPOST_METRICS = ['views', 'likes', 'comments', 'shares', 'saves'] as const;
export type RepostMetric = (typeof REPOST_METRICS)[number];
export const REPOST_TRIGGER_KINDS = ['delay', 'threshold'] as const;
/** What a caption variant may use; anything else renders empty. */
export const CAPTION_VARIABLES = ['caption', 'title', 'account', 'sourceAccount'] as const;

const COUNT_MAX = Number.MAX_SAFE_INTEGER;

/**
 * When a rule fires for a source post. `delay`: `hours` after it was first posted. `threshold`: once
 * its recorded `metric` is at least `atLeast` (results are entered by the team: see PUT
 * /publications/{id}/metrics). The fields of the other kind must be left out.
 */
export class RepostTriggerDto {
  @EnumField(REPOST_TRIGGER_KINDS, { description: 'delay: some hours after the source was posted; threshold: once one of its results reaches a value' })
  kind: (typeof REPOST_TRIGGER_KINDS)[number];

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 720, description: 'delay only (required): hours after the source was first posted' })
  @ValidateIf((o: RepostTriggerDto) => o.kind === 'delay' || o.hours !== undefined)
  @IsInt({ message: 'trigger.hours must be a whole number of hours' })
  @Min(1)
  @Max(720)
  hours?: number;

  @ApiPropertyOptional({ enum: REPOST_METRICS, type: String, description: 'threshold only (required): the result watched' })
  @ValidateIf((o: RepostTriggerDto) => o.kind === 'threshold' || o.metric !== undefined)
  @IsIn(REPOST_METRICS, { message: `trigger.metric must be one of ${REPOST_METRICS.join(', ')}` })
  metric?: RepostMetric;

  @ApiPropertyOptional({ type: Number, minimum: 1, description: 'threshold only (required): fires once the metric is at least this' })
  @ValidateIf((o: RepostTriggerDto) => o.kind === 'threshold' || o.atLeast !== undefined)
  @IsInt({ message: 'trigger.atLeast must be a whole number' })
  @Min(1)
  @Max(COUNT_MAX)
  atLeast?: number;
}

/**
 * One re-post rule: which of our own past posts (one item, or every post of one account), to which
 * other accounts, when, and with which caption. Each (source item, target account) pair is re-posted
 * at most once, ever; the new post is a normal calendar item, so every validation, quality gate and
 * limit applies to it.
 */
export class AutoRepostRuleDto {
  @PatternField(/^[A-Za-z0-9_-]{1,40}$/, '$property must be 1–40 letters, digits, _ or -', 40, {
    description: 'Your name for the rule, unique among the rules; the audit trail names it',
  })
  id: string;

  @ApiProperty({ description: 'Turn this rule off without removing it', default: true })
  @IsBoolean()
  enabled: boolean = true;

  @UuidField({ optional: true, description: 'Re-post this one content item once it is posted. Give this or sourceAccountId' })
  sourceContentItemId?: string;

  @UuidField({ optional: true, description: 'Re-post each post of this account (posted in the last lookbackDays days). Give this or sourceContentItemId' })
  sourceAccountId?: string;

  @ApiProperty({
    type: [TargetInputDto],
    minItems: 1,
    maxItems: 10,
    description:
      "Where to re-post: other accounts of this workspace, each with the calendar's per-target options. A TikTok target needs options.privacyLevel (one its creator allows). The source's own account is refused",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets: TargetInputDto[];

  @ApiProperty({ type: RepostTriggerDto })
  @IsDefined({ message: 'trigger is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => RepostTriggerDto)
  trigger: RepostTriggerDto;

  @TextField(1, 5000, {
    multiline: true,
    description: `The re-post's caption: a plain new caption, or a template using {{caption}} (the original caption), {{title}}, {{account}} (the target's handle) and {{sourceAccount}}. The original hashtags are kept`,
  })
  captionVariant: string;
}

/** `auto_reposter`: re-publishes our own chosen past posts to our other accounts. */
export class AutoReposterConfigDto {
  @ApiProperty({ type: [AutoRepostRuleDto], maxItems: 20, description: 'The rules; each fires on its own' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AutoRepostRuleDto)
  rules: AutoRepostRuleDto[] = [];

  @IntField(1, 10, { description: 'At most this many re-posts per target account in any 24 hours (later ones wait)' })
  maxPerDay: number = 1;

  @IntField(1, 90, { description: 'Account-wide rules consider the posts of the last this many days' })
  lookbackDays: number = 30;
}
