import { randomBytes } from 'node:crypto';

import { parseEncryptionKeys, tokenAad, TokenCipher, TokenDecryptError } from './token-cipher.js';

const key = (version: number) => ({ version, key: randomBytes(32) });
const aad = tokenAad('ws-1', 'acct-1', 'access_token');

describe('TokenCipher', () => {
  it('round-trips a token and never stores it in the clear', () => {
    const cipher = new TokenCipher([key(1)]);
    const { version, sealed } = cipher.seal('act.secret-token-value', aad);
    expect(version).toBe(1);
    expect(sealed.toString('latin1')).not.toContain('secret-token-value');
    expect(cipher.open(sealed, version, aad)).toBe('act.secret-token-value');
  });

  it('uses a fresh IV every time', () => {
    const cipher = new TokenCipher([key(1)]);
    expect(cipher.seal('same', aad).sealed.equals(cipher.seal('same', aad).sealed)).toBe(false);
  });

  it('refuses a ciphertext moved to another row or column (AAD mismatch)', () => {
    const cipher = new TokenCipher([key(1)]);
    const { version, sealed } = cipher.seal('token', aad);
    expect(() => cipher.open(sealed, version, tokenAad('ws-1', 'acct-2', 'access_token'))).toThrow(TokenDecryptError);
    expect(() => cipher.open(sealed, version, tokenAad('ws-1', 'acct-1', 'refresh_token'))).toThrow(TokenDecryptError);
  });

  it('detects a tampered tag or ciphertext', () => {
    const cipher = new TokenCipher([key(1)]);
    const { version, sealed } = cipher.seal('token', aad);
    const badTag = Buffer.from(sealed);
    badTag[14]! ^= 0x01;
    expect(() => cipher.open(badTag, version, aad)).toThrow(TokenDecryptError);
    const badBody = Buffer.from(sealed);
    badBody[badBody.length - 1]! ^= 0x01;
    expect(() => cipher.open(badBody, version, aad)).toThrow(/could not be decrypted/);
  });

  it('encrypts with the newest key and still opens older versions', () => {
    const v1 = key(1);
    const old = new TokenCipher([v1]).seal('from v1', aad);
    const rotated = new TokenCipher([key(2), v1]);
    expect(rotated.open(old.sealed, old.version, aad)).toBe('from v1');
    const fresh = rotated.seal('from v2', aad);
    expect(fresh.version).toBe(2);
    expect(() => new TokenCipher([v1]).open(fresh.sealed, fresh.version, aad)).toThrow(/no encryption key with version 2/);
  });

  it('parses versioned key lists and names bad entries without echoing them', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    expect(parseEncryptionKeys(`2:${a},1:${b}`).map((k) => k.version)).toEqual([2, 1]);
    expect(() => parseEncryptionKeys('2:tooshort')).toThrow(/key version 2 must decode to 32 bytes/);
    expect(() => parseEncryptionKeys(`1:${a},1:${b}`)).toThrow(/share a version/);
    // The whole message is fixed, so the key material cannot be in it.
    expect(() => parseEncryptionKeys(`x:${a}`)).toThrow(new Error('entry 1 must look like <version>:<base64 key>'));
    expect(() => parseEncryptionKeys(`1:${a},zz${b}`)).toThrow(new Error('entry 2 must look like <version>:<base64 key>'));
  });
});
