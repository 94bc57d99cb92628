import type { IncomingMessage } from 'node:http';

import { isLocalCaller, isLoopbackAddress, isLoopbackHost } from './loopback.js';

const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('loopback checks', () => {
  it('knows loopback peer addresses, IPv4-mapped ones included, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2'])
      expect({ a, loopback: isLoopbackAddress(a) }).toEqual({ a, loopback: true });
    for (const a of [undefined, '', '192.0.2.2', '::ffff:192.0.2.2', '10.0.0.1', '0.0.0.0', '::', 'fd00::2', '127.0.0.1.evil', 'localhost']) {
      expect({ a, loopback: isLoopbackAddress(a) }).toEqual({ a, loopback: false });
    }
  });

  it('knows loopback HOST settings', () => {
    for (const h of ['127.0.0.1', 'localhost', 'LOCALHOST', '::1', '[::1]', 'api.localhost'])
      expect({ h, loopback: isLoopbackHost(h) }).toEqual({ h, loopback: true });
    for (const h of ['0.0.0.0', '::', '192.0.2.2', 'example.com', 'localhost.example.com'])
      expect({ h, loopback: isLoopbackHost(h) }).toEqual({ h, loopback: false });
  });

  it('takes the TCP peer, never a header, and refuses a loopback peer relaying someone else', () => {
    expect(isLocalCaller(request('::ffff:127.0.0.1'))).toBe(true);
    expect(isLocalCaller(request('192.0.2.2', { 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
    expect(isLocalCaller(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe(false);
    expect(isLocalCaller(request('127.0.0.1', { forwarded: 'for=203.0.113.7' }))).toBe(false);
    expect(isLocalCaller(request(undefined))).toBe(false);
  });
});
