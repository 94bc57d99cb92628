import { DataSource } from 'typeorm';

import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { waitFor } from '../../../test/wait.js';
import { IdempotencyPurgeJob } from './idempotency-purge.job.js';

describe('Idempotency-Key on creating POSTs (issue 26)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceA: string;

  beforeAll(async () => {
    db = await createTestDatabase('idempotency');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceA = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const trend = (label: string) => ({ label, kind: 'hashtag' });
  const fileTrend = (client: SessionClient, key: string, body: unknown) => client.post('/api/trends', body).set('idempotency-key', key);
  const trendCount = async (workspaceId: string, label: string) =>
    Number((await sql.query('SELECT count(*)::int AS n FROM trend_entries WHERE workspace_id = $1 AND label = $2', [workspaceId, label]))[0].n);
  const keyRow = async (workspaceId: string, key: string) =>
    (await sql.query('SELECT route, response_status AS status FROM idempotency_keys WHERE workspace_id = $1 AND key = $2', [workspaceId, key]))[0] as
      { route: string; status: number | null } | undefined;

  it('answers a retry with the same key and body with the first answer, without creating twice', async () => {
    const first = await fileTrend(owner, 'replay-1', trend('#replay')).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await fileTrend(owner, 'replay-1', trend('#replay')).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await trendCount(workspaceA, '#replay')).toBe(1);
    expect(await keyRow(workspaceA, 'replay-1')).toEqual({ route: 'POST /api/trends', status: 201 });
    // Without a key nothing is remembered: two requests, two trends.
    await owner.post('/api/trends', trend('#nokey')).expect(201);
    await owner.post('/api/trends', trend('#nokey')).expect(201);
    expect(await trendCount(workspaceA, '#nokey')).toBe(2);
  });

  it('refuses the same key with another body, or on another route, with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await fileTrend(owner, 'mismatch-1', trend('#first')).expect(201);
    const other = await fileTrend(owner, 'mismatch-1', trend('#second')).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await trendCount(workspaceA, '#second')).toBe(0);
    const otherRoute = await owner
      .post('/api/api-keys', { name: 'k', scopes: ['content:read'] })
      .set('idempotency-key', 'mismatch-1')
      .expect(422);
    expect(otherRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS to a second request while the first is in flight, then replays it', async () => {
    // Hold the first request inside its handler: it has claimed the key and waits on the table lock.
    const runner = sql.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE trend_entries IN ACCESS EXCLUSIVE MODE');
    let first: Promise<{ status: number; body: unknown }> | undefined;
    try {
      first = fileTrend(owner, 'concurrent-1', trend('#concurrent')).then((r) => ({ status: r.status, body: r.body }));
      await waitFor(async () => (await keyRow(workspaceA, 'concurrent-1'))?.status === null, 'the first request to claim the key');
      const second = await fileTrend(owner, 'concurrent-1', trend('#concurrent')).expect(409);
      expect(second.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
    const done = await first!;
    expect(done.status).toBe(201);
    const replay = await fileTrend(owner, 'concurrent-1', trend('#concurrent')).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(done.body);
    expect(await trendCount(workspaceA, '#concurrent')).toBe(1);
  });

  it('does not keep a 4xx: the key may be retried, and the retry runs', async () => {
    const bad = await fileTrend(owner, 'retry-4xx', { label: '', kind: 'hashtag' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await keyRow(workspaceA, 'retry-4xx')).toBeUndefined();
    const fixed = await fileTrend(owner, 'retry-4xx', trend('#fixed')).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await trendCount(workspaceA, '#fixed')).toBe(1);
  });

  it('keeps keys per workspace: the same key in two workspaces is two keys', async () => {
    const apiKey = (await owner.post('/api/api-keys', { name: 'workspace A', scopes: ['content:write', 'content:read'] }).expect(201)).body.secret as string;
    const integrator = SessionClient.withApiKey(t.app.getHttpServer(), apiKey);
    const inA = await fileTrend(integrator, 'shared-key', trend('#shared')).expect(201);
    const workspaceB = (await owner.post('/api/workspaces', { name: 'Beta' }).expect(201)).body.id as string;
    await owner.post('/api/auth/switch-workspace', { workspaceId: workspaceB }).expect(200);
    const inB = await fileTrend(owner, 'shared-key', trend('#shared')).expect(201);
    expect(inB.headers['idempotent-replayed']).toBeUndefined();
    expect(inB.body.id).not.toBe(inA.body.id);
    expect(await trendCount(workspaceB, '#shared')).toBe(1);
    // Another body in B is B's business only; A still replays its own first answer.
    const replayA = await fileTrend(integrator, 'shared-key', trend('#shared')).expect(201);
    expect(replayA.headers['idempotent-replayed']).toBe('true');
    expect(replayA.body.id).toBe(inA.body.id);
    await owner.post('/api/auth/switch-workspace', { workspaceId: workspaceA }).expect(200);
  });

  it('forgets a key after 24 h: a later request with it is new, and the hourly purge deletes old keys', async () => {
    await fileTrend(owner, 'expiring', trend('#day-one')).expect(201);
    await sql.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE workspace_id = $1 AND key = 'expiring'`, [workspaceA]);
    const later = await fileTrend(owner, 'expiring', trend('#day-two')).expect(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await trendCount(workspaceA, '#day-two')).toBe(1);

    await fileTrend(owner, 'fresh', trend('#fresh')).expect(201);
    await sql.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE workspace_id = $1 AND key = 'expiring'`, [workspaceA]);
    expect(await t.app.get(IdempotencyPurgeJob).purge()).toBeGreaterThanOrEqual(1);
    expect(await keyRow(workspaceA, 'expiring')).toBeUndefined();
    expect(await keyRow(workspaceA, 'fresh')).toEqual({ route: 'POST /api/trends', status: 201 });
  });

  it('refuses a malformed key with 400 before doing anything', async () => {
    const res = await fileTrend(owner, 'has spaces in it', trend('#malformed')).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await trendCount(workspaceA, '#malformed')).toBe(0);
  });
});
