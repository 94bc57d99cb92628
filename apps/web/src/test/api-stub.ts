import type { ClientPathsWithMethod, MaybeOptionalInit, MethodResponse } from 'openapi-fetch';
import { vi, type MockInstance } from 'vitest';

import { apiClient, type paths } from '../shared/api/client';

/**
 * Typed stand-ins for the API client in component tests: every answer is checked against the
 * generated OpenAPI types of the path it answers, so a fixture that drifts from the API fails
 * the type check (`npm run lint`) instead of passing silently.
 */

type Client = typeof apiClient;
export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Method<V extends Verb> = Lowercase<V>;

/** The paths the spec has for a verb, as the client spells them (`/api/trends/{id}`). */
export type ApiPath<V extends Verb> = ClientPathsWithMethod<Client, Method<V>>;

/** The 2xx JSON body the spec declares for `verb path`. */
export type ApiBody<V extends Verb, P extends ApiPath<V>> = MethodResponse<Client, Method<V>, P>;

/** What the SPA passes as the second argument for `verb path` (params, body). */
export type ApiInit<V extends Verb, P extends ApiPath<V>> = MaybeOptionalInit<paths[P], Method<V>>;

/** The error body every API error has. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  params?: Record<string, unknown>;
  details?: unknown;
}

/** One answer of the stubbed client, shaped as openapi-fetch resolves it; `B` is the success body. */
export interface ApiReply<B> {
  readonly data?: B;
  readonly error?: ApiErrorBody;
  readonly response: Response;
}

/** A success with its body (status 200 unless given). */
export function ok<B>(data: B, status = 200): ApiReply<B> {
  return { data, error: undefined, response: new Response(null, { status }) };
}

/** 204 No Content (DELETE, actions without a body). */
export function noContent(): ApiReply<never> {
  return { data: undefined, error: undefined, response: new Response(null, { status: 204 }) };
}

/** An API error, with the HTTP status of its `statusCode`. */
export function apiError(body: ApiErrorBody): ApiReply<never> {
  return { data: undefined, error: body, response: new Response(null, { status: body.statusCode }) };
}

/** A request that never answers (the screen stays loading or pending). */
export function pending(): Promise<never> {
  return new Promise<never>(() => undefined);
}

type Answer<B> = ApiReply<B> | Promise<ApiReply<B>>;

/** How one path answers: a fixed reply, or a function of the request's init (params, body). */
export type Route<V extends Verb, P extends ApiPath<V>> = Answer<ApiBody<V, P>> | ((init: ApiInit<V, P>) => Answer<ApiBody<V, P>>);

export type Routes<V extends Verb> = { [P in ApiPath<V>]?: Route<V, P> };

/** An answer each call, in order; the last one repeats (like `mockResolvedValueOnce` then `mockResolvedValue`). */
export function inTurn<B>(...replies: [Answer<B>, ...Answer<B>[]]): () => Answer<B> {
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)]!;
}

type LooseInit = Record<string, unknown> | undefined;
type LooseAnswer = ApiReply<unknown> | Promise<ApiReply<unknown>>;
type LooseRoutes = { readonly [path: string]: LooseAnswer | ((init: LooseInit) => LooseAnswer) | undefined };

/**
 * Replaces `apiClient[verb]` for the test (restored after it: `restoreMocks`): each path answers
 * as its route says; a path without a route answers 404 NOT_STUBBED. Returns the spy, so tests
 * can assert what was sent (`toHaveBeenCalledWith('/api/trends/{id}', { params, body })`).
 */
export function stubApi(verb: 'GET', routes: Routes<'GET'>): MockInstance<Client['GET']>;
export function stubApi(verb: 'POST', routes: Routes<'POST'>): MockInstance<Client['POST']>;
export function stubApi(verb: 'PUT', routes: Routes<'PUT'>): MockInstance<Client['PUT']>;
export function stubApi(verb: 'PATCH', routes: Routes<'PATCH'>): MockInstance<Client['PATCH']>;
export function stubApi(verb: 'DELETE', routes: Routes<'DELETE'>): MockInstance<Client['DELETE']>;
export function stubApi(verb: Verb, routes: object): MockInstance {
  const table = routes as LooseRoutes;
  const answer = async (path: string, init?: LooseInit): Promise<ApiReply<unknown>> => {
    const route = table[path];
    if (route === undefined) return apiError({ statusCode: 404, code: 'NOT_STUBBED', message: `${verb} ${path} is not stubbed in this test` });
    return typeof route === 'function' ? route(init) : route;
  };
  // openapi-fetch's methods are generic over the path; the overloads above carry the per-path types.
  switch (verb) {
    case 'GET':
      return vi.spyOn(apiClient, 'GET').mockImplementation(answer as Client['GET']);
    case 'POST':
      return vi.spyOn(apiClient, 'POST').mockImplementation(answer as Client['POST']);
    case 'PUT':
      return vi.spyOn(apiClient, 'PUT').mockImplementation(answer as Client['PUT']);
    case 'PATCH':
      return vi.spyOn(apiClient, 'PATCH').mockImplementation(answer as Client['PATCH']);
    case 'DELETE':
      return vi.spyOn(apiClient, 'DELETE').mockImplementation(answer as Client['DELETE']);
  }
}
