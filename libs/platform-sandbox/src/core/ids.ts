import { createHash, randomBytes } from 'node:crypto';

export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function randomDigits(length: number, firstNonZero = true): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) {
    const b = bytes[i] ?? 0;
    out += i === 0 && firstNonZero ? String(1 + (b % 9)) : String(b % 10);
  }
  return out;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Sequence numbers per sandbox, used for readable ids. */
export class Sequence {
  private n = 0;
  next(): number {
    this.n += 1;
    return this.n;
  }
}
