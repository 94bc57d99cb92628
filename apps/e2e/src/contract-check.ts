import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { APIRequestContext, APIResponse } from 'playwright-core';

import { ResponseContract } from '@mwr/client/contract';

import { ROOT } from './server-process';

/**
 * The end-to-end tests' half of issue #34: every response a test's own API call receives — Node's
 * fetch (HttpSession, plain fetch) and Playwright's request contexts (`page.request`) — is checked
 * against the committed OpenAPI document (apps/api/openapi.json, what integrators generate clients
 * from) by the same ResponseContract the API's int-specs use. An undeclared status or a body that
 * does not match fails the test that received it (contract-setup.ts). The browser's own page
 * traffic is the SPA's business and is not checked here.
 */
let contract: Promise<ResponseContract> | undefined;
const pending = new Set<Promise<void>>();
const mismatches: string[] = [];

function loadContract(): Promise<ResponseContract> {
  contract ??= ResponseContract.fromDocument(JSON.parse(readFileSync(join(ROOT, 'apps', 'api', 'openapi.json'), 'utf8')) as object);
  return contract;
}

interface Observed {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The decoded body, asked for only when it is JSON. */
  body: () => Promise<Buffer>;
}

function track(work: Promise<void>): void {
  pending.add(work);
  void work.finally(() => pending.delete(work));
}

function observe({ method, url, status, headers, body }: Observed): void {
  const { pathname, search } = new URL(url);
  track(
    (async () => {
      const checker = await loadContract();
      if (!checker.covers(pathname)) return;
      const bytes = ResponseContract.wantsBody(headers['content-type'] ?? '') ? await body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
      const problems = checker.check({
        method,
        path: pathname,
        query: search.replace(/^\?/, ''),
        requestHeaders: {},
        status,
        headers,
        body: bytes,
        decoded: true,
      });
      for (const { operation, problem } of problems) mismatches.push(`${method} ${pathname} (${operation}) answered ${status}: ${problem}`);
    })().catch((error: unknown) => void mismatches.push(`${method} ${pathname}: the contract check failed: ${String(error)}`)),
  );
}

/** The unchecked fetch, for a probe of something that is not the API (a process that serves none). */
export const uncheckedFetch: typeof fetch = globalThis.fetch.bind(globalThis);

/** Checks every response Node's fetch gets from now on. */
export function checkFetchResponses(): void {
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await uncheckedFetch(input, init);
    // A followed redirect hides the first answer and may change the method: only direct answers are checked.
    if (response.redirected) return response;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers = Object.fromEntries(response.headers);
    // The clone tees the stream: the test reads its copy as it likes, the check reads the other (JSON only, never an SSE stream).
    const copy = ResponseContract.wantsBody(headers['content-type'] ?? '') ? response.clone() : undefined;
    observe({ method, url: response.url, status: response.status, headers, body: async () => Buffer.from(await copy!.arrayBuffer()) });
    return response;
  };
}

/** Checks every response a Playwright request context (`context.request`, `page.request`) gets. */
export function checkRequestContext(request: APIRequestContext): void {
  const fetchThrough = request.fetch.bind(request);
  // get/post/patch/put/delete/head all go through fetch.
  request.fetch = async (urlOrRequest, options) => {
    const response: APIResponse = await fetchThrough(urlOrRequest, options);
    const method = (options?.method ?? (typeof urlOrRequest === 'string' ? 'GET' : urlOrRequest.method())).toUpperCase();
    observe({ method, url: response.url(), status: response.status(), headers: response.headers(), body: () => response.body() });
    return response;
  };
}

/** Waits for the checks under way and returns the mismatches seen since the last call, emptied. */
export async function takeContractMismatches(): Promise<string[]> {
  while (pending.size > 0) await Promise.all([...pending]);
  return mismatches.splice(0, mismatches.length);
}
