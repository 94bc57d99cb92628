import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  validateSync,
  type ValidationError,
} from 'class-validator';

import { DEFAULT_WARMUP_RAMP } from '@mwr/domain';

import { IntField, SafeString, TextField } from '../../common/validation/fields.js';
import { AutoReposterConfigDto } from './reposter/auto-reposter-config.dto.js';

/**
 * The automation flags (Bot Control Center) and their typed configuration. Only the flags and
 * their validation live here; the engines that act on them are the automations module's (issue 13).
 * Every rule that keeps an automation compliant is enforced by the validation, not by the UI.
 */
/**
 * The per-account part of a flag: the automation acts for these accounts only; empty means every
 * account of its platform in the workspace. Which accounts may be named is checked per workspace.
 */
const AccountScope = (platform: string) =>
  applyDecorators(
    ApiProperty({ type: [String], format: 'uuid', maxItems: 100, description: `Only these ${platform} accounts of the workspace; empty: all of them` }),
    IsArray(),
    ArrayMaxSize(100),
    ArrayUnique(),
    IsUUID('all', { each: true, message: 'each accountIds entry must be an account id (uuid)' }),
  );

export class IgWelcomeDmConfigDto {
  @TextField(1, 1000, {
    multiline: true,
    description: 'The welcome message sent to a user who messaged the account first (opt-in); variables {{username}}, {{account}}',
  })
  message: string = 'Thanks for reaching out! We will get back to you shortly.';

  @ApiProperty({ description: 'Only ever reply to people who wrote first (Instagram messaging policy); always true', enum: [true] })
  @IsBoolean()
  @Equals(true, { message: 'requireOptIn must be true: Instagram only allows replies to people who wrote first' })
  requireOptIn: boolean = true;

  @IntField(1, 24, { description: 'Reply only within this many hours of their message (the platform allows 24)' })
  replyWithinHours: number = 24;

  @ApiProperty({
    type: [String],
    maxItems: 20,
    description: 'A comment containing one of these words (on a chosen post) gets one private reply; empty: comments trigger nothing',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Length(1, 50, { each: true })
  commentKeywords: string[] = [];

  @ApiProperty({ type: [String], maxItems: 50, description: 'The posts (Instagram media ids) whose keyword comments trigger a private reply' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Matches(/^\d{1,30}$/, { each: true, message: 'each commentMediaIds entry must be an Instagram media id (digits)' })
  commentMediaIds: string[] = [];

  @TextField(1, 1000, { multiline: true, description: 'The private reply to a keyword comment; variables {{username}}, {{account}}, {{keyword}}' })
  commentReplyMessage: string = 'Hi {{username}}, thanks for your comment! Here are the details you asked for.';

  @IntField(1, 365, { description: 'Welcome the same person at most once per this many days' })
  welcomeOncePerDays: number = 30;

  @ApiProperty({
    type: [String],
    maxItems: 10,
    description: 'A message that is exactly one of these words opts the person out of automated messages, for good',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Length(1, 30, { each: true })
  optOutKeywords: string[] = ['STOP'];

  @IntField(1, 750, { description: 'Automated messages per Instagram account and hour, at most' })
  maxMessagesPerHour: number = 100;

  @AccountScope('Instagram')
  accountIds: string[] = [];
}

export class TiktokWarmupConfigDto {
  @ApiProperty({
    type: [Number],
    minItems: 1,
    maxItems: 12,
    example: [2, 3, 4, 5],
    description:
      "Posts a day a TikTok account may have during week 1, 2, … of its warm-up (counted from its connection, or its last warm-up restart, in the workspace's time zone); after the last week it is warmed up. 1–12 weeks of 1–20 posts, never going down. Scheduling past it is refused (422) unless autoSpread is on",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @IsInt({ each: true, message: 'each postsPerDayByWeek entry must be a whole number' })
  @Min(1, { each: true, message: 'each postsPerDayByWeek entry must be at least 1' })
  @Max(20, { each: true, message: 'each postsPerDayByWeek entry must be at most 20' })
  @ValidateBy({
    name: 'nonDecreasingRamp',
    validator: {
      validate: (ramp: unknown) => Array.isArray(ramp) && ramp.every((n, i) => i === 0 || n >= ramp[i - 1]),
      defaultMessage: () => 'postsPerDayByWeek only goes up: each week allows at least as many posts as the week before',
    },
  })
  postsPerDayByWeek: number[] = [...DEFAULT_WARMUP_RAMP];

  @ApiProperty({ description: 'A post scheduled past the ramp moves to the next day with room, at the same local time, instead of being refused' })
  @IsBoolean()
  autoSpread: boolean = false;

  @AccountScope('TikTok')
  accountIds: string[] = [];
}

// Its rules (and their validation) live with the engine.
export { AutoReposterConfigDto };

export const AUTOMATION_KEYS = ['ig_welcome_dm', 'tiktok_warmup', 'auto_reposter'] as const;
export type AutomationKey = (typeof AUTOMATION_KEYS)[number];

export const AUTOMATION_CONFIGS: Record<AutomationKey, new () => object> = {
  ig_welcome_dm: IgWelcomeDmConfigDto,
  tiktok_warmup: TiktokWarmupConfigDto,
  auto_reposter: AutoReposterConfigDto,
};

export const isAutomationKey = (key: string): key is AutomationKey => (AUTOMATION_KEYS as readonly string[]).includes(key);

/** The configuration a flag has before anyone set it. */
export function defaultAutomationConfig(key: AutomationKey): Record<string, unknown> {
  return { ...new AUTOMATION_CONFIGS[key]() };
}

/**
 * Validates `config` for `key` over the current one (a partial update keeps the other fields).
 * Returns the config to store, or the validation messages.
 */
export function validateAutomationConfig(
  key: AutomationKey,
  current: Record<string, unknown>,
  patch: Record<string, unknown> | undefined,
): { config: Record<string, unknown> } | { errors: string[] } {
  const merged = { ...defaultAutomationConfig(key), ...current, ...(patch ?? {}) };
  const instance = plainToInstance(AUTOMATION_CONFIGS[key], merged);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return { errors: errors.flatMap(messages) };
  return { config: { ...instance } };
}

function messages(error: ValidationError): string[] {
  const own = Object.values(error.constraints ?? {});
  return [...own, ...(error.children ?? []).flatMap(messages)];
}

/** Body of POST /marketing-war-room/automations/{key}. */
export class UpdateAutomationDto {
  @ApiProperty({ description: 'Turn the automation on or off', example: true })
  @IsBoolean()
  enabled: boolean;

  @ApiPropertyOptional({
    description: 'Settings for this key (merged over the current ones); see IgWelcomeDmConfigDto, TiktokWarmupConfigDto, AutoReposterConfigDto',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
