import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DataSource } from 'typeorm';

import { buildMp4 } from '@mwr/platform-sandbox';

import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { AssetImportService } from './asset-import.service.js';

const LIMIT = 400_000;
const VIDEO = buildMp4({ videoTrack: { fps: 25 }, durationSec: 6, width: 720, height: 1280, totalBytes: 300_000 });
const OTHER_VIDEO = buildMp4({ videoTrack: { fps: 30 }, durationSec: 5, width: 720, height: 1280, totalBytes: 250_000 });
const THIRD_VIDEO = buildMp4({ videoTrack: { fps: 24 }, durationSec: 4, width: 720, height: 1280, totalBytes: 200_000 });
const TOO_BIG = buildMp4({ videoTrack: { fps: 25 }, durationSec: 6, width: 720, height: 1280, totalBytes: 500_000 });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The "somewhere on the internet" the videos come from: a plain HTTP server on loopback. */
async function startSource(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.push(path);
    if (path === '/launch.mp4') return void res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': VIDEO.length }).end(VIDEO);
    if (path === '/same-bytes.mp4') return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(VIDEO);
    if (path === '/other.mp4') return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(OTHER_VIDEO);
    if (path === '/third.mp4') return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(THIRD_VIDEO);
    // Declares its size: refused before a byte is read.
    if (path === '/big.mp4') return void res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': TOO_BIG.length }).end(TOO_BIG);
    // Chunked, no declared size: refused while streaming, once past the limit.
    if (path === '/big-chunked.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      return void res.end(TOO_BIG);
    }
    if (path === '/page.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not a video</html>');
    if (path === '/disguised.mp4') return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(Buffer.alloc(5000, 7));
    if (path === '/to-private') return void res.writeHead(302, { location: 'http://10.0.0.7/launch.mp4' }).end();
    if (path === '/to-metadata') return void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/moved') return void res.writeHead(302, { location: '/launch.mp4' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('POST /api/assets/import: a video from a URL, through the SSRF guard, size-limited, probed, deduplicated (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let source: Awaited<ReturnType<typeof startSource>>;
  let key: SessionClient;
  let readOnly: SessionClient;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('asset_import');
    source = await startSource();
    t = await startTestApp({ DATABASE_URL: db.url, ALLOW_INTERNAL_URLS: 'true', MAX_UPLOAD_BYTES: String(LIMIT) });
    sql = t.app.get(DataSource);
    const owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/workspaces/current').expect(200)).body.id;
    const writer = (await owner.post('/api/api-keys', { name: 'importer', scopes: ['content:write'] }).expect(201)).body.secret as string;
    const reader = (await owner.post('/api/api-keys', { name: 'reader', scopes: ['content:read'] }).expect(201)).body.secret as string;
    key = SessionClient.withApiKey(t.app.getHttpServer(), writer);
    readOnly = SessionClient.withApiKey(t.app.getHttpServer(), reader);
  });
  afterAll(async () => {
    await t?.close();
    await source?.close();
    await db?.drop();
  });

  const assetCount = async () => Number((await sql.query('SELECT count(*)::int AS n FROM content_assets WHERE workspace_id = $1', [workspaceId]))[0].n);

  it('stores the video as an asset: probed, hashed, named after the URL, downloadable', async () => {
    const created = await key.post('/api/assets/import', { url: `${source.url}/launch.mp4` }).expect(201);
    expect(created.body).toMatchObject({
      filename: 'launch.mp4',
      mime: 'video/mp4',
      bytes: VIDEO.length,
      sha256: sha256(VIDEO),
      status: 'ready',
      probe: { container: 'mp4', videoCodec: 'h264', durationMs: 6000, width: 720, height: 1280 },
    });
    const downloaded = await key
      .get(`/api/assets/${created.body.id}/download`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(sha256(downloaded.body as Buffer)).toBe(sha256(VIDEO));
  });

  it('links the same bytes to the asset the workspace has (200, nothing new stored), whatever the URL', async () => {
    const before = await assetCount();
    const first = (await key.get('/api/assets?limit=50').expect(200)).body.items.find((a: { sha256: string }) => a.sha256 === sha256(VIDEO));
    const again = await key.post('/api/assets/import', { url: `${source.url}/same-bytes.mp4` }).expect(200);
    expect(again.body.id).toBe(first.id);
    // A redirect on the same origin is followed.
    const moved = await key.post('/api/assets/import', { url: `${source.url}/moved` }).expect(200);
    expect(moved.body.id).toBe(first.id);
    expect(await assetCount()).toBe(before);
    const other = await key.post('/api/assets/import', { url: `${source.url}/other.mp4` }).expect(201);
    expect(other.body.sha256).toBe(sha256(OTHER_VIDEO));
    expect(await assetCount()).toBe(before + 1);
  });

  it('refuses a file over the upload limit, declared or streamed (413 IMPORT_TOO_LARGE), and keeps nothing', async () => {
    const before = await assetCount();
    for (const path of ['/big.mp4', '/big-chunked.mp4']) {
      const refused = await key.post('/api/assets/import', { url: `${source.url}${path}` }).expect(413);
      expect(refused.body).toEqual({
        statusCode: 413,
        code: 'IMPORT_TOO_LARGE',
        message: `The video is larger than the ${LIMIT} bytes allowed`,
        params: { limitBytes: LIMIT },
        details: { limitBytes: LIMIT },
      });
    }
    expect(await assetCount()).toBe(before);
  });

  it('refuses what is not a video (422 MEDIA_REJECTED): by its type before downloading, by the probe after', async () => {
    const before = await assetCount();
    const html = await key.post('/api/assets/import', { url: `${source.url}/page.html` }).expect(422);
    expect(html.body).toMatchObject({ code: 'MEDIA_REJECTED', params: { reason: 'not_video' } });
    const disguised = await key.post('/api/assets/import', { url: `${source.url}/disguised.mp4` }).expect(422);
    expect(disguised.body).toMatchObject({ code: 'MEDIA_REJECTED', params: { reason: 'not_video' } });
    expect(await assetCount()).toBe(before);
  });

  it('refuses a redirect to a private or link-local address (422 IMPORT_URL_NOT_ALLOWED) without connecting to it', async () => {
    for (const path of ['/to-private', '/to-metadata']) {
      const refused = await key.post('/api/assets/import', { url: `${source.url}${path}` }).expect(422);
      expect(refused.body.code).toBe('IMPORT_URL_NOT_ALLOWED');
      expect(refused.body.message).toMatch(/non-public address/);
    }
  });

  it('refuses a private-range URL when internal URLs are not allowed (production), before any request', async () => {
    t.config.allowInternalUrls = false;
    try {
      const hits = source.hits.length;
      const loopback = await key.post('/api/assets/import', { url: `${source.url}/launch.mp4` }).expect(422);
      expect(loopback.body).toMatchObject({ code: 'IMPORT_URL_NOT_ALLOWED', params: { reason: expect.stringMatching(/non-public address/) } });
      for (const url of ['http://10.1.2.3/a.mp4', 'http://192.168.0.10/a.mp4', 'http://[::1]/a.mp4', 'http://169.254.169.254/latest']) {
        expect((await key.post('/api/assets/import', { url }).expect(422)).body.code).toBe('IMPORT_URL_NOT_ALLOWED');
      }
      expect(source.hits.length).toBe(hits);
    } finally {
      t.config.allowInternalUrls = true;
    }
  });

  it('refuses a source that fails (422 IMPORT_SOURCE_FAILED) and one slower than the deadline', async () => {
    const missing = await key.post('/api/assets/import', { url: `${source.url}/nowhere.mp4` }).expect(422);
    expect(missing.body).toMatchObject({ code: 'IMPORT_SOURCE_FAILED', params: { reason: 'HTTP 404' } });

    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const importer = t.app.get(AssetImportService);
    importer.timeoutMs = 300;
    try {
      const slow = await key.post('/api/assets/import', { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow.mp4` }).expect(422);
      expect(slow.body).toMatchObject({ code: 'IMPORT_SOURCE_FAILED', params: { reason: expect.stringMatching(/^TIMEOUT/) } });
    } finally {
      importer.timeoutMs = 15 * 60_000;
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('validates the body and the scope: 400 for a non-http URL, 403 for a read-only key', async () => {
    expect((await key.post('/api/assets/import', { url: 'file:///etc/passwd' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await key.post('/api/assets/import', {}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await readOnly.post('/api/assets/import', { url: `${source.url}/launch.mp4` }).expect(403)).body.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('replays an import with the same Idempotency-Key instead of downloading again', async () => {
    const first = await key
      .post('/api/assets/import', { url: `${source.url}/third.mp4` })
      .set('Idempotency-Key', 'import-1')
      .expect(201);
    const replay = await key
      .post('/api/assets/import', { url: `${source.url}/third.mp4` })
      .set('Idempotency-Key', 'import-1')
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(source.hits.filter((h) => h === '/third.mp4')).toHaveLength(1);

    // A first answer of 200 (bytes the workspace already had) replays as 200, not as a creation.
    const linked = await key
      .post('/api/assets/import', { url: `${source.url}/same-bytes.mp4?again` })
      .set('Idempotency-Key', 'import-2')
      .expect(200);
    const linkedReplay = await key
      .post('/api/assets/import', { url: `${source.url}/same-bytes.mp4?again` })
      .set('Idempotency-Key', 'import-2')
      .expect(200);
    expect(linkedReplay.headers['idempotent-replayed']).toBe('true');
    expect(linkedReplay.body.id).toBe(linked.body.id);
  });
});
