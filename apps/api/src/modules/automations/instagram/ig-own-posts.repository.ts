import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../../common/database/db.js';

export interface IgOwnPostRow {
  mediaId: string;
  accountId: string;
  handle: string;
  title: string;
  caption: string;
  postedAt: Date;
  permalink: string | null;
}

/** Our own posts on Instagram, as the welcome DM's keyword comments pick them (read-only). */
@Injectable()
export class IgOwnPostsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The workspace's posted Instagram publications with their media id, newest first; `search`
   * matches the title, the caption or the media id itself (case-insensitive).
   */
  published(workspaceId: string, search: string | null, limit: number): Promise<IgOwnPostRow[]> {
    return sqlRows<IgOwnPostRow>(
      this.dataSource,
      `SELECT p.remote_media_id AS "mediaId", a.id AS "accountId", a.handle, ci.title, ci.caption, p.posted_at AS "postedAt", p.permalink
         FROM platform_publications p
         JOIN content_items ci ON ci.id = p.content_item_id
         JOIN social_accounts a ON a.id = p.social_account_id
        WHERE p.workspace_id = $1 AND ci.deleted_at IS NULL AND p.platform = 'instagram' AND p.status = 'posted' AND p.remote_media_id IS NOT NULL AND p.posted_at IS NOT NULL
          AND ($2::text IS NULL OR ci.title ILIKE $2 OR ci.caption ILIKE $2 OR p.remote_media_id = $3)
        ORDER BY p.posted_at DESC, p.id
        LIMIT $4`,
      [workspaceId, search === null ? null : `%${search.replace(/[\\%_]/g, '\\$&')}%`, search, limit],
    );
  }
}
