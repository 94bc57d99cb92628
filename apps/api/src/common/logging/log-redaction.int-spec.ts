import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Logger, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { consent } from '../../../test/sandbox-browser.js';
import { OWNER, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { AssetsService } from '../../modules/assets/assets.service.js';
import { TokensService } from '../../modules/tokens/tokens.service.js';
import { loggerOptions } from './logger.options.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The whole log of a journey that handles every kind of secret the product has, captured at trace
 * level in-process (access log and every Nest logger), must contain none of them.
 */
describe('logs never hold a secret (in-process journey, trace level)', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let platforms: RunningSandbox;
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    sandbox = createSandbox({ clock: 'real' });
    platforms = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    db = await createTestDatabase('log_redaction');
    const destination = { write: (line: string) => void lines.push(line) };
    t = await startTestApp(
      {
        DATABASE_URL: db.url,
        PLATFORM_MODE: 'live',
        TIKTOK_AUTH_URL: platforms.urls.tiktokAuthUrl,
        TIKTOK_API_BASE_URL: platforms.urls.tiktokApiBaseUrl,
        INSTAGRAM_AUTH_URL: platforms.urls.instagramAuthUrl,
        INSTAGRAM_GRAPH_BASE_URL: platforms.urls.instagramGraphBaseUrl,
        FACEBOOK_GRAPH_BASE_URL: platforms.urls.facebookGraphBaseUrl,
        TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
        TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
        META_APP_ID: '990000000000001',
        META_APP_SECRET: 'sbx_instagram_app_secret',
        ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
      },
      { overrides: [{ token: PARAMS_PROVIDER_TOKEN, value: loggerOptions({ logLevel: 'trace', logFormat: 'json' }, destination) }] },
    );
    // As main.ts does: every Nest Logger writes through pino too.
    t.app.useLogger(t.app.get(Logger));
  });
  afterAll(async () => {
    await t?.close();
    await platforms?.close();
    await db?.drop();
  });

  it('records the journey (setup, sign-in, API key, invitation, OAuth connect, refresh, media link, password change) without any of its secrets', async () => {
    const server = t.app.getHttpServer();
    const secrets: string[] = [OWNER.password];

    const owner = await setupOwner(server);
    await new SessionClient(server).post('/api/auth/login', { email: OWNER.email, password: 'a wrong password 7' }).expect(401);
    secrets.push('a wrong password 7');
    const browser = new SessionClient(server);
    await browser.post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);

    const key = (await owner.post('/api/api-keys', { name: 'Log probe', scopes: ['content:read'] }).expect(201)).body.secret as string;
    await SessionClient.withApiKey(server, key).get('/api/system').expect(200);
    secrets.push(key, sha256(key));

    // Invitation: preview (token in the path), the SPA's page, acceptance (token and password in the body).
    const invite = await owner.post('/api/invitations', { email: 'invitee@example.com', role: 'editor' }).expect(201);
    const invitationToken = String(invite.body.acceptUrl).split('/invite/')[1]!;
    await new SessionClient(server).get(`/api/auth/invitations/${invitationToken}`).expect(200);
    await new SessionClient(server).get(`/invite/${invitationToken}`); // the SPA's page (not built in tests: 404)
    const invitee = new SessionClient(server);
    await invitee.post('/api/auth/invitations/accept', { token: invitationToken, name: 'Ivy', password: 'invitee secret 42' }).expect(200);
    secrets.push(invitationToken, sha256(invitationToken), 'invitee secret 42');

    // OAuth through the sandbox: state in the authorize URL, code and state on the callback.
    const started = await owner.post('/api/accounts/connect/tiktok').expect(200);
    const back = await consent(started.body.authorizeUrl, { decision: 'approve', field: 'open_id' });
    const code = back.searchParams.get('code')!;
    const state = back.searchParams.get('state')!;
    expect(Math.min(code.length, state.length)).toBeGreaterThanOrEqual(8);
    await owner.get(`${back.pathname}${back.search}`).expect(302);
    secrets.push(code, state);
    const [account] = (await owner.get('/api/accounts').expect(200)).body as { id: string }[];
    const firstAccessToken = (await t.app.get(TokensService).peekAccessToken(account!.id))!;
    // Force a refresh: a second access token and a rotated refresh token.
    await t.app.get(DataSource).query('UPDATE oauth_tokens SET expires_at = now() WHERE account_id = $1', [account!.id]);
    expect((await owner.post(`/api/accounts/${account!.id}/test`).expect(200)).body.ok).toBe(true);
    const platformTokens = [...new Set([...JSON.stringify(sandbox.inspect.requests()).matchAll(/(act|rft)\.[A-Za-z0-9_-]{10,}/g)].map((m) => m[0]))];
    expect(platformTokens).toContain(firstAccessToken);
    expect(platformTokens.length).toBeGreaterThanOrEqual(4);
    secrets.push(...platformTokens);

    // A signed media link, as the platforms fetch it.
    const mediaToken = t.app.get(AssetsService).signMediaToken(randomUUID(), new Date(Date.now() + 60_000));
    await new SessionClient(server).get(`/media/${mediaToken}`);
    secrets.push(mediaToken);

    await owner.post('/api/auth/password', { currentPassword: OWNER.password, newPassword: 'the new owner secret' }).expect(204);
    await owner.get('/api/auth/me').expect(200);
    secrets.push('the new owner secret');

    // Every session token and CSRF token the browsers held, and their stored hashes.
    for (const client of [owner, browser, invitee]) {
      for (const value of [client.sessionToken, client.csrf]) if (value) secrets.push(value, sha256(value));
    }
    secrets.push('$argon2id$');

    const log = lines.join('');
    const leaked = secrets.filter((secret) => log.includes(secret)).map((secret) => `${secret.slice(0, 6)}…`);
    expect(leaked).toEqual([]);
    // The journey was logged (so the check above is not vacuous), with the credentials masked.
    expect(log).toContain('"url":"/api/auth/invitations/[redacted]"');
    expect(log).toContain('"url":"/media/[redacted]"');
    expect(log).toContain('"url":"/api/accounts/callback/tiktok?code=[redacted]&');
    expect(log).toContain('"url":"/api/auth/invitations/accept"');
  });
});
