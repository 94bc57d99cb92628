import { ApiProperty } from '@nestjs/swagger';

import { EnumField, IntField, PatternField, UuidField } from '../../../common/validation/fields.js';

export const SLOT_ORIGINS = ['manual', 'best', 'explore', 'seed'] as const;
export type SlotOrigin = (typeof SLOT_ORIGINS)[number];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_MESSAGE = '$property must be a local time such as 18:30';
const UUID_LIST = /^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,19}$/;

export class QueueSlotsQueryDto {
  @UuidField({ description: 'The account' }) accountId: string;
}

export class CreateQueueSlotDto {
  @UuidField() accountId: string;
  @IntField(0, 6, { description: '0 = Monday … 6 = Sunday' }) weekday: number;
  @PatternField(TIME, TIME_MESSAGE, 5, { description: 'Local time in the workspace time zone, HH:MM', example: '18:30' }) time: string;
  @EnumField(SLOT_ORIGINS, { optional: true, description: 'Where the slot comes from (a suggestion keeps its kind); default manual' }) origin?: SlotOrigin;
}

export class UpdateQueueSlotDto {
  @IntField(0, 6, { optional: true }) weekday?: number;
  @PatternField(TIME, TIME_MESSAGE, 5, { optional: true, example: '09:00' }) time?: string;
}

export class QueueSlotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ description: '0 = Monday … 6 = Sunday' }) weekday: number;
  @ApiProperty({ example: '18:30' }) time: string;
  @ApiProperty({ enum: SLOT_ORIGINS, description: 'explore: an hour tried to learn, not (yet) a known good one' }) origin: SlotOrigin;
}

export class QueueSlotListDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [QueueSlotDto], description: 'Monday first, then by time' }) items: QueueSlotDto[];
}

export class SlotSuggestionsQueryDto {
  @UuidField() accountId: string;
  @IntField(1, 28, { optional: true, description: 'How many slots (default 7)' }) count?: number;
  @IntField(0, 2_147_483_647, { optional: true, description: 'Seed of the exploration draws (default: random); the same seed, the same suggestions' })
  seed?: number;
}

export class SlotSuggestionDto {
  @ApiProperty() weekday: number;
  @ApiProperty({ example: '18:00' }) time: string;
  @ApiProperty({
    enum: ['best', 'explore', 'seed'],
    description: 'best: ranks high in our results; explore: an untried hour (Thompson sampling); seed: online followers',
  })
  kind: 'best' | 'explore' | 'seed';
  @ApiProperty({ description: 'The bucket estimate (log of times the usual views); for seed, log of the online-followers weight' }) estimate: number;
  @ApiProperty() n: number;
  @ApiProperty({ description: 'The account already has a slot at this time' }) alreadySlot: boolean;
}

export class SlotSuggestionsDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ description: 'Share of the suggestions that explore (the workspace setting)' }) explorePercent: number;
  @ApiProperty({ description: 'Posts still needed before suggestions come from results (0: enough)' }) morePostsNeeded: number;
  @ApiProperty({ type: [SlotSuggestionDto] }) items: SlotSuggestionDto[];
}

export class NextSlotQueryDto {
  @PatternField(UUID_LIST, '$property must be 1 to 20 account ids separated by commas', 760, {
    description: 'The accounts the item goes to, comma-separated: a slot of any of them that is free for all of them',
  })
  accountIds: string;
}

export class SkippedSlotDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['taken', 'spacing', 'warmup', 'budget'] }) reason: string;
}

export class NextSlotDto {
  @ApiProperty({ format: 'date-time', description: 'Use as the item’s scheduledAt' }) scheduledAt: string;
  @ApiProperty({ description: 'The slot in local time, e.g. 2026-12-08T18:30:00+01:00' }) localTime: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: QueueSlotDto }) slot: QueueSlotDto;
  @ApiProperty({ type: [SkippedSlotDto], description: 'Earlier slots passed over, and why' }) skipped: SkippedSlotDto[];
}

export class QueueSettingsDto {
  @ApiProperty({ description: 'Share of suggested slots that explore untried hours, 0–100 (default 20)' }) explorePercent: number;
  @ApiProperty({ description: 'Minimum minutes between two posts of one account (default 60)' }) minSpacingMinutes: number;
}

export class UpdateQueueSettingsDto {
  @IntField(0, 100, { optional: true, description: '0 turns exploration off' }) explorePercent?: number;
  @IntField(0, 1440, { optional: true }) minSpacingMinutes?: number;
}
