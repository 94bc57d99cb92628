import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** Reads the whole body, refusing more than `limit` bytes (the rest of the stream is discarded). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

export function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export type Params = Record<string, string>;

/** Parses a urlencoded form or a JSON object of scalars into string params (Graph-style input). */
export function parseParams(contentType: string, raw: Buffer): Params | undefined {
  if (raw.length === 0) return {};
  const textBody = raw.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded' || contentType === '') {
    return Object.fromEntries(new URLSearchParams(textBody));
  }
  if (contentType === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(textBody);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      const out: Params = {};
      for (const [k, v] of Object.entries(parsed)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
      return out;
    } catch {
      return undefined;
    }
  }
  if (contentType === 'multipart/form-data') return undefined;
  return {};
}
