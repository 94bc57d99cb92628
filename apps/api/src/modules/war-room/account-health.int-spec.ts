import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { freshState } from '../../../test/war-room-state.js';
import { AUTOMATION_ACTIVITY_SQL, FAILURES_BY_DAY_SQL } from './war-room.repository.js';
import { WarRoomService } from './war-room.service.js';

const DAY_MS = 86_400_000;
/** The UTC day `daysAgo` days before today, as YYYY-MM-DD. */
const utcDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
/** Noon UTC of that day: inside the day whatever the hour of the run (today's noon may be ahead, so today uses "a minute ago"). */
const within = (daysAgo: number) => (daysAgo === 0 ? new Date(Date.now() - 60_000) : new Date(`${utcDay(daysAgo)}T12:00:00.000Z`));

interface HealthEntry {
  accountId: string;
  failures24h: { finished: number; failed: number };
  failures7d: { day: string; finished: number; failed: number }[];
  automationActivity: { key: string; lastActionAt: string; actions24h: number; refused24h: number }[];
}

describe('Account Health: 7-day failures and automation activity per account', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('account_health');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** A publication of `accountId` whose job ended at `at` with `status`. */
  async function finishedJob(accountId: string, platform: string, status: 'succeeded' | 'failed' | 'dead', at: Date): Promise<void> {
    const [item] = await sql.query(`INSERT INTO content_items (workspace_id, title, status) VALUES ($1, 'health', 'draft') RETURNING id`, [workspaceId]);
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [workspaceId, item.id, accountId, platform, status === 'succeeded' ? 'posted' : 'failed'],
    );
    await sql.query(
      `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, account_id, platform, finished_at)
       VALUES ($1, $2::uuid, 'publication:' || $2::text, $3, $4, $5, $6)`,
      [workspaceId, pub.id, status, accountId, platform, at],
    );
  }

  async function audit(accountId: string, action: string, at: Date, targetType = 'social_account'): Promise<void> {
    await sql.query(`INSERT INTO audit_log (workspace_id, action, target_type, target_id, metadata, at) VALUES ($1, $2, $3, $4, '{}'::jsonb, $5)`, [
      workspaceId,
      action,
      targetType,
      accountId,
      at,
    ]);
  }

  /** Account Health from a state document computed after this test's writes. */
  async function health(): Promise<HealthEntry[]> {
    return (await freshState<{ health: HealthEntry[] }>(owner)).health;
  }

  it('counts finished and failed jobs per UTC day over 7 days, oldest first, zero-filled, per account', async () => {
    const tiktok = await insertSocialAccount(sql, workspaceId, 'tiktok', 'days_tiktok');
    const instagram = await insertSocialAccount(sql, workspaceId, 'instagram', 'days_insta');
    await finishedJob(tiktok, 'tiktok', 'succeeded', within(0));
    await finishedJob(tiktok, 'tiktok', 'failed', within(0));
    await finishedJob(tiktok, 'tiktok', 'dead', within(2));
    await finishedJob(tiktok, 'tiktok', 'succeeded', within(6));
    // Too old for the window, and another account's: neither counts for this one.
    await finishedJob(tiktok, 'tiktok', 'failed', within(8));
    await finishedJob(instagram, 'instagram', 'failed', within(1));

    const entries = await health();
    const byId = new Map(entries.map((e) => [e.accountId, e]));
    const days = [6, 5, 4, 3, 2, 1, 0].map(utcDay);
    expect(byId.get(tiktok)!.failures7d).toEqual(
      days.map((day) => ({
        day,
        finished: day === utcDay(0) ? 2 : day === utcDay(2) || day === utcDay(6) ? 1 : 0,
        failed: day === utcDay(0) || day === utcDay(2) ? 1 : 0,
      })),
    );
    expect(byId.get(instagram)!.failures7d).toEqual(days.map((day) => ({ day, finished: day === utcDay(1) ? 1 : 0, failed: day === utcDay(1) ? 1 : 0 })));
    // The 24 h figure and the sparkline's last day agree on today's jobs.
    expect(byId.get(tiktok)!.failures24h).toMatchObject({ finished: 2, failed: 1 });
  });

  it('sums what each automation did for an account in 24 h, refusals apart, with its last action', async () => {
    const insta = await insertSocialAccount(sql, workspaceId, 'instagram', 'bots_insta');
    const quiet = await insertSocialAccount(sql, workspaceId, 'tiktok', 'bots_quiet');
    const now = Date.now();
    await audit(insta, 'automation.ig_welcome_dm.sent', new Date(now - 3_600_000));
    await audit(insta, 'automation.ig_welcome_dm.sent', new Date(now - 60_000));
    await audit(insta, 'automation.ig_welcome_dm.refused', new Date(now - 120_000));
    // Older than 24 h: only the last-action time may come from it.
    await audit(insta, 'automation.ig_welcome_dm.sent', new Date(now - 2 * DAY_MS));
    await audit(insta, 'automation.tiktok_warmup.flagged', new Date(now - 3 * DAY_MS));
    // Not an automation's entry about this account: ignored.
    await audit(insta, 'account.needs_reconnect', new Date(now - 60_000));
    await audit(insta, 'automation.enabled', new Date(now - 60_000), 'automation');

    const entries = await health();
    const activity = entries.find((e) => e.accountId === insta)!.automationActivity;
    expect(activity.map((a) => a.key)).toEqual(['ig_welcome_dm', 'tiktok_warmup']);
    expect(activity[0]).toMatchObject({ key: 'ig_welcome_dm', actions24h: 2, refused24h: 1 });
    expect(Date.parse(activity[0]!.lastActionAt)).toBeGreaterThan(now - 61_000 - 1000);
    expect(activity[1]).toMatchObject({ key: 'tiktok_warmup', actions24h: 0, refused24h: 0 });
    expect(entries.find((e) => e.accountId === quiet)!.automationActivity).toEqual([]);
  });

  it('reads both from an index, in one query each for all accounts', async () => {
    const ids = (await sql.query('SELECT id FROM social_accounts WHERE workspace_id = $1', [workspaceId])).map((r: { id: string }) => r.id);
    expect(ids.length).toBeGreaterThan(1);

    // One query each, whatever the number of accounts: the repository's own statements.
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      await t.app.get(WarRoomService).health(workspaceId);
      const sent = spy.mock.calls.map((c) => c[0]);
      expect(sent.filter((q) => q === FAILURES_BY_DAY_SQL)).toHaveLength(1);
      expect(sent.filter((q) => q === AUTOMATION_ACTIVITY_SQL)).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }

    // And those very statements read from their indexes.
    const plan = async (query: string, params: unknown[]) =>
      JSON.stringify(
        await sql.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return tx.query(`EXPLAIN (FORMAT JSON) ${query}`, params);
        }),
      );
    expect(await plan(AUTOMATION_ACTIVITY_SQL, [workspaceId, ids])).toContain('"Index Name":"audit_log_automation_account_idx"');
    expect(await plan(FAILURES_BY_DAY_SQL, [ids])).toContain('"Index Name":"publish_jobs_account_finished_idx"');
  });
});
