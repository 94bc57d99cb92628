import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';

import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import type { ByteRange, StorageDriver, StoredObject } from './storage.driver.js';

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** 16 MiB parts, 4 in flight: at most ~64 MiB buffered per upload whatever the file size. */
const PART_SIZE = 16 * 1024 * 1024;
const QUEUE_SIZE = 4;

/** AWS S3, Cloudflare R2, MinIO: anything speaking the S3 API. Multipart uploads, ranged GETs. */
export class S3StorageDriver implements StorageDriver {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // R2 and MinIO versions in the field reject the SDK's default CRC trailers on streamed bodies.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable, options: { contentType: string }): Promise<StoredObject> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: body, ContentType: options.contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
    const stored = await this.stat(key);
    if (!stored) throw new Error(`S3 upload of ${key} finished but the object is missing`);
    return stored;
  }

  async putFile(key: string, path: string, options: { contentType: string }): Promise<StoredObject> {
    const { size } = await stat(path);
    const stored = await this.put(key, createReadStream(path), options);
    if (stored.bytes !== size) throw new Error(`S3 stored ${stored.bytes} bytes of ${size} for ${key}`);
    await unlink(path);
    return stored;
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const result = await this.client.send(
      new GetObjectCommand({ Bucket: this.settings.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
    );
    const body = result.Body;
    if (!body) throw new Error(`S3 returned no body for ${key}`);
    return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { bytes: Number(head.ContentLength ?? 0) };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  presign(key: string, ttlSeconds: number, options: { contentType: string; filename?: string }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.settings.bucket,
      Key: key,
      ResponseContentType: options.contentType,
      ...(options.filename ? { ResponseContentDisposition: `inline; filename="${options.filename.replace(/["\\\r\n]/g, '_')}"` } : {}),
    });
    return getSignedUrl(this.client, command, { expiresIn: ttlSeconds });
  }

  destroy(): void {
    this.client.destroy();
  }
}
