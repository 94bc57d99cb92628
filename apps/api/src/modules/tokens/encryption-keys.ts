import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Logger } from '@nestjs/common';

import type { AppConfig } from '../config/index.js';
import { parseEncryptionKeys, type EncryptionKey } from './token-cipher.js';

export const LOCAL_KEY_FILE = 'encryption-keys';

/**
 * ENCRYPTION_KEYS when set (required in production). Otherwise, for the embedded default, a key
 * generated once into DATA_DIR (mode 0600) — with a loud warning, since whoever reads the data
 * folder can then read the tokens.
 */
export function resolveEncryptionKeys(config: Pick<AppConfig, 'encryptionKeys' | 'dataDir'>, logger: Pick<Logger, 'warn'>): EncryptionKey[] {
  if (config.encryptionKeys?.length) return config.encryptionKeys;
  const file = join(config.dataDir, LOCAL_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  logger.warn(
    `ENCRYPTION_KEYS is not set: OAuth tokens are encrypted with the key in ${file}. Fine on a laptop; in production set ENCRYPTION_KEYS and keep the key out of the data folder.`,
  );
  return parseEncryptionKeys(readFileSync(file, 'utf8').trim()).sort((a, b) => b.version - a.version);
}
