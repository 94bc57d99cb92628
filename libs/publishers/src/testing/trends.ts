/**
 * Trend-source test helpers (issue 33, not part of the build): a sandbox on loopback with a
 * manual clock, and a stub server for answers an independent implementation of §11 may give
 * that our sandbox does not (a bare 404, every tweet_count missing).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @nx/enforce-module-boundaries -- tests run the trend sources against the sandbox (issue 33)
import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import type { Clock } from '../contract.js';

export const TREND_START = Date.UTC(2026, 11, 1, 12);

export interface TrendSandbox {
  sb: Sandbox;
  running: RunningSandbox;
  clock: Clock;
  /** PATCH/GET a /__sandbox/… inspection path. */
  inspect<T = Record<string, unknown>>(path: string, patch?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startTrendSandbox(seed = 21): Promise<TrendSandbox> {
  const sb = createSandbox({ seed, startTime: TREND_START, clock: 'manual' });
  const running = await sb.listen({ port: 0, host: '127.0.0.1' });
  return {
    sb,
    running,
    clock: { now: () => sb.clock.now() },
    inspect: async <T>(path: string, patch?: Record<string, unknown>): Promise<T> => {
      const res = await fetch(`${running.urls.inspectionUrl}${path}`, {
        method: patch ? 'PATCH' : 'GET',
        ...(patch ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) } : {}),
      });
      if (!res.ok) throw new Error(`inspection ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: async () => {
      await running.close();
      await sb.close();
    },
  };
}

export interface StubServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A plain HTTP server answering every request with `answer(req)`. */
export async function startStub(answer: (req: IncomingMessage) => { status: number; body: string; headers?: Record<string, string> }): Promise<StubServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    const a = answer(req);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
