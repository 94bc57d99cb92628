import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

import { AppException, type ErrorParams } from '../errors/app-exception.js';
import { isWellFormed } from './fields.js';

/**
 * One reason a field is refused, for a client to word itself: `code` is the class-validator
 * constraint (`isLength`, `min`, `isIn`, `whitelistValidation`…) or a domain check's own code
 * (`SCHEDULE_IN_PAST`); `params` always has `field` (and `constraint`), plus the rule's values.
 */
export interface FieldIssue {
  code: string;
  params: ErrorParams;
}

export interface FieldError {
  field: string;
  /** English, for integrators. */
  messages: string[];
  /** The first issue's code and params (the one `messages[0]` describes). */
  code?: string;
  params?: ErrorParams;
  /** Every issue, in the order of `messages`. */
  issues?: FieldIssue[];
}

/** A field error with its codes: `issue` per message, `code`/`params` of the first. */
export function fieldError(field: string, issues: (FieldIssue & { message: string })[]): FieldError {
  const coded = issues.map(({ code, params }) => ({ code, params: { field, constraint: code, ...params } }));
  return { field, messages: issues.map((issue) => issue.message), code: coded[0]?.code, params: coded[0]?.params, issues: coded };
}

/** Names for the arguments of class-validator's constraints, so a client reads `{ min, max }` instead of `[1, 80]`. */
const CONSTRAINT_ARGUMENTS: Record<string, string[]> = {
  isLength: ['min', 'max'],
  minLength: ['min'],
  maxLength: ['max'],
  min: ['min'],
  max: ['max'],
  arrayMinSize: ['min'],
  arrayMaxSize: ['max'],
  isIn: ['allowed'],
  isNotIn: ['refused'],
  equals: ['expected'],
  minDate: ['min'],
  maxDate: ['max'],
};

/** The arguments the failed constraint was declared with (`@Length(1, 80)` → `{ min: 1, max: 80 }`), read from class-validator's metadata. */
function constraintParams(error: ValidationError, constraint: string): ErrorParams {
  const names = CONSTRAINT_ARGUMENTS[constraint];
  const target = error.target?.constructor;
  if (!names || !target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === constraint);
  const args = (metadata?.constraints ?? []) as unknown[];
  return Object.fromEntries(names.flatMap((name, i) => (args[i] === undefined ? [] : [[name, args[i]]])));
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const issues = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      code: constraint,
      message,
      params: constraintParams(error, constraint),
    }));
    const own = issues.length ? [fieldError(field, issues)] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** `VALIDATION_FAILED`'s top-level params: the first field's first issue (`{ field, constraint, min… }`). */
export function validationParams(details: FieldError[]): ErrorParams {
  const first = details[0];
  return first ? { field: first.field, ...(first.params ?? {}) } : {};
}

/**
 * The first string (value or key) of a request part that PostgreSQL could not store: a NUL
 * character, or ill-formed UTF-16 (a lone surrogate). Field decorators refuse these too; this net
 * also covers free-form JSON (options objects), query strings and path parameters.
 */
export function findUnstorableText(value: unknown, field: string, depth = 0): FieldError | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field, messages: [`${field || 'the request'} must not contain a NUL character`] };
    if (!isWellFormed(value)) return { field, messages: [`${field || 'the request'} is not valid Unicode text (it contains a lone surrogate)`] };
    return undefined;
  }
  // The JSON body parser caps nesting well below this; query objects are shallower still.
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
    const badKey = Array.isArray(value) ? undefined : findUnstorableText(key, path, depth + 1);
    if (badKey) return { field: path, messages: [`the name of ${badKey.messages[0]}`] };
    const bad = findUnstorableText(child, path, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const bad = findUnstorableText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (bad) {
        const details = [fieldError(bad.field, [{ code: 'unstorableText', message: bad.messages.join('; '), params: {} }])];
        throw new AppException('VALIDATION_FAILED', bad.messages.join('; '), HttpStatus.BAD_REQUEST, details, validationParams(details));
      }
    }
    return super.transform(value, metadata);
  }
}

/** Global validation: unknown fields are refused, payloads are transformed to their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The target lets the exception factory read each constraint's arguments (it is not sent).
    validationError: { target: true },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.flatMap((d) => d.messages).join('; ') || 'Validation failed';
      return new AppException('VALIDATION_FAILED', message, HttpStatus.BAD_REQUEST, details, validationParams(details));
    },
  });
}
