import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

/** A raw GET (no client-side decompression): status, headers and the bytes as sent. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('shared answers (war room state, Trend Radar list) are one serialized copy, gzipped for the callers that accept it (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let owner: SessionClient;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase('state_response');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    owner = await setupOwner(t.app.getHttpServer());
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('sends the same document gzipped or plain, as asked, with its length and Vary: Accept-Encoding', async () => {
    const cookie = `mwr_session=${owner.sessionToken}`;
    const gzipped = await rawGet(port, '/api/marketing-war-room/state', { cookie, 'accept-encoding': 'gzip, deflate, br' });
    const plain = await rawGet(port, '/api/marketing-war-room/state', { cookie });
    const refused = await rawGet(port, '/api/marketing-war-room/state', { cookie, 'accept-encoding': 'gzip;q=0, identity' });

    expect(gzipped).toMatchObject({ status: 200, headers: { 'content-encoding': 'gzip', 'content-type': 'application/json; charset=utf-8' } });
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(String(gzipped.headers['vary'])).toMatch(/Accept-Encoding/i);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(refused.headers['content-encoding']).toBeUndefined();

    // One copy: both encodings carry the very same document (same generatedAt, same eventId).
    const document = JSON.parse(plain.body.toString('utf8'));
    expect(JSON.parse(gunzipSync(gzipped.body).toString('utf8'))).toEqual(document);
    expect(JSON.parse(refused.body.toString('utf8'))).toEqual(document);
    expect(document).toMatchObject({ queue: { counts: { queued: 0, waitingPerson: 0 } }, health: [], eventId: expect.any(String) });
  });

  it('sends the Trend Radar list the same way: one copy of { items }, gzipped or plain, and a new entry shows at once', async () => {
    const cookie = `mwr_session=${owner.sessionToken}`;
    await owner.post('/api/trends', { label: '#gzipcheck', kind: 'hashtag' }).expect(201);
    const gzipped = await rawGet(port, '/api/trends?limit=50', { cookie, 'accept-encoding': 'gzip' });
    const plain = await rawGet(port, '/api/trends?limit=50', { cookie });
    expect(gzipped).toMatchObject({ status: 200, headers: { 'content-encoding': 'gzip', 'content-type': 'application/json; charset=utf-8' } });
    expect(String(gzipped.headers['vary'])).toMatch(/Accept-Encoding/i);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const list = JSON.parse(plain.body.toString('utf8'));
    expect(JSON.parse(gunzipSync(gzipped.body).toString('utf8'))).toEqual(list);
    expect(list.items.map((x: { label: string }) => x.label)).toEqual(['#gzipcheck']);
    // A write drops the shared copy: the next read has the new entry, not the cached list.
    await owner.post('/api/trends', { label: '#second', kind: 'hashtag' }).expect(201);
    const after = JSON.parse((await rawGet(port, '/api/trends?limit=50', { cookie })).body.toString('utf8'));
    expect(after.items.map((x: { label: string }) => x.label).sort()).toEqual(['#gzipcheck', '#second']);
  });

  it('answers 401 without a session, as every route does', async () => {
    expect((await rawGet(port, '/api/marketing-war-room/state', { 'accept-encoding': 'gzip' })).status).toBe(401);
  });
});
