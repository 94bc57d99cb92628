import type { Ctx } from '../core/context.js';
import { contentTypeOf } from '../http/body.js';
import { sandboxError } from '../http/errors.js';
import { ReplyError, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';

/** Shared by the inspection router and each mount's /__sandbox/<platform>/… routes. */

/** A route on the inspection host; its endpoint is `sandbox.<name>`. */
export function inspectionRoute(method: string, path: string, name: string, handler: (ctx: Ctx) => Reply | Promise<Reply>): Route {
  return { host: '__sandbox', method, path, endpoint: `sandbox.${name}`, handler };
}

/** The request's JSON object body ({} when empty); 400 for another content type or shape. */
export async function jsonBody(ctx: Ctx): Promise<Record<string, unknown>> {
  const raw = await ctx.body();
  if (raw.length === 0) return {};
  if (contentTypeOf(ctx.req) !== 'application/json') throw new ReplyError(sandboxError(400, 'invalid_request', 'Content-Type must be application/json.'));
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ReplyError(sandboxError(400, 'invalid_request', 'Body must be a JSON object.'));
}

/** Runs an in-process action; what it throws becomes a 400 with its message. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw new ReplyError(sandboxError(400, 'invalid_request', (error as Error).message));
  }
}

/** A required non-empty string field, or a 400 naming it. */
export function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || !v) throw new ReplyError(sandboxError(400, 'invalid_request', `${name} is required`));
  return v;
}
