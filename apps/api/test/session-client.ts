import request from 'supertest';
import type { App } from 'supertest/types.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * A browser-like client: keeps the session cookies and sends the CSRF header on unsafe methods,
 * as the SPA does. `bearer` turns it into an integrator calling with an API key instead.
 */
export class SessionClient {
  private cookies = new Map<string, string>();

  constructor(
    private readonly server: App,
    private readonly bearer?: string,
  ) {}

  static withApiKey(server: App, secret: string): SessionClient {
    return new SessionClient(server, secret);
  }

  get csrf(): string | undefined {
    return this.cookies.get('mwr_csrf');
  }

  get sessionToken(): string | undefined {
    return this.cookies.get('mwr_session');
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  call(method: Method, path: string, options: { body?: unknown; csrf?: boolean } = {}): request.Test {
    let req = request(this.server)[method](path);
    if (this.bearer) req = req.set('authorization', `Bearer ${this.bearer}`);
    const cookieHeader = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookieHeader) req = req.set('cookie', cookieHeader);
    if (method !== 'get' && options.csrf !== false && this.csrf) req = req.set('x-csrf-token', this.csrf);
    if (options.body !== undefined) req = req.send(options.body as object);
    return req.on('response', (res: { headers: Record<string, string | string[] | undefined> }) => this.absorb(res.headers['set-cookie']));
  }

  get(path: string) {
    return this.call('get', path);
  }
  post(path: string, body?: unknown, options: { csrf?: boolean } = {}) {
    return this.call('post', path, { body, ...options });
  }
  patch(path: string, body?: unknown) {
    return this.call('patch', path, { body });
  }
  delete(path: string) {
    return this.call('delete', path);
  }

  private absorb(setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = decodeURIComponent(pair!.slice(eq + 1).trim());
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', name: 'Olive Owner', workspaceName: 'Acme' };

export async function setupOwner(server: App, owner = OWNER): Promise<SessionClient> {
  const client = new SessionClient(server);
  await client.post('/api/auth/setup', owner).expect(201);
  return client;
}

/** Invites `email` with `role` as `admin`, accepts as a new account and returns that member's client. */
export async function addMember(
  server: App,
  admin: SessionClient,
  email: string,
  role: string,
  password = 'member password 1',
): Promise<{ client: SessionClient; userId: string }> {
  const invite = await admin.post('/api/invitations', { email, role }).expect(201);
  const token = String(invite.body.acceptUrl).split('/invite/')[1];
  const client = new SessionClient(server);
  const accepted = await client.post('/api/auth/invitations/accept', { token, name: email.split('@')[0], password }).expect(200);
  return { client, userId: accepted.body.id };
}
