import { pipeline } from 'node:stream/promises';

import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';

import { AppException } from '../../common/errors/app-exception.js';
import type { ByteRange, StorageDriver } from '../storage/storage.driver.js';

/**
 * One `bytes=` range of a `size`-byte file. Undefined: no usable Range header (serve it whole).
 * 'unsatisfiable': answer 416. Several ranges are answered with the whole file, as RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from, to] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface StoredFile {
  key: string;
  bytes: number;
  mime: string;
  filename: string;
}

const safeFilename = (name: string) => name.replace(/[^\w.\- ]+/g, '_').slice(0, 150) || 'video';

/** Streams a stored file with HEAD, Range/206, Content-Length and Accept-Ranges. */
/** The database knows the file but storage does not have it. */
export class StoredFileMissing extends AppException {
  constructor() {
    super('FILE_MISSING', 'The video file is missing from storage: upload it again', HttpStatus.NOT_FOUND);
  }
}

export async function sendStoredFile(
  req: Request,
  res: Response,
  storage: StorageDriver,
  file: StoredFile,
  disposition: 'inline' | 'attachment',
): Promise<void> {
  // A row whose bytes are gone (storage cleaned out of band) is a 404 with a reason, not a crash mid-response.
  if (!(await storage.stat(file.key))) throw new StoredFileMissing();
  const range = parseRange(req.headers.range, file.bytes);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', file.mime);
  res.setHeader('Content-Disposition', `${disposition}; filename="${safeFilename(file.filename)}"`);
  res.setHeader('Cache-Control', 'private, max-age=300');
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${file.bytes}`);
    res.end();
    return;
  }
  if (range) {
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.bytes}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(200).setHeader('Content-Length', String(file.bytes));
  }
  if (req.method === 'HEAD' || file.bytes === 0) {
    res.end();
    return;
  }
  const body = await storage.get(file.key, range);
  try {
    await pipeline(body, res);
  } catch (error) {
    // A client that stops reading (seek, cancel) is normal for media; anything else is logged upstream.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
