import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ApprovalPolicy, ApprovalSubject, ReviewState, WorkspaceRole } from '@mwr/domain';

import { ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';

export interface ReviewSettingsRow {
  policy: ApprovalPolicy;
  allowSelfApproval: boolean;
}

export interface ReviewRow {
  contentItemId: string;
  state: Exclude<ReviewState, 'none'>;
  requestedBy: string | null;
  requestedAt: Date;
  approvedHash: string | null;
  approvedVersion: number | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  voidedBy: string | null;
  voidedAt: Date | null;
  clientStep: 'pending' | 'approved' | 'changes_requested' | null;
}

/** What of a content item the reviews read: what is published (to hash), its version, author and status. */
export interface ReviewedItem {
  id: string;
  title: string;
  status: string;
  version: number;
  createdBy: string | null;
  scheduledAt: Date | null;
  subject: ApprovalSubject;
}

export interface QueueRow {
  id: string;
  title: string;
  caption: string;
  status: string;
  scheduledAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  version: number;
  state: Exclude<ReviewState, 'none'> | null;
  requestedAt: Date | null;
  voidedBy: string | null;
  voidedAt: Date | null;
  platforms: string[];
  openComments: number;
}

export interface CommentRow {
  id: string;
  contentItemId: string;
  parentId: string | null;
  authorKind: 'user' | 'client';
  authorUserId: string | null;
  authorName: string | null;
  body: string;
  mentions: string[];
  internal: boolean;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  createdAt: Date;
  cursorMicros: string;
}

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  approver: boolean;
}

const REVIEW_COLUMNS = `content_item_id AS "contentItemId", state, requested_by AS "requestedBy", requested_at AS "requestedAt",
  approved_hash AS "approvedHash", approved_version AS "approvedVersion", decided_by AS "decidedBy", decided_at AS "decidedAt",
  voided_by AS "voidedBy", voided_at AS "voidedAt", client_step AS "clientStep"`;

const COMMENT_COLUMNS = `c.id, c.content_item_id AS "contentItemId", c.parent_id AS "parentId", c.author_kind AS "authorKind",
  c.author_user_id AS "authorUserId", u.name AS "authorName", c.body, c.mentions::text[] AS mentions, c.internal,
  c.resolved_at AS "resolvedAt", c.resolved_by AS "resolvedBy", c.created_at AS "createdAt",
  (extract(epoch FROM c.created_at) * 1000000)::bigint::text AS "cursorMicros"`;

