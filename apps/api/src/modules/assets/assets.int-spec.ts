import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { waitFor } from '../../../test/wait.js';
import { AssetsService } from './assets.service.js';
import { uploadsDir, UploadsService } from './uploads.service.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function clip(dir: string, name: string, args: string): Buffer {
  const out = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args.split(' '), out]);
  return readFileSync(out);
}

describe('media assets', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  let good: Buffer;
  let slow: Buffer;
  let owner: SessionClient;
  let key: string;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mwr-assets-'));
    // 4 s vertical H.264/AAC at 30 fps: passes TikTok and Reels. A 15 fps one fails both.
    good = clip(
      dir,
      'good.mp4',
      '-f lavfi -i testsrc2=size=360x640:rate=30:duration=4 -f lavfi -i sine=sample_rate=44100:duration=4 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart',
    );
    slow = clip(dir, 'slow.mp4', '-f lavfi -i testsrc2=size=360x640:rate=15:duration=4 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart');
    db = await createTestDatabase('assets');
    t = await startTestApp({ DATABASE_URL: db.url, MAX_UPLOAD_BYTES: String(5 * 1024 * 1024), PUBLIC_URL: 'https://mwr.example.com' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    owner = await setupOwner(t.app.getHttpServer());
    key = (await owner.post('/api/api-keys', { name: 'uploader', scopes: ['content:write', 'content:read'] }).expect(201)).body.secret;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tus = (method: 'post' | 'patch' | 'head' | 'delete', path: string, secret = key) =>
    request(t.app.getHttpServer())[method](path).set('authorization', `Bearer ${secret}`).set('Tus-Resumable', '1.0.0');

  async function create(size: number, filename = 'launch.mp4', secret = key): Promise<string> {
    const res = await tus('post', '/api/uploads', secret)
      .set('Upload-Length', String(size))
      .set('Upload-Metadata', `filename ${b64(filename)},filetype ${b64('video/mp4')}`);
    expect(res.status).toBe(201);
    return res.headers.location as string;
  }

  const patch = (location: string, offset: number, chunk: Buffer, secret = key) =>
    tus('patch', location, secret).set('Upload-Offset', String(offset)).set('Content-Type', 'application/offset+octet-stream').send(chunk);

  /** Sends part of a PATCH body and drops the connection, as a lost Wi-Fi does. */
  function interruptedPatch(location: string, offset: number, chunk: Buffer, sent: number): Promise<void> {
    return new Promise((resolve) => {
      const req = httpRequest(`${base}${location}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${key}`,
          'tus-resumable': '1.0.0',
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
          'content-length': String(chunk.length),
        },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(chunk.subarray(0, sent), () => setTimeout(() => req.destroy(), 150));
      req.on('close', () => resolve());
    });
  }

  async function upload(bytes: Buffer, filename = 'launch.mp4'): Promise<request.Response> {
    const location = await create(bytes.length, filename);
    const res = await patch(location, 0, bytes);
    return res;
  }

  it('takes a video in chunks across a dropped connection and makes one asset with the right sha256', async () => {
    const location = await create(good.length);
    const third = Math.ceil(good.length / 3);
    expect((await patch(location, 0, good.subarray(0, third))).status).toBe(204);
    await interruptedPatch(location, third, good.subarray(third, 2 * third), 20_000);
    // The server keeps what arrived before the drop: wait until its offset shows it (not for a fixed 5 s).
    const offset = await waitFor(async () => {
      const head = await tus('head', location);
      const at = Number(head.headers['upload-offset']);
      return head.status === 200 && at > third && at;
    }, 'the offset to move past the first third');
    expect(offset).toBeGreaterThan(third);
    expect(offset).toBeLessThan(2 * third);
    const last = await patch(location, offset, good.subarray(offset));
    expect(last.status).toBe(204);
    const assetId = last.headers['mwr-asset-id'];
    expect(last.headers['mwr-sha256']).toBe(createHash('sha256').update(good).digest('hex'));
    const asset = (await owner.get(`/api/assets/${assetId}`).expect(200)).body;
    expect(asset).toMatchObject({
      status: 'ready',
      bytes: good.length,
      sha256: createHash('sha256').update(good).digest('hex'),
      mime: 'video/mp4',
      filename: 'launch.mp4',
      usageCount: 0,
      duplicateOf: null,
    });
    expect(asset.probe).toMatchObject({ container: 'mp4', width: 360, height: 640, fps: 30, videoCodec: 'h264', audioCodec: 'aac', faststart: true });
    expect(asset.thumbnailUrl).toBe(`/api/assets/${assetId}/thumbnail`);
    await owner.get(asset.thumbnailUrl).expect(200).expect('content-type', 'image/jpeg');
    const uploadId = location.split('/').pop()!;
    const listed = (await owner.get(`/api/assets?uploadId=${uploadId}`).expect(200)).body;
    expect(listed.items.map((a: { id: string }) => a.id)).toEqual([assetId]);
    expect(readdirSync(uploadsDir(t.config))).toEqual([]);
  });

  it('links a second upload of the same bytes to the asset the workspace already has', async () => {
    const first = await upload(good, 'again.mp4');
    const firstId = first.headers['mwr-asset-id'];
    const second = await upload(good, 'again-2.mp4');
    expect(second.status).toBe(204);
    expect(second.headers['mwr-asset-id']).toBe(firstId);
    expect(second.headers['mwr-duplicate-of']).toBe(firstId);
    expect(
      (await owner.get(`/api/assets?limit=200`).expect(200)).body.items.filter((a: { sha256: string }) => a.sha256 === first.headers['mwr-sha256']),
    ).toEqual([expect.objectContaining({ id: firstId, duplicateOf: null })]);
    expect(readdirSync(uploadsDir(t.config))).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and keeps nothing', async () => {
    const before = (await owner.get('/api/assets?limit=200').expect(200)).body.items.length;
    const text = Buffer.from('These are meeting notes, not a video.\n'.repeat(50));
    const notVideo = await upload(text, 'notes.mp4');
    expect(notVideo.status).toBe(422);
    expect(JSON.parse(notVideo.text)).toMatchObject({ code: 'MEDIA_REJECTED', details: { reason: 'not_video' } });
    const truncatedFile = Buffer.concat([good.subarray(0, 4000)]);
    const truncated = await upload(truncatedFile, 'cut.mp4');
    expect(truncated.status).toBe(422);
    expect(JSON.parse(truncated.text)).toMatchObject({ details: { reason: 'truncated' } });
    const empty = await tus('post', '/api/uploads').set('Upload-Length', '0');
    expect(empty.status).toBe(400);
    const tooBig = await tus('post', '/api/uploads').set('Upload-Length', String(5 * 1024 * 1024 + 1));
    expect(tooBig.status).toBe(413);
    expect((await owner.get('/api/assets?limit=200').expect(200)).body.items.length).toBe(before);
    expect(readdirSync(uploadsDir(t.config))).toEqual([]);
  });

  it("answers 404 for another workspace's upload and leaves it alone", async () => {
    const location = await create(good.length);
    const other = await setupOther();
    expect((await tus('head', location, other)).status).toBe(404);
    expect((await patch(location, 0, good, other)).status).toBe(404);
    expect((await tus('delete', location, other)).status).toBe(404);
    expect((await tus('head', location)).headers['upload-offset']).toBe('0');
    expect((await tus('delete', location)).status).toBe(204);
  });

  let otherKey: string | undefined;
  async function setupOther(): Promise<string> {
    if (otherKey) return otherKey;
    const ws = (await owner.post('/api/workspaces', { name: 'Other brand' }).expect(201)).body;
    await owner.post('/api/auth/switch-workspace', { workspaceId: ws.id }).expect(200);
    otherKey = (await owner.post('/api/api-keys', { name: 'other', scopes: ['content:write', 'content:read'] }).expect(201)).body.secret as string;
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    const first = me.workspaces.find((w: { id: string }) => w.id !== ws.id);
    await owner.post('/api/auth/switch-workspace', { workspaceId: first.id }).expect(200);
    return otherKey;
  }

  it('serves signed links with Range, HEAD and expiry, and refuses tampered ones', async () => {
    const assetId = (await upload(good, 'signed.mp4')).headers['mwr-asset-id'] as string;
    const workspaceId =
      (await owner.get('/api/auth/me').expect(200)).body.currentWorkspace?.id ??
      (await t.app.get(DataSource).query('SELECT workspace_id FROM content_assets WHERE id = $1', [assetId]))[0].workspace_id;
    const assets = t.app.get(AssetsService);
    const url = await assets.signedUrl(workspaceId, assetId, 600);
    expect(url.startsWith('https://mwr.example.com/media/')).toBe(true);
    const path = new URL(url).pathname;
    const server = t.app.getHttpServer();
    const whole = await request(server)
      .get(path)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.compare(whole.body as Buffer, good)).toBe(0);
    const head = await request(server).head(path).expect(200);
    expect(head.headers['content-length']).toBe(String(good.length));
    const part = await request(server).get(path).set('Range', 'bytes=100-199').expect(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${good.length}`);
    expect(part.headers['content-length']).toBe('100');
    await request(server).get(path).set('Range', `bytes=${good.length}-`).expect(416);
    const expired = assets.signMediaToken(assetId, new Date(Date.now() - 1000));
    expect((await request(server).get(`/media/${expired}`)).status).toBe(403);
    const [payload, signature] = path.split('/').pop()!.split('.');
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url')
        .toString()
        .replace(/\.\d+$/, '.9999999999'),
    ).toString('base64url');
    expect((await request(server).get(`/media/${forged}.${signature}`)).status).toBe(403);
    expect((await request(server).get('/media/nonsense')).status).toBe(403);
    const range = assets.openRange(workspaceId, assetId, 0, 9);
    const chunks: Buffer[] = [];
    for await (const c of await range) chunks.push(c as Buffer);
    expect(Buffer.compare(Buffer.concat(chunks), good.subarray(0, 10))).toBe(0);
    const download = await owner.get(`/api/assets/${assetId}/download`).set('Range', 'bytes=0-3').expect(206);
    expect(download.headers['content-disposition']).toContain('attachment');
  });

  it('checks a video per platform and blocks scheduling on errors, not drafts', async () => {
    const sql = t.app.get(DataSource);
    const slowId = (await upload(slow, 'slow.mp4')).headers['mwr-asset-id'] as string;
    const goodId = (await upload(good, 'fine.mp4')).headers['mwr-asset-id'] as string;
    const checks = (await owner.get(`/api/assets/${slowId}/checks?platforms=tiktok,instagram`).expect(200)).body;
    expect(checks.blocking).toBe(true);
    expect(checks.findings.map((f: { platform: string; code: string }) => `${f.platform}:${f.code}`)).toEqual(
      expect.arrayContaining(['tiktok:frame_rate_out_of_range', 'instagram:frame_rate_out_of_range']),
    );
    expect(checks.findings[0].message.fr).toBeTruthy();
    const fine = (await owner.get(`/api/assets/${goodId}/checks`).expect(200)).body;
    expect(fine.blocking).toBe(false);

    const workspaceId = (await sql.query('SELECT workspace_id FROM content_assets WHERE id = $1', [slowId]))[0].workspace_id;
    const tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok');
    await sql.query(`UPDATE social_accounts SET capabilities = '{"maxVideoPostDurationSec": 3}'::jsonb WHERE id = $1`, [tiktok]);
    const limited = (await owner.get(`/api/assets/${goodId}/checks?platforms=tiktok&accountIds=${tiktok}`).expect(200)).body;
    expect(limited.findings).toEqual([expect.objectContaining({ code: 'duration_over_creator_limit', limit: 3 })]);

    const item = { title: 'Launch', caption: 'x', timeZone: 'UTC', targets: [{ accountId: tiktok }] };
    const blocked = await owner.post('/api/content-items', { ...item, assetId: slowId, scheduledAt: inDays(2) });
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('QUALITY_GATE_FAILED');
    expect(blocked.body.details.map((f: { code: string }) => f.code)).toContain('frame_rate_out_of_range');
    await owner.post('/api/content-items', { ...item, assetId: slowId }).expect(201);

    // Delete: refused while a non-final item uses the video.
    const usedId = goodId;
    await sql.query(`UPDATE social_accounts SET capabilities = '{}'::jsonb WHERE id = $1`, [tiktok]);
    const scheduled = (await owner.post('/api/content-items', { ...item, assetId: usedId, scheduledAt: inDays(2) }).expect(201)).body;
    expect((await owner.get(`/api/assets/${usedId}`).expect(200)).body.usageCount).toBe(1);
    const conflict = await owner.delete(`/api/assets/${usedId}`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('ASSET_IN_USE');
    await owner.call('post', `/api/content-items/${scheduled.id}/cancel`).set('If-Match', '"1"').expect(200);
    await owner.delete(`/api/assets/${usedId}`).expect(204);
    await owner.get(`/api/assets/${usedId}`).expect(404);
    // The cancelled item keeps its record, without the video (the calendar unlinked it).
    expect((await owner.get(`/api/content-items/${scheduled.id}`).expect(200)).body).toMatchObject({ id: scheduled.id, status: 'cancelled', assetId: null });
  });

  it('removes uploads abandoned for more than 24 hours', async () => {
    const location = await create(good.length);
    await patch(location, 0, good.subarray(0, 1000)).expect(204);
    const uploads = t.app.get(UploadsService);
    expect(await uploads.removeStaleUploads()).toBe(0);
    const dirPath = uploadsDir(t.config);
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    for (const name of readdirSync(dirPath)) utimesSync(join(dirPath, name), old, old);
    const id = location.split('/').pop()!;
    const meta = JSON.parse(readFileSync(join(dirPath, `${id}.json`), 'utf8'));
    writeFileSync(join(dirPath, `${id}.json`), JSON.stringify({ ...meta, creation_date: old.toISOString() }));
    utimesSync(join(dirPath, `${id}.json`), old, old);
    expect(await uploads.removeStaleUploads()).toBe(2);
    expect(readdirSync(dirPath)).toEqual([]);
    expect((await tus('head', location)).status).toBe(404);
  });
});
