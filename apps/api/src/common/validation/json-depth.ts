import { HttpStatus } from '@nestjs/common';

/** Deeper JSON than any request of ours needs; far below what overflows class-transformer's recursion. */
export const MAX_JSON_DEPTH = 32;

/** A 4xx the body parser passes on as is (http-errors' shape): the global filter answers it with its message. */
class JsonTooDeep extends Error {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly statusCode = HttpStatus.BAD_REQUEST;
  readonly expose = true;
  readonly type = 'entity.too.deep';
  constructor(max: number) {
    super(`Request body is nested too deeply (more than ${max} levels of objects and arrays)`);
  }
}

/**
 * Throws when the raw JSON text nests objects and arrays deeper than `max`. Runs on the body
 * before JSON.parse, so a hostile body costs one linear scan. Brackets inside strings do not
 * count. UTF-8 is scanned byte by byte (continuation bytes never equal the ASCII bytes looked
 * at); another charset (body-parser accepts utf-16) is decoded first.
 */
export function assertJsonDepth(body: Buffer, encoding: string | null | undefined, max = MAX_JSON_DEPTH): void {
  const utf8 = !encoding || /^utf-?8$/i.test(encoding);
  const units: ArrayLike<number> = utf8 ? body : Uint16Array.from(new TextDecoder(encoding).decode(body), (c) => c.charCodeAt(0));
  let depth = 0;
  let inString = false;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (inString) {
      if (unit === 0x5c /* \ */) i++;
      else if (unit === 0x22 /* " */) inString = false;
    } else if (unit === 0x22) inString = true;
    else if (unit === 0x7b /* { */ || unit === 0x5b /* [ */) {
      if (++depth > max) throw new JsonTooDeep(max);
    } else if (unit === 0x7d /* } */ || unit === 0x5d /* ] */) depth--;
  }
}
