import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertFetchableUrl, BlockedUrlError, guardedFetch, isInternalAddress } from './ssrf-guard.js';

describe('SSRF guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'])('treats %s as internal', (ip) => {
    expect(isInternalAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111'])('treats %s as public', (ip) => {
    expect(isInternalAddress(ip)).toBe(false);
  });

  it('refuses other schemes, credentials, and names that resolve inside', async () => {
    await expect(assertFetchableUrl('file:///etc/passwd')).rejects.toThrow(/scheme file: is not allowed/);
    await expect(assertFetchableUrl('https://user:pw@example.com/')).rejects.toThrow(BlockedUrlError);
    await expect(assertFetchableUrl('http://metadata.example/', { resolve: async () => ['169.254.169.254'] })).rejects.toThrow(/internal address/);
    await expect(assertFetchableUrl('http://mixed.example/', { resolve: async () => ['8.8.8.8', '10.0.0.1'] })).rejects.toThrow(/internal address/);
    await expect(assertFetchableUrl('https://hooks.example/x', { resolve: async () => ['8.8.8.8'] })).resolves.toBeInstanceOf(URL);
  });

  it('re-checks every redirect hop', async () => {
    // A "public" server (allowed by the test's resolver) that redirects to loopback.
    const server = createServer((_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/admin' }).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    let first = true;
    const policy = {
      resolve: async () => ['8.8.8.8'],
    };
    try {
      // The first hop is to a name the resolver calls public but which is really this loopback server.
      const realFetch = global.fetch;
      global.fetch = ((input: URL | string, init?: RequestInit) => {
        const url = new URL(String(input));
        if (first && url.hostname === 'public.example') {
          first = false;
          url.hostname = '127.0.0.1';
          url.port = String(port);
        }
        return realFetch(url, init);
      }) as typeof fetch;
      try {
        await expect(guardedFetch('http://public.example/hook', {}, policy)).rejects.toThrow(/internal address/);
      } finally {
        global.fetch = realFetch;
      }
    } finally {
      server.close();
    }
  });
});
