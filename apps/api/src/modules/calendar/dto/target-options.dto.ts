import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUrl, Length, Matches, Max, Min } from 'class-validator';

import { PLATFORM_DESCRIPTORS, type AnyPlatformDescriptor, type ComposerOptionField } from '@mwr/publishers';

import { IsOptionalNotNull, SafeString } from '../../../common/validation/fields.js';

const HASHTAG_TEXT = /^[\p{L}\p{N}_]{1,100}$/u;
const HASHTAG_MESSAGE = 'each hashtag must be letters, digits or _ without #';

/**
 * Per-target options. `caption` and `hashtags` apply to any platform (this account's own caption);
 * every other field is one platform's composer option, declared by its registry descriptor (the
 * schema the SPA renders): the fields below are made from those schemas when this file loads, so a
 * new platform's options need no line here. The service refuses an option sent to another
 * platform's account and checks the account's own options against its schema (cross-field rules,
 * lengths in characters).
 */
export class TargetOptionsDto {
  @IsOptionalNotNull()
  @IsString()
  @SafeString(true)
  @Length(0, 5000)
  @ApiPropertyOptional({ maxLength: 5000, description: "Any platform: this account's own caption text, in place of the item's (empty: no text)" })
  caption?: string;
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(60)
  @IsString({ each: true })
  @SafeString(false, { each: true })
  @Matches(HASHTAG_TEXT, { each: true, message: HASHTAG_MESSAGE })
  @ApiPropertyOptional({ type: [String], description: "Any platform: this account's own hashtags (without #), in place of the item's" })
  hashtags?: string[];
  /** A platform's option (see the registry descriptors' `composer.options`). */
  [option: string]: unknown;
}

/** The validation and OpenAPI schema of one registry option field, as class-validator and swagger decorators. */
export function optionFieldDecorators(field: ComposerOptionField, platform: Pick<AnyPlatformDescriptor, 'displayName'>): PropertyDecorator {
  const doc = (schema: ApiPropertyOptions) => ApiPropertyOptional({ ...schema, description: `${platform.displayName}: ${field.label}` } as ApiPropertyOptions);
  switch (field.type) {
    case 'boolean':
      // No OpenAPI `default`: a client's generated type would make the field required.
      return applyDecorators(IsOptionalNotNull(), IsBoolean(), doc({ type: Boolean }));
    case 'enum':
      return applyDecorators(IsOptionalNotNull(), IsIn([...field.values]), doc({ enum: [...field.values], type: String }));
    case 'integer':
      return applyDecorators(
        IsOptionalNotNull(),
        IsInt(),
        ...(field.min !== undefined ? [Min(field.min)] : []),
        ...(field.max !== undefined ? [Max(field.max)] : []),
        doc({ type: 'integer', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) }),
      );
    case 'url':
      return applyDecorators(
        IsOptionalNotNull(),
        IsUrl({ protocols: [...field.protocols], require_protocol: true }),
        SafeString(),
        doc({ type: String, format: 'uri' }),
      );
    case 'list':
      return applyDecorators(
        IsOptionalNotNull(),
        IsArray(),
        ArrayMaxSize(field.maxItems),
        ...(field.unique ? [ArrayUnique()] : []),
        IsString({ each: true }),
        SafeString(false, { each: true }),
        Matches(new RegExp(field.itemPattern, 'u'), { each: true, message: field.itemMessage }),
        doc({ type: [String], maxItems: field.maxItems, ...(field.unique ? { uniqueItems: true } : {}) }),
      );
    case 'text':
      // At most maxLength characters (code points, each up to 2 UTF-16 units); the service counts them exactly.
      return applyDecorators(IsOptionalNotNull(), IsString(), SafeString(), Length(0, field.maxLength * 2), doc({ type: String, maxLength: field.maxLength }));
  }
}

/** Declares every registered platform's composer options on the DTO (an option two platforms share keeps the first one's). */
function declareRegistryOptions(): void {
  const declared = new Set<string>(['caption', 'hashtags']);
  for (const descriptor of PLATFORM_DESCRIPTORS) {
    for (const [name, field] of Object.entries(descriptor.composer.options.fields)) {
      if (declared.has(name)) continue;
      declared.add(name);
      optionFieldDecorators(field, descriptor)(TargetOptionsDto.prototype, name);
    }
  }
}

declareRegistryOptions();
