import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../../common/database/db.js';

export interface IgAccountRow {
  accountId: string;
  workspaceId: string;
  handle: string;
  igUserId: string;
}

export interface IgContactRow {
  igsid: string;
  username: string | null;
  lastInboundAt: Date | null;
  lastWelcomeAt: Date | null;
  optedOutAt: Date | null;
}

/** What the Instagram messaging engine remembers: events seen, contacts, private replies. */
@Injectable()
export class IgMessagingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims a webhook event (message mid or comment id); false when it was already seen. */
  async claimEvent(eventKey: string, igUserId: string, kind: 'message' | 'comment' | 'echo' | 'other'): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      'INSERT INTO ig_webhook_events (event_key, ig_user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_key',
      [eventKey, igUserId, kind],
    );
    return rows.length > 0;
  }

  /** Our active Instagram accounts with this IG user id (one per workspace that connected it). */
  accountsFor(igUserId: string): Promise<IgAccountRow[]> {
    return sqlRows<IgAccountRow>(
      this.dataSource,
      `SELECT id AS "accountId", workspace_id AS "workspaceId", handle, remote_account_id AS "igUserId" FROM social_accounts WHERE platform = 'instagram' AND remote_account_id = $1 AND status = 'active'`,
      [igUserId],
    );
  }

  /** The workspace's active Instagram accounts (each needs the app subscribed to its webhooks). */
  workspaceAccounts(workspaceId: string): Promise<IgAccountRow[]> {
    return sqlRows<IgAccountRow>(
      this.dataSource,
      `SELECT id AS "accountId", workspace_id AS "workspaceId", handle, remote_account_id AS "igUserId" FROM social_accounts WHERE platform = 'instagram' AND workspace_id = $1 AND status = 'active' ORDER BY handle`,
      [workspaceId],
    );
  }

  /** Records that the person wrote to us (opens/extends the window); keeps the latest time. */
  async recordInbound(account: IgAccountRow, igsid: string, at: Date, username: string | null): Promise<void> {
    await sqlRows(
      this.dataSource,
      `INSERT INTO ig_contacts (account_id, igsid, workspace_id, username, last_inbound_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, igsid) DO UPDATE SET last_inbound_at = GREATEST(ig_contacts.last_inbound_at, EXCLUDED.last_inbound_at),
         username = COALESCE(EXCLUDED.username, ig_contacts.username)`,
      [account.accountId, igsid, account.workspaceId, username, at],
    );
  }

  async ensureContact(account: IgAccountRow, igsid: string, username: string | null): Promise<void> {
    await sqlRows(
      this.dataSource,
      `INSERT INTO ig_contacts (account_id, igsid, workspace_id, username) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, igsid) DO UPDATE SET username = COALESCE(EXCLUDED.username, ig_contacts.username)`,
      [account.accountId, igsid, account.workspaceId, username],
    );
  }

  /** Opt-out for good: the first time wins, later messages never clear it. */
  async optOut(account: IgAccountRow, igsid: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `INSERT INTO ig_contacts (account_id, igsid, workspace_id, opted_out_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (account_id, igsid) DO UPDATE SET opted_out_at = COALESCE(ig_contacts.opted_out_at, now())
       RETURNING opted_out_at = now() AS fresh`,
      [account.accountId, igsid, account.workspaceId],
    );
    return Boolean((rows[0] as { fresh?: boolean } | undefined)?.fresh);
  }

  async contact(accountId: string, igsid: string): Promise<IgContactRow | undefined> {
    const [row] = await sqlRows<IgContactRow>(
      this.dataSource,
      `SELECT igsid, username, last_inbound_at AS "lastInboundAt", last_welcome_at AS "lastWelcomeAt", opted_out_at AS "optedOutAt" FROM ig_contacts WHERE account_id = $1 AND igsid = $2`,
      [accountId, igsid],
    );
    return row;
  }

  /**
   * Claims the person's welcome for this period atomically (two webhooks at once welcome once).
   * Returns the previous welcome time to restore if the send fails, or false when already taken.
   */
  async claimWelcome(accountId: string, igsid: string, periodMs: number): Promise<{ previous: Date | null } | false> {
    const rows = await sqlRows<{ previous: Date | null }>(
      this.dataSource,
      `UPDATE ig_contacts c SET last_welcome_at = now() FROM (SELECT last_welcome_at FROM ig_contacts WHERE account_id = $1 AND igsid = $2 FOR UPDATE) prev
        WHERE c.account_id = $1 AND c.igsid = $2 AND c.opted_out_at IS NULL
          AND (c.last_welcome_at IS NULL OR c.last_welcome_at <= now() - make_interval(secs => $3::double precision / 1000))
        RETURNING prev.last_welcome_at AS previous`,
      [accountId, igsid, periodMs],
    );
    return rows[0] ? { previous: rows[0].previous } : false;
  }

  async restoreWelcome(accountId: string, igsid: string, previous: Date | null): Promise<void> {
    await sqlRows(this.dataSource, 'UPDATE ig_contacts SET last_welcome_at = $3 WHERE account_id = $1 AND igsid = $2', [accountId, igsid, previous]);
  }

  async privateReplyClaimed(accountId: string, commentId: string): Promise<boolean> {
    const rows = await sqlRows(this.dataSource, 'SELECT 1 FROM ig_private_replies WHERE account_id = $1 AND comment_id = $2', [accountId, commentId]);
    return rows.length > 0;
  }

  /** One private reply per comment, ever: claimed before sending, never released. */
  async claimPrivateReply(accountId: string, commentId: string, igsid: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      'INSERT INTO ig_private_replies (account_id, comment_id, igsid) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING comment_id',
      [accountId, commentId, igsid],
    );
    return rows.length > 0;
  }

  async recordPrivateReply(accountId: string, commentId: string, messageId: string): Promise<void> {
    await sqlRows(this.dataSource, 'UPDATE ig_private_replies SET message_id = $3 WHERE account_id = $1 AND comment_id = $2', [
      accountId,
      commentId,
      messageId,
    ]);
  }
}
