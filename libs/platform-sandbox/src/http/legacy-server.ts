import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tiktokError } from './errors.js';
import { sendJson } from './reply.js';

export interface SandboxHandle {
  readonly url: string;
  close(): Promise<void>;
}

export type SandboxRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * Minimal route-list server (kept from the first iteration; prefer createSandbox()). Routes are
 * tried in order; unknown paths answer like TikTok's gateway: a 404 envelope.
 */
export async function startSandboxServer(routes: SandboxRoute[], options: { port?: number; host?: string } = {}): Promise<SandboxHandle> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        for (const route of routes) {
          if (await route(req, res)) return;
        }
        sendJson(res, 404, tiktokError('not_found', `no route for ${req.method ?? ''} ${req.url ?? ''}`));
      } catch {
        if (!res.headersSent) sendJson(res, 500, tiktokError('internal_error', 'internal error'));
        else res.destroy();
      }
    })();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
