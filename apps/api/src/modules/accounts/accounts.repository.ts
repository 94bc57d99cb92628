import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { accountVisibleSql } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';
import type { AccountNotice, AccountRestriction, AccountStatus, OAuthState, SocialAccount } from './accounts.types.js';

export type { AccountNotice, AccountStatus, AccountRestriction, SocialAccount, OAuthState } from './accounts.types.js';

const columns = (a = 'social_accounts') => `${a}.id, ${a}.workspace_id AS "workspaceId", ${a}.platform, ${a}.remote_account_id AS "remoteAccountId",
  ${a}.handle, ${a}.display_name AS "displayName", ${a}.avatar_url AS "avatarUrl", ${a}.status, ${a}.scopes, ${a}.account_type AS "accountType",
  ${a}.capabilities, ${a}.restriction, ${a}.notices, ${a}.last_refresh_at AS "lastRefreshAt", ${a}.last_refresh_error AS "lastRefreshError", ${a}.created_at AS "createdAt",
  ${a}.updated_at AS "updatedAt"`;
const COLUMNS = columns();

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** With the token's expiry (never the token) and the posts waiting on a person for it (migration 018's partial index): one query for the accounts page. */
  /** `allowedAccountIds`: the accounts a member limited to some may see (null: all of them). */
  list(
    workspaceId: string,
    allowedAccountIds: readonly string[] | null = null,
  ): Promise<(SocialAccount & { tokenExpiresAt: Date | null; waitingPosts: number })[]> {
    return sqlRows(
      this.dataSource,
      `SELECT ${columns('a')}, t.expires_at AS "tokenExpiresAt",
              (SELECT count(*)::int FROM publish_jobs j WHERE j.account_id = a.id AND j.status = 'waiting_person') AS "waitingPosts"
         FROM social_accounts a LEFT JOIN oauth_tokens t ON t.account_id = a.id
        WHERE a.workspace_id = $1 AND ${accountVisibleSql('a.id', '$2')} ORDER BY a.platform, a.handle`,
      [workspaceId, allowedAccountIds],
    );
  }

  /** The accounts among `ids` that belong to the workspace; others are simply absent. */
  findMany(workspaceId: string, ids: string[], db: Db = this.dataSource): Promise<SocialAccount[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows(db, `SELECT ${COLUMNS} FROM social_accounts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
  }

  async findById(workspaceId: string, id: string): Promise<SocialAccount | undefined> {
    const rows = await sqlRows<SocialAccount>(this.dataSource, `SELECT ${COLUMNS} FROM social_accounts WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0];
  }

  /** By id alone: for background work (token refresh) that is not acting for a caller. */
  async findAnyById(id: string): Promise<SocialAccount | undefined> {
    const rows = await sqlRows<SocialAccount>(this.dataSource, `SELECT ${COLUMNS} FROM social_accounts WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * Creates the account or, when this workspace already has it (same platform and remote id),
   * updates it in place: reconnecting never duplicates.
   */
  async upsert(
    input: {
      workspaceId: string;
      platform: Platform;
      remoteAccountId: string;
      handle: string;
      displayName: string | null;
      avatarUrl: string | null;
      accountType: string | null;
      capabilities: Record<string, unknown>;
      scopes: string[];
      connectedBy: string;
      restriction: AccountRestriction | null;
    },
    db: Db,
  ): Promise<{ account: SocialAccount; created: boolean }> {
    const rows = await sqlRows<SocialAccount & { created: boolean }>(
      db,
      `INSERT INTO social_accounts AS a (workspace_id, platform, remote_account_id, handle, display_name, avatar_url, account_type, capabilities, scopes, connected_by, status, restriction)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::text[], $10, CASE WHEN $11::jsonb IS NULL THEN 'active' ELSE 'restricted' END, $11::jsonb)
       ON CONFLICT (workspace_id, platform, remote_account_id) DO UPDATE SET
         handle = EXCLUDED.handle, display_name = EXCLUDED.display_name, avatar_url = EXCLUDED.avatar_url,
         account_type = EXCLUDED.account_type, capabilities = EXCLUDED.capabilities, scopes = EXCLUDED.scopes,
         connected_by = EXCLUDED.connected_by, status = EXCLUDED.status, restriction = EXCLUDED.restriction, last_refresh_error = NULL, updated_at = now()
       RETURNING ${columns('a')}, (xmax = 0) AS created`,
      [
        input.workspaceId,
        input.platform,
        input.remoteAccountId,
        input.handle,
        input.displayName,
        input.avatarUrl,
        input.accountType,
        JSON.stringify(input.capabilities),
        input.scopes,
        input.connectedBy,
        input.restriction ? JSON.stringify(input.restriction) : null,
      ],
    );
    const { created, ...account } = rows[0]!;
    return { account, created };
  }

  async setStatus(id: string, status: AccountStatus, lastRefreshError: string | null, db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, 'UPDATE social_accounts SET status = $2, last_refresh_error = $3, updated_at = now() WHERE id = $1', [id, status, lastRefreshError]);
  }

  /**
   * The result of a platform re-check (creator_info): restricted with the reason, or active again.
   * Only moves between `active` and `restricted`: a disconnected or needs_reconnect account stays so.
   * Returns the status now stored.
   */
  async applyRestriction(
    id: string,
    restriction: AccountRestriction | null,
    capabilities?: Record<string, unknown>,
    db: Db = this.dataSource,
  ): Promise<AccountStatus | undefined> {
    const rows = await sqlRows<{ status: AccountStatus }>(
      db,
      `UPDATE social_accounts SET
         status = CASE WHEN status IN ('active', 'restricted') THEN (CASE WHEN $2::jsonb IS NULL THEN 'active' ELSE 'restricted' END) ELSE status END,
         restriction = CASE WHEN status IN ('active', 'restricted') THEN
           (CASE WHEN $2::jsonb IS NULL THEN NULL WHEN restriction->>'code' = $2::jsonb->>'code' THEN restriction ELSE $2::jsonb END) ELSE restriction END,
         capabilities = coalesce($3::jsonb, capabilities), updated_at = now()
       WHERE id = $1 RETURNING status`,
      [id, restriction ? JSON.stringify(restriction) : null, capabilities ? JSON.stringify(capabilities) : null],
    );
    return rows[0]?.status;
  }

  /**
   * Notices a publication reported: `set` codes are added (an existing one keeps its since),
   * `cleared` codes removed. Returns the notices now stored, or undefined for an unknown account.
   */
  async applyNotices(id: string, set: string[], cleared: string[], db: Db = this.dataSource): Promise<AccountNotice[] | undefined> {
    const rows = await sqlRows<{ notices: AccountNotice[] }>(
      db,
      `UPDATE social_accounts a SET notices = (
         SELECT coalesce(jsonb_agg(x.n ORDER BY x.n->>'since', x.n->>'code'), '[]'::jsonb) FROM (
           SELECT n FROM jsonb_array_elements(a.notices) n WHERE NOT (n->>'code' = ANY($3::text[]))
           UNION ALL
           SELECT jsonb_build_object('code', c, 'since', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
             FROM unnest($2::text[]) c WHERE NOT (c = ANY($3::text[])) AND NOT a.notices @> jsonb_build_array(jsonb_build_object('code', c))
         ) x)
       WHERE a.id = $1 RETURNING a.notices`,
      [id, set, cleared],
    );
    return rows[0]?.notices;
  }

  async recordRefresh(id: string, error: string | null): Promise<void> {
    await sqlRows(
      this.dataSource,
      `UPDATE social_accounts SET last_refresh_at = CASE WHEN $2::text IS NULL THEN now() ELSE last_refresh_at END, last_refresh_error = $2, updated_at = now() WHERE id = $1`,
      [id, error],
    );
  }

  async createState(input: OAuthState & { stateHash: string; ttlMinutes: number }): Promise<void> {
    await sqlRows(
      this.dataSource,
      `INSERT INTO oauth_states (state_hash, workspace_id, user_id, session_id, platform, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
      [input.stateHash, input.workspaceId, input.userId, input.sessionId, input.platform, input.ttlMinutes],
    );
  }

  /** Uses a state once: it must exist, be unused, unexpired and belong to this platform. */
  async consumeState(stateHash: string, platform: Platform): Promise<{ state?: OAuthState; reason?: 'unknown' | 'used' | 'expired' }> {
    const rows = await sqlRows<OAuthState>(
      this.dataSource,
      `UPDATE oauth_states SET used_at = now()
        WHERE state_hash = $1 AND platform = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING workspace_id AS "workspaceId", user_id AS "userId", session_id AS "sessionId", platform`,
      [stateHash, platform],
    );
    if (rows[0]) return { state: rows[0] };
    const known = await sqlRows<{ used: boolean }>(
      this.dataSource,
      'SELECT used_at IS NOT NULL AS used FROM oauth_states WHERE state_hash = $1 AND platform = $2',
      [stateHash, platform],
    );
    if (!known[0]) return { reason: 'unknown' };
    return { reason: known[0].used ? 'used' : 'expired' };
  }

  async purgeExpiredStates(): Promise<void> {
    await sqlRows(this.dataSource, "DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'");
  }
}
