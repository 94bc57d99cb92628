import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface User {
  id: string;
  email: string;
  name: string;
  locale: 'en' | 'fr';
  createdAt: Date;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface Session {
  id: string;
  userId: string;
  workspaceId: string | null;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** What a session may still do in one workspace: `live` false when it ended; `role` null when not a member there. */
export interface SessionAccess {
  sessionId: string;
  workspaceId: string;
  live: boolean;
  role: string | null;
  /** The accounts the member is limited to (sorted), null for every account (per-account access, issue 25). */
  allowedAccountIds: string[] | null;
}

const USER_COLUMNS = 'id, email, name, locale, created_at AS "createdAt"';

@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises first-run setup: two concurrent setups cannot both see "no user yet". */
  async lockSetup(db: Db): Promise<void> {
    await sqlRows(db, 'SELECT pg_advisory_xact_lock(7243188813)');
  }

  async anyUserExists(db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(db, 'SELECT 1 FROM users LIMIT 1');
    return rows.length > 0;
  }

  async createUser(input: { email: string; name: string; passwordHash: string; locale: 'en' | 'fr' }, db: Db = this.dataSource): Promise<User> {
    const rows: User[] = await sqlRows(db, `INSERT INTO users (email, name, password_hash, locale) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`, [
      input.email,
      input.name,
      input.passwordHash,
      input.locale,
    ]);
    return rows[0]!;
  }

  async findUserByEmail(email: string, db: Db = this.dataSource): Promise<UserWithSecret | undefined> {
    const rows: UserWithSecret[] = await sqlRows(db, `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`, [
      email,
    ]);
    return rows[0];
  }

  async findUserWithSecret(userId: string): Promise<UserWithSecret | undefined> {
    const rows: UserWithSecret[] = await sqlRows(this.dataSource, `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE id = $1`, [userId]);
    return rows[0];
  }

  async findUser(userId: string): Promise<User | undefined> {
    const rows: User[] = await sqlRows(this.dataSource, `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [userId]);
    return rows[0];
  }

  async updatePassword(userId: string, passwordHash: string, db: Db): Promise<void> {
    await sqlRows(db, 'UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [userId, passwordHash]);
  }

  async updateProfile(userId: string, patch: { name?: string; locale?: 'en' | 'fr' }): Promise<User | undefined> {
    const rows: User[] = await sqlRows(
      this.dataSource,
      `UPDATE users SET name = coalesce($2, name), locale = coalesce($3, locale) WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [userId, patch.name ?? null, patch.locale ?? null],
    );
    return rows[0];
  }

  async createSession(
    input: { tokenHash: string; userId: string; workspaceId: string | null; maxDays: number; ip: string | null; userAgent: string | null },
    db: Db = this.dataSource,
  ): Promise<Session> {
    const rows: Session[] = await sqlRows(
      db,
      `INSERT INTO sessions (token_hash, user_id, workspace_id, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), $5, $6)
       RETURNING id, user_id AS "userId", workspace_id AS "workspaceId", expires_at AS "expiresAt", last_seen_at AS "lastSeenAt"`,
      [input.tokenHash, input.userId, input.workspaceId, input.maxDays, input.ip, input.userAgent?.slice(0, 400) ?? null],
    );
    return rows[0]!;
  }

  /**
   * A live session by token hash: not revoked, before its absolute expiry and not idle for longer
   * than `idleMinutes`. Its last_seen_at moves forward at most once a minute.
   */
  async findLiveSession(tokenHash: string, idleMinutes: number): Promise<Session | undefined> {
    const rows: Session[] = await sqlRows(
      this.dataSource,
      `UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at < now() - interval '1 minute' THEN now() ELSE last_seen_at END
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2)
        RETURNING id, user_id AS "userId", workspace_id AS "workspaceId", expires_at AS "expiresAt", last_seen_at AS "lastSeenAt"`,
      [tokenHash, idleMinutes],
    );
    return rows[0];
  }

  /**
   * For each (session, workspace) pair, in one statement: whether the session is still live (as
   * findLiveSession judges it, without touching last_seen_at) and the user's role in that
   * workspace. Used to re-check long-lived connections (event streams) opened with the session.
   */
  async sessionAccess(pairs: readonly { sessionId: string; workspaceId: string }[], idleMinutes: number): Promise<SessionAccess[]> {
    if (pairs.length === 0) return [];
    return sqlRows(
      this.dataSource,
      `SELECT p.session_id AS "sessionId", p.workspace_id AS "workspaceId", (s.id IS NOT NULL) AS live, m.role,
              CASE WHEN m.accounts_restricted AND m.role NOT IN ('owner', 'admin')
                   THEN ARRAY(SELECT a.account_id::text FROM member_account_access a
                               WHERE a.workspace_id = m.workspace_id AND a.user_id = m.user_id ORDER BY a.account_id)
              END AS "allowedAccountIds"
         FROM unnest($1::uuid[], $2::uuid[]) AS p (session_id, workspace_id)
         LEFT JOIN sessions s ON s.id = p.session_id AND s.revoked_at IS NULL AND s.expires_at > now()
                             AND s.last_seen_at > now() - make_interval(mins => $3)
         LEFT JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = s.user_id`,
      [pairs.map((p) => p.sessionId), pairs.map((p) => p.workspaceId), idleMinutes],
    );
  }

  async setSessionWorkspace(sessionId: string, workspaceId: string): Promise<void> {
    await sqlRows(this.dataSource, 'UPDATE sessions SET workspace_id = $2 WHERE id = $1', [sessionId, workspaceId]);
  }

  async revokeSessionByTokenHash(tokenHash: string, db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, 'UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
  }

  async revokeSession(sessionId: string, db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, 'UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  async revokeAllSessions(userId: string, db: Db): Promise<void> {
    await sqlRows(db, 'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  }
}
