import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsEmail, IsIn, IsInt, IsOptional, IsString, IsTimeZone, IsUUID, Length, Matches, Max, Min } from 'class-validator';

/**
 * Composite field decorators: one line sets validation and the OpenAPI schema, so the two never
 * disagree.
 */
interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

const doc = (options: FieldOptions, schema: Record<string, unknown>) =>
  options.optional
    ? applyDecorators(IsOptional(), ApiPropertyOptional({ description: options.description, example: options.example, ...schema }))
    : ApiProperty({ description: options.description, example: options.example, ...schema });

export const EmailField = (options: FieldOptions = {}) =>
  applyDecorators(
    doc(options, { type: String, format: 'email', maxLength: 254 }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsEmail({}, { message: '$property must be a valid email address' }),
    Length(3, 254),
  );

export const PasswordField = (options: FieldOptions = {}) =>
  applyDecorators(
    doc(options, { type: String, minLength: 10, maxLength: 256, format: 'password' }),
    IsString(),
    Length(10, 256, { message: '$property must be between 10 and 256 characters' }),
  );

export const TextField = (min: number, max: number, options: FieldOptions = {}) =>
  applyDecorators(
    doc(options, { type: String, minLength: min, maxLength: max }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Length(min, max),
  );

export const PatternField = (pattern: RegExp, message: string, max: number, options: FieldOptions = {}) =>
  applyDecorators(doc(options, { type: String, pattern: pattern.source, maxLength: max }), IsString(), Length(1, max), Matches(pattern, { message }));

export const EnumField = <T extends string>(values: readonly T[], options: FieldOptions = {}) =>
  applyDecorators(doc(options, { enum: values, type: String }), IsIn(values as T[], { message: `$property must be one of ${values.join(', ')}` }));

export const EnumArrayField = <T extends string>(values: readonly T[], options: FieldOptions = {}) =>
  applyDecorators(
    doc(options, { enum: values, isArray: true, type: String }),
    IsArray(),
    ArrayMinSize(1),
    ArrayUnique(),
    IsIn(values as T[], { each: true, message: `each value in $property must be one of ${values.join(', ')}` }),
  );

export const UuidField = (options: FieldOptions = {}) => applyDecorators(doc(options, { type: String, format: 'uuid' }), IsUUID('all'));

export const DateTimeField = (options: FieldOptions = {}) =>
  applyDecorators(doc(options, { type: String, format: 'date-time' }), IsDateString({ strict: true }, { message: '$property must be an ISO 8601 date-time' }));

export const IntField = (min: number, max: number, options: FieldOptions = {}) =>
  applyDecorators(
    doc(options, { type: Number, minimum: min, maximum: max }),
    Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value)),
    IsInt(),
    Min(min),
    Max(max),
  );

export const TimeZoneField = (options: FieldOptions = {}) =>
  applyDecorators(
    doc({ example: 'Europe/Paris', description: 'IANA time zone', ...options }, { type: String }),
    IsTimeZone({ message: '$property must be an IANA time zone such as Europe/Paris' }),
  );
