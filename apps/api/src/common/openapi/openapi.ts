import { ParseUUIDPipe, type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import { API_ERROR_CODES, FIELD_ISSUE_CODES, type ApiErrorCode } from '@mwr/domain';

import { PRODUCT_NAME, PRODUCT_VERSION } from '../../modules/system/system.service.js';
import { webhooksSection } from '../../modules/webhooks/webhook-events.js';

/** Recursively sorts object keys so the committed spec is stable whatever the module load order. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
    ) as T;
  }
  return value;
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`${PRODUCT_NAME} API`)
    .setDescription('Publish videos to TikTok and Instagram Reels through their official APIs, on schedule, exactly once.')
    .setVersion(PRODUCT_VERSION)
    .addCookieAuth(
      'mwr_session',
      { type: 'apiKey', in: 'cookie', description: 'Browser session; unsafe methods also need the X-CSRF-Token header (value of the mwr_csrf cookie)' },
      'session',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: mwr_…' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  // OpenAPI 3.0 has no `webhooks` section (3.1 does): the outgoing webhooks' events are listed as
  // `x-webhooks` (read by Redoc and Scalar), each body referencing its data schema component.
  (document as OpenAPIObject & { 'x-webhooks'?: unknown })['x-webhooks'] = webhooksSection();
  markUuidPathParams(document, uuidPathParamsByOperation(app));
  return sortKeysDeep(completeContract(document));
}

/**
 * Issue #34: a path id is a uuid in the contract exactly where the route parses it as one
 * (`@Param('id', UuidParam())`, a ParseUUIDPipe) — read from Nest's route-argument metadata, so
 * the document cannot drift from the pipes. Keyed by operationId (the handler's method name).
 */
function uuidPathParamsByOperation(app: INestApplication): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const methodName of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        for (const arg of Object.values(args)) {
          if (typeof arg.data !== 'string' || !(arg.pipes ?? []).some((pipe) => pipe instanceof ParseUUIDPipe)) continue;
          found.set(methodName, (found.get(methodName) ?? new Set()).add(arg.data));
        }
      }
    }
  }
  return found;
}

function markUuidPathParams(document: OpenAPIObject, uuidParams: Map<string, Set<string>>): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { operationId?: string; parameters?: unknown[] }>)) {
      const names = operation?.operationId ? uuidParams.get(operation.operationId) : undefined;
      if (!names) continue;
      for (const parameter of (operation.parameters ?? []) as { in?: string; name?: string; schema?: Record<string, unknown> }[]) {
        if (parameter.in === 'path' && parameter.name && names.has(parameter.name)) parameter.schema = { ...parameter.schema, format: 'uuid' };
      }
    }
  }
}

/** The one body every 4xx/5xx answer has (AllExceptionsFilter, AppException). */
export const ERROR_BODY_SCHEMA = 'ErrorBodyDto';

interface DocResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}
const PARAMETER_PLACES = ['path', 'query', 'header', 'cookie'];

interface DocOperation {
  parameters?: { in?: string; name?: string; required?: boolean }[];
  requestBody?: unknown;
  responses: Record<string, DocResponse>;
  security?: Record<string, string[]>[];
  summary?: string;
  description?: string;
  tags?: string[];
  'x-required-scope'?: string;
}

/**
 * What the decorators cannot say route by route, said once for all (issue #34): every error
 * answer has the ErrorBodyDto body; an operation that reads input may answer 400 (the global
 * ValidationPipe), one with a path parameter 404; a route with no guard declares `security: []`.
 */
