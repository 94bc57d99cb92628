import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface SealedTokenRow {
  accountId: string;
  workspaceId: string;
  accessToken: Buffer;
  refreshToken: Buffer | null;
  keyVersion: number;
  expiresAt: Date | null;
  refreshExpiresAt: Date | null;
  issuedAt: Date;
  scopes: string[];
  platform: string;
  accountStatus: string;
  /** How the account was connected (capabilities.loginFlavour), when not the platform's default. */
  loginFlavour: string | null;
}

const COLUMNS = `t.account_id AS "accountId", t.workspace_id AS "workspaceId", t.access_token_ciphertext AS "accessToken",
  t.refresh_token_ciphertext AS "refreshToken", t.key_version AS "keyVersion", t.expires_at AS "expiresAt",
  t.refresh_expires_at AS "refreshExpiresAt", t.issued_at AS "issuedAt", t.scopes, a.platform, a.status AS "accountStatus",
  a.capabilities ->> 'loginFlavour' AS "loginFlavour"`;

/** The only SQL that touches oauth_tokens. Values are sealed before they get here. */
@Injectable()
export class TokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(accountId: string, db: Db = this.dataSource): Promise<SealedTokenRow | undefined> {
    const rows = await sqlRows<SealedTokenRow>(
      db,
      `SELECT ${COLUMNS} FROM oauth_tokens t JOIN social_accounts a ON a.id = t.account_id WHERE t.account_id = $1`,
      [accountId],
    );
    return rows[0];
  }

  /** The token rows of several accounts in one read (the claims a worker starts together). */
  async findMany(accountIds: readonly string[], db: Db = this.dataSource): Promise<Map<string, SealedTokenRow>> {
    const rows = await sqlRows<SealedTokenRow>(
      db,
      `SELECT ${COLUMNS} FROM oauth_tokens t JOIN social_accounts a ON a.id = t.account_id WHERE t.account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    return new Map(rows.map((row) => [row.accountId, row]));
  }

  /**
   * Locks the account's token row for the rest of the transaction: the single-flight gate that
   * keeps two processes from refreshing (and so burning a rotated refresh token) at once.
   */
  async lock(accountId: string, db: Db): Promise<SealedTokenRow | undefined> {
    const rows = await sqlRows<SealedTokenRow>(
      db,
      `SELECT ${COLUMNS} FROM oauth_tokens t JOIN social_accounts a ON a.id = t.account_id WHERE t.account_id = $1 FOR UPDATE OF t`,
      [accountId],
    );
    return rows[0];
  }

  async upsert(
    row: {
      accountId: string;
      workspaceId: string;
      accessToken: Buffer;
      refreshToken: Buffer | null;
      keyVersion: number;
      expiresAt: Date | null;
      refreshExpiresAt: Date | null;
      scopes: string[];
    },
    db: Db = this.dataSource,
  ): Promise<void> {
    await sqlRows(
      db,
      `INSERT INTO oauth_tokens (account_id, workspace_id, access_token_ciphertext, refresh_token_ciphertext, key_version, expires_at, refresh_expires_at, scopes, issued_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], now(), now())
       ON CONFLICT (account_id) DO UPDATE SET
         access_token_ciphertext = EXCLUDED.access_token_ciphertext,
         refresh_token_ciphertext = EXCLUDED.refresh_token_ciphertext,
         key_version = EXCLUDED.key_version, expires_at = EXCLUDED.expires_at,
         refresh_expires_at = EXCLUDED.refresh_expires_at, scopes = EXCLUDED.scopes,
         issued_at = now(), updated_at = now()`,
      [row.accountId, row.workspaceId, row.accessToken, row.refreshToken, row.keyVersion, row.expiresAt, row.refreshExpiresAt, row.scopes],
    );
  }

  async delete(accountId: string, db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, 'DELETE FROM oauth_tokens WHERE account_id = $1', [accountId]);
  }

  /** Accounts whose token needs refreshing soon, oldest deadline first. */
  async dueForRefresh(limit: number): Promise<{ accountId: string }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT t.account_id AS "accountId" FROM oauth_tokens t JOIN social_accounts a ON a.id = t.account_id
        WHERE a.status IN ('active', 'restricted') AND t.expires_at IS NOT NULL AND (
              (a.platform = 'instagram' AND t.expires_at < now() + interval '7 days' AND t.issued_at < now() - interval '24 hours')
           OR (a.platform <> 'instagram' AND t.expires_at < now() + interval '1 hour'))
        ORDER BY t.expires_at LIMIT $1`,
      [limit],
    );
  }

  /** A batch of rows not yet under `version`, locked so concurrent rotations split the work. */
  async lockBatchBelowVersion(
    version: number,
    limit: number,
    db: Db,
  ): Promise<Pick<SealedTokenRow, 'accountId' | 'workspaceId' | 'accessToken' | 'refreshToken' | 'keyVersion'>[]> {
    return sqlRows(
      db,
      `SELECT account_id AS "accountId", workspace_id AS "workspaceId", access_token_ciphertext AS "accessToken",
              refresh_token_ciphertext AS "refreshToken", key_version AS "keyVersion"
         FROM oauth_tokens WHERE key_version <> $1 ORDER BY account_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [version, limit],
    );
  }

  async reseal(accountId: string, accessToken: Buffer, refreshToken: Buffer | null, version: number, db: Db): Promise<void> {
    await sqlRows(db, 'UPDATE oauth_tokens SET access_token_ciphertext = $2, refresh_token_ciphertext = $3, key_version = $4 WHERE account_id = $1', [
      accountId,
      accessToken,
      refreshToken,
      version,
    ]);
  }

  async countBelowVersion(version: number): Promise<number> {
    const rows = await sqlRows<{ n: string }>(this.dataSource, 'SELECT count(*)::text AS n FROM oauth_tokens WHERE key_version <> $1', [version]);
    return Number(rows[0]?.n ?? 0);
  }
}
