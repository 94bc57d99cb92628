import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tiktokError } from './tiktok-envelope.js';

export interface SandboxHandle {
  readonly url: string;
  close(): Promise<void>;
}

export type SandboxRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/**
 * Starts the simulator on a loopback port. Routes are tried in order; the first that returns
 * true handled the request. Unknown paths answer like TikTok's gateway does: a 404 envelope.
 */
export async function startSandboxServer(routes: SandboxRoute[], options: { port?: number; host?: string } = {}): Promise<SandboxHandle> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        for (const route of routes) {
          if (await route(req, res)) return;
        }
        sendJson(res, 404, tiktokError('not_found', `no route for ${req.method} ${req.url}`));
      } catch (error) {
        if (!res.headersSent) sendJson(res, 500, tiktokError('internal_error', (error as Error).message));
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
