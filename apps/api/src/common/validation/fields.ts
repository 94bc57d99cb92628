import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

/**
 * Composite field decorators: one line sets validation and the OpenAPI schema, so the two never
 * disagree.
 */
interface FieldOptions {
  /** May be left out. Sending null is still refused unless the field is also `nullable`. */
  optional?: boolean;
  /** null is a value of its own (e.g. "no expiry"); implies nothing about `optional`. */
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

/** C0 and C1 control characters and DEL: never part of a name, a label or a search. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but line breaks and tabs are fine in multi-line text (captions, DM templates, notes). */
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** String.prototype.isWellFormed (Node 20+; typed from ES2024, newer than our lib setting). */
export const isWellFormed = (value: string): boolean => (value as string & { isWellFormed(): boolean }).isWellFormed();

/** Refuses ill-formed UTF-16 (a lone surrogate), which PostgreSQL cannot store. */
export const IsWellFormedText = (options: ValidationOptions = {}) =>
  ValidateBy(
    {
      name: 'isWellFormedText',
      validator: {
        validate: (value) => typeof value !== 'string' || isWellFormed(value),
        defaultMessage: () => '$property is not valid Unicode text (it contains a lone surrogate)',
      },
    },
    options,
  );

/** Refuses control characters (NUL included: PostgreSQL cannot store it); `multiline` lets \n, \r and \t through. */
export const NoControlCharacters = (multiline = false, options: ValidationOptions = {}) =>
  ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value) => typeof value !== 'string' || !(multiline ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS).test(value),
        defaultMessage: () =>
          multiline ? '$property must not contain control characters other than line breaks and tabs' : '$property must not contain control characters',
      },
    },
    options,
  );

/** Every string field goes through this: no control characters, no lone surrogates. */
export const SafeString = (multiline = false, options: ValidationOptions = {}) =>
  applyDecorators(NoControlCharacters(multiline, options), IsWellFormedText(options));

/** An optional field may be absent; null is refused with its own message (not treated as absent). */
export const IsOptionalNotNull = () =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ValidateBy({
      name: 'notNull',
      validator: { validate: (value) => value !== null, defaultMessage: () => '$property must not be null (leave it out instead)' },
    }),
  );

/**
 * Issue #34: every request body has an example. The typed fields give a sensible one unless the
 * DTO names its own (free text has none: the DTO says what a real value looks like).
 */
const withExample = (options: FieldOptions, example: unknown): FieldOptions => ({ example, ...options });

const doc = (options: FieldOptions, schema: Record<string, unknown>) => {
  const property = { description: options.description, example: options.example, ...schema, ...(options.nullable ? { nullable: true } : {}) };
  if (options.nullable) return applyDecorators(IsOptional(), options.optional ? ApiPropertyOptional(property) : ApiProperty(property));
  return options.optional ? applyDecorators(IsOptionalNotNull(), ApiPropertyOptional(property)) : ApiProperty(property);
};

export const EmailField = (options: FieldOptions = {}) =>
  applyDecorators(
    doc(withExample(options, 'camille@example.com'), { type: String, format: 'email', maxLength: 254 }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsWellFormedText(),
    IsEmail({}, { message: '$property must be a valid email address' }),
    Length(3, 254),
  );

export const PasswordField = (options: FieldOptions = {}) =>
  applyDecorators(
    doc(withExample(options, 'correct-horse-battery'), { type: String, minLength: 10, maxLength: 256, format: 'password' }),
    IsString(),
    SafeString(),
    Length(10, 256, { message: '$property must be between 10 and 256 characters' }),
  );

/** Trimmed text without control characters; `multiline` allows line breaks and tabs (captions, templates, notes). */
export const TextField = (min: number, max: number, options: FieldOptions & { multiline?: boolean } = {}) =>
  applyDecorators(
    doc(options, { type: String, minLength: min, maxLength: max }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    SafeString(options.multiline ?? false),
    Length(min, max),
  );

export const PatternField = (pattern: RegExp, message: string, max: number, options: FieldOptions = {}) =>
  applyDecorators(
    doc(options, { type: String, pattern: pattern.source, maxLength: max }),
    IsString(),
    SafeString(),
    Length(1, max),
    Matches(pattern, { message }),
  );

export const EnumField = <T extends string>(values: readonly T[], options: FieldOptions = {}) =>
  applyDecorators(
    doc(withExample(options, values[0]), { enum: values, type: String }),
    IsIn(values as T[], { message: `$property must be one of ${values.join(', ')}` }),
  );

export const EnumArrayField = <T extends string>(values: readonly T[], options: FieldOptions = {}) =>
  applyDecorators(
    doc(withExample(options, values.slice(0, 1)), { enum: values, isArray: true, type: String }),
    IsArray(),
    ArrayMinSize(1),
    ArrayUnique(),
    IsIn(values as T[], { each: true, message: `each value in $property must be one of ${values.join(', ')}` }),
  );

export const UuidField = (options: FieldOptions = {}) =>
  applyDecorators(doc(withExample(options, '5f0c9a1e-7b2d-4c1d-9e1a-3b6f2a8c4d10'), { type: String, format: 'uuid' }), IsUUID('all'));

export const DateTimeField = (options: FieldOptions = {}) =>
  applyDecorators(
    doc(withExample(options, '2030-03-14T18:30:00+01:00'), { type: String, format: 'date-time' }),
    IsDateString({ strict: true }, { message: '$property must be an ISO 8601 date-time' }),
  );

export const IntField = (min: number, max: number, options: FieldOptions = {}) =>
  applyDecorators(
    doc(withExample(options, Math.min(Math.max(min, 1), max)), { type: Number, minimum: min, maximum: max }),
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
