import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

import { randomToken } from '../../common/security/secrets.js';
import { WeakPassword } from './auth.errors.js';

/**
 * argon2id (the library's default algorithm) at OWASP's minimum: 19 MiB, 2 passes, 1 lane.
 * verify() compares in constant time.
 */
const ARGON2_OPTIONS = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** Fewer different characters than this ('aaaaaaaaaaaa', 'abababababab') is refused, whatever the length. */
export const MIN_DISTINCT_PASSWORD_CHARACTERS = 5;

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

/** The ~50k most common leaked passwords (zxcvbn-ts' list), lower-cased; loaded once, on first use. */
function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));
  return commonPasswords;
}

/**
 * Why a new password is refused beyond its length (checked by the DTOs), or undefined: too few
 * different characters, or on the common-password list (ignoring case and spaces).
 */
export async function passwordWeakness(password: string): Promise<string | undefined> {
  if (new Set(password).size < MIN_DISTINCT_PASSWORD_CHARACTERS) return `must use at least ${MIN_DISTINCT_PASSWORD_CHARACTERS} different characters`;
  const common = await loadCommonPasswords();
  const lower = password.toLowerCase();
  if (common.has(lower) || common.has(lower.replace(/\s+/g, ''))) return 'is one of the most common passwords: choose one that is not on leaked-password lists';
  return undefined;
}

@Injectable()
export class PasswordHasher {
  /** Refuses a new password that is too common or too uniform (400 WEAK_PASSWORD naming `field`). */
  async assertAcceptable(password: string, field: string): Promise<void> {
    const problem = await passwordWeakness(password);
    if (problem) throw new WeakPassword(field, problem);
  }

  /** A real hash of a random password: checking an unknown email against it costs what a real check costs. */
  private readonly decoy: Promise<string> = hash(randomToken(24), ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as verify() and always fails. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoy, password);
    return false;
  }
}
