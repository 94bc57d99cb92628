import type { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';

/**
 * @tus/server reads an upload's bytes from srvx's `request.body`, which is `Readable.toWeb(req)`:
 * Node's adapter copies every chunk into a fresh Uint8Array ("to detach it from the pool"), so a
 * 1 GiB upload allocated 1 GiB more outside the heap, and the garbage collector took ~40 % of the
 * API's main thread while the bytes went through (bench:upload's CPU profile). Nothing transfers
 * these chunks, so the copy buys nothing: the same Node stream is handed to tus as a web stream
 * over its async iterator, chunks as they are. Errors and aborts travel the same way (the
 * iterator rejects when the request errors or is cut; cancelling the web stream destroys it).
 *
 * Called from tus's onIncomingRequest hook, which every handler runs before it reads the body; an
 * own `body` property shadows srvx's getter, and a request whose body was already read keeps it.
 */
export function passBodyUncopied(request: unknown, node: Readable | undefined): void {
  if (!node || typeof request !== 'object' || request === null || Object.hasOwn(request, 'body')) return;
  const method = (request as { method?: string }).method;
  if (method !== 'PATCH' && method !== 'POST') return;
  // tus reads it at most once; built on first read so a refused request leaves the socket alone.
  let body: ReadableStream<Uint8Array> | undefined;
  Object.defineProperty(request, 'body', {
    configurable: true,
    enumerable: true,
    get: () => (body ??= ReadableStream.from(node as AsyncIterable<Uint8Array>)),
  });
}
