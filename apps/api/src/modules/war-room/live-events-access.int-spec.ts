import type { AddressInfo } from 'node:net';

import { DataSource } from 'typeorm';

import { waitFor } from '../../../test/pipeline-fixture.js';
import { addMember, OWNER, SessionClient, setupOwner } from '../../../test/session-client.js';
import { openSse, type SseStream } from '../../../test/sse-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { CONDITION_CEILING_MS } from '../../../test/wait.js';

const EVENTS = '/api/marketing-war-room/events';

function baseUrlOf(app: TestApp): string {
  return `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
}

/** `promise`, or an error naming `what` once the condition ceiling has passed. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), CONDITION_CEILING_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Streams opened by a test suite, closed at its end whatever happened. */
function streamOpener(streams: SseStream[]) {
  return async (baseUrl: string, headers: Record<string, string>): Promise<SseStream> => {
    const stream = await openSse(`${baseUrl}${EVENTS}`, headers);
    streams.push(stream);
    expect(stream.status).toBe(200);
    // The stream sets its resume id (a bare `id:` line) once it is registered and live.
    await waitFor(async () => stream.lastEventId !== undefined, 'the stream to start');
    return stream;
  };
}

const sessionHeaders = (client: SessionClient) => ({ cookie: `mwr_session=${client.sessionToken}` });

/** The stream gets ACCESS_REVOKED as its last event, with this reason, and ends. */
async function expectRevoked(stream: SseStream, reason: string): Promise<void> {
  const final = await stream.waitFor((e) => e.event === 'ACCESS_REVOKED', 'ACCESS_REVOKED');
  expect(final.data).toMatchObject({ reason, message: expect.any(String) });
  expect(final.id).toBeUndefined();
  await within(stream.closed, 'the stream to end');
  expect(stream.events[stream.events.length - 1]).toBe(final);
}

describe('war-room event stream: closed as soon as its caller loses access (announced changes, across API processes)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let other: TestApp;
  let baseUrl: string;
  let owner: SessionClient;
  /** The owner, signed in through the other API process: the revocations are made there. */
  let ownerElsewhere: SessionClient;
  let ownerStream: SseStream;
  let automationOn = false;
  const streams: SseStream[] = [];
  const open = streamOpener(streams);

  /** A change every stream of the workspace hears about (STATE_PATCH); the owner's stream must receive it. */
  async function broadcast(): Promise<void> {
    automationOn = !automationOn;
    const before = ownerStream.events.length;
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: automationOn }).expect(200);
    await ownerStream.waitFor((e) => e.event === 'STATE_PATCH' && ownerStream.events.indexOf(e) >= before, 'the STATE_PATCH on the owner stream');
  }

  beforeAll(async () => {
    db = await createTestDatabase('sse_access');
    // A re-check period far longer than the tests: only the announcements can close the streams in time.
    const env = { DATABASE_URL: db.url, ROLES: 'api', SSE_ACCESS_RECHECK_MS: '300000' };
    api = await startTestApp(env);
    other = await startTestApp(env);
    await api.app.listen(0, '127.0.0.1');
    baseUrl = baseUrlOf(api);
    owner = await setupOwner(api.app.getHttpServer());
    ownerElsewhere = new SessionClient(other.app.getHttpServer());
    ownerElsewhere.setCookie('mwr_session', owner.sessionToken!);
    ownerElsewhere.setCookie('mwr_csrf', owner.csrf!);
    ownerStream = await open(baseUrl, sessionHeaders(owner));
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await other?.close();
    await api?.close();
    await db?.drop();
  });

  afterEach(async () => {
    // Whatever a test revoked, the owner's stream is still open and still delivering.
    await broadcast();
    expect(ownerStream.events.some((e) => e.event === 'ACCESS_REVOKED')).toBe(false);
  });

  it('ends the stream of a member removed from the workspace, and delivers nothing to it afterwards', async () => {
    const viewer = await addMember(api.app.getHttpServer(), owner, 'viewer@example.com', 'viewer');
    const stream = await open(baseUrl, sessionHeaders(viewer.client));
    await broadcast();
    await stream.waitFor((e) => e.event === 'STATE_PATCH', 'the STATE_PATCH while still a member');

    await ownerElsewhere.delete(`/api/members/${viewer.userId}`).expect(204);
    await expectRevoked(stream, 'membership_ended');

    const seen = stream.events.length;
    await broadcast();
    expect(stream.events).toHaveLength(seen);
    // And it cannot simply reconnect: the session has no workspace any more.
    const again = await openSse(`${baseUrl}${EVENTS}`, sessionHeaders(viewer.client));
    streams.push(again);
    expect(again.status).toBe(403);
  });

  it('keeps the stream of a member whose new role still allows it', async () => {
    const editor = await addMember(api.app.getHttpServer(), owner, 'editor@example.com', 'editor');
    const stream = await open(baseUrl, sessionHeaders(editor.client));
    await ownerElsewhere.patch(`/api/members/${editor.userId}`, { role: 'viewer' }).expect(200);
    // The announcement was handled (the owner sees the role change) and the re-check left it open.
    const before = stream.events.length;
    await broadcast();
    await stream.waitFor((e) => e.event === 'STATE_PATCH' && stream.events.indexOf(e) >= before, 'the STATE_PATCH after the role change');
    expect(stream.events.some((e) => e.event === 'ACCESS_REVOKED')).toBe(false);
  });

  it('ends the stream of a revoked API key, not that of another key', async () => {
    const created = await owner.post('/api/api-keys', { name: 'dashboard', scopes: ['content:read'] }).expect(201);
    const kept = await owner.post('/api/api-keys', { name: 'wallboard', scopes: ['content:read'] }).expect(201);
    const stream = await open(baseUrl, { authorization: `Bearer ${created.body.secret}` });
    const keptStream = await open(baseUrl, { authorization: `Bearer ${kept.body.secret}` });

    await ownerElsewhere.delete(`/api/api-keys/${created.body.apiKey.id}`).expect(200);
    await expectRevoked(stream, 'api_key_revoked');

    const seen = stream.events.length;
    const before = keptStream.events.length;
    await broadcast();
    await keptStream.waitFor((e) => e.event === 'STATE_PATCH' && keptStream.events.indexOf(e) >= before, 'the STATE_PATCH on the other key');
    expect(stream.events).toHaveLength(seen);
  });

  it('ends the stream of a session that logs out, not that of the same user in another browser', async () => {
    await addMember(api.app.getHttpServer(), owner, 'two-browsers@example.com', 'editor', 'member password 2');
    const laptop = new SessionClient(api.app.getHttpServer());
    await laptop.post('/api/auth/login', { email: 'two-browsers@example.com', password: 'member password 2' }).expect(200);
    const phone = new SessionClient(other.app.getHttpServer());
    await phone.post('/api/auth/login', { email: 'two-browsers@example.com', password: 'member password 2' }).expect(200);
    const laptopStream = await open(baseUrl, sessionHeaders(laptop));
    const phoneStream = await open(baseUrl, sessionHeaders(phone));

    // Logged out through the other API process.
    const phoneSession = phone.sessionToken!;
    await phone.post('/api/auth/logout').expect(204);
    await expectRevoked(phoneStream, 'session_ended');

    const seen = phoneStream.events.length;
    const before = laptopStream.events.length;
    await broadcast();
    await laptopStream.waitFor((e) => e.event === 'STATE_PATCH' && laptopStream.events.indexOf(e) >= before, 'the STATE_PATCH in the other browser');
    expect(phoneStream.events).toHaveLength(seen);
    const again = await openSse(`${baseUrl}${EVENTS}`, { cookie: `mwr_session=${phoneSession}` });
    streams.push(again);
    expect(again.status).toBe(401);
  });

  it('ends every stream of a user who changes their password; the new session streams again', async () => {
    await addMember(api.app.getHttpServer(), owner, 'rotator@example.com', 'viewer', 'member password 3');
    const first = new SessionClient(api.app.getHttpServer());
    await first.post('/api/auth/login', { email: 'rotator@example.com', password: 'member password 3' }).expect(200);
    const second = new SessionClient(api.app.getHttpServer());
    await second.post('/api/auth/login', { email: 'rotator@example.com', password: 'member password 3' }).expect(200);
    const firstStream = await open(baseUrl, sessionHeaders(first));
    const secondStream = await open(baseUrl, sessionHeaders(second));

    await first.post('/api/auth/password', { currentPassword: 'member password 3', newPassword: 'a quartz lantern 7391 drifts' }).expect(204);
    await expectRevoked(firstStream, 'session_ended');
    await expectRevoked(secondStream, 'session_ended');

    // `first` now holds the session the password change issued.
    const fresh = await open(baseUrl, sessionHeaders(first));
    const before = fresh.events.length;
    await broadcast();
    await fresh.waitFor((e) => e.event === 'STATE_PATCH' && fresh.events.indexOf(e) >= before, 'the STATE_PATCH on the new session');
    expect(firstStream.events.filter((e) => e.event === 'ACCESS_REVOKED')).toHaveLength(1);
  });
});

describe('war-room event stream: the periodic access re-check (SSE_ACCESS_RECHECK_MS)', () => {
  let db: TestDatabase;
  let api: TestApp;
  const streams: SseStream[] = [];
  const open = streamOpener(streams);

  beforeAll(async () => {
    db = await createTestDatabase('sse_access_recheck');
    api = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', SSE_ACCESS_RECHECK_MS: '200' });
    await api.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await api?.close();
    await db?.drop();
  });

  it('closes a stream whose session or API key ended without any announcement (e.g. changed by hand in the database)', async () => {
    const owner = await setupOwner(api.app.getHttpServer(), { ...OWNER, email: 'recheck@example.com' });
    const key = await owner.post('/api/api-keys', { name: 'wallboard', scopes: ['content:read'] }).expect(201);
    const baseUrl = baseUrlOf(api);
    const sessionStream = await open(baseUrl, sessionHeaders(owner));
    const keyStream = await open(baseUrl, { authorization: `Bearer ${key.body.secret}` });
    const sql = api.app.get(DataSource);

    await sql.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [key.body.apiKey.id]);
    await expectRevoked(keyStream, 'api_key_revoked');
    // The same re-checks kept the session's stream, whose access still holds.
    expect(sessionStream.events.some((e) => e.event === 'ACCESS_REVOKED')).toBe(false);
    await sql.query('UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL');
    await expectRevoked(sessionStream, 'session_ended');
  });
});
