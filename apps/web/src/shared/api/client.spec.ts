import { afterEach, describe, expect, it, vi } from 'vitest';

import { apiClient, csrfMiddleware, onSessionExpired, readCookie, sessionExpiryMiddleware } from './client';

type OnRequest = NonNullable<typeof csrfMiddleware.onRequest>;
type OnResponse = NonNullable<typeof sessionExpiryMiddleware.onResponse>;

function setCookie(cookie: string) {
  document.cookie = cookie;
}

function clearCookie(name: string) {
  document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
}

async function headerAfterMiddleware(method: string): Promise<string | null> {
  const request = new Request('http://localhost/api/api-keys', { method });
  const params = { request, schemaPath: '/api/api-keys', params: {}, id: 'test', options: {} } as Parameters<OnRequest>[0];
  const result = await (csrfMiddleware.onRequest as OnRequest)(params);
  return (result instanceof Request ? result : request).headers.get('X-CSRF-Token');
}

afterEach(() => {
  clearCookie('mwr_csrf');
  clearCookie('other');
});

describe('CSRF middleware', () => {
  it.each(['POST', 'PATCH', 'PUT', 'DELETE'])('adds X-CSRF-Token from the mwr_csrf cookie to %s', async (method) => {
    setCookie('other=1; path=/');
    setCookie('mwr_csrf=abc123; path=/');

    expect(await headerAfterMiddleware(method)).toBe('abc123');
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('leaves %s requests alone', async (method) => {
    setCookie('mwr_csrf=abc123; path=/');

    expect(await headerAfterMiddleware(method)).toBeNull();
  });

  it('reads the cookie at request time, so a rotated session is followed', async () => {
    setCookie('mwr_csrf=first; path=/');
    expect(await headerAfterMiddleware('POST')).toBe('first');

    setCookie('mwr_csrf=second; path=/');
    expect(await headerAfterMiddleware('POST')).toBe('second');
  });

  it('sends no header when there is no session cookie', async () => {
    expect(await headerAfterMiddleware('POST')).toBeNull();
  });

  it('is installed on the API client', async () => {
    setCookie('mwr_csrf=from-cookie; path=/');
    const fetch = vi.fn(async (_request: Request) => new Response(null, { status: 204 }));

    await apiClient.POST('/api/auth/logout', { baseUrl: 'http://localhost', fetch });
    await apiClient.GET('/api/auth/status', { baseUrl: 'http://localhost', fetch });

    const [post, get] = fetch.mock.calls.map(([request]) => request);
    expect(post?.method).toBe('POST');
    expect(post?.headers.get('X-CSRF-Token')).toBe('from-cookie');
    expect(get?.method).toBe('GET');
    expect(get?.headers.get('X-CSRF-Token')).toBeNull();
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('mwr_csrf', 'a=1; mwr_csrf=x%3Dy; b=2')).toBe('x=y');
    expect(readCookie('mwr_csrf', 'a=1; mwr_csrf_old=z')).toBeUndefined();
  });
});

describe('session expiry middleware', () => {
  function respond(status: number, schemaPath: string) {
    const request = new Request(`http://localhost${schemaPath}`);
    const params = { request, response: new Response(null, { status }), schemaPath, params: {}, id: 'test', options: {} };
    return (sessionExpiryMiddleware.onResponse as OnResponse)(params as Parameters<OnResponse>[0]);
  }

  it('reports a 401 from any authenticated endpoint', async () => {
    const listener = vi.fn();
    const unsubscribe = onSessionExpired(listener);

    await respond(401, '/api/members');
    await respond(200, '/api/members');
    await respond(403, '/api/api-keys');
    unsubscribe();
    await respond(401, '/api/members');

    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores 401s that mean "wrong password"', async () => {
    const listener = vi.fn();
    const unsubscribe = onSessionExpired(listener);

    await respond(401, '/api/auth/login');
    await respond(401, '/api/auth/password');
    await respond(401, '/api/auth/invitations/accept');
    unsubscribe();

    expect(listener).not.toHaveBeenCalled();
  });
});
