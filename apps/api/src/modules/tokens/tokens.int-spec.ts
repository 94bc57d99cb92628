import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { loadConfig } from '../config/app-config.js';
import { LOCAL_KEY_FILE, resolveEncryptionKeys } from './encryption-keys.js';
import { tokenAad, TokenCipher } from './token-cipher.js';
import { TokensService } from './tokens.service.js';

const keyOf = () => randomBytes(32).toString('base64');

describe('encryption keys', () => {
  it('generates a local key once, readable only by its owner, with a loud warning', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mwr-keys-'));
    try {
      const warnings: string[] = [];
      const first = resolveEncryptionKeys({ dataDir }, { warn: (m: string) => warnings.push(m) });
      const second = resolveEncryptionKeys({ dataDir }, { warn: () => undefined });
      expect(first[0]!.key.equals(second[0]!.key)).toBe(true);
      expect(statSync(join(dataDir, LOCAL_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(warnings[0]).toMatch(/ENCRYPTION_KEYS is not set/);
      expect(warnings.join()).not.toContain(readFileSync(join(dataDir, LOCAL_KEY_FILE), 'utf8').split(':')[1]!.trim());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to boot in production without ENCRYPTION_KEYS, and names a bad key without echoing it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEYS is required when NODE_ENV=production/);
    expect(() => loadConfig({ ENCRYPTION_KEYS: '1:c2hvcnQ=' })).toThrow(/^Invalid configuration: ENCRYPTION_KEYS key version 1 must decode to 32 bytes/);
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEYS: `1:${keyOf()},2:${keyOf()}` }).encryptionKeys!.map((k) => k.version)).toEqual([2, 1]);
  });
});

describe('key rotation over 10,000 tokens (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('rotation');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('re-encrypts every row under the newest key, in batches, and every token still opens', async () => {
    const v1 = keyOf();
    const v2 = keyOf();
    t = await startTestApp({ DATABASE_URL: db.url, ENCRYPTION_KEYS: `1:${v1}` });
    const owner = await setupOwner(t.app.getHttpServer());
    const workspaceId: string = (await owner.get('/api/auth/me')).body.workspace.id;
    const sql = t.app.get(DataSource);
    const oldCipher = new TokenCipher([{ version: 1, key: Buffer.from(v1, 'base64') }]);

    const ids: string[] = (
      await sql.query(
        `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) SELECT $1, 'tiktok', 'r' || g, 'h' || g FROM generate_series(1, 10000) g RETURNING id`,
        [workspaceId],
      )
    ).map((r: { id: string }) => r.id);
    const access = ids.map((id) => oldCipher.seal(`act.${id}`, tokenAad(workspaceId, id, 'access_token')).sealed);
    const refresh = ids.map((id) => oldCipher.seal(`rft.${id}`, tokenAad(workspaceId, id, 'refresh_token')).sealed);
    await sql.query(
      `INSERT INTO oauth_tokens (account_id, workspace_id, access_token_ciphertext, refresh_token_ciphertext, key_version, expires_at)
       SELECT a, $1, acc, ref, 1, now() + interval '1 day' FROM unnest($2::uuid[], $3::bytea[], $4::bytea[]) AS x(a, acc, ref)`,
      [workspaceId, ids, access, refresh],
    );
    await t.close();

    // The operator adds version 2 and runs the rotation.
    t = await startTestApp({ DATABASE_URL: db.url, ENCRYPTION_KEYS: `2:${v2},1:${v1}` });
    const tokens = t.app.get(TokensService);
    const progress: number[] = [];
    expect(await tokens.rotateKeys(1000, (n) => progress.push(n))).toBe(10_000);
    expect(progress).toHaveLength(10);
    expect(await tokens.remainingBelowCurrentKey()).toBe(0);
    expect(await tokens.rotateKeys(1000)).toBe(0);

    // Only the new key is needed now: open a sample with a cipher that knows nothing else.
    const newOnly = new TokenCipher([{ version: 2, key: Buffer.from(v2, 'base64') }]);
    const rows: { account_id: string; a: Buffer; r: Buffer; key_version: number }[] = await t.app
      .get(DataSource)
      .query('SELECT account_id, access_token_ciphertext AS a, refresh_token_ciphertext AS r, key_version FROM oauth_tokens ORDER BY random() LIMIT 200');
    for (const row of rows) {
      expect(newOnly.open(Buffer.from(row.a), row.key_version, tokenAad(workspaceId, row.account_id, 'access_token'))).toBe(`act.${row.account_id}`);
      expect(newOnly.open(Buffer.from(row.r), row.key_version, tokenAad(workspaceId, row.account_id, 'refresh_token'))).toBe(`rft.${row.account_id}`);
    }
    await expect(tokens.peekAccessToken(ids[123]!)).resolves.toBe(`act.${ids[123]}`);

    // Issue #32 item 3: the tokens a claimed batch asks for together are read in a few queries, not one each.
    const query = jest.spyOn(t.app.get(DataSource), 'query');
    const batch = ids.slice(0, 64);
    const opened = await Promise.all(batch.map((id) => tokens.getValidAccessToken(id)));
    // Only the token reads count: the app's own background ticks (scheduler, workers) share the DataSource.
    const reads = query.mock.calls.filter(([text]) => /\bFROM oauth_tokens\b/.test(String(text))).length;
    query.mockRestore();
    expect(opened).toEqual(batch.map((id) => `act.${id}`));
    expect(reads).toBeLessThanOrEqual(2);
  });
});
