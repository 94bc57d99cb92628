import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);

/** A response body serialized once, and gzipped once, for every caller that shares it. */
export interface JsonBytes {
  json: Buffer;
  gzip: Buffer;
}

/** Serializes and compresses a document once (a cached answer many callers read within its TTL). */
export async function jsonBytes(value: unknown): Promise<JsonBytes> {
  const json = Buffer.from(JSON.stringify(value));
  return { json, gzip: await gzipAsync(json) };
}

/** The shared bytes as the answer: gzipped for a caller that accepts it, plain otherwise. */
export function sendJsonBytes(req: Request, res: Response, bytes: JsonBytes): StreamableFile {
  res.vary('Accept-Encoding');
  const gzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  const body = gzipped ? bytes.gzip : bytes.json;
  return new StreamableFile(body, { type: 'application/json; charset=utf-8', length: body.length });
}
