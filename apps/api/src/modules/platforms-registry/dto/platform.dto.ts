import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { CAPTION_COUNTINGS, PLATFORMS, type Platform } from '@mwr/domain';

export const OPTION_TYPES = ['boolean', 'enum', 'integer', 'url', 'list', 'text'] as const;
export const CAPABILITY_EFFECTS = ['allowed_values', 'forces_true'] as const;
export const CAPTION_COUNTING = CAPTION_COUNTINGS;

export class OptionCapabilityDto {
  @ApiProperty({ description: "The account capability's name (stored from the platform's profile read, e.g. creator_info)" }) name: string;
  @ApiProperty({
    enum: CAPABILITY_EFFECTS,
    description: 'allowed_values: the capability lists the values this account may use; forces_true: when it is true the option must be true',
  })
  effect: (typeof CAPABILITY_EFFECTS)[number];
}

export class UnattendedOptionDto {
  @ApiProperty({ description: 'i18n key of the label of its picker per target account (given handle)' }) labelKey: string;
  @ApiProperty({ description: 'i18n key of the picker when nothing is chosen' }) placeholderKey: string;
  @ApiProperty({ description: 'i18n key of the problem when a target lacks it' }) problemKey: string;
}

export class ComposerOptionFieldDto {
  @ApiProperty({ description: 'The option name in a target’s options' }) name: string;
  @ApiProperty({ enum: OPTION_TYPES }) type: (typeof OPTION_TYPES)[number];
  @ApiProperty({ description: 'i18n key of the label in the web app' }) labelKey: string;
  @ApiProperty({ description: 'The composer does not offer it (the API still accepts it)' }) hidden: boolean;
  @ApiPropertyOptional({
    description: "boolean: the platform's AI-generated-content disclosure; the composer turns it on when the video is marked AI-generated (even when hidden)",
  })
  aiDisclosure?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'enum: the allowed values' }) values?: string[];
  @ApiPropertyOptional({ description: 'boolean: the value when none is chosen' }) default?: boolean;
  @ApiPropertyOptional({ description: 'integer: the least value' }) min?: number;
  @ApiPropertyOptional({ description: 'integer: the greatest value' }) max?: number;
  @ApiPropertyOptional({ enum: ['ms'], description: 'integer: its unit' }) unit?: 'ms';
  @ApiPropertyOptional({ type: [String], description: 'url: the accepted protocols' }) protocols?: string[];
  @ApiPropertyOptional({ description: 'list: at most this many items' }) maxItems?: number;
  @ApiPropertyOptional({ description: 'list: no item twice' }) unique?: boolean;
  @ApiPropertyOptional({ description: 'list: the pattern (Unicode regular expression) each item matches; text: the pattern the value matches' })
  itemPattern?: string;
  @ApiPropertyOptional({ description: 'list, text: the message when an item (the text) does not match' }) itemMessage?: string;
  @ApiPropertyOptional({ description: 'text: at most this many characters (code points)' }) maxLength?: number;
  @ApiPropertyOptional({ type: OptionCapabilityDto, description: 'The account capability that limits this option' }) capability?: OptionCapabilityDto;
  @ApiPropertyOptional({ description: "enum: i18n key prefix of the values' names (<prefix>.<value>)" }) valueLabelKeyPrefix?: string;
  @ApiPropertyOptional({
    type: UnattendedOptionDto,
    description: "A post made without a person (an automation's re-post) must carry it: the automations' forms ask for it per target account",
  })
  unattended?: UnattendedOptionDto;
}

const RULE_VALUE = { oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'number' }] };

export class OptionRuleConditionDto {
  @ApiProperty() field: string;
  @ApiProperty(RULE_VALUE) equals: string | boolean | number;
}

export class OptionRuleConsequenceDto {
  @ApiProperty() field: string;
  @ApiProperty({ type: 'array', items: RULE_VALUE }) notIn: (string | boolean | number)[];
}

/** When `if.field` equals `if.equals`, `then.field` may not be one of `then.notIn`. */
export class ComposerOptionRuleDto {
  @ApiProperty({ type: OptionRuleConditionDto }) if: OptionRuleConditionDto;
  @ApiProperty({ type: OptionRuleConsequenceDto }) then: OptionRuleConsequenceDto;
  @ApiProperty() message: string;
}

export class ComposerOptionsSchemaDto {
  @ApiProperty({ type: [ComposerOptionFieldDto] }) fields: ComposerOptionFieldDto[];
  @ApiProperty({ type: [ComposerOptionRuleDto] }) rules: ComposerOptionRuleDto[];
}

export class CaptionRulesDto {
  @ApiProperty() maxLength: number;
  @ApiProperty({
    enum: CAPTION_COUNTING,
    description: "utf16_units: JS string length; characters: code points; x_weighted: X's weighted count (twitter-text: URLs 23, CJK and emoji 2)",
  })
  counting: (typeof CAPTION_COUNTING)[number];
  @ApiPropertyOptional() maxHashtags?: number;
  @ApiPropertyOptional() maxMentions?: number;
}

export class AspectRangeDto {
  @ApiProperty({ description: 'Least width / height' }) min: number;
  @ApiProperty({ description: 'Greatest width / height' }) max: number;
  @ApiPropertyOptional({ description: 'The width / height the platform shows best' }) recommended?: number;
}

export class MediaRulesDto {
  @ApiProperty({ type: [String] }) containers: string[];
  @ApiProperty() maxDurationSec: number;
  @ApiPropertyOptional() minDurationSec?: number;
  @ApiProperty() maxBytes: number;
  @ApiPropertyOptional({ type: AspectRangeDto }) aspect?: AspectRangeDto;
}

export class PlatformDto {
  @ApiProperty({ enum: PLATFORMS }) id: Platform;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: ComposerOptionsSchemaDto }) composer: ComposerOptionsSchemaDto;
  @ApiProperty({ type: CaptionRulesDto }) caption: CaptionRulesDto;
  @ApiProperty({ type: MediaRulesDto }) media: MediaRulesDto;
}

export class PlatformListDto {
  @ApiProperty({ type: [PlatformDto] }) items: PlatformDto[];
}
