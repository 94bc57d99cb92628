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
const observed: { method: string; url: string; status: number; headers: Record<string, string>; body: Promise<Buffer> }[] = [];

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

/**
 * Only recorded here (the JSON body read at once, which is I/O): the checks run when the test is
 * over. Compiling the document and its validators blocks the event loop for seconds on a busy
 * machine, and doing that between two requests let the server's keep-alive timeout close a pooled
 * socket the next request then used ("other side closed").
 */
function observe({ method, url, status, headers, body }: Observed): void {
  const bytes = ResponseContract.wantsBody(headers['content-type'] ?? '') ? body().catch(() => Buffer.alloc(0)) : Promise.resolve(Buffer.alloc(0));
  observed.push({ method, url, status, headers, body: bytes });
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

/** Checks the responses seen since the last call and returns their mismatches. */
export async function takeContractMismatches(): Promise<string[]> {
  const seen = observed.splice(0, observed.length);
  if (seen.length === 0) return [];
  const checker = await loadContract();
  const mismatches: string[] = [];
  for (const { method, url, status, headers, body } of seen) {
    const { pathname, search } = new URL(url);
    if (!checker.covers(pathname)) continue;
    const problems = checker.check({
      method,
      path: pathname,
      query: search.replace(/^\?/, ''),
      requestHeaders: {},
      status,
      headers,
      body: await body,
      decoded: true,
    });
    for (const { operation, problem } of problems) mismatches.push(`${method} ${pathname} (${operation}) answered ${status}: ${problem}`);
  }
  return mismatches;
}
