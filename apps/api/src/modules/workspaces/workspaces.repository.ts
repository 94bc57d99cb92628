import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { WorkspaceRole } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { Invitation, Member, Workspace, WorkspaceWithRole } from './workspaces.types.js';

export type { Workspace, WorkspaceWithRole, Member, Invitation } from './workspaces.types.js';

const WORKSPACE_COLUMNS = 'w.id, w.name, w.slug, w.time_zone AS "timeZone", w.created_at AS "createdAt"';
const invitationColumns = (alias = 'invitations') =>
  `${alias}.id, ${alias}.workspace_id AS "workspaceId", ${alias}.email, ${alias}.role, ${alias}.invited_by AS "invitedBy",
   ${alias}.created_at AS "createdAt", ${alias}.expires_at AS "expiresAt", ${alias}.accepted_at AS "acceptedAt", ${alias}.revoked_at AS "revokedAt"`;
const INVITATION_COLUMNS = invitationColumns();

/** Every query names its workspace: rows of other workspaces are invisible, not forbidden. */
@Injectable()
export class WorkspacesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: { name: string; slug: string; timeZone: string }, db: Db = this.dataSource): Promise<Workspace> {
    const rows: Workspace[] = await sqlRows(db, `INSERT INTO workspaces AS w (name, slug, time_zone) VALUES ($1, $2, $3) RETURNING ${WORKSPACE_COLUMNS}`, [
      input.name,
      input.slug,
      input.timeZone,
    ]);
    return rows[0]!;
  }

  async slugExists(slug: string, db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(db, 'SELECT 1 FROM workspaces WHERE slug = $1', [slug]);
    return rows.length > 0;
  }

  async findById(workspaceId: string): Promise<Workspace | undefined> {
    const rows: Workspace[] = await sqlRows(this.dataSource, `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.id = $1`, [workspaceId]);
    return rows[0];
  }

  async update(workspaceId: string, patch: { name?: string; timeZone?: string }, db: Db = this.dataSource): Promise<Workspace | undefined> {
    const rows: Workspace[] = await sqlRows(
      db,
      `UPDATE workspaces AS w SET name = coalesce($2, w.name), time_zone = coalesce($3, w.time_zone)
        WHERE w.id = $1 RETURNING ${WORKSPACE_COLUMNS}`,
      [workspaceId, patch.name ?? null, patch.timeZone ?? null],
    );
    return rows[0];
  }

  /**
   * One cascading statement over every table of the workspace. Background work (ingestion claims,
   * workers, the link backfill) may hold row locks on some of those rows in another order, so
   * PostgreSQL can pick this statement as a deadlock victim: it is then run again (it changed
   * nothing), a few times.
   */
  async delete(workspaceId: string, db: Db = this.dataSource): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const rows = await sqlRows(db, 'DELETE FROM workspaces WHERE id = $1 RETURNING id', [workspaceId]);
        return rows.length > 0;
      } catch (error) {
        const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
        if (code !== '40P01' || attempt >= 5 || db !== this.dataSource) throw error;
      }
    }
  }

  async listForUser(userId: string): Promise<WorkspaceWithRole[]> {
    return sqlRows(
      this.dataSource,
      `SELECT ${WORKSPACE_COLUMNS}, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY m.created_at, w.name`,
      [userId],
    );
  }

  async addMember(workspaceId: string, userId: string, role: WorkspaceRole, db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(db, 'INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id', [
      workspaceId,
      userId,
      role,
    ]);
    return rows.length > 0;
  }

  async roleOf(workspaceId: string, userId: string, db: Db = this.dataSource): Promise<WorkspaceRole | undefined> {
    const rows: { role: WorkspaceRole }[] = await sqlRows(db, 'SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
    return rows[0]?.role;
  }

  /**
   * The role and account access of a member, in one statement (the AuthGuard asks on every
   * request). Owners and admins see every account whatever their flag says.
   */
  async accessOf(workspaceId: string, userId: string): Promise<{ role: WorkspaceRole; allowedAccountIds: string[] | null } | undefined> {
    const rows: { role: WorkspaceRole; allowedAccountIds: string[] | null }[] = await sqlRows(
      this.dataSource,
      `SELECT m.role,
              CASE WHEN m.accounts_restricted AND m.role NOT IN ('owner', 'admin')
                   THEN ARRAY(SELECT a.account_id::text FROM member_account_access a
                               WHERE a.workspace_id = m.workspace_id AND a.user_id = m.user_id ORDER BY a.account_id)
              END AS "allowedAccountIds"
         FROM memberships m WHERE m.workspace_id = $1 AND m.user_id = $2`,
      [workspaceId, userId],
    );
    return rows[0];
  }

  async listMembers(workspaceId: string): Promise<Member[]> {
    return sqlRows(
      this.dataSource,
      `SELECT u.id AS "userId", u.email, u.name, m.role, m.created_at AS "joinedAt",
              CASE WHEN m.accounts_restricted AND m.role NOT IN ('owner', 'admin')
                   THEN ARRAY(SELECT a.account_id::text FROM member_account_access a
                               WHERE a.workspace_id = m.workspace_id AND a.user_id = m.user_id ORDER BY a.account_id)
              END AS "accountIds"
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY m.created_at`,
      [workspaceId],
    );
  }

  /**
   * Locks the workspace's owner rows so two concurrent demotions cannot both see "another owner
   * remains" and leave the workspace with none.
   */
  async lockOwners(workspaceId: string, db: Db): Promise<string[]> {
    const rows: { user_id: string }[] = await sqlRows(
      db,
      "SELECT user_id FROM memberships WHERE workspace_id = $1 AND role = 'owner' ORDER BY user_id FOR UPDATE",
      [workspaceId],
    );
    return rows.map((r) => r.user_id);
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole, db: Db): Promise<boolean> {
    const rows = await sqlRows(db, 'UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2 RETURNING user_id', [workspaceId, userId, role]);
    return rows.length > 0;
  }

  /**
   * Limits a member to these accounts (null: every account). Ids of other workspaces are dropped
   * by the join, so the caller compares the count to refuse them.
   */
  async setAccountAccess(workspaceId: string, userId: string, accountIds: readonly string[] | null, db: Db): Promise<number> {
    await sqlRows(db, 'UPDATE memberships SET accounts_restricted = $3 WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId, accountIds !== null]);
    await sqlRows(db, 'DELETE FROM member_account_access WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
    if (!accountIds?.length) return 0;
    const rows = await sqlRows(
      db,
      `INSERT INTO member_account_access (workspace_id, user_id, account_id)
       SELECT $1, $2, s.id FROM social_accounts s WHERE s.workspace_id = $1 AND s.id = ANY($3::uuid[])
       RETURNING account_id`,
      [workspaceId, userId, [...new Set(accountIds)]],
    );
    return rows.length;
  }

  async removeMember(workspaceId: string, userId: string, db: Db): Promise<boolean> {
    const rows = await sqlRows(db, 'DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2 RETURNING user_id', [workspaceId, userId]);
    return rows.length > 0;
  }

  async createInvitation(
    input: { workspaceId: string; email: string; role: WorkspaceRole; tokenHash: string; invitedBy: string | null; expiresAt: Date },
    db: Db = this.dataSource,
  ): Promise<Invitation> {
    const rows: Invitation[] = await sqlRows(
      db,
      `INSERT INTO invitations (workspace_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${INVITATION_COLUMNS}`,
      [input.workspaceId, input.email, input.role, input.tokenHash, input.invitedBy, input.expiresAt],
    );
    return rows[0]!;
  }

  async listInvitations(workspaceId: string): Promise<Invitation[]> {
    return sqlRows(this.dataSource, `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE workspace_id = $1 ORDER BY created_at DESC`, [workspaceId]);
  }

  async revokeInvitation(workspaceId: string, invitationId: string, db: Db = this.dataSource): Promise<Invitation | undefined> {
    const rows: Invitation[] = await sqlRows(
      db,
      `UPDATE invitations SET revoked_at = coalesce(revoked_at, now())
        WHERE workspace_id = $1 AND id = $2 RETURNING ${INVITATION_COLUMNS}`,
      [workspaceId, invitationId],
    );
    return rows[0];
  }

  async findInvitationByTokenHash(tokenHash: string, db: Db = this.dataSource): Promise<(Invitation & { workspaceName: string }) | undefined> {
    const rows: (Invitation & { workspaceName: string })[] = await sqlRows(
      db,
      `SELECT ${invitationColumns('i')}, w.name AS "workspaceName"
         FROM invitations i JOIN workspaces w ON w.id = i.workspace_id WHERE i.token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Marks a pending invitation accepted; false when it was already used, revoked or expired. */
  async consumeInvitation(invitationId: string, db: Db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE invitations SET accepted_at = now()
        WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [invitationId],
    );
    return rows.length > 0;
  }
}
