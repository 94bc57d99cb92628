import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

import { LocalStorageDriver } from './local-storage.driver.js';
import { S3StorageDriver } from './s3-storage.driver.js';
import type { StorageDriver } from './storage.driver.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** 20 MiB in 1 MiB chunks, generated as it is read: more than one S3 part, never one buffer. */
function generated(bytes: number, seed: Buffer): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      const size = Math.min(1024 * 1024, bytes - sent);
      const chunk = Buffer.alloc(size, seed[(sent / 1024 / 1024) % seed.length]!);
      sent += size;
      this.push(chunk);
    },
  });
}

describe.each(['local', 's3'] as const)('%s storage driver', (kind) => {
  let dir: string;
  let driver: StorageDriver;
  let server: S3rver | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `mwr-storage-${kind}-`));
    if (kind === 'local') {
      driver = new LocalStorageDriver(join(dir, 'media'));
      return;
    }
    // A real S3-compatible server on a free port, files on disk.
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3') });
    const address = (await server.run()) as AddressInfo;
    const endpoint = `http://127.0.0.1:${address.port}`;
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const admin = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: 'mwr-media' }));
    admin.destroy();
    driver = new S3StorageDriver({ bucket: 'mwr-media', endpoint, region: 'us-east-1', forcePathStyle: true, ...credentials });
  });
  afterAll(async () => {
    if (driver instanceof S3StorageDriver) driver.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a multi-part stream, reads ranges, stats and deletes', async () => {
    const bytes = 20 * 1024 * 1024 + 123;
    const seed = randomBytes(32);
    const expected = createHash('sha256')
      .update(await collect(generated(bytes, seed)))
      .digest('hex');
    const stored = await driver.put('assets/ws/one.mp4', generated(bytes, seed), { contentType: 'video/mp4' });
    expect(stored.bytes).toBe(bytes);
    expect(await driver.stat('assets/ws/one.mp4')).toEqual({ bytes });
    const whole = await collect(await driver.get('assets/ws/one.mp4'));
    expect(createHash('sha256').update(whole).digest('hex')).toBe(expected);
    const range = await collect(await driver.get('assets/ws/one.mp4', { start: 1024 * 1024 - 2, end: 1024 * 1024 + 1 }));
    expect([...range]).toEqual([seed[0], seed[0], seed[1], seed[1]]);
    await driver.delete('assets/ws/one.mp4');
    expect(await driver.stat('assets/ws/one.mp4')).toBeUndefined();
  });

  it('moves a finished file in, leaving no source behind', async () => {
    const source = join(dir, 'finished.bin');
    writeFileSync(source, Buffer.from('finished upload'));
    expect(await driver.putFile('assets/ws/two.mp4', source, { contentType: 'video/mp4' })).toEqual({ bytes: 15 });
    expect(existsSync(source)).toBe(false);
    expect((await collect(await driver.get('assets/ws/two.mp4'))).toString()).toBe('finished upload');
  });

  it('hands out a presigned URL that serves the object (S3 only)', async () => {
    if (!driver.presign) {
      expect(kind).toBe('local');
      return;
    }
    await driver.put('assets/ws/three.mp4', Readable.from([Buffer.from('presigned bytes')]), { contentType: 'video/mp4' });
    const url = await driver.presign('assets/ws/three.mp4', 60, { contentType: 'video/mp4', filename: 'three.mp4' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('presigned bytes');
  });
});
