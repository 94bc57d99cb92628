import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

import OpenAPIBackend from 'openapi-backend';

/**
 * Checks one HTTP response against the operation it answers in the API's OpenAPI document
 * (issue #34): the status must be declared, a JSON body must match the declared schema (objects
 * may not carry properties the schema does not name) and declared headers must match. One place
 * for the rules, used by the API's integration tests (an Express middleware around the app under
 * test) and by the end-to-end harness (around the tests' own fetch calls to the running server).
 */
export interface ObservedResponse {
  method: string;
  /** The path without the query, e.g. `/api/content-items/3f…`. */
  path: string;
  /** The query string without its `?`. */
  query: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string | string[] | number | undefined>;
  /** The body's bytes as sent (still encoded when `content-encoding` says so and `decoded` is false). */
  body: Buffer;
  /** True when the bytes were already decoded (fetch decodes gzip/br for its caller). */
  decoded?: boolean;
}

export interface ContractProblem {
  /** The operationId, or `?` when no operation matches. */
  operation: string;
  problem: string;
}

/**
 * Paths outside the documented API: Swagger UI, the tus protocol (its own specification), the
 * platforms' OAuth redirects back to the browser, the queue dashboard, the sandbox's platform stand-ins.
 */
const UNDOCUMENTED: RegExp[] = [
  /^\/api\/accounts\/callback\//,
  /^\/api\/docs(\/|$)/,
  /^\/api\/openapi\.json$/,
  /^\/api\/uploads(\/|$)/,
  /^\/api\/queue-dashboard(\/|$)/,
  /^\/sandbox(\/|$)/,
];

/** The string formats the document uses (openapi-backend only brings the numeric ones). */
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  email: /^[^\s@]+@[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\S*$/i,
  url: /^[a-z][a-z0-9+.-]*:\S*$/i,
};

type JsonSchema = Record<string, unknown>;

/**
 * In the document used for checking, an object schema that lists its properties and says nothing
 * about others gets `additionalProperties: false`: a renamed or stray response field is a mismatch,
 * not something a generated client silently drops. Schemas composed with allOf are left open (each
 * part would refuse the other's properties).
 */
function closeObjects(node: unknown, insideAllOf = false): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item, insideAllOf);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  // Ajv applies `nullable` only beside `type`: `{ nullable, allOf: [ref] }` (what Nest writes for a
  // nullable DTO property) is said to Ajv as "null, or the ref".
  if (schema.nullable === true && Array.isArray(schema.allOf) && (schema.type === undefined || schema.type === 'object')) {
    schema.anyOf = [{ allOf: schema.allOf }, { type: 'null' }];
    delete schema.allOf;
    delete schema.nullable;
    delete schema.type;
  }
  if (!insideAllOf && schema.properties && typeof schema.properties === 'object' && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const [key, value] of Object.entries(schema)) closeObjects(value, key === 'allOf' || (insideAllOf && key !== 'properties'));
}

function decode(bytes: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip') return gunzipSync(bytes);
  if (encoding === 'br') return brotliDecompressSync(bytes);
  if (encoding === 'deflate') return inflateSync(bytes);
  return bytes;
}

function header(headers: ObservedResponse['headers'], name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
}

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}

export class ResponseContract {
  private constructor(
    private readonly api: OpenAPIBackend,
    private readonly skipPrefixes: string[],
  ) {}

  /**
   * `document`: the OpenAPI document (it is copied, not changed). `skipPrefixes`: paths of
   * test-only controllers, which are no part of the API's contract.
   */
  static async fromDocument(document: object, skipPrefixes: string[] = []): Promise<ResponseContract> {
    const copy = JSON.parse(JSON.stringify(document)) as { components?: { schemas?: unknown }; paths: unknown };
    closeObjects(copy.components?.schemas);
    closeObjects(copy.paths);
    const api = new OpenAPIBackend({
      definition: copy as never,
      validate: true,
      // quick: dereferenced synchronously (no dynamic import of the ref parser), validators compiled on first use;
      // the linters check the document itself.
      quick: true,
      strict: true,
      ajvOpts: { strict: false, allErrors: true },
      customizeAjv: (ajv) => {
        for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
        return ajv;
      },
    });
    await api.init();
    return new ResponseContract(api, skipPrefixes);
  }

  /** Whether the document speaks for this path (the API, /metrics, signed media links; not tus, Swagger UI or the sandbox). */
  covers(path: string): boolean {
    if (!path.startsWith('/api/') && path !== '/metrics' && !path.startsWith('/media/')) return false;
    if (UNDOCUMENTED.some((p) => p.test(path))) return false;
    return !this.skipPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  }

  /** Whether the body of a response with these headers is worth keeping for `check` (JSON only). */
  static wantsBody(contentType: string): boolean {
    return /^application\/(.+\+)?json/i.test(contentType);
  }

  /** The problems with one response; empty when it keeps the document's promise. */
  check(observed: ObservedResponse): ContractProblem[] {
    try {
      return this.checkOrThrow(observed);
    } catch (error) {
      return [{ operation: '?', problem: `validator failed: ${(error as Error).message}` }];
    }
  }

  private checkOrThrow({ method, path, query, requestHeaders, status, headers, body, decoded }: ObservedResponse): ContractProblem[] {
    const operation = this.api.matchOperation({ method, path, query, headers: requestHeaders as Record<string, string> }) as Operation | undefined;
    if (!operation?.operationId) {
      // An unknown route answering 404/405 is the router's job; anything else is an undocumented operation.
      return status === 404 || status === 405 ? [] : [{ operation: '?', problem: 'no operation in the OpenAPI document matches this method and path' }];
    }
    const id = operation.operationId;
    const problem = (text: string): ContractProblem[] => [{ operation: id, problem: text }];
    const responses = operation.responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status).charAt(0)}XX`] ?? responses.default;
    if (!declared) return problem(`status ${status} is not declared (declared: ${Object.keys(responses).join(', ') || 'none'})`);
    if (method === 'HEAD') return []; // headers only: no body to check
    const contentType = header(headers, 'content-type').split(';')[0]!.trim().toLowerCase();
    const declaredTypes = Object.keys(declared.content ?? {});
    const contentLength = header(headers, 'content-length');
    const sentBody = body.length > 0 || Number(contentLength || 0) > 0;
    if (sentBody) {
      if (declaredTypes.length === 0) {
        return contentType && contentLength !== '0' ? problem(`a ${contentType} body was sent but status ${status} declares no content`) : [];
      }
      if (contentType && !declaredTypes.some((t) => t === contentType || t === '*/*' || (t.endsWith('/*') && contentType.startsWith(t.slice(0, -1))))) {
        return problem(`content type ${contentType} is not declared (declared: ${declaredTypes.join(', ')})`);
      }
    }
    const found: ContractProblem[] = [];
    if (contentType === 'application/json' && declaredTypes.includes('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse((decoded ? body : decode(body, header(headers, 'content-encoding') || 'identity')).toString('utf8'));
      } catch {
        return problem('the body is not JSON');
      }
      const result = this.api.validateResponse(parsed, id, status);
      if (result.errors?.length) found.push(...problem(`body does not match the schema: ${JSON.stringify(result.errors.slice(0, 5))}`));
    }
    const headerResult = this.api.validateResponseHeaders(headers as Record<string, string>, id, { statusCode: status });
    if (headerResult.errors?.length) found.push(...problem(`headers do not match: ${JSON.stringify(headerResult.errors.slice(0, 5))}`));
    return found;
  }
}
