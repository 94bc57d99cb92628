import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';
import { startTestApp, type TestApp } from '../../../../test/test-app.js';
import { setupOwner, type SessionClient } from '../../../../test/session-client.js';
import { insertSocialAccount } from '../../../../test/factories.js';
import { TiktokWarmupCadenceEngine } from './tiktok-warmup-cadence.engine.js';

describe('tiktok_warmup_cadence (scheduler role, read-only)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let workspaceId: string;
  let engine: TiktokWarmupCadenceEngine;

  beforeAll(async () => {
    db = await createTestDatabase('cadence');
    t = await startTestApp({ DATABASE_URL: db.url });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    engine = t.app.get(TiktokWarmupCadenceEngine);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const posted = async (accountId: string, hoursAgo: number) => {
    const [item] = await sql.query(`INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'p', 'published', now() - make_interval(hours => $2)) RETURNING id`, [workspaceId, hoursAgo]);
    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at) VALUES ($1, $2, $3, 'tiktok', 'posted', now() - make_interval(hours => $4))`,
      [workspaceId, item.id, accountId, hoursAgo],
    );
  };
  const audits = async () => (await sql.query(`SELECT action, target_id AS "targetId", metadata FROM audit_log WHERE action LIKE 'automation.tiktok_warmup_cadence.%' ORDER BY id`)) as { action: string; targetId: string; metadata: Record<string, unknown> }[];

  it('does nothing while the flag is off', async () => {
    const acc = await insertSocialAccount(sql, workspaceId, 'tiktok', 'quiet');
    await posted(acc, 1);
    await posted(acc, 2);
    expect(await engine.runOnce()).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it('flags a new account posting faster than its warm-up, shows it in Account Health, and clears it when back within limits', async () => {
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup_cadence', { enabled: true, config: { maxPostsPerWeek: 3, minHoursBetweenPosts: 24, warmupDays: 14 } }).expect(200);
    const fast = await insertSocialAccount(sql, workspaceId, 'tiktok', 'fresh.brand');
    const calm = await insertSocialAccount(sql, workspaceId, 'tiktok', 'calm.brand');
    for (const h of [1, 3, 30, 60]) await posted(fast, h);
    for (const h of [1, 30]) await posted(calm, h);

    const results = await engine.runOnce();
    expect(results.find((r) => r.accountId === fast)).toMatchObject({ inWarmup: true, flagged: true });
    expect(results.find((r) => r.accountId === calm)).toMatchObject({ flagged: false });
    const flagged = (await audits()).filter((a) => a.action === 'automation.tiktok_warmup_cadence.flagged');
    expect(flagged.map((a) => a.targetId).sort()).toEqual(expect.arrayContaining([fast]));
    expect(flagged.find((a) => a.targetId === fast)?.metadata).toMatchObject({ postsLast7Days: 4, minGapHours: 2, maxPostsPerWeek: 3 });

    // A second pass raises nothing new (one audit entry per flag).
    await engine.runOnce();
    expect((await audits()).filter((a) => a.action === 'automation.tiktok_warmup_cadence.flagged' && a.targetId === fast)).toHaveLength(1);

    await new Promise((r) => setTimeout(r, 1100)); // the state document is cached for up to 1 s
    const health = (await owner.get('/api/marketing-war-room/state').expect(200)).body.health as { accountId: string; warnings: { automation: string; message: string }[] }[];
    expect(health.find((h) => h.accountId === fast)?.warnings).toEqual([expect.objectContaining({ automation: 'tiktok_warmup_cadence', severity: 'warning', message: expect.stringContaining('@fresh.brand') })]);
    expect(health.find((h) => h.accountId === calm)?.warnings).toEqual([]);
    const automation = (await owner.get('/api/marketing-war-room/state').expect(200)).body.automations.find((a: { key: string }) => a.key === 'tiktok_warmup_cadence');
    expect(automation.lastRunAt).not.toBeNull();

    // Older posts age out: back within the warm-up, the flag clears (audited).
    await sql.query(`UPDATE platform_publications SET posted_at = now() - interval '8 days' WHERE social_account_id = $1 AND posted_at > now() - interval '4 hours'`, [fast]);
    await engine.runOnce();
    expect((await audits()).some((a) => a.action === 'automation.tiktok_warmup_cadence.cleared' && a.targetId === fast)).toBe(true);
    expect(await sql.query('SELECT * FROM automation_account_flags WHERE account_id = $1', [fast])).toEqual([]);
  });

  it('drops its warnings when the flag is turned off', async () => {
    const acc = await insertSocialAccount(sql, workspaceId, 'tiktok', 'burst.brand');
    for (const h of [1, 2, 3, 4]) await posted(acc, h);
    await engine.runOnce();
    expect(await sql.query('SELECT 1 FROM automation_account_flags WHERE account_id = $1', [acc])).toHaveLength(1);
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup_cadence', { enabled: false }).expect(200);
    await engine.runOnce();
    expect(await sql.query('SELECT 1 FROM automation_account_flags WHERE account_id = $1', [acc])).toHaveLength(0);
  });
});
