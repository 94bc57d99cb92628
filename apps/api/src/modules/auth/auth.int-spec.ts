import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { addMember, OWNER, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { Public } from '../../common/auth/public.decorator.js';
import { LoginThrottlerGuard } from './login-throttler.guard.js';

describe('authentication and authorization (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;

  beforeEach(async () => {
    db = await createTestDatabase('auth');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_ATTEMPTS_PER_IP: '50', SESSION_IDLE_MINUTES: '30' });
    sql = t.app.get(DataSource);
  });
  afterEach(async () => {
    await t?.close();
    await db?.drop();
  });

  const server = () => t.app.getHttpServer();
  const count = async (table: string) => Number((await sql.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('sets up the owner exactly once, even when two setups race', async () => {
    const anonymous = new SessionClient(server());
    expect((await anonymous.get('/api/auth/status').expect(200)).body).toEqual({ setupRequired: true });
    const results = await Promise.all([
      new SessionClient(server()).post('/api/auth/setup', OWNER),
      new SessionClient(server()).post('/api/auth/setup', { ...OWNER, email: 'other@example.com' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await anonymous.get('/api/auth/status').expect(200)).body).toEqual({ setupRequired: false });
    const again = await new SessionClient(server()).post('/api/auth/setup', { ...OWNER, email: 'late@example.com' }).expect(409);
    expect(again.body.code).toBe('SETUP_ALREADY_DONE');
    expect(await count('users')).toBe(1);
    const [user] = await sql.query('SELECT password_hash FROM users');
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses bad setup input with field messages and stores nothing', async () => {
    const res = await new SessionClient(server())
      .post('/api/auth/setup', { email: 'not-an-email', password: 'short', name: 'X', workspaceName: 'W', admin: true })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['admin', 'email', 'password']);
    expect(await count('users')).toBe(0);
    expect(await count('workspaces')).toBe(0);
  });

  it('signs in and out, with the same answer for a wrong password and an unknown email', async () => {
    const owner = await setupOwner(server());
    const me = await owner.get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ user: { email: OWNER.email, name: OWNER.name }, role: 'owner', workspace: { name: 'Acme', slug: 'acme' } });

    const wrong = await new SessionClient(server()).post('/api/auth/login', { email: OWNER.email, password: 'wrong password!' }).expect(401);
    const unknown = await new SessionClient(server()).post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong password!' }).expect(401);
    expect(unknown.body).toEqual(wrong.body);

    const browser = new SessionClient(server());
    await browser.post('/api/auth/login', { email: OWNER.email.toUpperCase(), password: OWNER.password }).expect(200);
    await browser.get('/api/auth/me').expect(200);
    await browser.post('/api/auth/logout').expect(204);
    expect(browser.sessionToken).toBeUndefined();
    await browser.get('/api/auth/me').expect(401);
  });

  it('rotates the session at login: the token held before stops working', async () => {
    await setupOwner(server());
    const browser = new SessionClient(server());
    await browser.post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);
    const before = browser.sessionToken!;
    await browser.post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);
    expect(browser.sessionToken).not.toBe(before);
    const stale = new SessionClient(server());
    stale.setCookie('mwr_session', before);
    await stale.get('/api/auth/me').expect(401);
    await browser.get('/api/auth/me').expect(200);
  });

  it('expires sessions after the idle time and after the absolute lifetime', async () => {
    const owner = await setupOwner(server());
    await sql.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'");
    await owner.get('/api/auth/me').expect(401);

    const again = new SessionClient(server());
    await again.post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);
    await again.get('/api/auth/me').expect(200);
    await sql.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL");
    await again.get('/api/auth/me').expect(401);
  });

  it('rejects a cookie-authenticated write without the CSRF token', async () => {
    const owner = await setupOwner(server());
    const missing = await owner.post('/api/workspaces', { name: 'Second brand' }, { csrf: false }).expect(403);
    expect(missing.body.code).toBe('CSRF_TOKEN_INVALID');
    expect(await count('workspaces')).toBe(1);
    await owner.post('/api/workspaces', { name: 'Second brand' }).expect(201);
    expect(await count('workspaces')).toBe(2);
  });

  it('refuses login CSRF: a form-encoded or foreign-origin sign-in sets no session; same-origin works', async () => {
    await setupOwner(server());
    const form = await request(server()).post('/api/auth/login').type('form').send({ email: OWNER.email, password: OWNER.password }).expect(400);
    expect(form.body.code).toBe('VALIDATION_FAILED');
    expect(form.headers['set-cookie']).toBeUndefined();

    const foreign = await request(server())
      .post('/api/auth/login')
      .set('origin', 'https://evil.example')
      .send({ email: OWNER.email, password: OWNER.password })
      .expect(403);
    expect(foreign.body).toEqual({ statusCode: 403, code: 'CROSS_ORIGIN_REJECTED', message: 'Sign-in is only accepted from pages of http://localhost:3000' });
    expect(foreign.headers['set-cookie']).toBeUndefined();
    const foreignReferer = await request(server())
      .post('/api/auth/login')
      .set('referer', 'https://evil.example/login')
      .send({ email: OWNER.email, password: OWNER.password })
      .expect(403);
    expect(foreignReferer.headers['set-cookie']).toBeUndefined();
    await request(server()).post('/api/auth/login').set('origin', 'null').send({ email: OWNER.email, password: OWNER.password }).expect(403);
    await request(server())
      .post('/api/auth/setup')
      .set('origin', 'https://evil.example')
      .send({ ...OWNER, email: 'x@example.com' })
      .expect(403);
    await request(server())
      .post('/api/auth/invitations/accept')
      .set('origin', 'https://evil.example')
      .send({ token: 'made-up-invitation-token-0', password: 'guessing along 1' })
      .expect(403);

    const same = await request(server())
      .post('/api/auth/login')
      .set('origin', 'http://localhost:3000')
      .set('referer', 'http://localhost:3000/login')
      .send({ email: OWNER.email, password: OWNER.password })
      .expect(200);
    expect(String(same.headers['set-cookie'])).toContain('mwr_session=');
  });

  it('throttles sign-in per account with a clear 429', async () => {
    await setupOwner(server());
    for (let i = 0; i < 3; i++) {
      await new SessionClient(server()).post('/api/auth/login', { email: OWNER.email, password: `wrong password ${i}` }).expect(401);
    }
    const blocked = await new SessionClient(server()).post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.body.message).toMatch(/try again in \d+ s/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected by this one's lockout.
    await new SessionClient(server()).post('/api/auth/login', { email: 'someone@example.com', password: 'whatever pass' }).expect(401);
  });

  it('throttles invitation acceptance per token: failed made-up tokens do not lock out a real invitee', async () => {
    const owner = await setupOwner(server());
    const invite = await owner.post('/api/invitations', { email: 'newcomer@example.com', role: 'editor' }).expect(201);
    const token = String(invite.body.acceptUrl).split('/invite/')[1]!;
    // More made-up tokens than one bucket holds (3 here): each is its own bucket, so each is a plain 404.
    for (let i = 0; i < 5; i++) {
      const res = await new SessionClient(server()).post('/api/auth/invitations/accept', {
        token: `made-up-invitation-token-${i}`,
        name: 'Mallory',
        password: 'guessing along 1',
      });
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    const accepted = await new SessionClient(server())
      .post('/api/auth/invitations/accept', { token, name: 'Newcomer', password: 'newcomer password 1' })
      .expect(200);
    expect(accepted.body.email).toBe('newcomer@example.com');

    // One token tried too often is throttled, and only that token.
    for (let i = 0; i < 3; i++)
      await new SessionClient(server())
        .post('/api/auth/invitations/accept', { token: 'one-guessed-invitation-token', name: 'M', password: `guess number ${i}x` })
        .expect(404);
    const blocked = await new SessionClient(server())
      .post('/api/auth/invitations/accept', { token: 'one-guessed-invitation-token', name: 'M', password: 'guess number 9x' })
      .expect(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    await new SessionClient(server())
      .post('/api/auth/invitations/accept', { token: 'another-guessed-invitation-token', name: 'M', password: 'guess number 9x' })
      .expect(404);
  });

  it('enforces API key scopes, records use, and stops a revoked key', async () => {
    const owner = await setupOwner(server());
    const created = await owner.post('/api/api-keys', { name: 'Reader', scopes: ['content:read'] }).expect(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^mwr_[0-9A-Za-z]{43}$/);
    expect(created.body.apiKey.prefix).toBe(secret.slice(0, 12));
    const reader = SessionClient.withApiKey(server(), secret);
    await reader.get('/api/system').expect(200);
    const write = await reader.post('/api/invitations', { email: 'x@example.com', role: 'viewer' }).expect(403);
    expect(write.body.code).toBe('INSUFFICIENT_SCOPE');
    await reader.get('/api/auth/me').expect(403);
    const [row] = await sql.query('SELECT last_used_at, secret_hash FROM api_keys');
    expect(row.last_used_at).not.toBeNull();
    expect(row.secret_hash).not.toContain(secret);
    const listed = await owner.get('/api/api-keys').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(12));

    const admin = SessionClient.withApiKey(server(), (await owner.post('/api/api-keys', { name: 'Admin', scopes: ['admin'] }).expect(201)).body.secret);
    await admin.get('/api/members').expect(200);

    await owner.delete(`/api/api-keys/${created.body.apiKey.id}`).expect(200);
    const revoked = await reader.get('/api/system').expect(401);
    expect(revoked.body.code).toBe('UNAUTHENTICATED');
    await SessionClient.withApiKey(server(), 'mwr_not-a-key').get('/api/system').expect(401);
  });

  it('applies the role matrix and protects the last owner', async () => {
    const owner = await setupOwner(server());
    const viewer = await addMember(server(), owner, 'viewer@example.com', 'viewer');
    const editor = await addMember(server(), owner, 'editor@example.com', 'editor');
    const admin = await addMember(server(), owner, 'admin@example.com', 'admin');
    const ownerId = (await owner.get('/api/auth/me')).body.user.id as string;

    await viewer.client.get('/api/system').expect(200);
    expect((await viewer.client.post('/api/api-keys', { name: 'k', scopes: ['admin'] }).expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
    await editor.client.patch(`/api/members/${viewer.userId}`, { role: 'editor' }).expect(403);
    await editor.client.get('/api/audit-log').expect(403);
    await admin.client.patch(`/api/members/${viewer.userId}`, { role: 'editor' }).expect(200);
    expect((await admin.client.patch(`/api/members/${ownerId}`, { role: 'viewer' }).expect(403)).body.code).toBe('OWNER_ONLY');
    expect((await admin.client.post('/api/invitations', { email: 'o2@example.com', role: 'owner' }).expect(403)).body.code).toBe('OWNER_ONLY');
    await admin.client.patch(`/api/workspaces/${(await owner.get('/api/auth/me')).body.workspace.id}`, { name: 'Renamed' }).expect(403);

    expect((await owner.patch(`/api/members/${ownerId}`, { role: 'admin' }).expect(409)).body.code).toBe('LAST_OWNER');
    expect((await owner.delete(`/api/members/${ownerId}`).expect(409)).body.code).toBe('LAST_OWNER');
    await owner.patch(`/api/members/${admin.userId}`, { role: 'owner' }).expect(200);
    await owner.patch(`/api/members/${ownerId}`, { role: 'admin' }).expect(200);

    const unknownRole = await admin.client.patch(`/api/members/${viewer.userId}`, { role: 'superuser' }).expect(400);
    expect(unknownRole.body.details[0].field).toBe('role');
    const actions = (await admin.client.get('/api/audit-log').expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.role_changed', 'invitation.accepted', 'invitation.created', 'auth.setup']));
  });

  it('ends every other session when the password changes', async () => {
    const owner = await setupOwner(server());
    const laptop = new SessionClient(server());
    await laptop.post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);
    await owner.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'a brand new password' }).expect(401);
    await owner.post('/api/auth/password', { currentPassword: OWNER.password, newPassword: 'a brand new password' }).expect(204);
    await laptop.get('/api/auth/me').expect(401);
    await owner.get('/api/auth/me').expect(200);
    await new SessionClient(server()).post('/api/auth/login', { email: OWNER.email, password: 'a brand new password' }).expect(200);
  });

  it('refuses common and single-character passwords at setup, password change and invitation acceptance', async () => {
    const weakSetup = await new SessionClient(server()).post('/api/auth/setup', { ...OWNER, password: 'Password1234' }).expect(400);
    expect(weakSetup.body).toEqual({
      statusCode: 400,
      code: 'WEAK_PASSWORD',
      message: 'password is one of the most common passwords: choose one that is not on leaked-password lists',
      details: [{ field: 'password', messages: ['password is one of the most common passwords: choose one that is not on leaked-password lists'] }],
    });
    expect(await count('users')).toBe(0);
    const owner = await setupOwner(server());

    const uniform = await owner.post('/api/auth/password', { currentPassword: OWNER.password, newPassword: 'aaaaaaaaaaaa' }).expect(400);
    expect(uniform.body).toMatchObject({
      code: 'WEAK_PASSWORD',
      message: 'newPassword must use at least 5 different characters',
      details: [{ field: 'newPassword' }],
    });
    await new SessionClient(server()).post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);

    const invite = await owner.post('/api/invitations', { email: 'weak@example.com', role: 'viewer' }).expect(201);
    const token = String(invite.body.acceptUrl).split('/invite/')[1]!;
    const weakAccept = await new SessionClient(server()).post('/api/auth/invitations/accept', { token, name: 'Weak', password: 'qwertyuiop' }).expect(400);
    expect(weakAccept.body).toMatchObject({ code: 'WEAK_PASSWORD', details: [{ field: 'password' }] });
    // Nothing was consumed: the same invitation works with a better password.
    await new SessionClient(server()).post('/api/auth/invitations/accept', { token, name: 'Weak', password: 'a far better passphrase' }).expect(200);
  });

  it('pages through the audit log with a cursor', async () => {
    const owner = await setupOwner(server());
    for (let i = 0; i < 5; i++) await owner.post('/api/invitations', { email: `p${i}@example.com`, role: 'viewer' }).expect(201);
    const first = await owner.get('/api/audit-log?limit=4').expect(200);
    expect(first.body.items).toHaveLength(4);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await owner.get(`/api/audit-log?limit=4&cursor=${first.body.nextCursor}`).expect(200);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    await owner.get('/api/audit-log?cursor=abc').expect(400);
  });

  it('lets an invitation be used once and never after it was withdrawn', async () => {
    const owner = await setupOwner(server());
    const invite = await owner.post('/api/invitations', { email: 'Invitee@Example.com', role: 'editor' }).expect(201);
    const token = String(invite.body.acceptUrl).split('/invite/')[1]!;
    expect(invite.body.acceptUrl).toMatch(/^http:\/\/localhost:3000\/invite\//);
    const preview = await new SessionClient(server()).get(`/api/auth/invitations/${token}`).expect(200);
    expect(preview.body).toMatchObject({ workspaceName: 'Acme', email: 'invitee@example.com', role: 'editor', accountExists: false });
    await new SessionClient(server()).post('/api/auth/invitations/accept', { token, name: 'Ivy', password: 'invitee password' }).expect(200);
    expect(
      (await new SessionClient(server()).post('/api/auth/invitations/accept', { token, name: 'Ivy', password: 'invitee password' }).expect(410)).body.code,
    ).toBe('INVITATION_USED');

    const withdrawn = await owner.post('/api/invitations', { email: 'late@example.com', role: 'viewer' }).expect(201);
    await owner.delete(`/api/invitations/${withdrawn.body.invitation.id}`).expect(200);
    const lateToken = String(withdrawn.body.acceptUrl).split('/invite/')[1]!;
    expect((await new SessionClient(server()).get(`/api/auth/invitations/${lateToken}`).expect(410)).body.code).toBe('INVITATION_REVOKED');
    await new SessionClient(server()).get('/api/auth/invitations/not-a-real-token-at-all-xx').expect(404);
  });
});

/** A route that uses the throttle guard without saying what its credential is: a wiring mistake. */
@Controller('test-throttle')
class UnkeyedThrottleController {
  @Public()
  @Post()
  @HttpCode(204)
  @UseGuards(LoginThrottlerGuard)
  check(): void {}
}

describe('sign-in throttling per client address (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('auth_ip');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_ATTEMPTS_PER_IP: '4' }, { controllers: [UnkeyedThrottleController] });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('throttles invitation acceptance per IP, whatever token each attempt names', async () => {
    const server = t.app.getHttpServer();
    for (let i = 0; i < 4; i++)
      await new SessionClient(server)
        .post('/api/auth/invitations/accept', { token: `made-up-invitation-token-${i}`, password: 'guessing along 1' })
        .expect(404);
    const blocked = await new SessionClient(server)
      .post('/api/auth/invitations/accept', { token: 'made-up-invitation-token-9', password: 'guessing along 1' })
      .expect(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('fails loudly (a 500 the filter logs) when a route throttles without a credential key, instead of sharing one bucket', async () => {
    const server = t.app.getHttpServer();
    const res = await new SessionClient(server).post('/api/test-throttle', { email: 'someone@example.com' }).expect(500);
    expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });
});
