import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

import type { INestApplication } from '@nestjs/common';
import OpenAPIBackend from 'openapi-backend';

import { createOpenApiDocument } from '../src/common/openapi/openapi.js';

/**
 * Contract checks for every response a test receives (issue #34): the app's own OpenAPI document
 * (the one `npm run openapi` commits; the drift test keeps the two equal) is loaded into
 * openapi-backend (Ajv), and an Express middleware checks each response under /api against the
 * operation it answers: the status must be declared, a JSON body must match the declared schema
 * (objects may not carry properties the schema does not name), and declared headers must match.
 * Mismatches are collected here; test/contract-mismatches.ts fails the test that produced one.
 */
export interface ContractMismatch {
  operation: string;
  method: string;
  path: string;
  status: number;
  problem: string;
}

const mismatches: ContractMismatch[] = [];

/** Mismatches seen since the last call, emptied. */
export function takeContractMismatches(): ContractMismatch[] {
  return mismatches.splice(0, mismatches.length);
}

export function describeMismatch(m: ContractMismatch): string {
  return `${m.method} ${m.path} (${m.operation}) answered ${m.status}: ${m.problem}`;
}

/**
 * Paths outside the documented API: Swagger UI, the tus protocol (its own specification), the
 * platforms' OAuth redirects back to the browser, the sandbox's platform stand-ins.
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

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}

export class ContractValidator {
  private constructor(
    private readonly api: OpenAPIBackend,
    private readonly skipPrefixes: string[],
  ) {}

  /** `skipPrefixes`: paths of test-only controllers, which are no part of the API's contract. */
  static async forApp(app: INestApplication, skipPrefixes: string[] = []): Promise<ContractValidator> {
    const document = JSON.parse(JSON.stringify(createOpenApiDocument(app))) as { components?: { schemas?: unknown }; paths: unknown };
    closeObjects(document.components?.schemas);
    closeObjects(document.paths);
    const api = new OpenAPIBackend({
      definition: document as never,
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
    return new ContractValidator(api, skipPrefixes);
  }

  /** Express middleware: watches the response go out and checks it once it has. */
  readonly middleware = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://test');
    const path = url.pathname;
    if (!path.startsWith('/api/') && path !== '/metrics' && !path.startsWith('/media/')) return next();
    if (UNDOCUMENTED.some((p) => p.test(path)) || this.skipPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return next();
    const chunks: Buffer[] = [];
    let capture: boolean | undefined;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (capture === undefined) capture = /^application\/(.+\+)?json/i.test(String(res.getHeader('content-type') ?? ''));
      if (!capture || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as typeof res.end;
    res.once('finish', () => {
      try {
        this.check(req.method ?? 'GET', path, url.search, req.headers, res, chunks);
      } catch (error) {
        mismatches.push({
          operation: '?',
          method: req.method ?? 'GET',
          path,
          status: res.statusCode,
          problem: `validator failed: ${(error as Error).message}`,
        });
      }
    });
    next();
  };

  private check(method: string, path: string, search: string, headers: IncomingMessage['headers'], res: ServerResponse, chunks: Buffer[]): void {
    const status = res.statusCode;
    const operation = this.api.matchOperation({ method, path, query: search.replace(/^\?/, ''), headers: headers as Record<string, string> }) as
      Operation | undefined;
    const record = (operationId: string, problem: string) => mismatches.push({ operation: operationId, method, path, status, problem });
    if (!operation?.operationId) {
      // An unknown route answering 404/405 is the router's job; anything else is an undocumented operation.
      if (status !== 404 && status !== 405) record('?', 'no operation in the OpenAPI document matches this method and path');
      return;
    }
    const id = operation.operationId;
    const responses = operation.responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status).charAt(0)}XX`] ?? responses.default;
    if (!declared) {
      record(id, `status ${status} is not declared (declared: ${Object.keys(responses).join(', ') || 'none'})`);
      return;
    }
    if (method === 'HEAD') return; // headers only: no body to check
    const contentType = String(res.getHeader('content-type') ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const declaredTypes = Object.keys(declared.content ?? {});
    const sentBody = chunks.some((c) => c.length > 0) || Number(res.getHeader('content-length') ?? 0) > 0;
    if (sentBody) {
      if (declaredTypes.length === 0) {
        if (contentType && res.getHeader('content-length') !== '0') record(id, `a ${contentType} body was sent but status ${status} declares no content`);
        return;
      }
      if (contentType && !declaredTypes.some((t) => t === contentType || t === '*/*' || (t.endsWith('/*') && contentType.startsWith(t.slice(0, -1))))) {
        record(id, `content type ${contentType} is not declared (declared: ${declaredTypes.join(', ')})`);
        return;
      }
    }
    if (contentType === 'application/json' && declaredTypes.includes('application/json')) {
      let body: unknown;
      try {
        body = JSON.parse(decode(Buffer.concat(chunks), String(res.getHeader('content-encoding') ?? 'identity')).toString('utf8'));
      } catch {
        record(id, 'the body is not JSON');
        return;
      }
      const result = this.api.validateResponse(body, id, status);
      if (result.errors?.length) record(id, `body does not match the schema: ${JSON.stringify(result.errors.slice(0, 5))}`);
    }
    const headerResult = this.api.validateResponseHeaders(res.getHeaders(), id, { statusCode: status });
    if (headerResult.errors?.length) record(id, `headers do not match: ${JSON.stringify(headerResult.errors.slice(0, 5))}`);
  }
}
