import request from 'supertest';
import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';

/** Approvals bound to the exact version, and comments (issue 25), against PostgreSQL. */
describe('approvals and comments (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let eddie: { client: SessionClient; userId: string };
  let rita: { client: SessionClient; userId: string };
  let nora: { client: SessionClient; userId: string };
  let ownerId: string;
  let workspaceId: string;
  let account: string;
  // Every item is due within the lookahead used here: only the approval rule can hold it back.
  const LOOKAHEAD = 3 * 86_400;

  beforeAll(async () => {
    db = await createTestDatabase('reviews');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api,scheduler', SCHEDULER_TICK_MS: '3600000', LOGIN_ATTEMPTS_PER_IP: '1000' });
    sql = t.app.get(DataSource);
    const server = t.app.getHttpServer();
    owner = await setupOwner(server);
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    workspaceId = me.workspace.id;
    ownerId = me.user.id;
    eddie = await addMember(server, owner, 'eddie@example.com', 'editor');
    rita = await addMember(server, owner, 'rita@example.com', 'editor');
    nora = await addMember(server, owner, 'nora@example.com', 'editor');
    await owner.call('put', `/api/review-settings/approvers/${rita.userId}`, { body: { approver: true } }).expect(200);
    account = await insertSocialAccount(sql, workspaceId, 'tiktok');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const setPolicy = (policy: string, allowSelfApproval = false) => owner.patch('/api/review-settings', { policy, allowSelfApproval }).expect(200);
  const schedule = async (client: SessionClient, caption = 'Launch day') =>
    (
      await client
        .post('/api/content-items', { title: 'Launch', caption, scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId: account }] })
        .expect(201)
    ).body as { id: string; version: number };
  const review = async (client: SessionClient, id: string) => (await client.get(`/api/content-items/${id}/review`).expect(200)).body;
  const runScheduler = () => t.app.get(SchedulerService).scheduleDueContent({ lookaheadSeconds: LOOKAHEAD });
  const jobsOf = async (id: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM platform_publications WHERE content_item_id = $1`, [id]))[0].n as number;
  const version = async (id: string) => (await owner.get(`/api/content-items/${id}`).expect(200)).body.version as number;

  beforeEach(async () => {
    // Nothing of an earlier test is due any more.
    await sql.query(`UPDATE content_items SET status = 'cancelled' WHERE status = 'scheduled'`);
    await setPolicy('required_internal');
  });

  it('makes no job of an item awaiting approval, and makes it once its current version is approved', async () => {
    const item = await schedule(eddie.client);
    expect(await runScheduler()).toEqual({ items: 0, jobs: 0 });
    expect(await jobsOf(item.id)).toBe(0);
    const state = await review(eddie.client, item.id);
    expect(state).toMatchObject({ policy: 'required_internal', state: 'none', awaitingApproval: true, canDecide: false });
    const queue = (await rita.client.get('/api/reviews').expect(200)).body;
    expect(queue.items).toEqual([expect.objectContaining({ id: item.id, reviewStatus: 'awaiting_approval' })]);

    const approved = (await rita.client.post(`/api/content-items/${item.id}/approve`, { hash: state.hash }).expect(200)).body;
    expect(approved).toMatchObject({ state: 'approved', awaitingApproval: false, approved: { userId: rita.userId } });
    expect((await runScheduler()).jobs).toBe(1);
    expect(await jobsOf(item.id)).toBe(1);
  });

  it('under required_client, holds an internally approved item until the client approves it through a review link', async () => {
    await setPolicy('required_client');
    const item = await schedule(eddie.client);
    const { hash } = await review(rita.client, item.id);
    await rita.client.post(`/api/content-items/${item.id}/approve`, { hash }).expect(200);
    expect(await review(eddie.client, item.id)).toMatchObject({ state: 'approved', awaitingApproval: true });
    expect(await runScheduler()).toEqual({ items: 0, jobs: 0 });

    const link = (await eddie.client.post('/api/review-links', { contentItemIds: [item.id], label: 'Client' }).expect(201)).body as { token: string };
    await request(t.app.getHttpServer()).post(`/api/public/review/${link.token}/items/${item.id}/decision`).send({ decision: 'approved' }).expect(200);
    expect(await review(eddie.client, item.id)).toMatchObject({ state: 'approved', clientStep: 'approved', awaitingApproval: false });
    expect((await runScheduler()).jobs).toBe(1);
    expect(await jobsOf(item.id)).toBe(1);
  });

  it('voids an approval when what is published changes, shows whose edit, and holds the item again', async () => {
    const item = await schedule(eddie.client);
    const { hash } = await review(rita.client, item.id);
    await rita.client.post(`/api/content-items/${item.id}/approve`, { hash }).expect(200);
    await eddie.client.patch(`/api/content-items/${item.id}`, { caption: 'Launch day, edited', version: await version(item.id) }).expect(200);

    const after = await review(rita.client, item.id);
    expect(after).toMatchObject({ state: 'in_review', awaitingApproval: true, voided: { userId: eddie.userId, name: 'eddie' } });
    expect(after.approved).toBeUndefined();
    expect(after.hash).not.toBe(hash);
    expect(await runScheduler()).toEqual({ items: 0, jobs: 0 });
    const queue = (await rita.client.get('/api/reviews').expect(200)).body;
    expect(queue.items).toEqual([expect.objectContaining({ id: item.id, voided: expect.objectContaining({ userId: eddie.userId }) })]);
    // The old hash no longer approves anything.
    const stale = await rita.client.post(`/api/content-items/${item.id}/approve`, { hash }).expect(409);
    expect(stale.body).toMatchObject({ code: 'APPROVAL_STALE', details: { currentHash: after.hash } });
  });

  it('keeps an approval through an edit of what is not published (the internal title)', async () => {
    const item = await schedule(eddie.client);
    const { hash } = await review(rita.client, item.id);
    await rita.client.post(`/api/content-items/${item.id}/approve`, { hash }).expect(200);
    await eddie.client.patch(`/api/content-items/${item.id}`, { title: 'Launch (internal name)', version: await version(item.id) }).expect(200);
    expect(await review(rita.client, item.id)).toMatchObject({ state: 'approved', hash });
    expect((await runScheduler()).jobs).toBe(1);
  });

  it('lets only owners, admins and approvers decide, and an author approve their own post only when the policy allows it', async () => {
    const byEddie = await schedule(eddie.client);
    const { hash } = await review(nora.client, byEddie.id);
    expect((await nora.client.post(`/api/content-items/${byEddie.id}/approve`, { hash }).expect(403)).body.code).toBe('APPROVER_REQUIRED');
    expect((await nora.client.post(`/api/content-items/${byEddie.id}/request-changes`, { comment: 'no' }).expect(403)).body.code).toBe('APPROVER_REQUIRED');

    const byRita = await schedule(rita.client);
    const ritaHash = (await review(rita.client, byRita.id)).hash;
    expect(await review(rita.client, byRita.id)).toMatchObject({ canDecide: true, selfApprovalBlocked: true });
    expect((await rita.client.post(`/api/content-items/${byRita.id}/approve`, { hash: ritaHash }).expect(403)).body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    const byOwner = await schedule(owner);
    const ownerHash = (await review(owner, byOwner.id)).hash;
    expect((await owner.post(`/api/content-items/${byOwner.id}/approve`, { hash: ownerHash }).expect(403)).body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(await runScheduler()).toEqual({ items: 0, jobs: 0 });

    await setPolicy('required_internal', true);
    await rita.client.post(`/api/content-items/${byRita.id}/approve`, { hash: ritaHash }).expect(200);
    // Nora loses nothing by asking: she may still request a review.
    await nora.client.post(`/api/content-items/${byEddie.id}/review`).expect(200);
    expect((await runScheduler()).jobs).toBe(1);
  });

  it('sends an item back with a comment; the edit puts it back in review; every decision is audited', async () => {
    const item = await schedule(eddie.client);
    await eddie.client.post(`/api/content-items/${item.id}/review`).expect(200);
    const sentBack = (await rita.client.post(`/api/content-items/${item.id}/request-changes`, { comment: 'Shorter caption, please' }).expect(200)).body;
    expect(sentBack).toMatchObject({ state: 'changes_requested', changesRequested: { userId: rita.userId } });
    const comments = (await eddie.client.get(`/api/content-items/${item.id}/comments`).expect(200)).body;
    expect(comments.items).toEqual([expect.objectContaining({ body: 'Shorter caption, please', authorUserId: rita.userId, internal: true, resolved: false })]);
    expect((await rita.client.get('/api/reviews').expect(200)).body.items).toEqual([
      expect.objectContaining({ id: item.id, reviewStatus: 'changes_requested' }),
    ]);

    await eddie.client.patch(`/api/content-items/${item.id}`, { caption: 'Launch!', version: await version(item.id) }).expect(200);
    const back = await review(rita.client, item.id);
    expect(back.state).toBe('in_review');
    await rita.client.post(`/api/content-items/${item.id}/approve`, { hash: back.hash }).expect(200);
    await eddie.client.patch(`/api/content-items/${item.id}`, { caption: 'Launch!!', version: await version(item.id) }).expect(200);

    const audit = await sql.query(
      `SELECT action, actor_user_id AS "userId", metadata->>'hash' AS hash FROM audit_log
        WHERE workspace_id = $1 AND target_id = $2 AND action LIKE 'content_item.%' AND action NOT IN ('content_item.created', 'content_item.updated') ORDER BY id`,
      [workspaceId, item.id],
    );
    expect(audit.map((a: { action: string; userId: string }) => [a.action, a.userId])).toEqual([
      ['content_item.review_requested', eddie.userId],
      ['content_item.changes_requested', rita.userId],
      ['content_item.review_requested', eddie.userId],
      ['content_item.approved', rita.userId],
      ['content_item.approval_voided', eddie.userId],
    ]);
    expect(audit[3].hash).toBe(back.hash);
    const decisions = await sql.query(`SELECT kind, actor_kind AS "actorKind" FROM review_decisions WHERE content_item_id = $1 ORDER BY created_at`, [item.id]);
    expect(decisions.map((d: { kind: string }) => d.kind)).toEqual(['requested', 'changes_requested', 'requested', 'approved', 'voided']);
    expect(decisions.every((d: { actorKind: string }) => d.actorKind === 'user')).toBe(true);
  });

  it('publishes without a review when the policy is none or optional, and refuses review requests under none', async () => {
    await setPolicy('optional');
    const optional = await schedule(eddie.client);
    expect((await review(eddie.client, optional.id)).awaitingApproval).toBe(false);
    expect((await runScheduler()).jobs).toBe(1);
    await setPolicy('none');
    const none = await schedule(eddie.client);
    expect((await eddie.client.post(`/api/content-items/${none.id}/review`).expect(409)).body.code).toBe('APPROVALS_OFF');
    expect((await runScheduler()).jobs).toBe(1);
  });

  it('threads comments one reply deep, stores mentions as member ids, resolves and pages them by keyset', async () => {
    const item = await schedule(eddie.client);
    const root = (await eddie.client.post(`/api/content-items/${item.id}/comments`, { body: '@rita can you check?', mentions: [rita.userId] }).expect(201))
      .body;
    expect(root.mentions).toEqual([{ userId: rita.userId, name: 'rita' }]);
    const reply = (await rita.client.post(`/api/content-items/${item.id}/comments`, { body: 'Looks good', parentId: root.id }).expect(201)).body;
    expect(reply.parentId).toBe(root.id);
    expect((await eddie.client.post(`/api/content-items/${item.id}/comments`, { body: 'deeper', parentId: reply.id }).expect(400)).body.code).toBe(
      'COMMENT_REPLY_DEPTH',
    );
    const stranger = '00000000-0000-4000-8000-000000000001';
    expect((await eddie.client.post(`/api/content-items/${item.id}/comments`, { body: 'hi', mentions: [stranger] }).expect(400)).body.code).toBe(
      'MENTION_NOT_MEMBER',
    );
    expect((await rita.client.post(`/api/comments/${root.id}/resolve`).expect(200)).body).toMatchObject({ resolved: true });
    expect((await rita.client.post(`/api/comments/${root.id}/reopen`).expect(200)).body).toMatchObject({ resolved: false });
    const [stored] = await sql.query(`SELECT mentions::text[] AS mentions FROM content_comments WHERE id = $1`, [root.id]);
    expect(stored.mentions).toEqual([rita.userId]);

    for (let i = 0; i < 3; i++) await eddie.client.post(`/api/content-items/${item.id}/comments`, { body: `note ${i}` }).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { body: string }[]; nextCursor: string | null } = (
        await eddie.client.get(`/api/content-items/${item.id}/comments?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body;
      seen.push(...page.items.map((c) => c.body));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['@rita can you check?', 'Looks good', 'note 0', 'note 1', 'note 2']);
    expect((await eddie.client.get(`/api/content-items/${item.id}/comments?cursor=nope`).expect(400)).body.code).toBe('INVALID_CURSOR');
  });

  it('keeps the settings to admins and to the workspace', async () => {
    expect((await eddie.client.patch('/api/review-settings', { policy: 'none' }).expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
    expect(
      (await owner.call('put', `/api/review-settings/approvers/${'00000000-0000-4000-8000-000000000002'}`, { body: { approver: true } }).expect(404)).body.code,
    ).toBe('NOT_FOUND');
    const settings = (await eddie.client.get('/api/review-settings').expect(200)).body;
    expect(settings.members).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: rita.userId, approver: true }), expect.objectContaining({ userId: ownerId, approver: false })]),
    );
  });
});
