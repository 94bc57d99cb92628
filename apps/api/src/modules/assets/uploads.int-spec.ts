import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { uploadsDir } from './uploads.service.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends the request target exactly as written (no URL normalisation: `?`, `#`, `..`, `%2F` and
 * double slashes reach the server as they are), the way an attacker's own client would.
 */
function raw(base: string, method: string, target: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, method, path: target, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('tus uploads: one workspace cannot reach another workspace’s upload', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  let video: Buffer;
  let base: string;
  let owner: SessionClient;
  let victimKey: string;
  let attackerKey: string;
  let victimWorkspace: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mwr-uploads-'));
    const out = join(dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      ...'-f lavfi -i testsrc2=size=360x640:rate=30:duration=2 -f lavfi -i sine=sample_rate=44100:duration=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart'.split(
        ' ',
      ),
      out,
    ]);
    video = readFileSync(out);
    db = await createTestDatabase('uploads');
    t = await startTestApp({ DATABASE_URL: db.url, MAX_UPLOAD_BYTES: String(5 * 1024 * 1024), PUBLIC_URL: 'https://mwr.example.com' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    owner = await setupOwner(t.app.getHttpServer());
    victimKey = (await owner.post('/api/api-keys', { name: 'victim', scopes: ['content:write', 'content:read'] }).expect(201)).body.secret;
    victimWorkspace = (await owner.get('/api/auth/me').expect(200)).body.workspaces[0].id as string;
    const other = (await owner.post('/api/workspaces', { name: 'Attacker brand' }).expect(201)).body;
    await owner.post('/api/auth/switch-workspace', { workspaceId: other.id }).expect(200);
    attackerKey = (await owner.post('/api/api-keys', { name: 'attacker', scopes: ['content:write', 'content:read'] }).expect(201)).body.secret;
    await owner.post('/api/auth/switch-workspace', { workspaceId: victimWorkspace }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tusHeaders = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, 'tus-resumable': '1.0.0', ...extra });
  const send = (method: string, target: string, key: string, extra: Record<string, string> = {}, body?: Buffer) =>
    raw(base, method, target, tusHeaders(key, extra), body);
  const patchHeaders = (offset: number) => ({ 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' });

  async function create(key: string, size: number, filename: string): Promise<{ location: string; id: string }> {
    const res = await send('POST', '/api/uploads', key, {
      'upload-length': String(size),
      'upload-metadata': `filename ${b64(filename)},filetype ${b64('video/mp4')}`,
    });
    expect(res.status).toBe(201);
    const location = res.headers.location as string;
    return { location, id: location.split('/').pop()! };
  }

  async function assetCount(key: string): Promise<number> {
    const res = await raw(base, 'GET', '/api/assets?limit=200', { authorization: `Bearer ${key}` });
    expect(res.status).toBe(200);
    return (JSON.parse(res.body) as { items: unknown[] }).items.length;
  }

  /** What the victim sees of its upload, and the bytes on disk. */
  async function victimState(location: string, id: string) {
    const head = await send('HEAD', location, victimKey);
    return {
      status: head.status,
      offset: head.headers['upload-offset'],
      length: head.headers['upload-length'],
      metadata: head.headers['upload-metadata'],
      bytes: readFileSync(join(uploadsDir(t.config), id)).toString('base64'),
    };
  }

  /** Every way found to name the victim's id to tus while the URL's path names the attacker's own upload. */
  const smuggled = (own: string, victim: string) => [
    `/api/uploads/${own}?x=/${victim}`,
    `/api/uploads/${own}?/${victim}`,
    `/api/uploads/${own}?x=%2F${victim}`,
    `/api/uploads/${own}#/${victim}`,
    `/api/uploads/${own}%2F..%2F${victim}`,
    `/api/uploads/${own}%2F${victim}`,
    `/api/uploads/${own}/../${victim}`,
    `/api/uploads/${own}//${victim}`,
    `/api/uploads//${victim}`,
    `/api//uploads/${victim}`,
    `/api/uploads/${victim}/`,
    `/api/uploads/./${victim}`,
    `/api/assets/../uploads/${victim}`,
    `/API/uploads/${own}?x=/${victim}`,
    `http://127.0.0.1/api/uploads/${own}?x=/${victim}`,
  ];

  it('answers 404 to HEAD, PATCH and DELETE that smuggle the victim’s id past the path, and leaves its upload untouched', async () => {
    const victim = await create(victimKey, video.length, 'victim.mp4');
    const half = Math.floor(video.length / 2);
    expect((await send('PATCH', victim.location, victimKey, patchHeaders(0), video.subarray(0, half))).status).toBe(204);
    const own = await create(attackerKey, video.length, 'own.mp4');
    const before = await victimState(victim.location, victim.id);
    expect(before).toMatchObject({ status: 200, offset: String(half), length: String(video.length) });
    const junk = Buffer.alloc(video.length - half, 0x41);

    for (const target of smuggled(own.id, victim.id)) {
      for (const [method, extra, body] of [
        ['HEAD', {}, undefined],
        ['PATCH', patchHeaders(half), junk],
        ['DELETE', {}, undefined],
      ] as const) {
        const res = await send(method, target, attackerKey, extra, body);
        expect({ target, method, refused: res.status === 400 || res.status === 404, metadata: res.headers['upload-metadata'] }).toEqual({
          target,
          method,
          refused: true,
          metadata: undefined,
        });
        expect({ target, method, state: await victimState(victim.location, victim.id) }).toEqual({ target, method, state: before });
      }
    }
    expect(await assetCount(victimKey)).toBe(0);
    expect(await assetCount(attackerKey)).toBe(0);
    // The attacker's own upload still works the ordinary way.
    expect((await send('HEAD', own.location, attackerKey)).status).toBe(200);
  });

  it('does not let another workspace complete the victim’s upload with its own bytes', async () => {
    const victim = await create(victimKey, video.length, 'victim-complete.mp4');
    const own = await create(attackerKey, video.length, 'own-complete.mp4');
    const before = await victimState(victim.location, victim.id);
    const victimAssets = await assetCount(victimKey);
    const attackerAssets = await assetCount(attackerKey);

    for (const target of [`/api/uploads/${own.id}?x=/${victim.id}`, `/api/uploads/${own.id}#/${victim.id}`, `/api/uploads/${victim.id}`]) {
      const res = await send('PATCH', target, attackerKey, patchHeaders(0), video);
      expect({ target, status: res.status, assetId: res.headers['mwr-asset-id'] }).toEqual({ target, status: 404, assetId: undefined });
      expect(await victimState(victim.location, victim.id)).toEqual(before);
    }
    expect(await assetCount(victimKey)).toBe(victimAssets);
    expect(await assetCount(attackerKey)).toBe(attackerAssets);

    // The victim finishes its own upload: the asset is theirs, made from their bytes.
    const done = await send('PATCH', victim.location, victimKey, patchHeaders(0), video);
    expect(done.status).toBe(204);
    expect(done.headers['mwr-asset-id']).toEqual(expect.any(String));
    expect(await assetCount(victimKey)).toBe(victimAssets + 1);
    expect(await assetCount(attackerKey)).toBe(attackerAssets);
  });

  it('keeps the owning workspace on the server side, whatever the client puts in Upload-Metadata', async () => {
    const victimAssets = await assetCount(victimKey);
    const res = await send('POST', '/api/uploads', attackerKey, {
      'upload-length': String(video.length),
      'upload-metadata': `filename ${b64('planted.mp4')},workspaceId ${b64(victimWorkspace)},userId ${b64('someone')}`,
    });
    expect(res.status).toBe(201);
    const location = res.headers.location as string;
    expect((await send('HEAD', location, victimKey)).status).toBe(404);
    const done = await send('PATCH', location, attackerKey, patchHeaders(0), video);
    expect(done.status).toBe(204);
    expect(await assetCount(victimKey)).toBe(victimAssets);
    const asset = await raw(base, 'GET', `/api/assets/${done.headers['mwr-asset-id'] as string}`, { authorization: `Bearer ${attackerKey}` });
    expect(asset.status).toBe(200);
  });

  it('answers tus errors with the standard JSON error body and keeps their status', async () => {
    const { location } = await create(victimKey, video.length, 'errors.mp4');
    const cases: { name: string; res: RawResponse; status: number }[] = [
      { name: 'wrong offset', res: await send('PATCH', location, victimKey, patchHeaders(7), Buffer.from('abc')), status: 409 },
      {
        name: 'missing Upload-Offset',
        res: await send('PATCH', location, victimKey, { 'content-type': 'application/offset+octet-stream' }, Buffer.from('abc')),
        status: 403,
      },
      {
        name: 'unparsable Upload-Offset',
        res: await send('PATCH', location, victimKey, { 'upload-offset': 'soon', 'content-type': 'application/offset+octet-stream' }, Buffer.from('abc')),
        status: 400,
      },
      {
        name: 'no Tus-Resumable',
        res: await raw(base, 'PATCH', location, { authorization: `Bearer ${victimKey}`, ...patchHeaders(0) }, Buffer.from('abc')),
        status: 412,
      },
      { name: 'no Upload-Length', res: await send('POST', '/api/uploads', victimKey), status: 400 },
      { name: 'too big', res: await send('POST', '/api/uploads', victimKey, { 'upload-length': String(5 * 1024 * 1024 + 1) }), status: 413 },
      { name: 'unknown upload', res: await send('PATCH', '/api/uploads/0123456789abcdef', victimKey, patchHeaders(0), Buffer.from('abc')), status: 404 },
      { name: 'smuggled id', res: await send('PATCH', `${location}?x=/0123456789abcdef`, victimKey, patchHeaders(0), Buffer.from('abc')), status: 404 },
      {
        name: 'more bytes than declared',
        res: await send('PATCH', location, victimKey, patchHeaders(0), Buffer.concat([video, Buffer.from('extra')])),
        status: 413,
      },
    ];
    for (const { name, res, status } of cases) {
      expect({ name, status: res.status, type: res.headers['content-type'] }).toEqual({ name, status, type: expect.stringContaining('application/json') });
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect({ name, body }).toEqual({ name, body: { statusCode: status, code: expect.stringMatching(/^[A-Z][A-Z_]+$/), message: expect.any(String) } });
      expect({ name, message: (body.message as string).trim().length > 0 }).toEqual({ name, message: true });
    }
    // Ids that cannot be one of ours (bad percent-encoding, too long) are a 4xx with a JSON body, never a 500.
    for (const target of ['/api/uploads/%E0%A4%A', '/api/uploads/%', `/api/uploads/${'a'.repeat(300)}`]) {
      const res = await send('PATCH', target, victimKey, patchHeaders(0), Buffer.from('abc'));
      const body = JSON.parse(res.body) as { statusCode?: number; code?: unknown; message?: unknown };
      expect({
        target,
        refused: res.status === 400 || res.status === 404,
        statusCode: body.statusCode,
        code: typeof body.code,
        message: typeof body.message,
      }).toEqual({
        target,
        refused: true,
        statusCode: res.status,
        code: 'string',
        message: 'string',
      });
    }
  });

  it('sends no wildcard Access-Control-Allow-Origin on tus responses', async () => {
    const origin = { origin: 'https://evil.example' };
    const created = await send('POST', '/api/uploads', victimKey, {
      ...origin,
      'upload-length': String(video.length),
      'upload-metadata': `filename ${b64('cors.mp4')}`,
    });
    expect(created.status).toBe(201);
    const location = created.headers.location as string;
    const responses = [
      created,
      await send('HEAD', location, victimKey, origin),
      await send('PATCH', location, victimKey, { ...origin, ...patchHeaders(0) }, video.subarray(0, 100)),
      await send('PATCH', location, victimKey, { ...origin, ...patchHeaders(0) }, video.subarray(0, 100)),
      await raw(base, 'PATCH', location, { ...origin, authorization: `Bearer ${victimKey}` }),
      await send('DELETE', location, victimKey, origin),
    ];
    expect(responses.map((r) => r.status)).toEqual([201, 200, 204, 409, 412, 204]);
    for (const res of responses) expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