function completeContract(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: '/', description: 'This installation: the API is served under /api on the same origin as the app' }];
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_BODY_SCHEMA] = {
    type: 'object',
    description: 'The body of every 4xx and 5xx answer. Branch on `code`; `message` is English for people; `params` are the values the message is worded from.',
    required: ['statusCode', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 404 },
      code: { type: 'string', enum: [...new Set(API_ERROR_CODES)], example: 'NOT_FOUND' },
      message: { type: 'string', example: 'Content item not found' },
      params: { type: 'object', additionalProperties: true, description: 'Values the message is worded from, by name' },
      details: {
        description: `More about the error: for VALIDATION_FAILED the fields and their issues (codes: ${FIELD_ISSUE_CODES.join(', ')})`,
      },
    },
  };
  allowNullInNullableEnums(document);
  const used = new Set<string>();
  const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY_SCHEMA}` } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item as Record<string, DocOperation>)) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      operation.security ??= [];
      // One order whatever compiled the decorators (tsc for the CLI, SWC in the tests): by place, then name.
      operation.parameters?.sort(
        (a, b) => PARAMETER_PLACES.indexOf(a.in ?? '') - PARAMETER_PLACES.indexOf(b.in ?? '') || (a.name ?? '').localeCompare(b.name ?? ''),
      );
      for (const tag of operation.tags ?? []) used.add(tag);
      operation.description ??= [operation.summary, authSentence(operation)].filter(Boolean).join('\n\n');
      const readsInput = Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => p.in !== 'header');
      if (readsInput) operation.responses['400'] ??= { description: 'The input is not valid (VALIDATION_FAILED with the fields in details, or BAD_REQUEST)' };
      if (operation.requestBody) operation.responses['413'] ??= { description: 'The body is over the size limit (PAYLOAD_TOO_LARGE)' };
      if (path.includes('{')) operation.responses['404'] ??= { description: 'Not found (or not in your workspace)' };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !response.content) response.content = errorContent;
        if (!response.description) response.description = describeStatus(status);
        narrowErrorCodes(status, response);
      }
    }
  }
  // Outgoing webhooks (x-webhooks) are calls we make: no scheme of ours applies to them.
  for (const item of Object.values((document as { 'x-webhooks'?: Record<string, Record<string, DocOperation>> })['x-webhooks'] ?? {})) {
    for (const operation of Object.values(item)) {
      operation.security ??= [];
      for (const tag of operation.tags ?? []) used.add(tag);
    }
  }
  document.tags = [...used].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `The ${name} operations` }));
  return document;
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  accounts: 'Connected social accounts: connect by OAuth, test, disconnect, warm-up',
  ai: 'AI caption suggestions and their workspace settings',
  analytics: "Posts' metrics, account summaries, best times, exports",
  'api-keys': 'API keys for integrators, each with its scopes',
  assets: 'Uploaded videos and images (uploaded by tus at /api/uploads), their checks and thumbnails',
  audit: "The workspace's audit log",
  auth: 'Sign-in, first-run setup, the signed-in person, invitations',
  branding: "White-label: the workspace's product name, logo, colours and custom host; the public branding of a host",
  calendar: 'The calendar and the queue of planned posts',
  'client-review': 'What a client sees through a review link',
  'content-items': 'Planned posts (content items) and their lifecycle: schedule, pause, cancel, duplicate, delete',
  experiments: 'A/B experiments between posts',
  health: 'Liveness and readiness probes',
  invitations: 'Invitations to join the workspace',
  media: 'Signed media links the platforms fetch',
  members: "The workspace's members and their roles",
  monitoring: 'Prometheus metrics',
  notifications: 'Notifications for people',
  platforms: 'The platforms this installation supports and their options',
  publications: 'One post on one account: its status, metrics, retry, cancel',
  'queue-slots': 'Recurring posting slots and suggestions',
  'review-links': 'Links that let a client review posts',
  reviews: 'Approvals and comments on posts',
  system: 'This installation: version, mode',
  trends: 'The Trend Radar board',
  'war-room': 'The live state of the war room and its event stream (SSE)',
  webhooks: 'Webhooks: the signed calls platforms make to us, and the events we send',
  workspaces: 'Workspaces and the current one',
};

/**
 * Codes the shared machinery (body parser, ValidationPipe, guards, throttler, the global filter)
 * may answer on any route, by status: every narrowed error body allows them beside its own.
 */
const ANY_ROUTE_CODES: Record<string, readonly ApiErrorCode[]> = {
  '400': ['BAD_REQUEST', 'VALIDATION_FAILED'],
  '401': ['UNAUTHENTICATED', 'UNAUTHORIZED'],
  '403': ['FORBIDDEN', 'CSRF_TOKEN_INVALID', 'CROSS_ORIGIN_REJECTED', 'NO_WORKSPACE'],
  '404': ['NOT_FOUND'],
  '405': ['METHOD_NOT_ALLOWED'],
  '409': ['CONFLICT'],
  '413': ['PAYLOAD_TOO_LARGE'],
  '415': ['UNSUPPORTED_MEDIA_TYPE'],
  '422': ['UNPROCESSABLE_ENTITY'],
  '429': ['TOO_MANY_REQUESTS'],
  '500': ['INTERNAL_ERROR'],
  '503': ['SERVICE_UNAVAILABLE'],
};

const KNOWN_CODES = new Set<string>(API_ERROR_CODES);

/**
 * The statuses whose codes every route names exactly today (preconditions: 412 STALE_VERSION,
 * 428 VERSION_REQUIRED). Elsewhere a description names the codes a client most often branches on,
 * not yet every one a service can throw (a whole-suite run found WEAK_PASSWORD, LAST_OWNER,
 * INVALID_CURSOR, … unnamed), so those bodies keep the full enum until each route lists them all.
 */
const NARROWED_STATUSES = new Set(['412', '428']);

/** The API error codes a response's description names (`… (STALE_VERSION, params.currentVersion)`). */
export function codesNamedIn(description: string): string[] {
  return [...new Set(description.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? [])].filter((word) => KNOWN_CODES.has(word));
}

/**
 * Issue #34: a client branches on `code`, so each error answer lists the codes it can carry. The
 * declaration is the response's description, where the decorators already name them
 * (`@ApiConflictResponse({ description: 'QUEUE_SLOT_TAKEN: …' })`, the auth and idempotency
 * decorators): the body becomes ErrorBodyDto with `code` narrowed to those codes plus the ones any
 * route may answer at that status. A response that names no code keeps the full list. The guard is
 * the contract check on every API and e2e test: a route answering a code its description does not
 * name fails the test that saw it.
 */
function narrowErrorCodes(status: string, response: DocResponse): void {
  const schema = response.content?.['application/json']?.schema as { $ref?: string } | undefined;
  if (!NARROWED_STATUSES.has(status) || schema?.$ref !== `#/components/schemas/${ERROR_BODY_SCHEMA}`) return;
  const named = codesNamedIn(response.description ?? '');
  if (named.length === 0) return;
  const codes = [...new Set([...named, ...(ANY_ROUTE_CODES[status] ?? [])])].sort();
  // A new content object: the unnarrowed one is shared by every response that has no content of its own.
  response.content = {
    'application/json': {
      schema: { allOf: [{ $ref: schema.$ref }, { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: codes } } }] },
    },
  };
}

