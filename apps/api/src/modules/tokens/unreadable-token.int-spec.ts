import { DataSource } from 'typeorm';

import { insertAsset } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from './tokens.service.js';

/**
 * A stored token no key opens any more (tampered row, key dropped from ENCRYPTION_KEYS) is a
 * grant we cannot use: "reconnect required", like a revoked one — never a 500, never a job that
 * retries forever on an account that still looks active.
 */
describe('tokens: a stored token that cannot be decrypted means "reconnect required" (PostgreSQL + sandbox)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accounts: { tiktok: string; instagram: string };

  /** Flips one byte of the sealed access token (inside the ciphertext or tag: GCM refuses it). */
  const corrupt = (accountId: string) =>
    sql.query(
      `UPDATE oauth_tokens SET access_token_ciphertext = set_byte(access_token_ciphertext, length(access_token_ciphertext) - 1,
         get_byte(access_token_ciphertext, length(access_token_ciphertext) - 1) # 255) WHERE account_id = $1`,
      [accountId],
    );
  const status = async (accountId: string) =>
    (await sql.query('SELECT status, last_refresh_error AS reason FROM social_accounts WHERE id = $1', [accountId]))[0];

  beforeAll(async () => {
    db = await createTestDatabase('unreadable_token');
    pipeline = await startPipeline({ DATABASE_URL: db.url });
    sql = pipeline.app.app.get(DataSource);
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.drop();
  });

  it('answers the connection test with reconnect_required and flags the account, instead of a 500', async () => {
    expect((await owner.post(`/api/accounts/${accounts.tiktok}/test`).expect(200)).body).toEqual({ ok: true, handle: 'sandbox.public', status: 'active' });
    await corrupt(accounts.tiktok);

    const res = await owner.post(`/api/accounts/${accounts.tiktok}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: false, error: 'reconnect_required' });
    expect(await status(accounts.tiktok)).toEqual({ status: 'needs_reconnect', reason: 'token_unreadable' });
    // The vault itself classifies it, with a 4xx-coded error for any request it reaches.
    await expect(pipeline.app.app.get(TokensService).getValidAccessToken(accounts.tiktok)).rejects.toMatchObject({
      code: 'RECONNECT_REQUIRED',
      status: 409,
      reason: 'token_unreadable',
    });
  });

  it('still disconnects such an account (nothing to revoke at the platform), instead of a 500', async () => {
    await owner.delete(`/api/accounts/${accounts.tiktok}`).expect(204);
    expect(await sql.query('SELECT 1 FROM oauth_tokens WHERE account_id = $1', [accounts.tiktok])).toEqual([]);
  });

  it('makes a due job wait for the reconnection (auth_expired) and flags the account, instead of retrying on an "active" account', async () => {
    await corrupt(accounts.instagram);
    const assetId = await insertAsset(sql, workspaceId);
    const item = (
      await owner
        .post('/api/content-items', {
          title: 'Unreadable',
          caption: 'x',
          assetId,
          scheduledAt: new Date(Date.now() + 500).toISOString(),
          timeZone: 'UTC',
          targets: [{ accountId: accounts.instagram, options: { shareToFeed: true } }],
        })
        .expect(201)
    ).body;
    const [event] = await waitFor(async () => {
      const rows = await sql.query(
        `SELECT e.type FROM job_events e JOIN platform_publications p ON p.id = e.publication_id WHERE p.content_item_id = $1 AND e.type IN ('waiting_person', 'needs_review', 'failed', 'dead', 'succeeded')`,
        [item.id],
      );
      return rows.length > 0 ? rows : undefined;
    }, 'the job to stop on the unreadable token');
    expect(event.type).toBe('waiting_person');
    expect(await status(accounts.instagram)).toEqual({ status: 'needs_reconnect', reason: 'token_unreadable' });
    expect(pipeline.sandbox.inspect.requests({ endpoint: 'instagram.media.create' })).toHaveLength(0);
  });
});
