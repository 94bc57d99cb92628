import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface TrendEntryRow {
  id: string;
  workspaceId: string;
  platform: Platform | null;
  kind: string;
  label: string;
  source: string;
  status: string;
  tags: string[];
  score: number | null;
  notes: string | null;
  url: string | null;
  createdBy: string | null;
  contentItemId: string | null;
  observedAt: Date;
  expiresAt: Date | null;
  expired: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewTrendEntry {
  platform: Platform | null;
  kind: string;
  label: string;
  source: string;
  status: string;
  tags: string[];
  score: number | null;
  notes: string | null;
  url: string | null;
  expiresAt: string | null;
  createdBy: string | null;
}

/** Columns that a PATCH may set (snake_case in the table). */
export const TREND_COLUMNS = {
  platform: 'platform',
  kind: 'kind',
  label: 'label',
  status: 'status',
  tags: 'tags',
  score: 'score',
  notes: 'notes',
  url: 'url',
  expiresAt: 'expires_at',
} as const;
export type TrendPatch = Partial<Record<keyof typeof TREND_COLUMNS, unknown>>;

// A draft deleted in the calendar is a soft delete (restorable): the entry shows no draft meanwhile.
const COLUMNS = `id, workspace_id AS "workspaceId", platform, kind, label, source, status, tags, score::float8 AS score, notes, url,
  created_by AS "createdBy",
  (SELECT c.id FROM content_items c WHERE c.id = trend_entries.content_item_id AND c.deleted_at IS NULL) AS "contentItemId", observed_at AS "observedAt", expires_at AS "expiresAt", (expires_at IS NOT NULL AND expires_at <= now()) AS expired,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Trend Radar entries; every query names the workspace. */
@Injectable()
export class TrendsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(workspaceId: string, filter: { status?: string; kind?: string; platform?: string; includeExpired: boolean; limit: number }): Promise<TrendEntryRow[]> {
    return sqlRows<TrendEntryRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM trend_entries
        WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR platform = $4)
          AND ($5::boolean OR expires_at IS NULL OR expires_at > now())
        ORDER BY observed_at DESC, id DESC LIMIT $6`,
      [workspaceId, filter.status ?? null, filter.kind ?? null, filter.platform ?? null, filter.includeExpired, filter.limit],
    );
  }

  async get(workspaceId: string, id: string, db: Db = this.dataSource): Promise<TrendEntryRow | undefined> {
    const [row] = await sqlRows<TrendEntryRow>(db, `SELECT ${COLUMNS} FROM trend_entries WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return row;
  }

  async insert(db: Db, workspaceId: string, e: NewTrendEntry): Promise<TrendEntryRow> {
    const [row] = await sqlRows<TrendEntryRow>(
      db,
      `INSERT INTO trend_entries (workspace_id, platform, kind, label, source, status, tags, score, notes, url, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [workspaceId, e.platform, e.kind, e.label, e.source, e.status, e.tags, e.score, e.notes, e.url, e.expiresAt, e.createdBy],
    );
    return row!;
  }

  async update(db: Db, workspaceId: string, id: string, patch: TrendPatch): Promise<TrendEntryRow | undefined> {
    const sets: string[] = [];
    const params: unknown[] = [workspaceId, id];
    for (const [key, column] of Object.entries(TREND_COLUMNS) as [keyof typeof TREND_COLUMNS, string][]) {
      if (!(key in patch) || patch[key] === undefined) continue;
      params.push(patch[key]);
      sets.push(`${column} = $${params.length}${key === 'tags' ? '::text[]' : ''}`);
    }
    const [row] = await sqlRows<TrendEntryRow>(
      db,
      `UPDATE trend_entries SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      params,
    );
    return row;
  }

  /** Links the draft made from the entry and puts the entry under test (an adopted one stays adopted). */
  async linkDraft(db: Db, workspaceId: string, id: string, contentItemId: string): Promise<TrendEntryRow | undefined> {
    const [row] = await sqlRows<TrendEntryRow>(
      db,
      `UPDATE trend_entries SET content_item_id = $3, status = CASE WHEN status = 'adopted' THEN status ELSE 'testing' END, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id, contentItemId],
    );
    return row;
  }

  async delete(db: Db, workspaceId: string, id: string): Promise<TrendEntryRow | undefined> {
    const [row] = await sqlRows<TrendEntryRow>(db, `DELETE FROM trend_entries WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [workspaceId, id]);
    return row;
  }
}
