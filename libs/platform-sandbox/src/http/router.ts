import type { Ctx } from '../core/context.js';
import type { Reply } from './reply.js';

/**
 * The hosts the sandbox serves under basePath: its inspection API, and each platform's, which its
 * folder adds to this interface (`declare module '../http/router.js'`, next to its mount) — the
 * core names none. mounts.ts checks every mount serves exactly the hosts its platform declares.
 */
export interface SandboxHosts {
  __sandbox: true;
}
export type HostName = keyof SandboxHosts & string;

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  host: HostName;
  method: string;
  /** Path pattern; `:name` captures one segment. Trailing slashes are significant (some platforms are strict about them). */
  path: string;
  /** Stable endpoint name used by fault matchers and the request log, e.g. '<platform>.video.init'. */
  endpoint: string;
  handler: Handler;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined;

export function matchRoute(routes: readonly Route[], host: HostName, method: string, path: string): RouteMatch {
  const segments = path.split('/');
  let pathMatched = false;
  for (const route of routes) {
    if (route.host !== host) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length; i++) {
      const p = pattern[i] ?? '';
      const s = segments[i] ?? '';
      if (p.startsWith(':')) {
        if (!s) {
          ok = false;
          break;
        }
        params[p.slice(1)] = decodeURIComponent(s);
      } else if (p !== s) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method || (route.method === 'GET' && method === 'HEAD')) return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
