import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../../test/factories.js';
import { setupOwner, type SessionClient } from '../../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';
import { freshState } from '../../../../test/war-room-state.js';
import { TiktokWarmupEngine } from './tiktok-warmup.engine.js';

describe('tiktok_warmup check (scheduler role, read-only)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;
  let engine: TiktokWarmupEngine;

  beforeAll(async () => {
    db = await createTestDatabase('warmup_check');
    t = await startTestApp({ DATABASE_URL: db.url });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    engine = t.app.get(TiktokWarmupEngine);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** A plan stored without the API (as plans made before the flag was on): `hour` o'clock UTC, `days` from today. */
  const planned = async (accountId: string, days: number, hour: number): Promise<string> => {
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'p', 'scheduled', date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + make_interval(days => $2, hours => $3)) RETURNING id`,
      [workspaceId, days, hour],
    );
    await sql.query(`INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id) VALUES ($1, $2, $3)`, [
      workspaceId,
      item.id,
      accountId,
    ]);
    return item.id;
  };
  const posted = async (accountId: string, hoursAgo: number) => {
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'p', 'published', now() - make_interval(hours => $2)) RETURNING id`,
      [workspaceId, hoursAgo],
    );
    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at) VALUES ($1, $2, $3, 'tiktok', 'posted', now() - make_interval(hours => $4))`,
      [workspaceId, item.id, accountId, hoursAgo],
    );
  };
  const audits = async () =>
    (await sql.query(`SELECT action, target_id AS "targetId", metadata FROM audit_log WHERE action LIKE 'automation.tiktok_warmup.%' ORDER BY id`)) as {
      action: string;
      targetId: string;
      metadata: Record<string, unknown>;
    }[];

  it('does nothing while the flag is off', async () => {
    const acc = await insertSocialAccount(sql, workspaceId, 'tiktok', 'quiet');
    for (const hour of [9, 10, 11]) await planned(acc, 2, hour);
    expect(await engine.runOnce()).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it('flags an account whose days hold more posts than its ramp allows, shows it in Account Health, and clears it once back within', async () => {
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true }).expect(200);
    const busy = await insertSocialAccount(sql, workspaceId, 'tiktok', 'fresh.brand');
    const calm = await insertSocialAccount(sql, workspaceId, 'tiktok', 'calm.brand');
    const [first] = [await planned(busy, 2, 9), await planned(busy, 2, 10), await planned(busy, 2, 11)];
    await planned(calm, 2, 9);
    await planned(calm, 2, 10);

    const results = await engine.runOnce();
    expect(results.find((r) => r.accountId === busy)).toMatchObject({ inWarmup: true, flagged: true, reasons: [expect.stringContaining('3 posts on')] });
    expect(results.find((r) => r.accountId === calm)).toMatchObject({ inWarmup: true, flagged: false });
    const flagged = (await audits()).filter((a) => a.action === 'automation.tiktok_warmup.flagged');
    expect(flagged.map((a) => a.targetId)).toEqual(expect.arrayContaining([busy]));
    expect(flagged.map((a) => a.targetId)).not.toContain(calm);
    expect(flagged.find((a) => a.targetId === busy)?.metadata).toMatchObject({
      inWarmup: true,
      postsPerDayByWeek: [2, 3, 4, 5],
      overDays: [expect.objectContaining({ planned: 3, allowedPerDay: 2, week: 1 })],
    });

    // A second pass raises nothing new (one audit entry per flag).
    await engine.runOnce();
    expect((await audits()).filter((a) => a.action === 'automation.tiktok_warmup.flagged' && a.targetId === busy)).toHaveLength(1);

    const state = await freshState<{
      health: { accountId: string; warnings: { automation: string; message: string }[] }[];
      automations: { key: string; lastRunAt: string | null }[];
    }>(owner);
    const health = state.health;
    expect(health.find((h) => h.accountId === busy)?.warnings).toEqual([
      expect.objectContaining({ automation: 'tiktok_warmup', severity: 'warning', message: expect.stringContaining('@fresh.brand') }),
    ]);
    expect(health.find((h) => h.accountId === calm)?.warnings).toEqual([]);
    expect(state.automations.find((a) => a.key === 'tiktok_warmup')?.lastRunAt).not.toBeNull();

    // One plan cancelled: back within the ramp, the flag clears (audited).
    await sql.query(`UPDATE content_items SET status = 'cancelled' WHERE id = $1`, [first]);
    await engine.runOnce();
    expect((await audits()).some((a) => a.action === 'automation.tiktok_warmup.cleared' && a.targetId === busy)).toBe(true);
    expect(await sql.query('SELECT * FROM automation_account_flags WHERE account_id = $1', [busy])).toEqual([]);
  });

  it('flags a warmed-up account posting above its own target cadence', async () => {
    const veteran = await insertSocialAccount(sql, workspaceId, 'tiktok', 'veteran.brand');
    await sql.query(`UPDATE social_accounts SET created_at = now() - interval '90 days', target_posts_per_week = 2 WHERE id = $1`, [veteran]);
    for (const hoursAgo of [30, 50, 70]) await posted(veteran, hoursAgo);
    const result = (await engine.runOnce()).find((r) => r.accountId === veteran);
    expect(result).toMatchObject({ inWarmup: false, flagged: true, reasons: ['3 posts in the last 7 days (its target is 2 a week)'] });
  });

  it('drops its warnings when the flag is turned off', async () => {
    const acc = await insertSocialAccount(sql, workspaceId, 'tiktok', 'burst.brand');
    for (const hour of [9, 10, 11]) await planned(acc, 3, hour);
    await engine.runOnce();
    expect(await sql.query('SELECT 1 FROM automation_account_flags WHERE account_id = $1', [acc])).toHaveLength(1);
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: false }).expect(200);
    await engine.runOnce();
    expect(await sql.query('SELECT 1 FROM automation_account_flags WHERE account_id = $1', [acc])).toHaveLength(0);
  });
});
