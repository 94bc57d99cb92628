import type { IncomingMessage, ServerResponse } from 'node:http';

import type { INestApplication } from '@nestjs/common';

import { ResponseContract } from '@mwr/client/contract';

import { createOpenApiDocument } from '../src/common/openapi/openapi.js';

/**
 * Contract checks for every response a test receives (issue #34): the app's own OpenAPI document
 * (the one `npm run openapi` commits; the drift test keeps the two equal) is checked by
 * ResponseContract (libs/client/src/contract, shared with the end-to-end harness), and an Express
 * middleware hands it each response under /api once it has gone out.
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

export class ContractValidator {
  private constructor(private readonly contract: ResponseContract) {}

  /** `skipPrefixes`: paths of test-only controllers, which are no part of the API's contract. */
  static async forApp(app: INestApplication, skipPrefixes: string[] = []): Promise<ContractValidator> {
    return new ContractValidator(await ResponseContract.fromDocument(createOpenApiDocument(app), skipPrefixes));
  }

  /** Express middleware: watches the response go out and checks it once it has. */
  readonly middleware = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://test');
    const path = url.pathname;
    if (!this.contract.covers(path)) return next();
    const chunks: Buffer[] = [];
    let capture: boolean | undefined;
    const keep = (chunk: unknown, encoding?: unknown) => {
      capture ??= ResponseContract.wantsBody(String(res.getHeader('content-type') ?? ''));
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
      const method = req.method ?? 'GET';
      const problems = this.contract.check({
        method,
        path,
        query: url.search.replace(/^\?/, ''),
        requestHeaders: req.headers,
        status: res.statusCode,
        headers: res.getHeaders(),
        body: Buffer.concat(chunks),
      });
      for (const { operation, problem } of problems) mismatches.push({ operation, method, path, status: res.statusCode, problem });
    });
    next();
  };
}