/** The reviews module's tables: review_settings, workspace_approvers, content_reviews, review_decisions, content_comments. */
@Injectable()
export class ReviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async settings(workspaceId: string, db: Db = this.dataSource): Promise<ReviewSettingsRow> {
    const [row] = await sqlRows<ReviewSettingsRow>(
      db,
      `SELECT policy, allow_self_approval AS "allowSelfApproval" FROM review_settings WHERE workspace_id = $1`,
      [workspaceId],
    );
    return row ?? { policy: 'none', allowSelfApproval: false };
  }

  async saveSettings(workspaceId: string, settings: ReviewSettingsRow, db: Db = this.dataSource): Promise<void> {
    await db.query(
      `INSERT INTO review_settings (workspace_id, policy, allow_self_approval) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET policy = EXCLUDED.policy, allow_self_approval = EXCLUDED.allow_self_approval, updated_at = now()`,
      [workspaceId, settings.policy, settings.allowSelfApproval],
    );
  }

  members(workspaceId: string, db: Db = this.dataSource): Promise<MemberRow[]> {
    return sqlRows<MemberRow>(
      db,
      `SELECT m.user_id AS "userId", u.name, u.email, m.role, (a.user_id IS NOT NULL) AS approver
         FROM memberships m JOIN users u ON u.id = m.user_id
         LEFT JOIN workspace_approvers a ON a.workspace_id = m.workspace_id AND a.user_id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY u.name, u.email`,
      [workspaceId],
    );
  }

  /** Whether the member is marked approver (owners and admins are approvers by role). */
  async isApprover(workspaceId: string, userId: string, db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(db, `SELECT 1 FROM workspace_approvers WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    return rows.length > 0;
  }

  /** False when the user is not a member of the workspace. */
  async setApprover(workspaceId: string, userId: string, approver: boolean, db: Db = this.dataSource): Promise<boolean> {
    const member = await sqlRows(db, `SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    if (member.length === 0) return false;
    if (approver) {
      await db.query(`INSERT INTO workspace_approvers (workspace_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [workspaceId, userId]);
    } else {
      await db.query(`DELETE FROM workspace_approvers WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    }
    return true;
  }

  /** The users among `userIds` who are members of the workspace. */
  async memberIds(workspaceId: string, userIds: readonly string[], db: Db = this.dataSource): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await sqlRows<{ userId: string }>(db, `SELECT user_id AS "userId" FROM memberships WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`, [
      workspaceId,
      userIds,
    ]);
    return rows.map((r) => r.userId);
  }

  /** The item as it will be published (not deleted); `lock` takes the item's row lock for the caller's transaction. */
  async item(workspaceId: string, id: string, db: Db = this.dataSource, lock = false): Promise<ReviewedItem | undefined> {
    const [row] = await sqlRows<{
      id: string;
      title: string;
      status: string;
      version: number;
      createdBy: string | null;
      scheduledAt: Date | null;
      timeZone: string;
      caption: string;
      hashtags: string[];
      options: Record<string, unknown>;
      assetSha256: string | null;
      targets: { accountId: string; options: Record<string, unknown> }[];
    }>(
      db,
      `SELECT ci.id, ci.title, ci.status, ci.version, ci.created_by AS "createdBy", ci.scheduled_at AS "scheduledAt", ci.time_zone AS "timeZone",
              ci.caption, ci.hashtags, ci.options,
              CASE WHEN ci.asset_id IS NULL THEN NULL
                   ELSE coalesce((SELECT a.sha256 FROM content_assets a WHERE a.workspace_id = ci.workspace_id AND a.id = ci.asset_id), 'asset:' || ci.asset_id) END AS "assetSha256",
              coalesce((SELECT json_agg(json_build_object('accountId', t.social_account_id, 'options', t.options))
                          FROM content_item_targets t WHERE t.content_item_id = ci.id), '[]'::json) AS targets
         FROM content_items ci
        WHERE ci.workspace_id = $1 AND ci.id = $2 AND ci.deleted_at IS NULL${lock ? ' FOR UPDATE OF ci' : ''}`,
      [workspaceId, id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      version: row.version,
      createdBy: row.createdBy,
      scheduledAt: row.scheduledAt,
      subject: {
        caption: row.caption,
        hashtags: row.hashtags,
        options: row.options,
        // An asset still uploading has no sha256 yet: its id stands in, so a different asset still differs.
        assetSha256: row.assetSha256,
        targets: row.targets,
        scheduledAt: row.scheduledAt ? new Date(row.scheduledAt).toISOString() : null,
        timeZone: row.timeZone,
      },
    };
  }

  async review(contentItemId: string, db: Db = this.dataSource, lock = false): Promise<ReviewRow | undefined> {
    const [row] = await sqlRows<ReviewRow>(db, `SELECT ${REVIEW_COLUMNS} FROM content_reviews WHERE content_item_id = $1${lock ? ' FOR UPDATE' : ''}`, [
      contentItemId,
    ]);
    return row;
  }

  async request(db: Db, workspaceId: string, contentItemId: string, userId: string | null, clientStep: ReviewRow['clientStep']): Promise<void> {
    await db.query(
      `INSERT INTO content_reviews (content_item_id, workspace_id, state, requested_by, requested_at, client_step)
       VALUES ($1, $2, 'in_review', $3, now(), $4)
       ON CONFLICT (content_item_id) DO UPDATE SET state = 'in_review', requested_by = EXCLUDED.requested_by, requested_at = now(),
         approved_hash = NULL, approved_version = NULL, client_step = EXCLUDED.client_step, updated_at = now()`,
      [contentItemId, workspaceId, userId, clientStep],
    );
  }

  async approve(
    db: Db,
    workspaceId: string,
    contentItemId: string,
    userId: string,
    hash: string,
    version: number,
    clientStep: ReviewRow['clientStep'],
  ): Promise<void> {
    await db.query(
      `INSERT INTO content_reviews (content_item_id, workspace_id, state, approved_hash, approved_version, decided_by, decided_at, client_step)
       VALUES ($1, $2, 'approved', $4, $5, $3, now(), $6)
       ON CONFLICT (content_item_id) DO UPDATE SET state = 'approved', approved_hash = $4, approved_version = $5, decided_by = $3, decided_at = now(),
         client_step = $6, updated_at = now()`,
      [contentItemId, workspaceId, userId, hash, version, clientStep],
    );
  }

  async requestChanges(db: Db, workspaceId: string, contentItemId: string, userId: string): Promise<void> {
    await db.query(
      `INSERT INTO content_reviews (content_item_id, workspace_id, state, decided_by, decided_at)
       VALUES ($1, $2, 'changes_requested', $3, now())
       ON CONFLICT (content_item_id) DO UPDATE SET state = 'changes_requested', approved_hash = NULL, approved_version = NULL,
         decided_by = $3, decided_at = now(), updated_at = now()`,
      [contentItemId, workspaceId, userId],
    );
  }

  /** The approval still holds after an edit that left what is published unchanged: bind it to the new version. */
  async rebind(db: Db, contentItemId: string, version: number): Promise<void> {
    await db.query(`UPDATE content_reviews SET approved_version = $2, updated_at = now() WHERE content_item_id = $1 AND state = 'approved'`, [
      contentItemId,
      version,
    ]);
  }

  /** An edit changed what is published: the approval is void, the item back in review. */
  async voidApproval(db: Db, contentItemId: string, userId: string | null): Promise<void> {
    await db.query(
      `UPDATE content_reviews SET state = 'in_review', approved_hash = NULL, approved_version = NULL, voided_by = $2, voided_at = now(),
         requested_at = now(), client_step = CASE WHEN client_step IS NULL THEN NULL ELSE 'pending' END, updated_at = now()
        WHERE content_item_id = $1 AND state = 'approved'`,
      [contentItemId, userId],
    );
  }

  async decide(
    db: Db,
    d: {
      workspaceId: string;
      contentItemId: string;
      kind: 'requested' | 'approved' | 'changes_requested' | 'voided';
      userId: string | null;
      hash: string;
      version: number;
      commentId?: string;
      actorKind?: 'user' | 'client';
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO review_decisions (workspace_id, content_item_id, kind, actor_kind, actor_user_id, hash, version, comment_id)
       VALUES ($1, $2, $3, $8, $4, $5, $6, $7)`,
      [d.workspaceId, d.contentItemId, d.kind, d.userId, d.hash, d.version, d.commentId ?? null, d.actorKind ?? 'user'],
    );
  }

  /** The client's step (review links): approved, or the item sent back for changes. */
  async clientDecision(db: Db, workspaceId: string, contentItemId: string, decision: 'approved' | 'changes_requested'): Promise<void> {
    await db.query(
      decision === 'approved'
        ? `INSERT INTO content_reviews (content_item_id, workspace_id, state, client_step) VALUES ($1, $2, 'in_review', 'approved')
           ON CONFLICT (content_item_id) DO UPDATE SET client_step = 'approved', updated_at = now()`
        : `INSERT INTO content_reviews (content_item_id, workspace_id, state, client_step, decided_at) VALUES ($1, $2, 'changes_requested', 'changes_requested', now())
           ON CONFLICT (content_item_id) DO UPDATE SET state = 'changes_requested', client_step = 'changes_requested', approved_hash = NULL,
             approved_version = NULL, decided_by = NULL, decided_at = now(), updated_at = now()`,
      [contentItemId, workspaceId],
    );
  }

  /** A client's comment (review links): not internal, shown to the client and the team. */
  async insertClientComment(db: Db, c: { workspaceId: string; contentItemId: string; body: string }): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO content_comments (workspace_id, content_item_id, author_kind, body, internal) VALUES ($1, $2, 'client', $3, false) RETURNING id`,
      [c.workspaceId, c.contentItemId, c.body],
    );
    return row!.id;
  }

  /** The comments a client may see: the clients' own (internal ones never). */
  async clientComments(
    workspaceId: string,
    contentItemIds: readonly string[],
  ): Promise<{ id: string; contentItemId: string; body: string; createdAt: Date }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT id, content_item_id AS "contentItemId", body, created_at AS "createdAt" FROM content_comments
        WHERE workspace_id = $1 AND content_item_id = ANY($2::uuid[]) AND internal = false AND author_kind = 'client' ORDER BY created_at`,
      [workspaceId, contentItemIds],
    );
  }

  /**
   * The review queue: items in review or sent back, and — where approval is required — every
   * scheduled or paused item without an approval of its current version. Soonest first.
   */
  /** `viewer`: a member limited to some accounts sees the items they may see only (issue 25). */
  queue(workspaceId: string, required: boolean, limit: number, viewer: AccountViewer = ALL_ACCOUNTS, db: Db = this.dataSource): Promise<QueueRow[]> {
    return sqlRows<QueueRow>(
      db,
      `SELECT ci.id, ci.title, ci.caption, ci.status, ci.scheduled_at AS "scheduledAt", ci.created_by AS "createdBy", ci.created_at AS "createdAt", ci.version,
              cr.state, cr.requested_at AS "requestedAt", cr.voided_by AS "voidedBy", cr.voided_at AS "voidedAt",
              coalesce((SELECT array_agg(DISTINCT sa.platform) FROM content_item_targets t JOIN social_accounts sa ON sa.id = t.social_account_id
                         WHERE t.content_item_id = ci.id), '{}') AS platforms,
              (SELECT count(*) FROM content_comments c WHERE c.content_item_id = ci.id AND c.resolved_at IS NULL)::int AS "openComments"
         FROM content_items ci
         LEFT JOIN content_reviews cr ON cr.content_item_id = ci.id
        WHERE ci.workspace_id = $1 AND ci.deleted_at IS NULL AND ci.status IN ('draft', 'scheduled', 'paused')
          AND (cr.state IN ('in_review', 'changes_requested')
               OR ($2 AND ci.status IN ('scheduled', 'paused') AND (cr.state IS NULL OR cr.approved_version IS DISTINCT FROM ci.version)))
          AND ${itemVisibleSql('ci', '$4', '$5')}
        ORDER BY ci.scheduled_at NULLS LAST, ci.id
        LIMIT $3`,
      [workspaceId, required, limit, viewer.allowedAccountIds, viewer.userId],
    );
  }

  async insertComment(
    db: Db,
    c: { workspaceId: string; contentItemId: string; parentId: string | null; userId: string; body: string; mentions: string[] },
  ): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO content_comments (workspace_id, content_item_id, parent_id, author_kind, author_user_id, body, mentions)
       VALUES ($1, $2, $3, 'user', $4, $5, $6::uuid[]) RETURNING id`,
      [c.workspaceId, c.contentItemId, c.parentId, c.userId, c.body, c.mentions],
    );
    return row!.id;
  }

  async comment(workspaceId: string, id: string, db: Db = this.dataSource): Promise<CommentRow | undefined> {
    const [row] = await sqlRows<CommentRow>(
      db,
      `SELECT ${COMMENT_COLUMNS} FROM content_comments c LEFT JOIN users u ON u.id = c.author_user_id
        WHERE c.workspace_id = $1 AND c.id = $2 AND EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = c.content_item_id AND ci.deleted_at IS NULL)`,
      [workspaceId, id],
    );
    return row;
  }

  /** An item's comments, oldest first, after the keyset (created_at, id). */
  comments(
    workspaceId: string,
    contentItemId: string,
    limit: number,
    after?: { createdAtMicros: string; id: string },
    db: Db = this.dataSource,
  ): Promise<CommentRow[]> {
    const params: unknown[] = [workspaceId, contentItemId, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdAtMicros, after.id);
      keyset = `AND (c.created_at, c.id) > (to_timestamp($4::bigint / 1000000.0), $5::uuid)`;
    }
    return sqlRows<CommentRow>(
      db,
      `SELECT ${COMMENT_COLUMNS} FROM content_comments c LEFT JOIN users u ON u.id = c.author_user_id
        WHERE c.workspace_id = $1 AND c.content_item_id = $2 ${keyset}
        ORDER BY c.created_at, c.id LIMIT $3`,
      params,
    );
  }

  async resolveComment(db: Db, workspaceId: string, id: string, userId: string | null, resolved: boolean): Promise<void> {
    if (resolved) {
      await db.query(
        `UPDATE content_comments SET resolved_at = coalesce(resolved_at, now()), resolved_by = coalesce(resolved_by, $3) WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, id, userId],
      );
    } else {
      await db.query(`UPDATE content_comments SET resolved_at = NULL, resolved_by = NULL WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    }
  }

  async userNames(userIds: readonly string[], db: Db = this.dataSource): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await sqlRows<{ id: string; name: string }>(db, `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [[...new Set(userIds)]]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
