import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { sqlRows } from '../../common/database/db.js';

export interface BestCaptionRow {
  platform: Platform;
  publicationId: string;
  caption: string;
  hashtags: string[];
  targetOptions: Record<string, unknown> | null;
  views: number;
}

/**
 * AI caption suggestions (issue 24). Owns ai_settings (the workspace's switch); reads the
 * analytics readings (metric_snapshots, owned by analytics) and the posts they belong to.
 */
@Injectable()
export class AiRepository {
  constructor(private readonly dataSource: DataSource) {}

  async suggestionsEnabled(workspaceId: string): Promise<boolean> {
    const [row] = await sqlRows<{ enabled: boolean }>(this.dataSource, `SELECT suggestions_enabled AS enabled FROM ai_settings WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    return row?.enabled ?? false;
  }

  async setSuggestionsEnabled(workspaceId: string, enabled: boolean, userId: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ai_settings (workspace_id, suggestions_enabled, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET suggestions_enabled = EXCLUDED.suggestions_enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [workspaceId, enabled, userId],
    );
  }

  /**
   * The workspace's posts with the most views at 24 h on each platform, best first, `perPlatform`
   * each (a post read both from the platform and by hand counts once, at the platform's figure).
   * Each row carries what the caption was made of: the item's text and hashtags and the target's override.
   */
  async bestCaptions(workspaceId: string, platforms: readonly Platform[], perPlatform: number): Promise<BestCaptionRow[]> {
    return sqlRows<BestCaptionRow>(
      this.dataSource,
      `WITH views AS (
         SELECT DISTINCT ON (s.publication_id) s.publication_id, s.platform, s.value
         FROM metric_snapshots s
         WHERE s.workspace_id = $1 AND s.publication_id IS NOT NULL AND s.age_bucket = '24h' AND s.metric = 'views' AND s.platform = ANY($2::text[])
         ORDER BY s.publication_id, (s.source = 'platform') DESC
       ), ranked AS (
         SELECT v.*, row_number() OVER (PARTITION BY v.platform ORDER BY v.value DESC, v.publication_id) AS rank FROM views v
       )
       SELECT r.platform, r.publication_id AS "publicationId", ci.caption, ci.hashtags, t.options AS "targetOptions", r.value AS views
       FROM ranked r
       JOIN platform_publications p ON p.workspace_id = $1 AND p.id = r.publication_id
       JOIN content_items ci ON ci.workspace_id = $1 AND ci.id = p.content_item_id
       LEFT JOIN content_item_targets t ON t.content_item_id = ci.id AND t.social_account_id = p.social_account_id
       WHERE r.rank <= $3
       ORDER BY r.platform, r.value DESC`,
      [workspaceId, platforms, perPlatform],
    );
  }
}
