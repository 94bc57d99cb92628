import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { itemVisibleSql } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';
import type { NotificationDelivery, NotificationEvent } from './notification-events.js';

export interface NewNotification {
  workspaceId: string;
  userId: string;
  event: NotificationEvent;
  contentItemId: string | null;
  actorUserId: string | null;
  data: Record<string, unknown>;
  dedupeKey: string | null;
  email: 'instant' | 'daily';
}

export interface NotificationRow {
  id: string;
  event: NotificationEvent;
  contentItemId: string | null;
  itemTitle: string | null;
  actorUserId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

/** A notification waiting to be mailed, with what the e-mail needs. */
export interface MailRow extends NotificationRow {
  workspaceId: string;
  workspaceName: string;
  userId: string;
  userEmail: string;
  locale: 'en' | 'fr';
}

const ROW = `n.id, n.event, n.content_item_id AS "contentItemId",
  COALESCE(NULLIF(ci.title, ''), left(ci.caption, 80)) AS "itemTitle",
  n.actor_user_id AS "actorUserId", a.name AS "actorName", n.data, n.read_at AS "readAt", n.created_at AS "createdAt"`;
const JOINS = `LEFT JOIN content_items ci ON ci.id = n.content_item_id LEFT JOIN users a ON a.id = n.actor_user_id`;

/** The only writer of notifications, notification_preferences and notification_digests. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Members by role; `approvers` adds the editors marked approver (reviews' workspace_approvers). */
  async members(workspaceId: string, who: 'owners' | 'admins' | 'approvers', db: Db = this.dataSource): Promise<string[]> {
    const rows = await sqlRows<{ userId: string }>(
      db,
      `SELECT m.user_id AS "userId" FROM memberships m
        WHERE m.workspace_id = $1 AND (m.role = ANY($2::text[])
          OR ($3 AND EXISTS (SELECT 1 FROM workspace_approvers wa WHERE wa.workspace_id = m.workspace_id AND wa.user_id = m.user_id)))`,
      [workspaceId, who === 'owners' ? ['owner'] : ['owner', 'admin'], who === 'approvers'],
    );
    return rows.map((r) => r.userId);
  }

