import { dateToMicros, InvalidCursor, keysetCursor, microsToDate } from './keyset-cursor.js';

const ID = '0b6f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('keyset cursor codec', () => {
  const timeId = keysetCursor({ createdAtMicros: 'micros', id: 'uuid' });
  const byId = keysetCursor({ id: 'bigint' });

  it('round-trips what it encodes, as an opaque base64url token', () => {
    const cursor = timeId.encode({ createdAtMicros: '1733500000123456', id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(timeId.decode(cursor)).toEqual({ createdAtMicros: '1733500000123456', id: ID });
    expect(byId.decode(byId.encode({ id: '42' }))).toEqual({ id: '42' });
    expect(timeId.decodeOptional(undefined)).toBeUndefined();
  });

  it.each([
    ['garbage', 'abc'],
    ['not base64url', 'a+b/c='],
    ['non-canonical base64url', `${b64(`1|${ID}`)}A`],
    ['too few fields', b64('1733500000123456')],
    ['too many fields', b64(`1|${ID}|x`)],
    ['a non-numeric time', b64(`yesterday|${ID}`)],
    ['a negative time', b64(`-1|${ID}`)],
    ['a time beyond bigint', b64(`${'9'.repeat(19)}|${ID}`)],
    ['an id that is not a uuid', b64('1733500000123456|not-a-uuid')],
    ['an empty string', ''],
  ])('refuses %s with a 400 INVALID_CURSOR', (_what, cursor) => {
    const error = (() => {
      try {
        timeId.decode(cursor);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidCursor);
    expect(error).toMatchObject({ code: 'INVALID_CURSOR', status: 400, message: 'cursor must be the nextCursor of a previous page' });
  });

  it('refuses a bigint cursor that is not a bigint id', () => {
    for (const cursor of [b64('abc'), b64('-1'), b64('9'.repeat(19)), b64('1|2')]) expect(() => byId.decode(cursor)).toThrow(InvalidCursor);
  });

  it('will not encode a value it could not decode', () => {
    expect(() => timeId.encode({ createdAtMicros: 'now', id: ID })).toThrow();
  });

  it('maps a Date to micros and back at millisecond precision', () => {
    const at = new Date('2026-12-06T20:00:00.123Z');
    expect(dateToMicros(at)).toBe('1796587200123000');
    expect(microsToDate(dateToMicros(at)).toISOString()).toBe(at.toISOString());
  });
});
