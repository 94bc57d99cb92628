import { matchesUrlPrefix, normalizeUrlPrefix } from './url-prefix.js';

const prefix = (raw: string): string => {
  const r = normalizeUrlPrefix(raw);
  if ('error' in r) throw new Error(r.error);
  return r.prefix;
};

describe('URL prefixes verified with TikTok', () => {
  it('normalises a prefix: scheme and host lower-cased, default port dropped', () => {
    expect(prefix('HTTPS://Media.Example.com:443/videos/')).toBe('https://media.example.com/videos/');
    expect(prefix('https://media.example.com/')).toBe('https://media.example.com/');
  });

  it('refuses what is not an https://host/path/ prefix, saying why', () => {
    expect(normalizeUrlPrefix('media.example.com/videos/')).toEqual({ error: expect.stringContaining('is not a URL') });
    expect(normalizeUrlPrefix('ftp://media.example.com/')).toEqual({ error: expect.stringContaining('http(s)') });
    expect(normalizeUrlPrefix('https://media.example.com/videos')).toEqual({ error: expect.stringContaining('must end with "/"') });
    expect(normalizeUrlPrefix('https://media.example.com')).toEqual({ prefix: 'https://media.example.com/' });
    expect(normalizeUrlPrefix('https://u:p@media.example.com/')).toEqual({ error: expect.stringContaining('user name') });
    expect(normalizeUrlPrefix('https://media.example.com/v/?x=1')).toEqual({ error: expect.stringContaining('query') });
  });

  it('matches a link only when its normalised form starts with the prefix', () => {
    const prefixes = [prefix('https://media.example.com/videos/')];
    expect(matchesUrlPrefix('https://media.example.com/videos/a.mp4?sig=1', prefixes)).toBe(true);
    expect(matchesUrlPrefix('https://MEDIA.example.com:443/videos/a.mp4', prefixes)).toBe(true);
    expect(matchesUrlPrefix('https://media.example.com/videos-evil/a.mp4', prefixes)).toBe(false);
    expect(matchesUrlPrefix('https://media.example.com/videos/../private/a.mp4', prefixes)).toBe(false);
    expect(matchesUrlPrefix('https://media.example.com/videos/%2e%2e/private/a.mp4', prefixes)).toBe(false);
    expect(matchesUrlPrefix('https://media.example.com.evil.net/videos/a.mp4', prefixes)).toBe(false);
    expect(matchesUrlPrefix('https://media.example.com@evil.net/videos/a.mp4', prefixes)).toBe(false);
    expect(matchesUrlPrefix('http://media.example.com/videos/a.mp4', prefixes)).toBe(false);
    expect(matchesUrlPrefix('not a url', prefixes)).toBe(false);
    expect(matchesUrlPrefix(undefined, prefixes)).toBe(false);
    expect(matchesUrlPrefix('https://media.example.com/videos/a.mp4', [])).toBe(false);
  });
});
