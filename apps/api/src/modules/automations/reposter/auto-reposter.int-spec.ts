import { DataSource } from 'typeorm';

import { insertAsset, insertSocialAccount } from '../../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';
import { TokensService } from '../../tokens/tokens.service.js';
import { AutoReposterEngine } from './auto-reposter.engine.js';

describe('auto_reposter (scheduler role, sandbox over HTTP)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let accounts: { tiktok: string; instagram: string };
  let workspaceId: string;
  let engine: AutoReposterEngine;

  beforeAll(async () => {
    db = await createTestDatabase('reposter');
    pipeline = await startPipeline({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);
    engine = pipeline.app.app.get(AutoReposterEngine);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  /** One of our TikTok posts that went out `hoursAgo` hours ago. */
  const postedOnTikTok = async (hoursAgo: number, title = 'Launch', accountId = accounts.tiktok) => {
    const assetId = await insertAsset(sql, workspaceId);
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, caption, hashtags, asset_id, status, scheduled_at, time_zone)
       VALUES ($1, $2, 'Our spring drop is here', '{spring}', $3, 'published', now() - $4 * interval '1 hour', 'Europe/Paris') RETURNING id`,
      [workspaceId, title, assetId, hoursAgo],
    );
    await sql.query(
      `INSERT INTO content_item_targets (content_item_id, social_account_id, workspace_id, options) VALUES ($1, $2, $3, '{"privacyLevel":"PUBLIC_TO_EVERYONE"}')`,
      [item.id, accountId, workspaceId],
    );
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, posted_at)
       VALUES ($1, $2, $3, 'tiktok', 'posted', 'v_' || gen_random_uuid(), now() - $4 * interval '1 hour') RETURNING id`,
      [workspaceId, item.id, accountId, hoursAgo],
    );
    return { itemId: item.id as string, publicationId: pub.id as string };
  };
  const configure = (config: Record<string, unknown>, enabled = true) => owner.post('/api/marketing-war-room/automations/auto_reposter', { enabled, config });
  const repostsOf = (sourceId: string) =>
    sql.query(
      `SELECT id, status, (options->'autoRepost'->>'sourceContentItemId') AS source FROM content_items WHERE options->'autoRepost'->>'sourceContentItemId' = $1`,
      [sourceId],
    ) as Promise<{ id: string; status: string }[]>;
  const audits = (sourceId: string) =>
    sql.query(
      `SELECT action, target_id AS "targetId", metadata FROM audit_log WHERE action LIKE 'automation.auto_reposter.%' AND metadata->>'sourceContentItemId' = $1 ORDER BY id`,
      [sourceId],
    ) as Promise<{ action: string; targetId: string; metadata: Record<string, unknown> }[]>;

  it('refuses, when the rules are saved, a target that is the source itself, a TikTok target without a privacy level, and a rule without one source', async () => {
    const source = await postedOnTikTok(3);
    const rule = {
      id: 'r1',
      sourceContentItemId: source.itemId,
      targets: [{ accountId: accounts.instagram }],
      trigger: { kind: 'delay', hours: 1 },
      captionVariant: '{{caption}}',
    };

    const own = await configure({ rules: [{ ...rule, targets: [{ accountId: accounts.tiktok, options: { privacyLevel: 'SELF_ONLY' } }] }] }).expect(400);
    expect(own.body).toMatchObject({
      code: 'INVALID_AUTOMATION_CONFIG',
      message: expect.stringContaining("rules[0].targets[0].accountId: @sandbox.public is the source's own account"),
    });
    const ownAccount = await configure({ rules: [{ ...rule, sourceContentItemId: undefined, sourceAccountId: accounts.instagram }] }).expect(400);
    expect(ownAccount.body.message).toContain("@sandbox.business is the source's own account");

    const igSource = { ...rule, sourceContentItemId: undefined, sourceAccountId: accounts.instagram };
    const noPrivacy = await configure({ rules: [{ ...igSource, targets: [{ accountId: accounts.tiktok }] }] }).expect(400);
    expect(noPrivacy.body.message).toContain(
      'rules[0].targets[0].options.privacyLevel: TikTok targets need a privacy level (@sandbox.public allows PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY)',
    );
    const notAllowed = await configure({
      rules: [{ ...igSource, targets: [{ accountId: accounts.tiktok, options: { privacyLevel: 'FOLLOWER_OF_CREATOR' } }] }],
    }).expect(400);
    expect(notAllowed.body.message).toContain('@sandbox.public allows PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY, not FOLLOWER_OF_CREATOR');
    const wrongPlatform = await configure({
      rules: [{ ...rule, targets: [{ accountId: accounts.instagram, options: { privacyLevel: 'SELF_ONLY' } }] }],
    }).expect(400);
    expect(wrongPlatform.body.message).toContain('privacyLevel applies to TikTok accounts only');

    const bothSources = await configure({ rules: [{ ...rule, sourceAccountId: accounts.tiktok }] }).expect(400);
    expect(bothSources.body.message).toContain('give one source');
    await configure({ rules: [{ ...rule, sourceContentItemId: undefined }] }).expect(400);
    await configure({ rules: [{ ...rule, sourceContentItemId: '00000000-0000-4000-8000-000000000000' }] }).expect(400);
    await configure({ rules: [{ ...rule, targets: [{ accountId: '00000000-0000-4000-8000-000000000000' }] }] }).expect(400);
    await configure({ rules: [{ ...rule, trigger: undefined }] }).expect(400);
    await configure({ rules: [{ ...rule, trigger: 'soon' }] }).expect(400);
    await configure({ rules: ['r1'] }).expect(400);
    await configure({ rules: [{ ...rule, captionVariant: undefined }] }).expect(400);
    await configure({ rules: [{ ...rule, targets: [] }] }).expect(400);
    await configure({ rules: [{ ...rule, trigger: { kind: 'delay' } }] }).expect(400);
    await configure({ rules: [{ ...rule, trigger: { kind: 'delay', hours: 1, metric: 'views' } }] }).expect(400);
    await configure({ rules: [{ ...rule, trigger: { kind: 'threshold', metric: 'followers', atLeast: 10 } }] }).expect(400);
    await configure({ rules: [rule, rule] }).expect(400);
    await configure({ targetAccountIds: [accounts.instagram] }).expect(400);

    // The same rule, aimed at another account, is taken.
    const saved = (await configure({ rules: [rule], maxPerDay: 5 }).expect(200)).body;
    expect(saved.config).toMatchObject({ maxPerDay: 5, lookbackDays: 30, rules: [{ id: 'r1', enabled: true, trigger: { kind: 'delay', hours: 1 } }] });
    await configure({ rules: [] }, false).expect(200);
  });

  it('creates exactly one new item when a delay rule fires, the pipeline publishes it to the target account, and a second tick adds nothing', async () => {
    const source = await postedOnTikTok(3, 'Spring drop');
    const waiting = await postedOnTikTok(0.5, 'Too recent');
    await configure({
      maxPerDay: 10,
      rules: [
        {
          id: 'spring-to-ig',
          sourceContentItemId: source.itemId,
          targets: [{ accountId: accounts.instagram, options: { shareToFeed: true } }],
          trigger: { kind: 'delay', hours: 2 },
          captionVariant: 'In case you missed it on @{{sourceAccount}}: {{caption}}',
        },
        {
          id: 'recent',
          sourceContentItemId: waiting.itemId,
          targets: [{ accountId: accounts.instagram }],
          trigger: { kind: 'delay', hours: 2 },
          captionVariant: 'Again',
        },
      ],
    }).expect(200);

    const outcomes = await engine.runOnce();
    expect(outcomes).toEqual([
      expect.objectContaining({ outcome: 'reposted', ruleId: 'spring-to-ig', sourceContentItemId: source.itemId, targetAccountId: accounts.instagram }),
    ]);
    const [repost] = await repostsOf(source.itemId);
    expect(await repostsOf(source.itemId)).toHaveLength(1);
    expect(await repostsOf(waiting.itemId)).toHaveLength(0);

    const item = (await owner.get(`/api/content-items/${repost!.id}`).expect(200)).body;
    expect(item).toMatchObject({
      title: 'Spring drop (re-post)',
      caption: 'In case you missed it on @sandbox.public: Our spring drop is here',
      hashtags: ['spring'],
      timeZone: 'Europe/Paris',
      targets: [{ accountId: accounts.instagram, options: { shareToFeed: true } }],
    });
    const published = await waitFor(async () => {
      const res = await owner.get(`/api/content-items/${repost!.id}`);
      return ['published', 'failed', 'partially_published'].includes(res.body.status) && res.body;
    }, 'the re-post to be published');
    expect(published.status).toBe('published');
    expect(published.publications).toEqual([expect.objectContaining({ accountId: accounts.instagram, platform: 'instagram', status: 'posted' })]);
    expect(pipeline.sandbox.inspect.publicPosts()).toHaveLength(1);

    expect(await audits(source.itemId)).toEqual([
      {
        action: 'automation.auto_reposter.reposted',
        targetId: accounts.instagram,
        metadata: expect.objectContaining({ automation: 'auto_reposter', rule: 'spring-to-ig', contentItemId: repost!.id }),
      },
    ]);

    expect(await engine.runOnce()).toEqual([]);
    expect(await repostsOf(source.itemId)).toHaveLength(1);
    expect(await audits(source.itemId)).toHaveLength(1);
  });

  it('still creates one item when two ticks race for the same rule', async () => {
    const source = await postedOnTikTok(5, 'Race');
    await configure({
      maxPerDay: 10,
      rules: [
        {
          id: 'race',
          sourceContentItemId: source.itemId,
          targets: [{ accountId: accounts.instagram }],
          trigger: { kind: 'delay', hours: 1 },
          captionVariant: 'Once only',
        },
      ],
    }).expect(200);
    const [a, b, c] = await Promise.all([engine.runOnce(), engine.runOnce(), engine.runOnce()]);
    expect([...a!, ...b!, ...c!].filter((o) => o.outcome === 'reposted')).toHaveLength(1);
    expect(await repostsOf(source.itemId)).toHaveLength(1);
    expect(await sql.query('SELECT status FROM automation_reposts WHERE source_content_item_id = $1', [source.itemId])).toEqual([{ status: 'created' }]);
    // The pair is unique in the table itself, whatever the code does.
    await expect(
      sql.query(`INSERT INTO automation_reposts (workspace_id, rule_id, source_content_item_id, target_account_id) VALUES ($1, 'again', $2, $3)`, [
        workspaceId,
        source.itemId,
        accounts.instagram,
      ]),
    ).rejects.toThrow(/automation_reposts_source_content_item_id_target_account_id_key/);
  });

  it('fires a threshold rule only once the recorded result reaches it, and then once', async () => {
    const source = await postedOnTikTok(1, 'Viral');
    await configure({
      maxPerDay: 10,
      rules: [
        {
          id: 'hits',
          sourceContentItemId: source.itemId,
          targets: [{ accountId: accounts.instagram }],
          trigger: { kind: 'threshold', metric: 'views', atLeast: 10_000 },
          captionVariant: 'A hit on TikTok: {{caption}}',
        },
      ],
    }).expect(200);

    expect(await engine.runOnce()).toEqual([]);
    await owner.call('put', `/api/publications/${source.publicationId}/metrics`, { body: { views: 9_999, likes: 500 } }).expect(200);
    expect(await engine.runOnce()).toEqual([]);
    expect(await repostsOf(source.itemId)).toHaveLength(0);

    await owner.call('put', `/api/publications/${source.publicationId}/metrics`, { body: { views: 10_000, likes: 600 } }).expect(200);
    expect(await engine.runOnce()).toEqual([expect.objectContaining({ outcome: 'reposted', ruleId: 'hits' })]);
    await owner.call('put', `/api/publications/${source.publicationId}/metrics`, { body: { views: 50_000 } }).expect(200);
    expect(await engine.runOnce()).toEqual([]);
    expect(await repostsOf(source.itemId)).toHaveLength(1);
    expect((await audits(source.itemId)).map((a) => a.metadata.metricValue)).toEqual([10_000]);
  });

  it('keeps to maxPerDay per target, skips for good what is already on the target, and skips (audited) what the calendar refuses', async () => {
    // An account rule over an archive account of its own, to an Instagram account of its own.
    const archive = await insertSocialAccount(sql, workspaceId, 'tiktok', 'tt.archive');
    const target = await insertSocialAccount(sql, workspaceId, 'instagram', 'ig.second');
    const [one, two] = [await postedOnTikTok(4, 'One', archive), await postedOnTikTok(4, 'Two', archive)];
    // Already on the target too: re-posting it there would post it twice.
    const both = await postedOnTikTok(4, 'Both', archive);
    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at) VALUES ($1, $2, $3, 'instagram', 'posted', now() - interval '4 hours')`,
      [workspaceId, both.itemId, target],
    );
    // A caption Instagram refuses (31 hashtags) once rendered: only the calendar can tell.
    const tagged = await postedOnTikTok(4.5, 'Tagged', archive);
    await sql.query(`UPDATE content_items SET hashtags = ARRAY(SELECT 'tag' || n FROM generate_series(1, 31) n) WHERE id = $1`, [tagged.itemId]);
    // Older than lookbackDays: not a source.
    const old = await postedOnTikTok(24 * 40, 'Old', archive);

    await configure({
      maxPerDay: 1,
      lookbackDays: 30,
      rules: [
        { id: 'archive', sourceAccountId: archive, targets: [{ accountId: target }], trigger: { kind: 'delay', hours: 1 }, captionVariant: '{{caption}}' },
      ],
    }).expect(200);
    const first = await engine.runOnce();
    const outcome = (id: string) => first.find((o) => o.sourceContentItemId === id);
    expect(outcome(both.itemId)).toMatchObject({ outcome: 'skipped', reason: 'already_on_target' });
    expect(outcome(old.itemId)).toBeUndefined();
    // Oldest first: the refused one takes no slot, one of the two others gets the day's slot.
    expect(outcome(tagged.itemId)).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^refused:/) });
    expect([outcome(one.itemId)?.outcome, outcome(two.itemId)?.outcome].sort()).toEqual(['deferred', 'reposted']);
    expect(first.filter((o) => o.outcome === 'deferred')).toEqual([expect.objectContaining({ reason: 'daily_limit' })]);
    expect((await audits(both.itemId)).map((a) => [a.action, a.targetId, a.metadata.reason])).toEqual([
      ['automation.auto_reposter.skipped', target, 'already_on_target'],
    ]);
    expect((await audits(tagged.itemId))[0]).toMatchObject({
      action: 'automation.auto_reposter.skipped',
      metadata: expect.objectContaining({ message: expect.stringContaining('Instagram') }),
    });
    expect(await repostsOf(tagged.itemId)).toHaveLength(0);

    // The next day (the day's re-post ages out), the other one goes; then nothing is left.
    await sql.query(`UPDATE automation_reposts SET claimed_at = claimed_at - interval '25 hours' WHERE target_account_id = $1`, [target]);
    expect((await engine.runOnce()).map((o) => o.outcome)).toEqual(['reposted']);
    expect((await repostsOf(one.itemId)).length + (await repostsOf(two.itemId)).length).toBe(2);
    expect(await engine.runOnce()).toEqual([]);
  });

  it('finishes a claim left pending by a process that died, without a second item', async () => {
    const source = await postedOnTikTok(6, 'Crash');
    await configure({
      maxPerDay: 10,
      rules: [
        {
          id: 'crash',
          sourceContentItemId: source.itemId,
          targets: [{ accountId: accounts.instagram }],
          trigger: { kind: 'delay', hours: 1 },
          captionVariant: 'Back again',
        },
      ],
    }).expect(200);
    // A claim taken 15 minutes ago whose process died before making the item.
    await sql.query(
      `INSERT INTO automation_reposts (workspace_id, rule_id, source_content_item_id, target_account_id, status, claimed_at) VALUES ($1, 'crash', $2, $3, 'pending', now() - interval '15 minutes')`,
      [workspaceId, source.itemId, accounts.instagram],
    );
    expect(await engine.runOnce()).toEqual([expect.objectContaining({ outcome: 'reposted', ruleId: 'crash' })]);
    expect(await repostsOf(source.itemId)).toHaveLength(1);
    expect(await engine.runOnce()).toEqual([]);
    expect(await repostsOf(source.itemId)).toHaveLength(1);

    // This one died after making its item: the item is found (by its mark) and recorded, not made twice.
    const made = await postedOnTikTok(6, 'Made');
    await configure({
      rules: [
        {
          id: 'made',
          sourceContentItemId: made.itemId,
          targets: [{ accountId: accounts.instagram }],
          trigger: { kind: 'delay', hours: 1 },
          captionVariant: 'Made',
        },
      ],
    }).expect(200);
    const [claim] = await sql.query(
      `INSERT INTO automation_reposts (workspace_id, rule_id, source_content_item_id, target_account_id, status, claimed_at) VALUES ($1, 'made', $2, $3, 'pending', now() - interval '15 minutes') RETURNING id`,
      [workspaceId, made.itemId, accounts.instagram],
    );
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, status, options) VALUES ($1, 'made earlier', 'draft', $2::jsonb) RETURNING id`,
      [workspaceId, JSON.stringify({ autoRepost: { repostId: claim.id, ruleId: 'made', sourceContentItemId: made.itemId } })],
    );
    expect(await engine.runOnce()).toEqual([expect.objectContaining({ outcome: 'reposted', contentItemId: item.id })]);
    expect(await repostsOf(made.itemId)).toEqual([expect.objectContaining({ id: item.id })]);
  });

  it("places a re-post to a TikTok account still warming up on the ramp's next free day instead of dropping it", async () => {
    const archive = await insertSocialAccount(sql, workspaceId, 'tiktok', 'tt.ramp.source');
    const source = await postedOnTikTok(3, 'Ramp', archive);
    // accounts.tiktok was connected just now: week 1 of the ramp, 2 posts a day, and today holds 2 already.
    await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true }).expect(200);
    for (const title of ['Planned A', 'Planned B']) {
      const [planned] = await sql.query(
        `INSERT INTO content_items (workspace_id, title, status, scheduled_at, time_zone) VALUES ($1, $2, 'paused', now(), 'UTC') RETURNING id`,
        [workspaceId, title],
      );
      await sql.query(
        `INSERT INTO content_item_targets (content_item_id, social_account_id, workspace_id, options) VALUES ($1, $2, $3, '{"privacyLevel":"SELF_ONLY"}')`,
        [planned.id, accounts.tiktok, workspaceId],
      );
    }
    try {
      await configure({
        maxPerDay: 10,
        rules: [
          {
            id: 'ramp',
            sourceContentItemId: source.itemId,
            targets: [{ accountId: accounts.tiktok, options: { privacyLevel: 'SELF_ONLY' } }],
            trigger: { kind: 'delay', hours: 1 },
            captionVariant: 'Again: {{caption}}',
          },
        ],
      }).expect(200);
      const before = Date.now();
      expect(await engine.runOnce()).toEqual([expect.objectContaining({ outcome: 'reposted', ruleId: 'ramp' })]);
      const [repost] = await sql.query(
        `SELECT status, scheduled_at AS "scheduledAt" FROM content_items WHERE options->'autoRepost'->>'sourceContentItemId' = $1`,
        [source.itemId],
      );
      expect(repost.status).toBe('scheduled');
      // The same local time on the next day (23 to 25 hours later across a DST change).
      const hoursLater = (new Date(repost.scheduledAt).getTime() - before) / 3_600_000;
      expect(hoursLater).toBeGreaterThan(22.9);
      expect(hoursLater).toBeLessThan(25.1);
    } finally {
      await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: false }).expect(200);
    }
  });
});
