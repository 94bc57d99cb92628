import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AppConfig } from '../config/index.js';

export const LOCAL_MEDIA_KEY_FILE = 'media-signing-key';

/** MEDIA_SIGNING_KEY, or a key generated once into DATA_DIR (mode 0600) so links survive restarts. */
export function resolveMediaSigningKey(config: Pick<AppConfig, 'dataDir' | 'media'>): Buffer {
  if (config.media.signingKey) return Buffer.from(config.media.signingKey, 'utf8');
  const file = join(config.dataDir, LOCAL_MEDIA_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `/media/{token}` tokens: base64url("<assetId>.<expiry unix seconds>") "." base64url(HMAC-SHA256).
 * Nothing is stored: the signature is the authorisation, the expiry bounds it.
 */
export class MediaTokens {
  constructor(private readonly key: Buffer) {}

  sign(assetId: string, expiresAt: Date): string {
    const payload = `${assetId}.${Math.floor(expiresAt.getTime() / 1000)}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /** The asset id when the token is authentic and unexpired; otherwise why not. */
  verify(token: string, now = new Date()): { assetId: string } | { error: 'malformed' | 'tampered' | 'expired' } {
    const [encoded, signature, extra] = token.split('.');
    if (!encoded || !signature || extra !== undefined) return { error: 'malformed' };
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = this.mac(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'tampered' };
    const [assetId, expiry] = payload.split('.');
    if (!assetId || !UUID.test(assetId) || !expiry || !/^\d{1,12}$/.test(expiry)) return { error: 'malformed' };
    if (Number(expiry) * 1000 <= now.getTime()) return { error: 'expired' };
    return { assetId };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
