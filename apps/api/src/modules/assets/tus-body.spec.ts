import { PassThrough, Readable } from 'node:stream';

import { passBodyUncopied } from './tus-body.js';

/** What tus does with `request.body`: Readable.fromWeb, then reads it to the end. */
async function readAsTusDoes(request: { body?: unknown }): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.fromWeb(request.body as import('node:stream/web').ReadableStream)) chunks.push(chunk as Buffer);
  return chunks;
}

describe('passBodyUncopied', () => {
  it('hands tus the very chunks the request received, not copies of them', async () => {
    const sent = [Buffer.alloc(64 * 1024, 1), Buffer.alloc(64 * 1024, 2)];
    const request: { method: string; body?: unknown } = { method: 'PATCH' };
    passBodyUncopied(request, Readable.from(sent, { objectMode: false }));
    const received = await readAsTusDoes(request);
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
    // Same memory: no chunk was copied on the way.
    expect(received.map((c) => c.buffer)).toEqual(sent.map((c) => c.buffer));
    expect(received.every((c, i) => c.buffer === sent[i]!.buffer)).toBe(true);
  });

  it('passes an error of the request (a dropped connection) on to the reader', async () => {
    const node = new PassThrough();
    const request: { method: string; body?: unknown } = { method: 'PATCH' };
    passBodyUncopied(request, node);
    const reading = readAsTusDoes(request);
    node.write(Buffer.from('part of the bytes'));
    setImmediate(() => node.destroy(new Error('aborted')));
    await expect(reading).rejects.toThrow('aborted');
  });

  it('leaves alone a request without a body to stream, or one whose body is already set', () => {
    const get = { method: 'HEAD' };
    passBodyUncopied(get, new PassThrough());
    expect(Object.hasOwn(get, 'body')).toBe(false);
    const own = { method: 'PATCH', body: 'kept' };
    passBodyUncopied(own, new PassThrough());
    expect(own.body).toBe('kept');
  });
});