/** Who may call an operation, in words, from its security and x-required-scope. */
function authSentence(operation: DocOperation): string {
  const schemes = new Set((operation.security ?? []).flatMap((requirement) => Object.keys(requirement)));
  const scope = operation['x-required-scope'];
  if (schemes.size === 0) return 'Public: no authentication.';
  if (!schemes.has('api-key')) return 'Auth: a signed-in person (session cookie); API keys are refused.';
  if (scope) return `Auth: the session cookie, or an API key with the scope \`${scope}\` (x-required-scope).`;
  return 'Auth: the session cookie or any valid API key.';
}

/** OpenAPI 3.0.3: a nullable enum must list null among its values, or validators refuse the null it promises. */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as { nullable?: boolean; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  for (const value of Object.values(node)) allowNullInNullableEnums(value);
}

function describeStatus(status: string): string {
  const words: Record<string, string> = {
    '200': 'OK',
    '201': 'Created',
    '204': 'Done, no content',
    '400': 'The input is not valid',
    '401': 'Not signed in, or the key is invalid',
    '403': 'Not allowed',
    '404': 'Not found',
    '409': 'Conflicts with the current state',
    '410': 'Gone',
    '412': 'The version you sent is not the current one',
    '422': 'Understood but refused',
    '428': 'A precondition (version) is required',
    '429': 'Too many requests: wait for Retry-After',
  };
  return words[status] ?? `HTTP ${status}`;
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function setupSwagger(app: INestApplication): OpenAPIObject {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    customSiteTitle: `${PRODUCT_NAME} API`,
  });
  return document;
}
