import { ResponseContract, type ObservedResponse } from './response-contract.js';

/** A two-operation document: enough to see each rule refuse what it should and pass what it should. */
const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'test', version: '1' },
  paths: {
    '/api/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } } } },
          '404': { description: 'no', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } } },
        },
      },
    },
    '/api/things': {
      delete: { operationId: 'clearThings', responses: { '204': { description: 'done' } } },
    },
  },
  components: {
    schemas: {
      ThingDto: {
        type: 'object',
        required: ['id', 'note'],
        properties: { id: { type: 'string' }, note: { type: 'string', nullable: true } },
      },
      ErrorBodyDto: {
        type: 'object',
        required: ['code'],
        properties: { code: { type: 'string', enum: ['NOT_FOUND'] } },
      },
    },
  },
};

const json = (status: number, body: unknown, path = '/api/things/1', method = 'GET'): ObservedResponse => ({
  method,
  path,
  query: '',
  requestHeaders: {},
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: Buffer.from(JSON.stringify(body)),
});

describe('ResponseContract', () => {
  let contract: ResponseContract;
  beforeAll(async () => {
    contract = await ResponseContract.fromDocument(DOCUMENT);
  });

  it('passes a response the document describes, null where it is nullable', () => {
    expect(contract.check(json(200, { id: '1', note: 'hi' }))).toEqual([]);
    expect(contract.check(json(200, { id: '1', note: null }))).toEqual([]);
    expect(contract.check(json(404, { code: 'NOT_FOUND' }))).toEqual([]);
  });

  it('refuses an undeclared status', () => {
    expect(contract.check(json(409, { code: 'NOT_FOUND' }))).toEqual([
      { operation: 'getThing', problem: expect.stringContaining('status 409 is not declared') },
    ]);
  });

  it('refuses a renamed field (objects are closed) and a code outside the enum', () => {
    expect(contract.check(json(200, { id: '1', remark: 'hi' }))[0]?.problem).toContain('body does not match the schema');
    // every declared field present, one more: only closing the objects catches it
    expect(contract.check(json(200, { id: '1', note: null, remark: 'hi' }))[0]?.problem).toContain('additionalProperties');
    expect(contract.check(json(404, { code: 'GONE' }))[0]?.problem).toContain('body does not match the schema');
  });

  it('refuses a body where the status declares none, and an operation the document does not have', () => {
    expect(contract.check(json(204, { done: true }, '/api/things', 'DELETE'))[0]?.problem).toContain('declares no content');
    expect(contract.check(json(200, {}, '/api/things', 'PUT'))[0]?.problem).toContain('no operation in the OpenAPI document');
    expect(contract.check(json(404, {}, '/api/nothing-here'))).toEqual([]);
  });

  it('covers the API but not tus, Swagger UI or the sandbox', () => {
    expect(contract.covers('/api/things/1')).toBe(true);
    expect(contract.covers('/api/uploads/abc')).toBe(false);
    expect(contract.covers('/api/docs')).toBe(false);
    expect(contract.covers('/sandbox/tiktok')).toBe(false);
    expect(contract.covers('/')).toBe(false);
  });
});
