import type { AddressInfo } from 'node:net';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { SmtpInbox } from '../../../test/smtp-inbox.js';
import { openSse, type SseStream } from '../../../test/sse-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { waitFor } from '../../../test/wait.js';
import { REVIEW_LINK_REQUESTS_PER_WINDOW } from '../review-links/review-link-throttle.guard.js';
import { NotificationMailer } from './notification-mailer.tick.js';
import { NotificationScanner } from './notification-scanner.tick.js';

const HOUR = 3600_000;

/** Notifications (in-app, live, e-mail through a real local SMTP server) and client review links (issue 25), against PostgreSQL. */
describe('notifications and client review links (PostgreSQL, SMTP)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let inbox: SmtpInbox;
  let owner: SessionClient;
  let ownerId: string;
  let workspaceId: string;
  let eddie: { client: SessionClient; userId: string };
  let rita: { client: SessionClient; userId: string };
  let nora: { client: SessionClient; userId: string };
  let account: string;
  let baseUrl: string;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    inbox = new SmtpInbox();
    await inbox.start();
    db = await createTestDatabase('notifications');
    t = await startTestApp({
      DATABASE_URL: db.url,
      ROLES: 'api,scheduler',
      SCHEDULER_TICK_MS: '3600000',
      LOGIN_ATTEMPTS_PER_IP: '1000',
      SMTP_URL: inbox.url,
      SMTP_FROM: 'bell@example.com',
      APPROVAL_STALL_HOURS: '24',
    });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
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
    await sql.query(`UPDATE users SET locale = 'fr' WHERE id = $1`, [rita.userId]);
    account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    await owner.patch('/api/review-settings', { policy: 'required_client', allowSelfApproval: false }).expect(200);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
    await db?.drop();
    await inbox?.stop();
  });

  const mailer = () => t.app.get(NotificationMailer);
  const scanner = () => t.app.get(NotificationScanner);
  const schedule = async (client: SessionClient, title = 'Launch', caption = 'Launch day') =>
    (await client.post('/api/content-items', { title, caption, scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId: account }] }).expect(201))
      .body as {
      id: string;
    };
  const bell = async (client: SessionClient) =>
    (await client.get('/api/notifications').expect(200)).body as {
      unread: number;
      items: { id: string; event: string; contentItemId: string | null; read: boolean; actor: { userId: string } | null }[];
    };
  const readAll = (client: SessionClient) => client.post('/api/notifications/read', {}).expect(200);

  beforeEach(async () => {
    for (const c of [owner, eddie.client, rita.client, nora.client]) await readAll(c);
    await mailer().send();
    inbox.mails.length = 0;
  });

  it('tells the approvers of a review request in-app and live on the event stream, never the requester, and mails each in their language', async () => {
    const stream = await openSse(`${baseUrl}/api/marketing-war-room/events`, { cookie: `mwr_session=${rita.client.sessionToken}` });
    streams.push(stream);
    await waitFor(async () => stream.lastEventId !== undefined, 'the stream to start');

    const item = await schedule(eddie.client, 'Spring sale');
    await eddie.client.post(`/api/content-items/${item.id}/review`).expect(200);

    const live = await stream.waitFor((e) => e.event === 'NOTIFICATIONS_CHANGED', 'the live notification');
    expect((live.data as { userIds: string[] }).userIds.sort()).toEqual([ownerId, rita.userId].sort());
    for (const c of [rita.client, owner]) {
      const mine = await bell(c);
      expect(mine.unread).toBe(1);
      expect(mine.items[0]).toMatchObject({ event: 'review_requested', contentItemId: item.id, read: false, actor: { userId: eddie.userId } });
    }
    expect((await bell(eddie.client)).unread).toBe(0);
    expect((await bell(nora.client)).unread).toBe(0);

    expect(await mailer().send()).toEqual({ instant: 2, digests: 0 });
    const [fr] = inbox.to('rita@example.com');
    expect(fr).toBeDefined();
    expect(fr!.from).toBe('bell@example.com');
    expect(fr!.subject).toBe('Marketing War Room: eddie demande une relecture de « Spring sale »');
    expect(fr!.text).toContain(`/posts/${item.id}`);
    expect(fr!.html).toContain('Ouvrir');
    const [en] = inbox.to('owner@example.com');
    expect(en!.subject).toBe('Marketing War Room: eddie asked for a review of "Spring sale"');
    // Mailed once: a second pass sends nothing.
    expect(await mailer().send()).toEqual({ instant: 0, digests: 0 });
  });

  it('tells the author when approved or sent back, and a member when mentioned', async () => {
    const item = await schedule(eddie.client);
    await eddie.client.post(`/api/content-items/${item.id}/review`).expect(200);
    await rita.client.post(`/api/content-items/${item.id}/request-changes`, { comment: 'Shorter please' }).expect(200);
    expect((await bell(eddie.client)).items[0]).toMatchObject({ event: 'changes_requested', actor: { userId: rita.userId } });

    await eddie.client.post(`/api/content-items/${item.id}/comments`, { body: '@nora can you check?', mentions: [nora.userId] }).expect(201);
    expect((await bell(nora.client)).items[0]).toMatchObject({ event: 'mentioned', contentItemId: item.id, actor: { userId: eddie.userId } });

    const { hash } = (await rita.client.get(`/api/content-items/${item.id}/review`).expect(200)).body;
    await rita.client.post(`/api/content-items/${item.id}/approve`, { hash }).expect(200);
    const mine = await bell(eddie.client);
    expect(mine.items[0]).toMatchObject({ event: 'approved', actor: { userId: rita.userId } });
    expect(mine.unread).toBe(2);
    await eddie.client.post('/api/notifications/read', { ids: [mine.items[0]!.id] }).expect(200);
    expect((await bell(eddie.client)).unread).toBe(1);
  });

  it('follows each person’s preference: off tells nothing, daily waits for one digest a day', async () => {
    await rita.client.call('put', '/api/notification-preferences', { body: { events: [{ event: 'review_requested', delivery: 'daily' }] } }).expect(200);
    await owner.call('put', '/api/notification-preferences', { body: { events: [{ event: 'review_requested', delivery: 'off' }] } }).expect(200);
    const prefs = (await rita.client.get('/api/notification-preferences').expect(200)).body.events as { event: string; delivery: string }[];
    expect(prefs.find((p) => p.event === 'review_requested')?.delivery).toBe('daily');
    expect(prefs.find((p) => p.event === 'approved')?.delivery).toBe('instant');

    for (const title of ['One', 'Two']) {
      const item = await schedule(eddie.client, title);
      await eddie.client.post(`/api/content-items/${item.id}/review`).expect(200);
    }
    expect((await bell(rita.client)).unread).toBe(2);
    expect((await bell(owner)).unread).toBe(0);
    const now = new Date();
    expect(await mailer().send(now)).toEqual({ instant: 0, digests: 1 });
    const [digest] = inbox.to('rita@example.com');
    expect(digest!.subject).toBe('Marketing War Room : votre résumé du jour (2 notifications)');
    expect(digest!.text).toContain('« One »');
    expect(digest!.text).toContain('« Two »');

    const third = await schedule(eddie.client, 'Three');
    await eddie.client.post(`/api/content-items/${third.id}/review`).expect(200);
    expect(await mailer().send(new Date(now.getTime() + HOUR))).toEqual({ instant: 0, digests: 0 });
    expect(await mailer().send(new Date(now.getTime() + 25 * HOUR))).toEqual({ instant: 0, digests: 1 });
    await rita.client.call('put', '/api/notification-preferences', { body: { events: [{ event: 'review_requested', delivery: 'instant' }] } }).expect(200);
    await owner.call('put', '/api/notification-preferences', { body: { events: [{ event: 'review_requested', delivery: 'instant' }] } }).expect(200);
  });

  it('reminds the approvers of a stalled approval, escalates to the owners later, each once; tells of failed posts and accounts to reconnect', async () => {
    const item = await schedule(eddie.client, 'Stalled');
    await eddie.client.post(`/api/content-items/${item.id}/review`).expect(200);
    await readAll(rita.client);
    await readAll(owner);
    await sql.query(`UPDATE content_reviews SET requested_at = now() - interval '25 hours' WHERE content_item_id = $1`, [item.id]);
    const first = await scanner().scan();
    expect(first).toMatchObject({ stalled: 1, escalated: 0 });
    expect((await bell(rita.client)).items[0]).toMatchObject({ event: 'approval_stalled', contentItemId: item.id });
    expect((await bell(owner)).items[0]).toMatchObject({ event: 'approval_stalled', contentItemId: item.id });
    expect(await scanner().scan()).toMatchObject({ stalled: 0, escalated: 0 });

    await sql.query(`UPDATE content_reviews SET requested_at = now() - interval '49 hours' WHERE content_item_id = $1`, [item.id]);
    const later = await scanner().scan();
    expect(later.escalated).toBe(1);
    const ownerBell = await bell(owner);
    expect(ownerBell.items[0]).toMatchObject({ event: 'approval_escalated', contentItemId: item.id });
    expect((await bell(rita.client)).items.filter((n) => n.event === 'approval_escalated')).toEqual([]);

    await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, error_code) VALUES ($1, $2, $3, 'tiktok', 'failed', 'x')`,
      [workspaceId, item.id, account],
    );
    await sql.query(`UPDATE social_accounts SET status = 'needs_reconnect', updated_at = now() WHERE id = $1`, [account]);
    expect(await scanner().scan()).toMatchObject({ postFailed: 1, reconnect: 1 });
    expect((await bell(eddie.client)).items.map((n) => n.event)).toContain('post_failed');
    expect((await bell(owner)).items.map((n) => n.event)).toContain('account_reconnect');
    expect(await scanner().scan()).toMatchObject({ postFailed: 0, reconnect: 0 });
    await sql.query(`UPDATE social_accounts SET status = 'active' WHERE id = $1`, [account]);
    await sql.query(`DELETE FROM platform_publications WHERE content_item_id = $1`, [item.id]);
  });

  it('lets a client without an account see the previews and approve through a signed link; tampered, revoked and unknown tokens are 404', async () => {
    const item = await schedule(eddie.client, 'For the client', 'Client caption');
    await eddie.client.post(`/api/content-items/${item.id}/review`).expect(200);
    await eddie.client.post(`/api/content-items/${item.id}/comments`, { body: 'internal note: margin is thin' }).expect(201);
    const link = (await eddie.client.post('/api/review-links', { contentItemIds: [item.id], label: 'Acme Corp' }).expect(201)).body;
    expect(link.url).toBe(`${t.config.publicUrl}/review/${link.token}`);
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(29.9 * 24 * HOUR);

    const anonymous = request(t.app.getHttpServer());
    const view = (await anonymous.get(`/api/public/review/${link.token}`).expect(200)).body;
    expect(view.productName).toBe('Marketing War Room');
    expect(view.items).toEqual([
      expect.objectContaining({ id: item.id, title: 'For the client', caption: 'Client caption', decision: 'pending', open: true, comments: [] }),
    ]);
    expect(view.items[0].targets).toEqual([expect.objectContaining({ platform: 'tiktok' })]);
    expect(JSON.stringify(view)).not.toContain('margin is thin');
    expect(JSON.stringify(view)).not.toContain('Acme');

    // Tampered: one character of the signature changed; and of the id.
    const [id, mac] = link.token.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    await anonymous.get(`/api/public/review/${id}.${flip(mac)}`).expect(404);
    await anonymous.get(`/api/public/review/${flip(id)}.${mac}`).expect(404);
    await anonymous.get(`/api/public/review/nonsense`).expect(404);

    await anonymous.post(`/api/public/review/${link.token}/items/${item.id}/decision`).send({ decision: 'changes_requested' }).expect(400);
    const decided = (await anonymous.post(`/api/public/review/${link.token}/items/${item.id}/decision`).send({ decision: 'approved' }).expect(200)).body;
    expect(decided.items[0]).toMatchObject({ decision: 'approved' });
    const state = (await eddie.client.get(`/api/content-items/${item.id}/review`).expect(200)).body;
    expect(state.clientStep).toBe('approved');
    const decisions = await sql.query(`SELECT kind, actor_kind FROM review_decisions WHERE content_item_id = $1 AND actor_kind = 'client'`, [item.id]);
    expect(decisions).toEqual([{ kind: 'approved', actor_kind: 'client' }]);
    expect((await bell(eddie.client)).items[0]).toMatchObject({ event: 'client_decided', contentItemId: item.id });

    // Changes requested with a comment: the item goes back, the team sees the client's comment.
    const changed = (
      await anonymous
        .post(`/api/public/review/${link.token}/items/${item.id}/decision`)
        .send({ decision: 'changes_requested', comment: 'Use our new logo' })
        .expect(200)
    ).body;
    expect(changed.items[0].comments).toEqual([expect.objectContaining({ body: 'Use our new logo' })]);
    expect((await eddie.client.get(`/api/content-items/${item.id}/review`).expect(200)).body.state).toBe('changes_requested');
    const comments = (await eddie.client.get(`/api/content-items/${item.id}/comments`).expect(200)).body.items as {
      body: string;
      authorKind: string;
      internal: boolean;
    }[];
    expect(comments).toEqual(expect.arrayContaining([expect.objectContaining({ body: 'Use our new logo', authorKind: 'client', internal: false })]));

    // An item the link does not show is a 404 too.
    const other = await schedule(eddie.client, 'Not shared');
    await anonymous.post(`/api/public/review/${link.token}/items/${other.id}/decision`).send({ decision: 'approved' }).expect(404);

    await eddie.client.post(`/api/review-links/${link.id}/revoke`).expect(200);
    await anonymous.get(`/api/public/review/${link.token}`).expect(404);

    // Expired.
    const old = (await eddie.client.post('/api/review-links', { contentItemIds: [item.id] }).expect(201)).body;
    await sql.query(`UPDATE review_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [old.id]);
    await anonymous.get(`/api/public/review/${old.token}`).expect(404);

    // Another workspace's item cannot be shared.
    await eddie.client.post('/api/review-links', { contentItemIds: ['00000000-0000-4000-8000-000000000000'] }).expect(404);
  });

  it('rate-limits the public review routes per client address', async () => {
    const anonymous = request(t.app.getHttpServer());
    let limited = 0;
    for (let i = 0; i < REVIEW_LINK_REQUESTS_PER_WINDOW + 5; i++) {
      const res = await anonymous.get(`/api/public/review/guess-${i}`);
      if (res.status === 429) {
        limited++;
        expect(res.body.code).toBe('TOO_MANY_REQUESTS');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      } else expect(res.status).toBe(404);
    }
    expect(limited).toBeGreaterThanOrEqual(5);
  });
});
