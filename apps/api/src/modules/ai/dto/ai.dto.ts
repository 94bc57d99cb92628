import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

import { CAPTION_COUNTINGS, PLATFORMS, type CaptionCounting, type Platform } from '@mwr/domain';

import { EnumArrayField, IntField, TextField } from '../../../common/validation/fields.js';

export class AiStatusDto {
  @ApiProperty({ description: 'The server has an AI provider (AI_BASE_URL is set). Off by default.' }) serverEnabled: boolean;
  @ApiProperty({ description: "The workspace's admins turned suggestions on (off by default)" }) workspaceEnabled: boolean;
  @ApiProperty({ description: 'Both: suggestions can be asked for' }) available: boolean;
  @ApiProperty({ description: 'The caller may turn the workspace switch on or off (admins)' }) canManage: boolean;
  @ApiPropertyOptional({ description: 'The model asked, when the server has a provider', example: 'gpt-4o-mini' }) model?: string;
}

export class UpdateAiSettingsDto {
  @ApiProperty({ description: 'Turn AI caption suggestions on or off for the workspace', example: true })
  @IsBoolean()
  suggestionsEnabled: boolean;
}

export class CaptionSuggestionsRequestDto {
  @TextField(0, 300, { optional: true, description: "The video's title (sent to the AI provider)" }) title?: string;
  @TextField(0, 5000, {
    multiline: true,
    description: 'The draft caption (sent to the AI provider); may be empty',
    example: 'Our spring collection drops Friday',
  })
  draft: string;
  @EnumArrayField(PLATFORMS, { description: 'The platforms to write for (the chosen accounts’ platforms)' }) platforms: Platform[];
  @IntField(1, 5, { optional: true, description: 'Variants asked for per platform; default 3' }) count?: number;
}

export class CaptionRefusalDto {
  @ApiProperty({ enum: ['caption_too_long', 'too_many_hashtags', 'too_many_mentions', 'title_required'] }) code: string;
  @ApiProperty({ description: 'The rule, in English', example: 'Instagram: 7 hashtags, the limit is 5' }) message: string;
  @ApiProperty() limit: number;
  @ApiProperty() actual: number;
}

export class CaptionSuggestionDto {
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() caption: string;
  @ApiProperty({ enum: ['ai'], description: 'Always ai: written by the AI provider, never posted without a person choosing it' }) source: 'ai';
  @ApiProperty({ description: "Passes the platform's caption rules: only these may be offered to pick" }) accepted: boolean;
  @ApiProperty({ type: [CaptionRefusalDto], description: 'The rules it breaks (empty when accepted)' }) refusals: CaptionRefusalDto[];
}

/** What the suggestions for one platform were based on: its rules and how many of the team's best captions. */
export class CaptionBasisDto {
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() maxLength: number;
  @ApiProperty({ enum: CAPTION_COUNTINGS }) counting: CaptionCounting;
  @ApiPropertyOptional() maxHashtags?: number;
  @ApiPropertyOptional() maxMentions?: number;
  @ApiProperty({ description: "How many of the workspace's best captions on this platform (views at 24 h) were shown to the model" }) examples: number;
}

export class CaptionSuggestionsDto {
  @ApiProperty({ description: 'The model that wrote them' }) model: string;
  @ApiProperty({ type: [CaptionSuggestionDto], description: 'Per platform in the order asked, then in the model’s order' }) items: CaptionSuggestionDto[];
  @ApiProperty({ type: [CaptionBasisDto] }) basis: CaptionBasisDto[];
}

/** The streamed variant's events (POST /api/ai/caption-suggestions/stream, text/event-stream). */
export class CaptionDeltaEventDto {
  @ApiProperty({ description: 'The next piece of the model’s raw answer (for a live "writing…" state; not a suggestion until checked)' }) text: string;
}
