import { HttpStatus } from '@nestjs/common';

import { AppException } from '../errors/app-exception.js';
import { PatternField } from '../validation/fields.js';

/**
 * The one keyset cursor codec. A cursor is the sort key of the last row of a page, as an opaque
 * base64url token of typed fields; decoding validates every field, so a cursor this API did not
 * return is a 400 INVALID_CURSOR, never a database error.
 *
 *   const CURSOR = keysetCursor({ createdAtMicros: 'micros', id: 'uuid' });
 *   nextCursor = CURSOR.encode({ createdAtMicros: row.cursorMicros, id: row.id });
 *   const after = CURSOR.decodeOptional(query.cursor);   // { createdAtMicros, id } | undefined
 */
export type CursorFieldKind = 'micros' | 'uuid' | 'bigint';

const FIELD: Record<CursorFieldKind, RegExp> = {
  // Microseconds since the epoch (PostgreSQL's timestamp precision; a JS Date would round it): within bigint.
  micros: /^\d{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // A bigserial id: at most 18 digits, always within bigint.
  bigint: /^\d{1,18}$/,
};

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;
const MESSAGE = 'cursor must be the nextCursor of a previous page';

export class InvalidCursor extends AppException {
  constructor() {
    super('INVALID_CURSOR', MESSAGE, HttpStatus.BAD_REQUEST);
  }
}

export interface KeysetCursorCodec<K extends string> {
  encode(values: Readonly<Record<K, string>>): string;
  /** Throws InvalidCursor (400) unless the cursor is one `encode` made. */
  decode(cursor: string): Record<K, string>;
  decodeOptional(cursor: string | undefined): Record<K, string> | undefined;
}

export function keysetCursor<K extends string>(fields: Readonly<Record<K, CursorFieldKind>>): KeysetCursorCodec<K> {
  const entries = Object.entries(fields) as [K, CursorFieldKind][];
  const decode = (cursor: string): Record<K, string> => {
    if (!TOKEN.test(cursor)) throw new InvalidCursor();
    const bytes = Buffer.from(cursor, 'base64url');
    // base64url decoding is lenient: only a canonical token is one we made.
    if (bytes.toString('base64url') !== cursor) throw new InvalidCursor();
    const parts = bytes.toString('utf8').split('|');
    if (parts.length !== entries.length) throw new InvalidCursor();
    const values = {} as Record<K, string>;
    entries.forEach(([name, kind], i) => {
      const part = parts[i];
      if (part === undefined || !FIELD[kind].test(part)) throw new InvalidCursor();
      values[name] = part;
    });
    return values;
  };
  return {
    encode(values) {
      return Buffer.from(
        entries
          .map(([name, kind]) => {
            const value = values[name];
            if (!FIELD[kind].test(value)) throw new Error(`cursor field ${name} is not a valid ${kind}: ${value}`);
            return value;
          })
          .join('|'),
      ).toString('base64url');
    },
    decode,
    decodeOptional: (cursor) => (cursor === undefined || cursor === '' ? undefined : decode(cursor)),
  };
}

/** A Date as the cursor's micros field, and back (for sort keys the repository takes as a Date). */
export const dateToMicros = (at: Date | string): string => String(new Date(at).getTime() * 1000);
export const microsToDate = (micros: string): Date => new Date(Math.floor(Number(micros) / 1000));

/** The `cursor` query parameter of every keyset-paged route. */
export const CursorQueryField = () => PatternField(TOKEN, MESSAGE, 200, { optional: true, description: 'nextCursor of the previous page' });
