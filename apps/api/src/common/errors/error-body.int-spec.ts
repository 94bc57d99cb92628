import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

/**
 * Issue #20 item 3: besides its English `message` (for integrators), every error carries a stable
 * `code` and the `params` a client words it from, so no raw validation text need reach a person.
 */
describe('error bodies: code and params besides the message', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('error_body');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accountId = await insertSocialAccount(t.app.get(DataSource), workspaceId, 'instagram');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('gives a class-validator refusal a per-field code and the rule values, and keeps the English message', async () => {
    const res = await owner.patch(`/api/workspaces/${workspaceId}`, { name: '' }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'name must be longer than or equal to 1 characters',
      params: { field: 'name', constraint: 'isLength', min: 1, max: 120 },
      details: [
        {
          field: 'name',
          messages: ['name must be longer than or equal to 1 characters'],
          code: 'isLength',
          params: { field: 'name', constraint: 'isLength', min: 1, max: 120 },
          issues: [{ code: 'isLength', params: { field: 'name', constraint: 'isLength', min: 1, max: 120 } }],
        },
      ],
    });
  });

  it('codes a refused unknown field and a nested field by their path', async () => {
    const res = await owner
      .post('/api/content-items', { title: 'x', caption: 'x', timeZone: 'UTC', targets: [{ accountId: 'nope' }], admin: true })
      .expect(400);
    const byField = Object.fromEntries((res.body.details as { field: string; code: string }[]).map((d) => [d.field, d.code]));
    expect(byField).toMatchObject({ admin: 'whitelistValidation', 'targets.0.accountId': 'isUuid' });
  });

  it('gives a post scheduled in the past SCHEDULE_IN_PAST with the instant, not only the sentence', async () => {
    const past = new Date(Date.now() - 3_600_000);
    past.setMilliseconds(0);
    const res = await owner
      .post('/api/content-items', { title: 'Late', caption: 'Hello', scheduledAt: past.toISOString(), timeZone: 'UTC', targets: [{ accountId }] })
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: `scheduledAt ${past.toISOString()} is in the past`,
      params: { field: 'scheduledAt', constraint: 'SCHEDULE_IN_PAST', scheduledAt: past.toISOString() },
      details: [{ field: 'scheduledAt', code: 'SCHEDULE_IN_PAST', params: { scheduledAt: past.toISOString() } }],
    });
  });

  it('gives a domain error its params: a stale version says which version is current', async () => {
    const created = (
      await owner
        .post('/api/content-items', { title: 'Draft', caption: 'Hello', timeZone: 'UTC', scheduledAt: inDays(2), targets: [{ accountId }] })
        .expect(201)
    ).body;
    const res = await owner.patch(`/api/content-items/${created.id}`, { title: 'New', version: created.version + 5 }).expect(412);
    expect(res.body).toEqual({
      statusCode: 412,
      code: 'STALE_VERSION',
      message: expect.stringContaining('reload it'),
      params: { currentVersion: created.version },
      details: { currentVersion: created.version },
    });
  });
});
