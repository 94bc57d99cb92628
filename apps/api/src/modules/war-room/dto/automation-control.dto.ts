import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { IntField, PatternField, TextField } from '../../../common/validation/fields.js';
import { AutomationDto } from './war-room.dto.js';

export class AutomationActivityQueryDto {
  @IntField(1, 100, { optional: true, description: 'Page size (default 20)' })
  limit?: number;

  @CursorQueryField() cursor?: string;

  @PatternField(/^[a-z_]+$/, 'outcome must be an outcome such as refused', 40, { optional: true, description: 'Only entries with this outcome (e.g. refused)' })
  outcome?: string;
}

export class AutomationActivityEntryDto {
  @ApiProperty({ description: 'Audit entry id' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'automation.ig_welcome_dm.refused', description: 'automation.<key>.<outcome>, or automation.enabled|disabled for the switch' })
  action: string;
  @ApiProperty({ example: 'refused', description: 'sent, refused, failed, opted_out, flagged, subscribed, subscribe_failed, enabled, disabled…' })
  outcome: string;
  @ApiProperty({ type: String, nullable: true, example: 'outside_messaging_window', description: 'The compliance rule that refused the action' }) rule:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the rule refused it' }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What the automation reported (a flag, an error)' }) message: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The account it acted for' }) accountId: string | null;
  @ApiProperty({ type: String, nullable: true }) accountHandle: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who changed the switch or settings; null for the automation itself' })
  actorUserId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The rest of the audit entry (trigger, recipient, settings…)' }) details: Record<
    string,
    unknown
  >;
}

export class AutomationActivityPageDto {
  @ApiProperty({ type: [AutomationActivityEntryDto], description: 'Newest first' }) items: AutomationActivityEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor: string | null;
}

export class TemplateVariablesDto {
  @TextField(0, 100, { optional: true, description: 'Shown for {{username}} (default: a sample)' }) username?: string;
  @TextField(0, 100, { optional: true, description: 'Shown for {{account}} (default: the first Instagram account)' }) account?: string;
  @TextField(0, 100, { optional: true, description: 'Shown for {{keyword}} (default: the first comment keyword)' }) keyword?: string;
}

export class PreviewTemplateDto {
  @TextField(0, 5000, { multiline: true, description: 'The message template, e.g. "Hi {{username}}!"', example: 'Hi {{username}}, thanks for the follow!' })
  template: string;

  @PatternField(/^[a-zA-Z][a-zA-Z0-9]*$/, 'field must be the name of a message setting such as message', 50, {
    optional: true,
    description: "The setting the template is for (ig_welcome_dm: message or commentReplyMessage; default: the key's first)",
  })
  field?: string;

  @ApiPropertyOptional({ type: TemplateVariablesDto, description: 'Values to show instead of the samples' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateVariablesDto)
  variables?: TemplateVariablesDto;
}

export class TemplateProblemDto {
  @ApiProperty({ enum: ['unknown_variable', 'malformed_placeholder', 'empty', 'too_long', 'may_be_too_long'] })
  code: 'unknown_variable' | 'malformed_placeholder' | 'empty' | 'too_long' | 'may_be_too_long';
  @ApiProperty() message: string;
  @ApiProperty({ type: String, nullable: true, description: 'The variable concerned (unknown_variable)' }) variable: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The size concerned, in UTF-8 bytes (too_long, may_be_too_long, empty)' }) bytes: number | null;
}

export class TemplatePreviewDto {
  @ApiProperty({ example: 'message' }) field: string;
  @ApiProperty({ description: 'The message as the automation would send it, with the sample values' }) text: string;
  @ApiProperty({ description: 'UTF-8 bytes of text' }) bytes: number;
  @ApiProperty({ description: "The platform's limit (Instagram DMs: 1000 bytes)" }) maxBytes: number;
  @ApiProperty({ type: [String], example: ['username', 'account'] }) allowedVariables: string[];
  @ApiProperty({ type: [String] }) usedVariables: string[];
  @ApiProperty({ type: [String], description: 'Placeholders that are not variables of this message (sent empty)' }) unknownVariables: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) sampleValues: Record<string, string>;
  @ApiProperty({ type: [TemplateProblemDto], description: 'Empty when the message is fine' }) problems: TemplateProblemDto[];
}

export class AutomationSetupWarningDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() handle: string;
  @ApiProperty() message: string;
}

export class SetAutomationResultDto extends AutomationDto {
  @ApiProperty({
    type: [AutomationSetupWarningDto],
    description: 'Platform set-up that failed when the automation was turned on (e.g. Instagram webhook subscription); the switch is on regardless',
  })
  warnings: AutomationSetupWarningDto[];
}
