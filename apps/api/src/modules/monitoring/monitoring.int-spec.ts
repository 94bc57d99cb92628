import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { waitFor } from '../../../test/pipeline-fixture.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AlertsService } from './alerts.service.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** This machine's own non-loopback address: connecting to it makes it the peer address too. */
function ownNonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) return a.address;
  }
  return undefined;
}

/** A local webhook receiver: answers each POST with the next status of `statuses` (then 200). */
async function webhookReceiver(statuses: number[] = []) {
  const calls: { headers: IncomingMessage['headers']; body: { alert: Record<string, unknown>; text: string } }[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(data) });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('monitoring: /metrics access and names, alert rules in the war room, webhook delivery (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accountId: string;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    db = await createTestDatabase('monitoring');
    hook = await webhookReceiver();
    // API role only: the rules are evaluated by calling the service, not on a timer, and no worker touches the jobs.
    t = await startTestApp({
      DATABASE_URL: db.url,
      ROLES: 'api',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
      ALERT_QUEUE_DEPTH: '2',
      ALERT_ERROR_RATE_PERCENT: '50',
      ALERT_ERROR_RATE_MIN_JOBS: '3',
      ALERT_TOKEN_EXPIRY_HOURS: '24',
      ALERT_WEBHOOK_URL: hook.url,
      ALERT_WEBHOOK_RETRIES: '2',
      ALLOW_INTERNAL_URLS: 'true',
    });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/workspaces/current').expect(200)).body.id;
    accountId = await insertSocialAccount(sql, workspaceId, 'tiktok', 'brand_main');
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
    await db?.drop();
  });

  async function alerts(): Promise<{ rule: string; subject: string; severity: string; message: string; value: number | null; threshold: number | null }[]> {
    return (await owner.get('/api/marketing-war-room/state').expect(200)).body.alerts;
  }
  const evaluate = async () => expect(await t.app.get(AlertsService).evaluate()).toBe(true);
  const alertRows = async (rule: string) => sql.query('SELECT status FROM alerts WHERE workspace_id = $1 AND rule = $2 ORDER BY fired_at', [workspaceId, rule]);

  /** `n` jobs of their own publication, with the given status (and finished now for ended ones). */
  async function insertJobs(n: number, status: string, tag: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const [item] = await sql.query(`INSERT INTO content_items (workspace_id, title) VALUES ($1, $2) RETURNING id`, [workspaceId, tag]);
      const [pub] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) VALUES ($1, $2, $3, 'tiktok') RETURNING id`,
        [workspaceId, item.id, accountId],
      );
      const [job] = await sql.query(
        `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, account_id, platform, status, run_at, finished_at)
         VALUES ($1, $2::uuid, $4 || ':' || $2::text, $3, 'tiktok', $5, now() + interval '1 day', CASE WHEN $5 IN ('succeeded', 'failed', 'dead') THEN now() END) RETURNING id`,
        [workspaceId, pub.id, accountId, tag, status],
      );
      ids.push(job.id);
    }
    return ids;
  }

  describe('/metrics', () => {
    it('answers a loopback caller with the documented metric names', async () => {
      const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.headers['cache-control']).toBe('no-store');
      for (const name of [
        'mwr_queue_depth',
        'mwr_queue_lag_seconds',
        'mwr_job_error_rate_1h',
        'mwr_token_expiry_seconds',
        'mwr_job_duration_seconds',
        'mwr_step_duration_seconds',
        'mwr_job_errors_total',
        'mwr_rate_limit_waits_total',
        'mwr_sse_clients',
        'mwr_alert_deliveries_total',
        'mwr_process_cpu_seconds_total',
      ]) {
        expect([name, res.text.includes(`# TYPE ${name} `)]).toEqual([name, true]);
      }
      expect(res.text).toContain('mwr_queue_depth{state="queued"} 0');
    });

    it('refuses a caller elsewhere without METRICS_TOKEN (403)', async () => {
      const address = ownNonLoopbackAddress();
      expect(address).toBeDefined();
      const server = t.app.getHttpServer() as Server;
      const listening = server.listening;
      if (!listening) await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const res = await fetch(`http://${address}:${port}/metrics`);
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          statusCode: 403,
          code: 'METRICS_FORBIDDEN',
          message: 'Metrics are served to local callers only; set METRICS_TOKEN to scrape remotely',
        });
      } finally {
        if (!listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('with METRICS_TOKEN wants exactly that bearer token, even from loopback', async () => {
      const secured = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', METRICS_TOKEN });
      try {
        const forbidden = { statusCode: 403, code: 'METRICS_FORBIDDEN', message: 'A valid metrics token is required' };
        expect((await request(secured.app.getHttpServer()).get('/metrics').expect(403)).body).toEqual(forbidden);
        expect((await request(secured.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`).expect(403)).body).toEqual(
          forbidden,
        );
        expect((await request(secured.app.getHttpServer()).get('/metrics').set('authorization', `Basic ${METRICS_TOKEN}`).expect(403)).body).toEqual(forbidden);
        const ok = await request(secured.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
        expect(ok.text).toContain('# TYPE mwr_queue_depth gauge');
      } finally {
        await secured.close();
      }
    });
  });

  describe('alert rules', () => {
    it('queue depth: fires once while more jobs than the threshold are open, then clears', async () => {
      const jobs = await insertJobs(3, 'queued', 'depth');
      await evaluate();
      await evaluate();
      expect(await alerts()).toEqual([
        expect.objectContaining({
          rule: 'queue_depth',
          subject: '',
          severity: 'warning',
          value: 3,
          threshold: 2,
          message: '3 publish jobs are waiting or running (threshold 2)',
        }),
      ]);
      expect(await alertRows('queue_depth')).toEqual([{ status: 'firing' }]);
      const metrics = await request(t.app.getHttpServer()).get('/metrics').expect(200);
      expect(metrics.text).toContain('mwr_queue_depth{state="queued"} 3');

      await sql.query(`UPDATE publish_jobs SET status = 'cancelled', finished_at = now() WHERE id = ANY($1::uuid[])`, [jobs.slice(0, 2)]);
      await evaluate();
      expect(await alerts()).toEqual([]);
      expect(await alertRows('queue_depth')).toEqual([{ status: 'resolved' }]);
      await sql.query(`UPDATE publish_jobs SET status = 'cancelled', finished_at = now() - interval '2 hours' WHERE id = ANY($1::uuid[])`, [jobs]);
    });

    it('error rate: fires once when more than the share of recently ended jobs failed, then clears when they age out', async () => {
      const failed = await insertJobs(2, 'failed', 'errors-failed');
      const ok = await insertJobs(1, 'succeeded', 'errors-ok');
      await evaluate();
      await evaluate();
      expect(await alerts()).toEqual([
        expect.objectContaining({
          rule: 'error_rate',
          severity: 'critical',
          value: 66.7,
          threshold: 50,
          message: '66.7% of the jobs that ended in the last hour failed (2/3, threshold 50%)',
        }),
      ]);
      expect(await alertRows('error_rate')).toEqual([{ status: 'firing' }]);

      await sql.query(`UPDATE publish_jobs SET finished_at = now() - interval '2 hours' WHERE id = ANY($1::uuid[])`, [[...failed, ...ok]]);
      await evaluate();
      expect(await alerts()).toEqual([]);
      expect(await alertRows('error_rate')).toEqual([{ status: 'resolved' }]);
    });

    it('token expiry: fires once for a token expiring within the window that cannot refresh, then clears', async () => {
      await t.app
        .get(TokensService)
        .store(workspaceId, accountId, { accessToken: `tok_${randomBytes(12).toString('hex')}`, expiresInSec: 3 * 3600, scopes: ['video.publish'] });
      await evaluate();
      await evaluate();
      const [alert, ...others] = await alerts();
      expect(others).toEqual([]);
      expect(alert).toMatchObject({ rule: 'token_expiring', subject: accountId, severity: 'warning', threshold: 24 });
      expect(alert!.message).toMatch(/^The tiktok token of @brand_main expires in (2\.9|3) h and it cannot be refreshed$/);
      expect(await alertRows('token_expiring')).toEqual([{ status: 'firing' }]);

      await sql.query(`UPDATE oauth_tokens SET expires_at = now() + interval '30 days' WHERE account_id = $1`, [accountId]);
      await evaluate();
      expect(await alerts()).toEqual([]);
      expect(await alertRows('token_expiring')).toEqual([{ status: 'resolved' }]);
    });
  });

  describe('ALERT_WEBHOOK_URL', () => {
    const firingDepthAlert = async () =>
      (await sql.query(`SELECT id FROM alerts WHERE workspace_id = $1 AND rule = 'queue_depth' AND status = 'firing'`, [workspaceId]))[0]?.id as
        string | undefined;

    it('posts a new alert to the webhook once, as documented', async () => {
      const service = t.app.get(AlertsService);
      hook.calls.length = 0;
      const jobs = await insertJobs(3, 'queued', 'hook');
      await evaluate();
      const id = await firingDepthAlert();
      expect(id).toBeDefined();
      await service.deliver();
      expect(hook.calls).toHaveLength(1);
      expect(hook.calls[0]!.headers['x-mwr-alert-id']).toBe(id);
      expect(hook.calls[0]!.headers['content-type']).toBe('application/json');
      expect(hook.calls[0]!.body).toEqual({
        alert: {
          id,
          workspaceId,
          rule: 'queue_depth',
          subject: '',
          severity: 'warning',
          message: '3 publish jobs are waiting or running (threshold 2)',
          value: 3,
          threshold: 2,
          firedAt: expect.any(String),
        },
        text: '[warning] 3 publish jobs are waiting or running (threshold 2)',
      });
      const [row] = await sql.query('SELECT notified_at, delivery_attempts FROM alerts WHERE id = $1', [id]);
      expect(row.notified_at).toBeInstanceOf(Date);
      expect(row.delivery_attempts).toBe(1);

      // Once: neither another evaluation nor another delivery round sends it again.
      await evaluate();
      await sql.query('UPDATE alerts SET next_delivery_at = now() WHERE id = $1', [id]);
      await service.deliver();
      expect(hook.calls).toHaveLength(1);

      await sql.query(`UPDATE publish_jobs SET status = 'cancelled', finished_at = now() - interval '2 hours' WHERE id = ANY($1::uuid[])`, [jobs]);
      await evaluate();
      expect(await firingDepthAlert()).toBeUndefined();
    });

    it('retries a failed delivery with backoff until the receiver accepts it', async () => {
      const flaky = await webhookReceiver([500]);
      const other = await startTestApp({
        DATABASE_URL: db.url,
        ROLES: 'api',
        ALERT_QUEUE_DEPTH: '2',
        ALERT_WEBHOOK_URL: flaky.url,
        ALLOW_INTERNAL_URLS: 'true',
      });
      try {
        const service = other.app.get(AlertsService);
        const jobs = await insertJobs(3, 'queued', 'flaky');
        expect(await service.evaluate()).toBe(true);
        const id = await firingDepthAlert();
        await service.deliver();
        expect(flaky.calls).toHaveLength(1);
        const [failed] = await sql.query(
          'SELECT notified_at, delivery_attempts, last_delivery_error, next_delivery_at > now() AS later FROM alerts WHERE id = $1',
          [id],
        );
        expect(failed).toEqual({ notified_at: null, delivery_attempts: 1, last_delivery_error: 'HTTP 500', later: true });

        // The retry is due after its backoff (1 s): wait for that, not for a fixed time.
        await waitFor(
          async () => (await sql.query('SELECT next_delivery_at <= now() AS due FROM alerts WHERE id = $1', [id]))[0].due === true,
          'the retry to be due',
        );
        await service.deliver();
        expect(flaky.calls).toHaveLength(2);
        expect(flaky.calls.map((c) => c.headers['x-mwr-alert-id'])).toEqual([id, id]);
        const [done] = await sql.query('SELECT notified_at IS NOT NULL AS notified, delivery_attempts, last_delivery_error FROM alerts WHERE id = $1', [id]);
        expect(done).toEqual({ notified: true, delivery_attempts: 2, last_delivery_error: null });
        const metrics = (await request(other.app.getHttpServer()).get('/metrics').expect(200)).text;
        expect(metrics).toContain('mwr_alert_deliveries_total{result="retrying"} 1');
        expect(metrics).toContain('mwr_alert_deliveries_total{result="delivered"} 1');
        await sql.query(`UPDATE publish_jobs SET status = 'cancelled', finished_at = now() - interval '2 hours' WHERE id = ANY($1::uuid[])`, [jobs]);
        await service.evaluate();
      } finally {
        await other.close();
        await flaky.close();
      }
    });
  });
});
