import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with versioned keys. A sealed value is `iv(12) | tag(16) | ciphertext`, stored
 * beside its key version. The AAD names the row and column (workspace|account|column), so a
 * ciphertext copied into another row or column fails to open.
 */
export interface EncryptionKey {
  version: number;
  key: Buffer;
}

export class TokenDecryptError extends Error {
  readonly code = 'TOKEN_DECRYPT_FAILED';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function tokenAad(workspaceId: string, accountId: string, column: 'access_token' | 'refresh_token'): string {
  return `${workspaceId}|${accountId}|${column}`;
}

export class TokenCipher {
  private readonly byVersion: Map<number, Buffer>;
  readonly currentVersion: number;

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('at least one encryption key is required');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`encryption key version ${k.version} must be 32 bytes, got ${k.key.length}`);
    this.byVersion = new Map(keys.map((k) => [k.version, k.key]));
    this.currentVersion = Math.max(...keys.map((k) => k.version));
  }

  seal(plaintext: string, aad: string): { version: number; sealed: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.byVersion.get(this.currentVersion)!, iv);
    cipher.setAAD(Buffer.from(aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { version: this.currentVersion, sealed: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
  }

  open(sealed: Buffer, version: number, aad: string): string {
    const key = this.byVersion.get(version);
    if (!key) throw new TokenDecryptError(`no encryption key with version ${version}`);
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new TokenDecryptError('sealed token is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // Never echo what failed to decrypt.
      throw new TokenDecryptError('token could not be decrypted (wrong key, row or tampered data)');
    }
  }
}

/** `2:base64,1:base64` → keys. Throws with a message naming the bad entry (never its value). */
export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index) => {
      const match = /^(\d{1,6}):([A-Za-z0-9+/=_-]+)$/.exec(part);
      if (!match) throw new Error(`entry ${index + 1} must look like <version>:<base64 key>`);
      const key = Buffer.from(match[2]!, 'base64');
      if (key.length !== 32) throw new Error(`key version ${match[1]} must decode to 32 bytes (got ${key.length})`);
      return { version: Number(match[1]), key };
    });
  if (keys.length === 0) throw new Error('no keys given');
  if (new Set(keys.map((k) => k.version)).size !== keys.length) throw new Error('two keys share a version');
  return keys;
}
