import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';
import type { LinkRef, LinkStatus, PublishDone } from '@mwr/publishers';

import { sqlRows, type Db } from '../../common/database/db.js';

/** A publication whose link the backfill asks for now. */
export interface DueLink {
  publicationId: string;
  workspaceId: string;
  jobId: string | null;
  platform: Platform;
  accountId: string;
  /** The account's, so the lookup goes to the host it was connected through. */
  capabilities: Record<string, unknown>;
  ref: LinkRef;
  checks: number;
  deadlineAt: Date;
}

/** First look one minute after the post, then 2, 4, 8… minutes, at most an hour apart, for 72 h. */
export const LINK_FIRST_CHECK_MS = 60_000;
export const LINK_MAX_INTERVAL_MS = 3_600_000;
export const LINK_BACKFILL_WINDOW_MS = 72 * 3_600_000;

export function nextLinkCheckDelayMs(checks: number): number {
  return Math.min(LINK_MAX_INTERVAL_MS, LINK_FIRST_CHECK_MS * 2 ** Math.min(checks, 12));
}

/**
 * The link of a posted publication (`link_*` columns, migration 014): its state, what the backfill
 * asks the platform with, and when it looks next. The backfill picks due rows set-based, with a
 * lease (`link_next_check_at` pushed forward in the same statement) so two scheduler processes
 * never ask for the same link at once.
 */
@Injectable()
export class PublicationLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Link state of a publication the publisher just reported as posted. */
  async recordPosted(db: Db, publicationId: string, done: PublishDone): Promise<LinkStatus> {
    const status: LinkStatus = done.permalink ? 'ready' : done.link?.status === 'pending' && done.link.ref ? 'pending' : 'none';
    const reason = status === 'ready' ? null : (done.link?.reason ?? (status === 'none' ? 'The platform gave no link for this post.' : null));
    await this.setLink(db, publicationId, status, { reason, ref: status === 'pending' ? (done.link?.ref ?? null) : null });
    return status;
  }

  async setLink(db: Db, publicationId: string, status: LinkStatus, link: { reason: string | null; ref: LinkRef | null }): Promise<void> {
    await sqlRows(
      db,
      `UPDATE platform_publications
          SET link_status = $2, link_reason = $3, link_ref = $4::jsonb, link_checks = 0,
              link_next_check_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $5::double precision / 1000) END,
              link_deadline_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $6::double precision / 1000) END,
              updated_at = now()
        WHERE id = $1`,
      [publicationId, status, link.reason, link.ref ? JSON.stringify(link.ref) : null, LINK_FIRST_CHECK_MS, LINK_BACKFILL_WINDOW_MS],
    );
  }

  /** Takes up to `limit` due links (oldest due first) and leases them for `leaseMs`. */
  async claimDue(limit: number, leaseMs: number): Promise<DueLink[]> {
    return sqlRows<DueLink>(
      this.dataSource,
      `WITH due AS (
         SELECT id FROM platform_publications
          WHERE link_status = 'pending' AND link_next_check_at <= now()
          ORDER BY link_next_check_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE platform_publications p
          SET link_next_check_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM due
        WHERE p.id = due.id
       RETURNING p.id AS "publicationId", p.workspace_id AS "workspaceId", p.platform, p.social_account_id AS "accountId",
                 p.link_ref AS ref, p.link_checks AS checks, p.link_deadline_at AS "deadlineAt",
                 (SELECT a.capabilities FROM social_accounts a WHERE a.id = p.social_account_id) AS capabilities,
                 (SELECT j.id FROM publish_jobs j WHERE j.publication_id = p.id ORDER BY j.created_at DESC LIMIT 1) AS "jobId"`,
      [limit, leaseMs],
    );
  }

  /** The link arrived: the permalink and the post's own id replace the interim ones. */
  async markReady(db: Db, publicationId: string, remoteMediaId: string, permalink: string): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE platform_publications
          SET link_status = 'ready', link_reason = NULL, link_next_check_at = NULL, permalink = $3, remote_media_id = $2,
              link_checks = link_checks + 1, updated_at = now()
        WHERE id = $1 AND link_status = 'pending'
       RETURNING id`,
      [publicationId, remoteMediaId, permalink],
    );
    return rows.length > 0;
  }

  async markNone(db: Db, publicationId: string, reason: string): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE platform_publications
          SET link_status = 'none', link_reason = $2, link_next_check_at = NULL, link_checks = link_checks + 1, updated_at = now()
        WHERE id = $1 AND link_status = 'pending'
       RETURNING id`,
      [publicationId, reason],
    );
    return rows.length > 0;
  }

  /** Not yet: look again after the growing interval (or the platform's retry-after, whichever is later). */
  async postpone(publicationId: string, delayMs: number, countCheck: boolean): Promise<void> {
    await sqlRows(
      this.dataSource,
      `UPDATE platform_publications
          SET link_next_check_at = now() + make_interval(secs => $2::double precision / 1000),
              link_checks = link_checks + CASE WHEN $3 THEN 1 ELSE 0 END
        WHERE id = $1 AND link_status = 'pending'`,
      [publicationId, Math.max(0, delayMs), countCheck],
    );
  }

  async linkOf(publicationId: string): Promise<{ linkStatus: LinkStatus | null; linkReason: string | null }> {
    const rows = await sqlRows<{ linkStatus: LinkStatus | null; linkReason: string | null }>(
      this.dataSource,
      'SELECT link_status AS "linkStatus", link_reason AS "linkReason" FROM platform_publications WHERE id = $1',
      [publicationId],
    );
    return rows[0] ?? { linkStatus: null, linkReason: null };
  }

  /**
   * A person settled the publication as posted with evidence: with a permalink the link is ready;
   * with only an Instagram media id the backfill reads the permalink from that media object right
   * away (which also checks the id); otherwise there is no link.
   */
  async recordResolved(db: Db, publicationId: string, remoteMediaId: string, permalink: string | undefined): Promise<void> {
    await sqlRows(
      db,
      `UPDATE platform_publications p
          SET link_status = CASE WHEN $3::text IS NOT NULL THEN 'ready' WHEN p.platform = 'instagram' THEN 'pending' ELSE 'none' END,
              link_reason = CASE WHEN $3::text IS NULL AND p.platform <> 'instagram' THEN 'Marked posted by a person without a link.' END,
              link_ref = CASE WHEN $3::text IS NULL AND p.platform = 'instagram'
                              THEN jsonb_build_object('platform', 'instagram', 'igUserId', sa.remote_account_id, 'mediaId', $2::text) END,
              link_checks = 0,
              link_next_check_at = CASE WHEN $3::text IS NULL AND p.platform = 'instagram' THEN now() END,
              link_deadline_at = CASE WHEN $3::text IS NULL AND p.platform = 'instagram' THEN now() + make_interval(secs => $4::double precision / 1000) END
         FROM social_accounts sa
        WHERE p.id = $1 AND sa.id = p.social_account_id`,
      [publicationId, remoteMediaId, permalink ?? null, LINK_BACKFILL_WINDOW_MS],
    );
  }
}
