import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '../../common/security/secrets.js';

/**
 * argon2id (the library's default algorithm) at OWASP's minimum: 19 MiB, 2 passes, 1 lane.
 * verify() compares in constant time.
 */
const ARGON2_OPTIONS = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
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