  /** Of these people, the members of the workspace (someone may have left). */
  async memberIds(workspaceId: string, userIds: readonly string[], db: Db = this.dataSource): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await sqlRows<{ userId: string }>(db, `SELECT user_id AS "userId" FROM memberships WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`, [
      workspaceId,
      userIds,
    ]);
    return rows.map((r) => r.userId);
  }

  /** Who wrote the item and who last asked for its review. */
  async itemPeople(itemId: string, db: Db = this.dataSource): Promise<{ author: string | null; requester: string | null }> {
    const [row] = await sqlRows<{ author: string | null; requester: string | null }>(
      db,
      `SELECT ci.created_by AS author, r.requested_by AS requester FROM content_items ci LEFT JOIN content_reviews r ON r.content_item_id = ci.id WHERE ci.id = $1`,
      [itemId],
    );
    return row ?? { author: null, requester: null };
  }

  async preferences(workspaceId: string, userIds: readonly string[], db: Db = this.dataSource): Promise<Map<string, NotificationDelivery>> {
    const rows = await sqlRows<{ userId: string; event: string; delivery: NotificationDelivery }>(
      db,
      `SELECT user_id AS "userId", event, delivery FROM notification_preferences WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`,
      [workspaceId, userIds],
    );
    return new Map(rows.map((r) => [`${r.userId}:${r.event}`, r.delivery]));
  }

  async setPreference(workspaceId: string, userId: string, event: NotificationEvent, delivery: NotificationDelivery, db: Db = this.dataSource): Promise<void> {
    await db.query(
      `INSERT INTO notification_preferences (workspace_id, user_id, event, delivery) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, user_id, event) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = now()`,
      [workspaceId, userId, event, delivery],
    );
  }

  /** Inserts in one statement; a dedupe key already told to that person is skipped. Returns who got one. */
  async insert(db: Db, rows: NewNotification[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted = await sqlRows<{ userId: string }>(
      db,
      `INSERT INTO notifications (workspace_id, user_id, event, content_item_id, actor_user_id, data, dedupe_key, email)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(workspace_id uuid, user_id uuid, event text, content_item_id uuid, actor_user_id uuid,
         data jsonb, dedupe_key text, email text)
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING user_id AS "userId"`,
      [
        JSON.stringify(
          rows.map((r) => ({
            workspace_id: r.workspaceId,
            user_id: r.userId,
            event: r.event,
            content_item_id: r.contentItemId,
            actor_user_id: r.actorUserId,
            data: r.data,
            dedupe_key: r.dedupeKey,
            email: r.email,
          })),
        ),
      ],
    );
    return inserted.map((r) => r.userId);
  }

  /** `allowedAccountIds`: a member limited to some accounts sees no notification about an item they may not see (issue 25). */
  async list(workspaceId: string, userId: string, limit: number, allowedAccountIds: readonly string[] | null = null): Promise<NotificationRow[]> {
    return sqlRows<NotificationRow>(
      this.dataSource,
      `SELECT ${ROW} FROM notifications n ${JOINS}
        WHERE n.workspace_id = $1 AND n.user_id = $2 AND (n.content_item_id IS NULL OR ${itemVisibleSql('ci', '$4', '$2')})
        ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
      [workspaceId, userId, limit, allowedAccountIds],
    );
  }

  async unreadCount(workspaceId: string, userId: string, allowedAccountIds: readonly string[] | null = null): Promise<number> {
    const [row] = await sqlRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM notifications n LEFT JOIN content_items ci ON ci.id = n.content_item_id
        WHERE n.workspace_id = $1 AND n.user_id = $2 AND n.read_at IS NULL AND (n.content_item_id IS NULL OR ${itemVisibleSql('ci', '$3', '$2')})`,
      [workspaceId, userId, allowedAccountIds],
    );
    return row?.n ?? 0;
  }

  /** Marks these (or all, ids null) of the person's notifications read; returns how many changed. */
  async markRead(workspaceId: string, userId: string, ids: string[] | null): Promise<number> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `UPDATE notifications SET read_at = now()
        WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])) RETURNING id`,
      [workspaceId, userId, ids],
    );
    return rows.length;
  }

  /** Instant e-mails waiting, taken with SKIP LOCKED (several schedulers may run). */
  async lockInstant(tx: Db, limit: number): Promise<MailRow[]> {
    return sqlRows<MailRow>(
      tx,
      `WITH due AS (SELECT id FROM notifications WHERE email = 'instant' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       SELECT ${ROW}, n.workspace_id AS "workspaceId", w.name AS "workspaceName", n.user_id AS "userId", u.email AS "userEmail", u.locale
         FROM due JOIN notifications n ON n.id = due.id JOIN users u ON u.id = n.user_id JOIN workspaces w ON w.id = n.workspace_id ${JOINS}
        ORDER BY n.created_at`,
      [limit],
    );
  }

  /** The daily notifications of people whose last digest is a day old (or who never had one), locked. */
  async lockDigests(tx: Db, now: Date, limit: number): Promise<MailRow[]> {
    return sqlRows<MailRow>(
      tx,
      `WITH due AS (
         SELECT n.id FROM notifications n LEFT JOIN notification_digests d ON d.user_id = n.user_id
          WHERE n.email = 'daily' AND (d.sent_at IS NULL OR d.sent_at <= $1::timestamptz - interval '1 day')
          ORDER BY n.user_id, n.created_at LIMIT $2 FOR UPDATE OF n SKIP LOCKED)
       SELECT ${ROW}, n.workspace_id AS "workspaceId", w.name AS "workspaceName", n.user_id AS "userId", u.email AS "userEmail", u.locale
         FROM due JOIN notifications n ON n.id = due.id JOIN users u ON u.id = n.user_id JOIN workspaces w ON w.id = n.workspace_id ${JOINS}
        ORDER BY n.user_id, n.created_at`,
      [now, limit],
    );
  }

  async markSent(tx: Db, ids: string[]): Promise<void> {
    await tx.query(`UPDATE notifications SET email = 'sent', emailed_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async digestSent(tx: Db, userId: string, at: Date): Promise<void> {
    await tx.query(`INSERT INTO notification_digests (user_id, sent_at) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET sent_at = EXCLUDED.sent_at`, [
      userId,
      at,
    ]);
  }

  /** Publications that failed since `since`, with their item's author (told once per publication). */
  async failedPublications(
    since: Date,
    limit: number,
  ): Promise<{ workspaceId: string; publicationId: string; contentItemId: string; platform: string; author: string | null }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT p.workspace_id AS "workspaceId", p.id AS "publicationId", p.content_item_id AS "contentItemId", p.platform, ci.created_by AS author
         FROM platform_publications p JOIN content_items ci ON ci.id = p.content_item_id
        WHERE p.status = 'failed' AND p.updated_at >= $1
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'post_failed:' || p.id::text)
        ORDER BY p.updated_at LIMIT $2`,
      [since, limit],
    );
  }

  /** Accounts that need reconnecting, with when they last changed (one notice per change). */
  async accountsToReconnect(limit: number): Promise<{ workspaceId: string; accountId: string; name: string; changedAt: Date }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT a.workspace_id AS "workspaceId", a.id AS "accountId", COALESCE(a.display_name, a.platform) AS name, a.updated_at AS "changedAt"
         FROM social_accounts a
        WHERE a.status = 'needs_reconnect'
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'reconnect:' || a.id::text || ':' || extract(epoch FROM date_trunc('second', a.updated_at))::bigint::text)
        LIMIT $1`,
      [limit],
    );
  }

  /** Items in review since before `before` (reviews' content_reviews): what to remind or escalate. */
  async stalledReviews(
    kind: 'approval_stalled' | 'approval_escalated',
    before: Date,
    limit: number,
  ): Promise<{ workspaceId: string; contentItemId: string; dedupeKey: string }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT workspace_id AS "workspaceId", content_item_id AS "contentItemId", key AS "dedupeKey" FROM (
         SELECT r.workspace_id, r.content_item_id, r.requested_at,
                $3 || ':' || r.content_item_id::text || ':' || extract(epoch FROM date_trunc('second', r.requested_at))::bigint::text AS key
           FROM content_reviews r JOIN content_items ci ON ci.id = r.content_item_id
          WHERE r.state = 'in_review' AND r.requested_at <= $1 AND ci.status IN ('draft', 'scheduled', 'paused')) s
        WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = s.key)
        ORDER BY requested_at LIMIT $2`,
      [before, limit, kind],
    );
  }
}
