import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { waitFor } from '../../../test/wait.js';
import { APP_CONFIG, findProjectRoot, type AppConfig } from '../config/index.js';
import { AlertsService } from '../monitoring/alerts.service.js';
import { DEFAULT_DELIVERY_POLICY, WebhooksService } from './webhooks.service.js';

const ROOT = findProjectRoot(process.cwd());
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
const MAIN = join(ROOT, 'apps', 'api', 'dist', 'main.js');

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The receiver's own check, written from the Standard Webhooks text (not with the code under test). */
function signatureMatches(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected =
    'v1,' +
    createHmac('sha256', key)
      .update(`${String(r.headers['webhook-id'])}.${String(r.headers['webhook-timestamp'])}.${r.body}`)
      .digest('base64');
  return String(r.headers['webhook-signature'] ?? '')
    .split(' ')
    .includes(expected);
}

describe('outgoing webhooks (issue 26)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let service: WebhooksService;
  let workspaceId: string;
  let receiver: http.Server;
  let base: string;
  const received: Received[] = [];
  /** Per path: what the receiver answers next (else 200). */
  const script = new Map<string, ('500' | 'hang' | '200')[]>();

  beforeAll(async () => {
    receiver = http.createServer((req, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const next = script.get(path)?.shift() ?? '200';
        if (next === 'hang') return; // never answers: the sender's timeout
        res.writeHead(next === '500' ? 500 : 200, { 'content-type': 'text/plain' });
        res.end(next === '500' ? 'receiver broke' : 'ok thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    db = await createTestDatabase('webhooks');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000', ALLOW_INTERNAL_URLS: 'true' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    service = t.app.get(WebhooksService);
    service.policy = { ...service.policy, timeoutMs: 700, firstRetrySeconds: 0.2, maxRetrySeconds: 1 };
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const endpoint = async (path: string, eventTypes: string[]) =>
    (await owner.post('/api/webhooks/endpoints', { url: `${base}${path}`, eventTypes }).expect(201)).body as { id: string; secret: string };

  /** A publication of a new item on a new account, in `pending`. */
  const publication = async () => {
    const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const [item] = await sql.query(`INSERT INTO content_items (workspace_id, title) VALUES ($1, 'Launch') RETURNING id`, [workspaceId]);
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) VALUES ($1, $2, $3, 'tiktok') RETURNING id`,
      [workspaceId, item.id, accountId],
    );
    return { id: pub.id as string, accountId, itemId: item.id as string };
  };
  const at = (path: string) => received.filter((r) => r.path === path);

  it('refuses private URLs without the development override, unknown event types and bad URLs with a 400', async () => {
    const config = t.app.get<AppConfig>(APP_CONFIG);
    config.allowInternalUrls = false;
    try {
      for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://localhost/x']) {
        const res = await owner.post('/api/webhooks/endpoints', { url, eventTypes: ['publication.posted'] }).expect(400);
        expect(res.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
      }
    } finally {
      config.allowInternalUrls = true;
    }
    const unknown = await owner.post('/api/webhooks/endpoints', { url: `${base}/x`, eventTypes: ['publication.posted', 'post.exploded'] }).expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.params).toMatchObject({ field: 'eventTypes', constraint: 'isIn' });
    expect((await owner.post('/api/webhooks/endpoints', { url: 'ftp://example.com/x', eventTypes: ['alert.raised'] }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await owner.post('/api/webhooks/endpoints', { url: `${base}/x`, eventTypes: [] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    // The override lets the local receiver in.
    const ok = await endpoint('/override', ['alert.raised']);
    expect(ok.secret).toMatch(/^whsec_/);
  });

  it('sends a signed publication.posted with the link, in the transaction of the change, and both signatures during a rotation', async () => {
    const ep = await endpoint('/signed', ['publication.posted', 'account.needs_reconnect']);
    const pub = await publication();
    await sql.query(`UPDATE platform_publications SET status = 'posted', permalink = 'https://www.tiktok.com/@a/video/1', posted_at = now() WHERE id = $1`, [
      pub.id,
    ]);
    const [first] = await waitFor(async () => (at('/signed').length ? at('/signed') : undefined), 30_000, 'the first delivery');
    expect(signatureMatches(ep.secret, first!)).toBe(true);
    const body = JSON.parse(first!.body);
    expect(Object.keys(body).sort()).toEqual(['created_at', 'data', 'id', 'type', 'workspace_id']);
    expect(body).toMatchObject({ id: first!.headers['webhook-id'], type: 'publication.posted', workspace_id: workspaceId });
    expect(body.data).toMatchObject({ publication_id: pub.id, status: 'posted', previous_status: 'pending', permalink: 'https://www.tiktok.com/@a/video/1' });
    expect(Math.abs(Number(first!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(120);

    const rotated = (await owner.post(`/api/webhooks/endpoints/${ep.id}/rotate-secret`, { overlapHours: 1 }).expect(200)).body;
    expect(rotated.secret).not.toBe(ep.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    await sql.query(`UPDATE social_accounts SET status = 'needs_reconnect' WHERE id = $1`, [pub.accountId]);
    const second = await waitFor(async () => at('/signed')[1], 30_000, 'the delivery after the rotation');
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(signatureMatches(rotated.secret, second)).toBe(true);
    expect(signatureMatches(ep.secret, second)).toBe(true);
    expect(JSON.parse(second.body)).toMatchObject({ type: 'account.needs_reconnect', data: { account_id: pub.accountId, status: 'needs_reconnect' } });
    // A type the endpoint did not choose is not sent.
    await sql.query(`UPDATE platform_publications SET status = 'failed' WHERE id = (SELECT id FROM platform_publications WHERE status = 'posted' LIMIT 1)`);
    expect((await sql.query(`SELECT count(*)::int AS n FROM webhook_events WHERE type = 'publication.failed'`))[0].n).toBe(0);
  });

  it('retries a 500 and a timeout with backoff, then records the 200 in the delivery log; resend sends the same event id again', async () => {
    const ep = await endpoint('/flaky', ['publication.uploading']);
    script.set('/flaky', ['500', 'hang', '200']);
    const pub = await publication();
    await sql.query(`UPDATE platform_publications SET status = 'uploading' WHERE id = $1`, [pub.id]);
    const log = await waitFor(
      async () => {
        const page = (await owner.get(`/api/webhooks/endpoints/${ep.id}/deliveries`).expect(200)).body;
        return page.items[0]?.status === 'succeeded' ? page : undefined;
      },
      60_000,
      'the delivery to succeed on the third attempt',
    );
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ eventType: 'publication.uploading', attempts: 3, responseCode: 200, responsePreview: 'ok thanks', error: null });
    expect(log.items[0].latencyMs).toEqual(expect.any(Number));
    const ids = at('/flaky').map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    const tries = at('/flaky').map((r) => Number(r.headers['webhook-timestamp']));
    expect(tries[2]! - tries[0]!).toBeGreaterThanOrEqual(0);

    const resent = (await owner.post(`/api/webhooks/endpoints/${ep.id}/deliveries/${log.items[0].id}/resend`).expect(201)).body;
    expect(resent).toMatchObject({ eventId: log.items[0].eventId, resendOf: log.items[0].id });
    const again = await waitFor(async () => at('/flaky')[3], 30_000, 'the resend');
    expect(again.headers['webhook-id']).toBe(ids[0]);
    expect(signatureMatches(ep.secret, again)).toBe(true);
    const after = (await owner.get(`/api/webhooks/endpoints/${ep.id}/deliveries`).expect(200)).body;
    expect(after.items.map((d: { status: string }) => d.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('writes no event for a rolled-back change, and loses none when the worker holding it dies', async () => {
    await endpoint('/outbox', ['publication.processing']);
    const rolledBack = await publication();
    const runner = sql.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`UPDATE platform_publications SET status = 'processing' WHERE id = $1`, [rolledBack.id]);
    expect((await runner.query(`SELECT count(*)::int AS n FROM webhook_events WHERE data->>'publication_id' = $1`, [rolledBack.id]))[0].n).toBe(1);
    await runner.rollbackTransaction();
    await runner.release();

    // A worker claimed the delivery (lease 2 s) and was killed before it sent anything.
    const kept = await publication();
    await sql.transaction(async (tx) => {
      await tx.query(`UPDATE platform_publications SET status = 'processing' WHERE id = $1`, [kept.id]);
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'delivering', lease_expires_at = now() + interval '2 seconds'
          WHERE event_id IN (SELECT id FROM webhook_events WHERE data->>'publication_id' = $1)`,
        [kept.id],
      );
    });
    const delivered = await waitFor(async () => at('/outbox')[0], 30_000, 'the delivery after the lease expired');
    expect(JSON.parse(delivered.body).data.publication_id).toBe(kept.id);
    // Let a few more passes run: nothing for the rolled-back change, the kept one once.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(at('/outbox').map((r) => JSON.parse(r.body).data.publication_id)).toEqual([kept.id]);
    expect((await sql.query(`SELECT count(*)::int AS n FROM webhook_events WHERE data->>'publication_id' = $1`, [rolledBack.id]))[0].n).toBe(0);
  });

  it('loses nothing when the scheduler process sending it is killed: another process sends the same event after the lease', async () => {
    await endpoint('/killed', ['publication.posted']);
    script.set('/killed', ['hang']);
    // This process stands aside so the child claims the delivery.
    service.policy = { ...service.policy, batch: 0 };
    const dataDir = mkdtempSync(join(tmpdir(), 'mwr-webhooks-'));
    let log = '';
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ROLES: 'scheduler',
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ALLOW_INTERNAL_URLS: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    try {
      await waitFor(
        async () => log.includes('is running at') || (child.exitCode !== null ? Promise.reject(new Error(log)) : undefined),
        60_000,
        'the scheduler process to boot',
      );
      const pub = await publication();
      await sql.query(`UPDATE platform_publications SET status = 'posted', permalink = 'https://www.tiktok.com/@a/video/2', posted_at = now() WHERE id = $1`, [
        pub.id,
      ]);
      const first = await waitFor(async () => at('/killed')[0], 60_000, 'the child to send');
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
      const [held] = await sql.query(`SELECT status, attempts FROM webhook_deliveries WHERE event_id = $1`, [first.headers['webhook-id']]);
      expect(held).toEqual({ status: 'delivering', attempts: 0 });
      service.policy = { ...service.policy, batch: DEFAULT_DELIVERY_POLICY.batch };
      // The child's lease (60 s) runs out; this process claims and sends the same event.
      const second = await waitFor(async () => at('/killed')[1], 120_000, 'the delivery after the killed process’s lease');
      expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(JSON.parse(second.body).data.publication_id).toBe(pub.id);
      const [done] = await waitFor(
        async () => {
          const rows = await sql.query(`SELECT status, attempts, response_code AS code FROM webhook_deliveries WHERE event_id = $1`, [
            first.headers['webhook-id'],
          ]);
          return rows[0]?.status === 'succeeded' ? rows : undefined;
        },
        30_000,
        'the delivery recorded',
      );
      expect(done).toEqual({ status: 'succeeded', attempts: 1, code: 200 });
    } finally {
      service.policy = { ...service.policy, batch: DEFAULT_DELIVERY_POLICY.batch };
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('disables an endpoint after repeated failures, fails what waits, and raises an alert', async () => {
    service.policy = { ...service.policy, disableAfterFailures: 3, disableAfterFailingSeconds: 0 };
    try {
      const ep = await endpoint('/broken', ['metrics.snapshot']);
      script.set(
        '/broken',
        Array.from({ length: 50 }, () => '500' as const),
      );
      const pub = await publication();
      await sql.query(
        `INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, age_bucket, bucket_date, metric, value, posted_at)
         VALUES ($1, $2, $3, 'tiktok', '24h', current_date, 'views', 120, now()), ($1, $2, $3, 'tiktok', '24h', current_date, 'likes', 7, now())`,
        [workspaceId, pub.accountId, pub.id],
      );
      const disabled = await waitFor(
        async () => {
          const e = (await owner.get(`/api/webhooks/endpoints/${ep.id}`).expect(200)).body;
          return e.enabled ? undefined : e;
        },
        60_000,
        'the endpoint to be disabled',
      );
      expect(disabled).toMatchObject({ disabledReason: 'failures', consecutiveFailures: 3 });
      const first = JSON.parse(at('/broken')[0]!.body);
      expect(first).toMatchObject({ type: 'metrics.snapshot', data: { publication_id: pub.id, age: '24h', metrics: { views: 120, likes: 7 } } });
      const log = (await owner.get(`/api/webhooks/endpoints/${ep.id}/deliveries`).expect(200)).body;
      expect(log.items[0]).toMatchObject({ status: 'failed', responseCode: 500, responsePreview: 'receiver broke' });
      expect((await owner.post(`/api/webhooks/endpoints/${ep.id}/deliveries/${log.items[0].id}/resend`).expect(409)).body.code).toBe(
        'WEBHOOK_ENDPOINT_DISABLED',
      );

      await t.app.get(AlertsService).evaluate();
      const [alert] = await sql.query(`SELECT rule, subject, status FROM alerts WHERE rule = 'webhook_disabled'`);
      expect(alert).toEqual({ rule: 'webhook_disabled', subject: ep.id, status: 'firing' });
      // Re-enabling clears the count and the alert.
      expect((await owner.patch(`/api/webhooks/endpoints/${ep.id}`, { enabled: true }).expect(200)).body).toMatchObject({
        enabled: true,
        consecutiveFailures: 0,
      });
      await t.app.get(AlertsService).evaluate();
      expect((await sql.query(`SELECT status FROM alerts WHERE rule = 'webhook_disabled'`))[0].status).toBe('resolved');
    } finally {
      service.policy = { ...service.policy, disableAfterFailures: 20, disableAfterFailingSeconds: 86_400 };
    }
  });

  it('sends post.approved for an approval of a version and alert.raised for a new alert, and nothing for a request of review', async () => {
    await endpoint('/approvals', ['post.approved', 'alert.raised']);
    const pub = await publication();
    await sql.query(
      `INSERT INTO review_decisions (workspace_id, content_item_id, kind, actor_kind, hash, version) VALUES ($1, $2, 'requested', 'user', $3, 1), ($1, $2, 'approved', 'user', $3, 1)`,
      [workspaceId, pub.itemId, 'b'.repeat(64)],
    );
    await sql.query(`INSERT INTO alerts (workspace_id, rule, subject, severity, message) VALUES ($1, 'queue_depth', 'spec', 'warning', '42 jobs waiting')`, [
      workspaceId,
    ]);
    await waitFor(async () => at('/approvals').length >= 2 || undefined, 30_000, 'both events');
    const bodies = at('/approvals').map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type).sort()).toEqual(['alert.raised', 'post.approved']);
    expect(bodies.find((b) => b.type === 'post.approved').data).toMatchObject({
      content_item_id: pub.itemId,
      version: 1,
      hash: 'b'.repeat(64),
      actor_kind: 'user',
    });
    expect(bodies.find((b) => b.type === 'alert.raised').data).toMatchObject({ rule: 'queue_depth', severity: 'warning', message: '42 jobs waiting' });
    expect(
      (await sql.query(`SELECT count(*)::int AS n FROM webhook_events WHERE type = 'post.approved' AND data->>'content_item_id' = $1`, [pub.itemId]))[0].n,
    ).toBe(1);
  });

  it('drops events past the retention once their deliveries ended, and keeps one still being retried', async () => {
    const ep = await endpoint('/retention', ['alert.raised']);
    const old = async (status: string) => {
      const [event] = await sql.query(
        `INSERT INTO webhook_events (workspace_id, type, data, created_at) VALUES ($1, 'alert.raised', '{}', now() - interval '31 days') RETURNING id`,
        [workspaceId],
      );
      await sql.query(
        `INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id, status, next_attempt_at) VALUES ($1, $2, $3, $4, now() + interval '1 day')`,
        [workspaceId, ep.id, event.id, status],
      );
      return event.id as string;
    };
    const [done, failed, waiting] = [await old('succeeded'), await old('failed'), await old('pending')];
    expect(await service.purge()).toBeGreaterThanOrEqual(2);
    const left = (await sql.query(`SELECT id FROM webhook_events WHERE id = ANY($1)`, [[done, failed, waiting]])).map((r: { id: string }) => r.id);
    expect(left).toEqual([waiting]);
  });

  it('lists, updates and deletes endpoints; refuses editors', async () => {
    const ep = await endpoint('/crud', ['post.scheduled']);
    const list = (await owner.get('/api/webhooks/endpoints').expect(200)).body;
    expect(list.eventTypes).toContain('publication.posted');
    expect(list.items.map((e: { id: string }) => e.id)).toContain(ep.id);
    const updated = (await owner.patch(`/api/webhooks/endpoints/${ep.id}`, { eventTypes: ['post.scheduled', 'alert.raised'], description: 'CRM' }).expect(200))
      .body;
    expect(updated).toMatchObject({ eventTypes: ['post.scheduled', 'alert.raised'], description: 'CRM' });
    expect((await owner.patch(`/api/webhooks/endpoints/${ep.id}`, { eventTypes: ['nope'] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await owner.delete(`/api/webhooks/endpoints/${ep.id}`).expect(204);
    await owner.get(`/api/webhooks/endpoints/${ep.id}`).expect(404);
    const { client: editor } = await addMember(t.app.getHttpServer(), owner, 'eddie@example.com', 'editor');
    expect((await editor.get('/api/webhooks/endpoints').expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
    expect((await editor.post('/api/webhooks/endpoints', { url: `${base}/x`, eventTypes: ['alert.raised'] }).expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
  });

  it('sends post.scheduled for an item created scheduled, once its targets are written (deferred to the commit)', async () => {
    await endpoint('/scheduled', ['post.scheduled']);
    const accountId = await insertSocialAccount(sql, workspaceId, 'instagram');
    const itemId = await sql.transaction(async (tx) => {
      const [item] = await tx.query(
        `INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'Teaser', 'scheduled', now() + interval '1 day') RETURNING id`,
        [workspaceId],
      );
      await tx.query(`INSERT INTO content_item_targets (content_item_id, social_account_id, workspace_id) VALUES ($1, $2, $3)`, [
        item.id,
        accountId,
        workspaceId,
      ]);
      return item.id as string;
    });
    const got = await waitFor(async () => at('/scheduled')[0], 30_000, 'post.scheduled');
    expect(JSON.parse(got.body)).toMatchObject({ type: 'post.scheduled', data: { content_item_id: itemId, title: 'Teaser', account_ids: [accountId] } });
    // Moving it sends another; an unrelated edit does not.
    await sql.query(`UPDATE content_items SET title = 'Teaser 2' WHERE id = $1`, [itemId]);
    await sql.query(`UPDATE content_items SET scheduled_at = scheduled_at + interval '1 hour' WHERE id = $1`, [itemId]);
    await waitFor(async () => at('/scheduled')[1], 30_000, 'the second post.scheduled');
    expect(
      (await sql.query(`SELECT count(*)::int AS n FROM webhook_events WHERE type = 'post.scheduled' AND data->>'content_item_id' = $1`, [itemId]))[0].n,
    ).toBe(2);
  });
});
