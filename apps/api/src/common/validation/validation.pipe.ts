import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

import { AppException } from '../errors/app-exception.js';
import { isWellFormed } from './fields.js';

export interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
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
      if (bad) throw new AppException('VALIDATION_FAILED', bad.messages.join('; '), HttpStatus.BAD_REQUEST, [bad]);
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
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.flatMap((d) => d.messages).join('; ') || 'Validation failed';
      return new AppException('VALIDATION_FAILED', message, HttpStatus.BAD_REQUEST, details);
    },
  });
}
