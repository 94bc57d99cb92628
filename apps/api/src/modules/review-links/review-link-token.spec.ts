import { randomUUID } from 'node:crypto';

import { ReviewLinkTokens } from './review-link-token.js';

describe('review link tokens', () => {
  const tokens = new ReviewLinkTokens(Buffer.from('a test key of enough length, 32+ bytes'));
  const id = randomUUID();
  const token = tokens.sign(id);

  it('gives back the link id of a token it signed', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify(token)).toBe(id);
  });

  it('refuses a token whose id or signature was changed, or signed with another key', () => {
    const [idPart, mac] = token.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (let i = 0; i < idPart.length; i++) expect(tokens.verify(`${flip(idPart, i)}.${mac}`)).toBeUndefined();
    for (let i = 0; i < mac.length; i++) expect(tokens.verify(`${idPart}.${flip(mac, i)}`)).toBeUndefined();
    expect(new ReviewLinkTokens(Buffer.from('another key, also long enough!!!')).verify(token)).toBeUndefined();
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', '.', token + '.x', token.split('.')[0]!, `${token.split('.')[0]}.`, 'a.b', `${token}=`]) expect(tokens.verify(bad)).toBeUndefined();
  });
});
