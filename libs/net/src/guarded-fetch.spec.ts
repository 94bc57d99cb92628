import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { BlockedUrlError, guardedFetch, normalizeOrigin, OutboundFetchError, type Resolver } from './guarded-fetch.js';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  method: string;
  body: string;
}

/** A loopback server whose routes a test defines; it records every request it receives. */
async function startServer(routes: Record<string, (res: import('node:http').ServerResponse, port: number) => void>) {
  const seen: Seen[] = [];
  let port = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      seen.push({ path, headers: req.headers, method: req.method ?? '', body: Buffer.concat(chunks).toString() });
      const route = routes[path];
      if (route) route(res, port);
      else res.writeHead(404).end('no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

type TestServer = Awaited<ReturnType<typeof startServer>>;

describe('guardedFetch', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({
      '/ok': (res) => res.writeHead(200, { 'content-type': 'text/plain', 'x-one': 'a' }).end('hello'),
      '/to-mapped': (res, port) => res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/secret` }).end(),
      '/to-localhost': (res, port) => res.writeHead(302, { location: `http://localhost:${port}/secret` }).end(),
      '/to-ok': (res) => res.writeHead(301, { location: '/ok' }).end(),
      '/post-303': (res) => res.writeHead(303, { location: '/ok' }).end(),
      '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
      '/secret': (res) => res.writeHead(200).end('internal'),
      '/big': (res) => res.writeHead(200).end(Buffer.alloc(4096, 1)),
      '/hang': () => undefined,
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
  });

  const paths = () => server.seen.map((s) => s.path);

  it('refuses other schemes and credentials in the URL', async () => {
    await expect(guardedFetch('file:///etc/passwd')).rejects.toThrow(/scheme file: is not allowed/);
    await expect(guardedFetch('ftp://example.com/x')).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(guardedFetch('https://user:pw@example.com/')).rejects.toThrow(/credentials/);
    await expect(guardedFetch('not a url')).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
  });

  it.each([
    'http://127.0.0.1:{port}/ok',
    'http://[::1]:{port}/ok',
    'http://[::ffff:127.0.0.1]:{port}/ok',
    'http://[::ffff:169.254.169.254]/latest/meta-data/',
    'http://[::127.0.0.1]:{port}/ok',
    'http://[::ffff:0:127.0.0.1]:{port}/ok',
    'http://[64:ff9b::127.0.0.1]:{port}/ok',
    'http://[64:ff9b:1::10.0.0.1]/',
    'http://[2002:7f00:1::1]:{port}/ok',
    'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
    'http://0x7f000001:{port}/ok',
    'http://0177.0.0.1:{port}/ok',
  ])('refuses %s before any connection', async (template) => {
    const url = template.replace('{port}', String(server.port));
    await expect(guardedFetch(url, { timeoutMs: 2000 })).rejects.toBeInstanceOf(BlockedUrlError);
    expect(server.seen).toHaveLength(0);
  });

  it('refuses a name when any address it resolves to is not public', async () => {
    const resolve =
      (addresses: string[]): Resolver =>
      async () =>
        addresses;
    await expect(guardedFetch('http://metadata.example/', { resolve: resolve(['169.254.169.254']) })).rejects.toThrow(/non-public address \(linkLocal/);
    await expect(guardedFetch('http://mixed.example/', { resolve: resolve(['8.8.8.8', '10.0.0.1']) })).rejects.toThrow(/non-public address \(private/);
    await expect(guardedFetch('http://mapped.example/', { resolve: resolve(['::ffff:7f00:1']) })).rejects.toThrow(/non-public address \(loopback/);
    await expect(guardedFetch('http://nowhere.example/', { resolve: async () => Promise.reject(new Error('ENOTFOUND')) })).rejects.toThrow(/does not resolve/);
    await expect(guardedFetch(`http://rebind.test:${server.port}/ok`, { resolve: resolve(['127.0.0.1']) })).rejects.toBeInstanceOf(BlockedUrlError);
    expect(server.seen).toHaveLength(0);
  });

  it('resolves once and connects to the address it checked, keeping the original Host', async () => {
    // A rebinding resolver: whatever asks a second time gets another answer. The allowance is the
    // exact origin, so the connection may go to loopback, but only to the address of the one resolution.
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return answers.shift() ?? [];
    };
    const res = await guardedFetch(`http://rebind.test:${server.port}/ok`, { resolve, allowedOrigins: [`http://rebind.test:${server.port}`] });
    expect(await res.text()).toBe('hello');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-one')).toBe('a');
    expect(res.address).toBe('127.0.0.1');
    expect(asked).toEqual(['rebind.test']);
    expect(server.seen.map((s) => s.headers.host)).toEqual([`rebind.test:${server.port}`]);
  });

  it('re-checks every redirect: a redirect to http://[::ffff:7f00:1]/ is refused', async () => {
    const allowedOrigins = [server.origin];
    await expect(guardedFetch(`${server.origin}/to-mapped`, { allowedOrigins })).rejects.toThrow(/non-public address \(loopback/);
    await expect(guardedFetch(`${server.origin}/to-localhost`, { allowedOrigins, resolve: async () => ['127.0.0.1'] })).rejects.toBeInstanceOf(BlockedUrlError);
    expect(paths()).toEqual(['/to-mapped', '/to-localhost']);
  });

  it('follows allowed redirects up to the bound, and returns them as they are in manual mode', async () => {
    const allowedOrigins = [server.origin];
    const followed = await guardedFetch(`${server.origin}/to-ok`, { allowedOrigins });
    expect([followed.status, followed.redirects, followed.url, await followed.text()]).toEqual([200, 1, `${server.origin}/ok`, 'hello']);
    const posted = await guardedFetch(`${server.origin}/post-303`, { allowedOrigins, method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect(posted.status).toBe(200);
    posted.discard();
    expect(server.seen.at(-1)).toMatchObject({ path: '/ok', method: 'GET', body: '' });
    await expect(guardedFetch(`${server.origin}/loop`, { allowedOrigins, maxRedirects: 2 })).rejects.toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
    expect(paths().filter((p) => p === '/loop')).toHaveLength(3);
    const manual = await guardedFetch(`${server.origin}/to-mapped`, { allowedOrigins, redirect: 'manual' });
    expect(manual.status).toBe(302);
    manual.discard();
  });

  it('allows only the exact origins it is given', async () => {
    await expect(guardedFetch(`${server.origin}/ok`, { allowedOrigins: [`http://127.0.0.1:${server.port + 1}`] })).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(guardedFetch(`https://127.0.0.1:${server.port}/ok`, { allowedOrigins: [server.origin] })).rejects.toBeInstanceOf(BlockedUrlError);
    expect(() => normalizeOrigin(`${server.origin}/ok`)).toThrow(TypeError);
    expect(() => normalizeOrigin('*')).toThrow(TypeError);
    expect(normalizeOrigin(`${server.origin}/`)).toBe(server.origin);
    expect(server.seen).toHaveLength(0);
  });

  it('bounds the time of the exchange and the size of the body', async () => {
    const allowedOrigins = [server.origin];
    await expect(guardedFetch(`${server.origin}/hang`, { allowedOrigins, timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const big = await guardedFetch(`${server.origin}/big`, { allowedOrigins, maxBodyBytes: 1000 });
    await expect(big.buffer()).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    const fits = await guardedFetch(`${server.origin}/big`, { allowedOrigins, maxBodyBytes: 4096 });
    expect((await fits.buffer()).length).toBe(4096);
    const controller = new AbortController();
    const pending = guardedFetch(`${server.origin}/hang`, { allowedOrigins, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OutboundFetchError);
  });
});
