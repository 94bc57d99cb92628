import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

import { API_ERROR_CODES, FIELD_ISSUE_CODES } from '@mwr/domain';

import { AppModule } from '../../app.module.js';

const SRC = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Where error codes are written: the modules' error files, anything that throws an AppException or a tus error, the global filter. */
const ERROR_SOURCE = /AppException|tusError|\bERRORS\b|CODE_BY_STATUS|ItemStateConflict|extends Error/;

/** Upper-case literals in those files that are not error codes (HTTP methods, TikTok privacy levels, vendor enums, a Node error code). */
const NOT_ERROR_CODES = new Set([
  'POST',
  'HEAD',
  'LINK',
  'JPEG',
  'BUSINESS',
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
  'ERR_STREAM_PREMATURE_CLOSE',
  // Internal failures, never an HTTP answer: a refresh retried by the job, startup errors, a token the cipher cannot read (answered as RECONNECT_REQUIRED).
  'REFRESH_UNAVAILABLE',
  'CONFIG_INVALID',
  'MIGRATION_FAILED',
  'TOKEN_DECRYPT_FAILED',
  // The domain's uncancel refusal, answered as SCHEDULE_IN_PAST (calendar/content-undo.errors.ts).
  'TIME_PASSED',
]);

describe('API error codes', () => {
  it('lists every code the API can answer with in @mwr/domain API_ERROR_CODES (the SPA words each one)', () => {
    // Field issue codes appear in the same files (e.g. a service's own field check): they are listed too, in FIELD_ISSUE_CODES.
    const listed = new Set<string>([...API_ERROR_CODES, ...FIELD_ISSUE_CODES]);
    const unlisted = new Map<string, string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (!ERROR_SOURCE.test(text)) continue;
      for (const [, code] of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})'/g)) {
        if (code && !listed.has(code) && !NOT_ERROR_CODES.has(code)) unlisted.set(code, relative(SRC, file));
      }
    }
    expect(Object.fromEntries(unlisted)).toEqual({});
  });

  it('lists no code twice', () => {
    expect(API_ERROR_CODES.filter((code, i) => API_ERROR_CODES.indexOf(code) !== i)).toEqual([]);
    expect(FIELD_ISSUE_CODES.filter((code, i) => FIELD_ISSUE_CODES.indexOf(code) !== i)).toEqual([]);
  });

  it('lists every class-validator constraint a DTO uses in FIELD_ISSUE_CODES (each is a field issue code)', () => {
    expect(AppModule).toBeDefined(); // importing it loaded every DTO, so their decorators are registered
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
    const skipped: string[] = [ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.IS_DEFINED, ValidationTypes.PROMISE_VALIDATION];
    const used = new Set<string>();
    for (const metadatas of storage.validationMetadatas.values()) {
      for (const metadata of metadatas) {
        if (skipped.includes(metadata.type)) continue;
        used.add(metadata.type === ValidationTypes.CUSTOM_VALIDATION ? (metadata.name ?? metadata.type) : metadata.type);
      }
    }
    const listed = new Set<string>(FIELD_ISSUE_CODES);
    expect([...used].filter((name) => !listed.has(name)).sort()).toEqual([]);
  });
});
