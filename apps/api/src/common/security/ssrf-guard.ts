import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Every URL the server fetches on someone's behalf (alert webhooks, imports by URL) goes through
 * here: http(s) only, and no private, loopback, link-local or otherwise internal address — checked
 * on the literal host and again on every address DNS returns (a public name can point inside).
 */
export class BlockedUrlError extends Error {
  readonly code = 'URL_NOT_ALLOWED';
}

const V4_BLOCKED: [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local (cloud metadata 169.254.169.254)
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // 192.0.0/24
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, broadcast
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

export function isInternalAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const n = v4ToInt(ip);
    return V4_BLOCKED.some(([base, bits]) => (n >>> (32 - bits)) === (base >>> (32 - bits)));
  }
  const v6 = ip.toLowerCase().replace(/^\[|\]$/g, '');
  if (v6 === '::' || v6 === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isInternalAddress(mapped[1]!);
  return /^(fe[89ab]|fc|fd|ff)/.test(v6); // link-local, unique-local, multicast
}

export interface UrlPolicy {
  /** Development only: allow loopback/private targets (e.g. a local webhook receiver). */
  allowInternal?: boolean;
  resolve?: (host: string) => Promise<string[]>;
}

const defaultResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Throws BlockedUrlError unless `raw` is an http(s) URL whose host resolves only to public addresses. */
export async function assertFetchableUrl(raw: string, policy: UrlPolicy = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedUrlError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BlockedUrlError(`scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new BlockedUrlError('credentials in URLs are not allowed');
  if (policy.allowInternal) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await (policy.resolve ?? defaultResolve)(host).catch(() => {
    throw new BlockedUrlError(`host ${host} does not resolve`);
  });
  if (addresses.length === 0 || addresses.some(isInternalAddress)) throw new BlockedUrlError(`host ${host} points to an internal address`);
  return url;
}

/**
 * fetch with the guard applied to the URL and to every redirect hop (redirects are followed by
 * hand, at most 5).
 */
export async function guardedFetch(raw: string, init: RequestInit = {}, policy: UrlPolicy = {}): Promise<Response> {
  let current = raw;
  for (let hop = 0; hop <= 5; hop++) {
    const url = await assertFetchableUrl(current, policy);
    const res = await fetch(url, { ...init, redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return res;
    current = new URL(location, url).toString();
  }
  throw new BlockedUrlError('too many redirects');
}
