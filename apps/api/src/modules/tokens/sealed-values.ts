import { Inject, Injectable } from '@nestjs/common';

import { TokenCipher, TokenDecryptError } from './token-cipher.js';
import { TOKEN_CIPHER } from './tokens.service.js';

/** `mwr-sealed:<key version>:<base64 of iv|tag|ciphertext>`: a sealed string that can sit in JSON. */
const PREFIX = 'mwr-sealed:';
const SEALED = /^mwr-sealed:(\d{1,9}):([A-Za-z0-9+/]+={0,2})$/;

/**
 * Secrets that must be stored somewhere other than oauth_tokens (a publish job's checkpoint
 * holds signed media links and upload URLs with their upload token) are sealed with the same
 * keys and AES-256-GCM as the OAuth tokens. The AAD names the row and field, so a sealed value
 * copied elsewhere does not open.
 */
@Injectable()
export class SealedValues {
  constructor(@Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher) {}

  seal(plaintext: string, aad: string): string {
    const { version, sealed } = this.cipher.seal(plaintext, aad);
    return `${PREFIX}${version}:${sealed.toString('base64')}`;
  }

  isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** Throws TokenDecryptError when no key opens it (or it is not a sealed value). */
  open(value: string, aad: string): string {
    const match = SEALED.exec(value);
    if (!match) throw new TokenDecryptError('not a sealed value');
    return this.cipher.open(Buffer.from(match[2]!, 'base64'), Number(match[1]), aad);
  }
}
