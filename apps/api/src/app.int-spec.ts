import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import request from 'supertest';

import { platformSettings, tiktokPlatform } from '@mwr/publishers';

import { setupOwner } from '../test/session-client.js';
import { startTestApp, type TestApp } from '../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../test/test-database.js';
import { Public } from './common/auth/public.decorator.js';
import { AppException } from './common/errors/app-exception.js';

class ProbeDto {
  @IsString() name: string;
  @IsInt() @Min(1) @Max(10) count: number;
}

/** Routes that exercise the global pipe and filter the way real controllers will. */
@Public()
@Controller('probe')
class ProbeController {
  @Post()
  create(@Body() body: ProbeDto) {
    return { received: body, isDto: body instanceof ProbeDto };
  }
  @Get('conflict')
  conflict(): never {
    throw new AppException('PROBE_CONFLICT', 'already there', 409, { id: 'x' });
  }
  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail at /srv/db');
  }
}

describe('API on PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('app');
    t = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL }, { controllers: [ProbeController] });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const http = () => request(t.app.getHttpServer());

  it('is live and ready, checking the database and Redis', async () => {
    await http().get('/api/health').expect(200);
    const ready = await http().get('/api/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('applied the migrations at boot and reports what it runs on', async () => {
    await http().get('/api/system').expect(401);
    const owner = await setupOwner(t.app.getHttpServer());
    const res = await owner.get('/api/system').expect(200);
    expect(res.body).toMatchObject({ database: 'postgres', queueDriver: 'bullmq', roles: ['api', 'worker', 'scheduler'] });
    expect(res.body.migrations).toBeGreaterThanOrEqual(1);
    expect(res.body.installationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const ui = await http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    const spec = await http().get('/api/openapi.json').expect(200);
    expect(spec.body.paths['/api/system'].get.operationId).toBe('getSystemInfo');
  });

  it('serves the platform sandbox in-process, reached through the configured platform URLs', async () => {
    const tiktokApiBaseUrl = platformSettings(t.config.platforms, tiktokPlatform).apiBaseUrl;
    expect(tiktokApiBaseUrl).toBe('http://localhost:3000/sandbox/tiktok');
    const path = `${new URL(tiktokApiBaseUrl).pathname}/v2/post/publish/creator_info/query/`;
    const res = await http().post(path).set('content-type', 'application/json; charset=UTF-8').send({}).expect(401);
    expect(res.body.error).toMatchObject({ code: expect.stringMatching(/access_token_invalid|scope_not_authorized/) });
    expect(res.body.error.log_id).toEqual(expect.any(String));
  });

  it('answers an unknown route with the standard error body', async () => {
    const res = await http().get('/api/does-not-exist').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /api/does-not-exist' });
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await http().post('/api/probe').set('content-type', 'application/json').send('{"name": "a",').expect(400);
    expect(res.body).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: expect.stringContaining('JSON') });
  });

  it('validates bodies, refuses unknown fields and names the bad ones', async () => {
    const res = await http().post('/api/probe').send({ name: 'a', count: 99, admin: true }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'admin', messages: ['property admin should not exist'] }),
        expect.objectContaining({ field: 'count', messages: ['count must not be greater than 10'] }),
      ]),
    );
  });

  it('transforms a valid body into its DTO class', async () => {
    const res = await http().post('/api/probe').send({ name: 'a', count: 3 }).expect(201);
    expect(res.body).toEqual({ received: { name: 'a', count: 3 }, isDto: true });
  });

  it('maps typed application errors to their status and code', async () => {
    const res = await http().get('/api/probe/conflict').expect(409);
    expect(res.body).toEqual({ statusCode: 409, code: 'PROBE_CONFLICT', message: 'already there', details: { id: 'x' } });
  });

  it('hides internals of unexpected errors', async () => {
    const res = await http().get('/api/probe/crash').expect(500);
    expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await http().get('/api/health').set('x-request-id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await http().get('/api/health').set('x-request-id', 'bad id with spaces').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness when Redis is down', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('app_noredis');
    // Port 1 on loopback: nothing listens there.
    t = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('reports 503 with Redis down while liveness stays 200', async () => {
    await request(t.app.getHttpServer()).get('/api/health').expect(200);
    const res = await request(t.app.getHttpServer()).get('/api/health/ready').expect(503);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
  });
});
