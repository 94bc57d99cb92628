import request from 'supertest';
import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { NotificationMailer } from '../notifications/notification-mailer.tick.js';

/**
 * The approval journey's second approval (issue 25, #25 journey-approval hang): changes requested →
 * edit → approved → the notification e-mails go out → an edit voids it → approved again must answer.
 */
describe('re-approval after a voided approval (embedded database)', () => {
  let t: TestApp;
  let owner: SessionClient;
  let eddie: { client: SessionClient; userId: string };
  let account: string;
  // An answer slower than this is the hang: every request here is a few queries.
  const ANSWER_WITHIN_MS = 10_000;

  beforeAll(async () => {
    // The embedded database (one session handed out in turn), as `npm start` and the journey e2e run:
    // a query outside its transaction's connection waits for that transaction forever there.
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_IP: '1000' });
    const sql = t.app.get(DataSource);
    const server = t.app.getHttpServer();
    owner = await setupOwner(server);
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    eddie = await addMember(server, owner, 'eddie@example.com', 'editor');
    account = await insertSocialAccount(sql, me.workspace.id, 'tiktok');
    await owner.patch('/api/review-settings', { policy: 'required_client', allowSelfApproval: false }).expect(200);
    // Booting PGlite (WASM) and applying every migration: slow on a busy 2-core machine.
  }, 400_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Rejects instead of hanging, so a wait on the embedded session fails the test with a reason. */
  const within = <T>(what: string, work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS)),
    ]);
  const review = async (client: SessionClient, id: string) => (await client.get(`/api/content-items/${id}/review`).expect(200)).body;
  const version = async (id: string) => (await owner.get(`/api/content-items/${id}`).expect(200)).body.version as number;
  const approve = async (id: string) => {
    const { hash } = await review(owner, id);
    return (await owner.post(`/api/content-items/${id}/approve`, { hash }).timeout(ANSWER_WITHIN_MS).expect(200)).body;
  };

  it('approves again, promptly, after an edit voided the first approval; the client then approves by link', async () => {
    const item = (
      await eddie.client
        .post('/api/content-items', {
          title: 'Launch',
          caption: 'Spring launch #new',
          scheduledAt: inDays(1),
          timeZone: 'UTC',
          targets: [{ accountId: account }],
        })
        .expect(201)
    ).body as { id: string };
    const link = (await eddie.client.post('/api/review-links', { contentItemIds: [item.id], label: 'Client' }).expect(201)).body as { token: string };

    await owner.post(`/api/content-items/${item.id}/request-changes`, { comment: 'Add the release date, please' }).timeout(ANSWER_WITHIN_MS).expect(200);
    await eddie.client.patch(`/api/content-items/${item.id}`, { caption: 'Spring launch, Monday #new', version: await version(item.id) }).expect(200);
    expect((await approve(item.id)).state).toBe('approved');
    // The notifications of those decisions go out by e-mail (the mailer's 30 s pass, run here): its
    // transaction once read the workspace's branding on another connection and held the session for good.
    // (Its own periodic pass may have mailed them first: then this one has nothing to send, and with the
    // fault the session would already be held, so the approval below would not answer either.)
    await within('mailer pass', t.app.get(NotificationMailer).send());

    await eddie.client.patch(`/api/content-items/${item.id}`, { caption: 'Spring launch, Monday 9am #new', version: await version(item.id) }).expect(200);
    expect(await review(owner, item.id)).toMatchObject({ state: 'in_review', voided: { userId: eddie.userId } });

    expect(await approve(item.id)).toMatchObject({ state: 'approved', awaitingApproval: true, clientStep: 'pending' });
    await request(t.app.getHttpServer())
      .post(`/api/public/review/${link.token}/items/${item.id}/decision`)
      .timeout(ANSWER_WITHIN_MS)
      .send({ decision: 'approved' })
      .expect(200);
    expect(await review(owner, item.id)).toMatchObject({ state: 'approved', clientStep: 'approved', awaitingApproval: false });
  });
});
