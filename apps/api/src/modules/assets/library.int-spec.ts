import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { STORAGE_DRIVER, type StorageDriver } from '../storage/storage.driver.js';
import { AssetsService } from './assets.service.js';
import { uploadsDir } from './uploads.service.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A small H.264 clip; `seconds` makes each one's bytes different. */
function clip(dir: string, name: string, seconds: number): Buffer {
  const out = join(dir, name);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...`-f lavfi -i testsrc2=size=360x640:rate=30:duration=${seconds} -c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart`.split(' '),
    out,
  ]);
  return readFileSync(out);
}

interface ListedAsset {
  id: string;
  filename: string;
  tags: string[];
  usageCount: number;
  usedBy: { id: string; title: string; status: string; scheduledAt: string | null }[];
}

describe('media library: one asset per file, tags, search, usage, deletion', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  let owner: SessionClient;
  let key: string;
  let sql: DataSource;
  let workspaceId: string;
  let account: string;
  const videos: Buffer[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mwr-library-'));
    for (const seconds of [1, 2, 3, 4]) videos.push(clip(dir, `clip-${seconds}.mp4`, seconds));
    db = await createTestDatabase('library');
    t = await startTestApp({ DATABASE_URL: db.url, MAX_UPLOAD_BYTES: String(5 * 1024 * 1024), PUBLIC_URL: 'https://mwr.example.com' });
    owner = await setupOwner(t.app.getHttpServer());
    key = (await owner.post('/api/api-keys', { name: 'uploader', scopes: ['content:write', 'content:read'] }).expect(201)).body.secret;
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me').expect(200)).body.workspace.id;
    account = await insertSocialAccount(sql, workspaceId, 'tiktok');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tus = (method: 'post' | 'patch', path: string) =>
    request(t.app.getHttpServer())[method](path).set('authorization', `Bearer ${key}`).set('Tus-Resumable', '1.0.0');

  /** A whole tus upload: create, then two PATCHes (as a client sending chunks does). */
  async function upload(bytes: Buffer, filename: string): Promise<request.Response> {
    const created = await tus('post', '/api/uploads')
      .set('Upload-Length', String(bytes.length))
      .set('Upload-Metadata', `filename ${b64(filename)},filetype ${b64('video/mp4')}`);
    expect(created.status).toBe(201);
    const location = created.headers.location as string;
    const half = Math.floor(bytes.length / 2);
    const patch = (offset: number, chunk: Buffer) =>
      tus('patch', location).set('Upload-Offset', String(offset)).set('Content-Type', 'application/offset+octet-stream').send(chunk);
    expect((await patch(0, bytes.subarray(0, half))).status).toBe(204);
    return patch(half, bytes.subarray(half));
  }

  const list = async (query: string): Promise<{ items: ListedAsset[]; nextCursor: string | null }> =>
    (await owner.get(`/api/assets?${query}`).expect(200)).body;
  const idsOf = async (query: string) => (await list(query)).items.map((a) => a.id);
  const useIn = async (assetId: string, title: string) =>
    (
      await owner
        .post('/api/content-items', { title, caption: 'x', timeZone: 'UTC', assetId, scheduledAt: inDays(2), targets: [{ accountId: account }] })
        .expect(201)
    ).body as { id: string };

  let launch: string;
  let teaser: string;

  it('makes one asset of the same file uploaded twice: the second tus upload completes and links the first asset', async () => {
    const first = await upload(videos[0]!, 'launch.mp4');
    expect(first.status).toBe(204);
    launch = first.headers['mwr-asset-id'] as string;
    expect(first.headers['mwr-duplicate-of']).toBeUndefined();

    const second = await upload(videos[0]!, 'launch (copy).mp4');
    expect(second.status).toBe(204);
    expect(second.headers['mwr-asset-id']).toBe(launch);
    expect(second.headers['mwr-duplicate-of']).toBe(launch);
    expect(second.headers['mwr-sha256']).toBe(sha256(videos[0]!));

    const rows: { id: string }[] = await sql.query('SELECT id FROM content_assets WHERE workspace_id = $1 AND sha256 = $2', [workspaceId, sha256(videos[0]!)]);
    expect(rows).toEqual([{ id: launch }]);
    expect((await list('limit=200')).items.map((a) => a.filename)).toEqual(['launch.mp4']);
    // Neither the linked upload's bytes nor its record are left behind.
    expect(readdirSync(uploadsDir(t.config))).toEqual([]);
    // Different bytes are a different asset.
    teaser = (await upload(videos[1]!, 'teaser.mp4')).headers['mwr-asset-id'] as string;
    expect(teaser).not.toBe(launch);
  });

  it('sets tags, stored trimmed, lowercase and without repeats', async () => {
    const res = await owner.patch(`/api/assets/${launch}`, { tags: ['  Summer Sale ', 'summer sale', 'Promo', '#launch'] }).expect(200);
    expect(res.body).toMatchObject({ id: launch, tags: ['summer sale', 'promo', '#launch'] });
    expect((await owner.get(`/api/assets/${launch}`).expect(200)).body.tags).toEqual(['summer sale', 'promo', '#launch']);
    await owner.patch(`/api/assets/${teaser}`, { tags: ['teaser'] }).expect(200);
  });

  it.each([
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) }, /at most 20/],
    ['a tag too long', { tags: ['x'.repeat(41)] }, /1–40/],
    ['an empty tag', { tags: ['   '] }, /1–40/],
    ['a comma in a tag', { tags: ['a,b'] }, /letters, digits/],
    ['a tag that is not text', { tags: [42] }, /text/],
    ['tags that are not a list', { tags: 'promo' }, /array/],
    ['no tags field', {}, /tags/],
    ['an unknown field', { tags: [], name: 'x' }, /name/],
  ])('refuses %s with a 400 and keeps the tags', async (_what, body, message) => {
    const res = await owner.patch(`/api/assets/${launch}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.body)).toMatch(message);
    expect((await owner.get(`/api/assets/${launch}`).expect(200)).body.tags).toEqual(['summer sale', 'promo', '#launch']);
  });

  it('answers 404 for tags on a video that does not exist', async () => {
    await owner.patch('/api/assets/0b6f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4', { tags: ['x'] }).expect(404);
  });

  it('searches file names and tags, and filters by an exact tag', async () => {
    expect(await idsOf('q=TEASER')).toEqual([teaser]);
    expect(await idsOf('q=summer')).toEqual([launch]);
    expect(await idsOf('q=sale')).toEqual([launch]);
    expect(await idsOf(`q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await idsOf('tag=Promo')).toEqual([launch]);
    expect(await idsOf(`tag=${encodeURIComponent('summer sale')}`)).toEqual([launch]);
    // A tag filter is the whole tag, not a part of it.
    expect(await idsOf('tag=summer')).toEqual([]);
    expect(await idsOf('tag=teaser&q=launch')).toEqual([]);
  });

  it('lists the posts using each video and filters the unused ones', async () => {
    const post = await useIn(launch, 'Black Friday launch');
    const [used] = (await list(`q=launch`)).items;
    expect(used).toMatchObject({ id: launch, usageCount: 1, usedBy: [{ id: post.id, title: 'Black Friday launch', status: 'scheduled' }] });
    expect(used!.usedBy[0]!.scheduledAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect((await list(`q=teaser`)).items[0]).toMatchObject({ usageCount: 0, usedBy: [] });
    expect(await idsOf('unused=true')).toEqual([teaser]);
    expect(await idsOf('unused=false')).toEqual([launch]);
    expect(await idsOf('unused=true&tag=promo')).toEqual([]);
  });

  it('refuses to delete a video a post uses, naming the post, and deletes an unused one', async () => {
    const refused = await owner.delete(`/api/assets/${launch}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ASSET_IN_USE', details: { items: [{ status: 'scheduled', title: 'Black Friday launch' }] } });
    expect(refused.body.message).toContain('"Black Friday launch"');
    await owner.get(`/api/assets/${launch}`).expect(200);

    await owner.delete(`/api/assets/${teaser}`).expect(204);
    await owner.get(`/api/assets/${teaser}`).expect(404);
    // Deleted, the same bytes may be uploaded again and make a new asset.
    const again = await upload(videos[1]!, 'teaser.mp4');
    expect(again.headers['mwr-duplicate-of']).toBeUndefined();
    expect(again.headers['mwr-asset-id']).not.toBe(teaser);
    teaser = again.headers['mwr-asset-id'] as string;
  });

  it('pages through a filtered list with the keyset cursor, newest first, without repeats', async () => {
    const third = (await upload(videos[2]!, 'promo-3.mp4')).headers['mwr-asset-id'] as string;
    const fourth = (await upload(videos[3]!, 'promo-4.mp4')).headers['mwr-asset-id'] as string;
    for (const id of [third, fourth]) await owner.patch(`/api/assets/${id}`, { tags: ['promo'] }).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ListedAsset[]; nextCursor: string | null } = await list(`tag=promo&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([fourth, third, launch]);
  });

  it.each([
    ['unused=maybe', /unused must be one of true, false/],
    [`tag=${'x'.repeat(41)}`, /tag must be 1–40/],
    ['tag=a%2Cb', /tag must be 1–40/],
    [`q=${'x'.repeat(201)}`, /q must be/],
    ['limit=0', /limit/],
    ['cursor=abc', /cursor/],
    ['sort=name', /sort/],
  ])('answers GET /api/assets?%s with a 400 and a message', async (query, message) => {
    const res = await owner.get(`/api/assets?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^(VALIDATION_FAILED|INVALID_CURSOR)$/);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it('migration 020 merges the duplicates made before it: posts move to the oldest video, tags join, the others go', async () => {
    const migration = readFileSync(resolve(__dirname, '../../../../../migrations/020_asset_library.sql'), 'utf8');
    await sql.query('DROP INDEX content_assets_sha_unique_idx');
    const same = 'ab'.repeat(32);
    const insert = async (name: string, tags: string[], age: string, status = 'ready'): Promise<string> =>
      (
        await sql.query(
          `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, status, tags, created_at)
           VALUES ($1, $2, $2, 'video/mp4', 10, $3, $4, $5, now() - $6::interval) RETURNING id`,
          [workspaceId, name, same, status, tags, age],
        )
      )[0].id;
    const oldest = await insert('old.mp4', ['a'], '3 days');
    const newer = await insert('new.mp4', ['b', 'a'], '2 days');
    const storage = t.app.get<StorageDriver>(STORAGE_DRIVER);
    for (const key of ['old.mp4', 'new.mp4']) await storage.put(key, Readable.from([Buffer.from('same bytes')]), { contentType: 'video/mp4' });
    const failed = await insert('failed.mp4', [], '1 day', 'failed');
    const post = await useIn(newer, 'Made on the copy');

    await sql.query(migration);

    const rows: { id: string; tags: string[] }[] = await sql.query('SELECT id, tags FROM content_assets WHERE sha256 = $1 ORDER BY created_at', [same]);
    expect(rows).toEqual([
      { id: oldest, tags: ['a', 'b'] },
      { id: failed, tags: [] },
    ]);
    expect((await owner.get(`/api/content-items/${post.id}`).expect(200)).body.assetId).toBe(oldest);
    // The merged copy's file goes with the cleanup; the keeper's stays.
    expect(await sql.query('SELECT storage_key FROM content_asset_orphan_files')).toEqual([{ storage_key: 'new.mp4' }]);
    expect(await t.app.get(AssetsService).removeOrphanFiles()).toBe(1);
    expect(await storage.stat('new.mp4')).toBeUndefined();
    expect(await storage.stat('old.mp4')).toBeDefined();
    expect(await sql.query('SELECT storage_key FROM content_asset_orphan_files')).toEqual([]);
    // Applied again, it changes nothing and the index holds.
    await sql.query(migration);
    await expect(
      sql.query(
        `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, status) VALUES ($1, 'x', 'x', 'video/mp4', 1, $2, 'ready')`,
        [workspaceId, same],
      ),
    ).rejects.toThrow(/unique/);
  });
});
