import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID_HEX = /^[0-9a-f]{32}$/;

/**
 * Review link tokens: base64url(the link's 16-byte id) "." base64url(HMAC-SHA256 of it, domain
 * "review-link:"). The signature makes ids unguessable and untamperable without a database read;
 * the row (review_links) still decides: expiry, revocation, what it shows.
 */
export class ReviewLinkTokens {
  constructor(private readonly key: Buffer) {}

  sign(linkId: string): string {
    const id = Buffer.from(linkId.replace(/-/g, ''), 'hex');
    return `${id.toString('base64url')}.${this.mac(id).toString('base64url')}`;
  }

  /** The link id when the token is authentic; undefined for anything else (malformed, tampered). */
  verify(token: string): string | undefined {
    const [idPart, macPart, extra] = token.split('.');
    if (!idPart || !macPart || extra !== undefined) return undefined;
    const id = Buffer.from(idPart, 'base64url');
    const mac = Buffer.from(macPart, 'base64url');
    if (id.length !== 16 || id.toString('base64url') !== idPart) return undefined;
    const expected = this.mac(id);
    // One spelling per token: padding or stray bits in the last character make another string.
    if (mac.toString('base64url') !== macPart) return undefined;
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    const hex = id.toString('hex');
    if (!UUID_HEX.test(hex)) return undefined;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private mac(id: Buffer): Buffer {
    return createHmac('sha256', this.key).update('review-link:').update(id).digest();
  }
}
