import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { TrendEvidence } from './trend-scoring.js';

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
  ownerId: string | null;
  region: string | null;
  sourceDate: string | null;
  votes: number;
  voted: boolean;
  linkedItems: number;
  strength: number | null;
  relevance: number | null;
  proof: number | null;
  evidence: Partial<TrendEvidence>;
  scoredAt: Date | null;
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
  ownerId?: string | null;
  region?: string | null;
  sourceDate?: string | null;
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
  ownerId: 'owner_id',
  region: 'region',
} as const;
export type TrendPatch = Partial<Record<keyof typeof TREND_COLUMNS, unknown>>;

// A draft deleted in the calendar is a soft delete (restorable): the entry shows no draft meanwhile.
// `$voter` is replaced by the parameter holding the caller's user id (null for an API key).
const columns = (voter: string) => `id, workspace_id AS "workspaceId", platform, kind, label, source, status, tags, score::float8 AS score, notes, url,
  created_by AS "createdBy",
  (SELECT c.id FROM content_items c WHERE c.id = trend_entries.content_item_id AND c.deleted_at IS NULL) AS "contentItemId", observed_at AS "observedAt", expires_at AS "expiresAt", (expires_at IS NOT NULL AND expires_at <= now()) AS expired,
  created_at AS "createdAt", updated_at AS "updatedAt", owner_id AS "ownerId", region, to_char(source_date, 'YYYY-MM-DD') AS "sourceDate",
  (SELECT count(*)::int FROM trend_votes v WHERE v.trend_id = trend_entries.id) AS votes,
  EXISTS (SELECT 1 FROM trend_votes v WHERE v.trend_id = trend_entries.id AND v.user_id = ${voter}) AS voted,
  (SELECT count(*)::int FROM trend_items ti WHERE ti.trend_id = trend_entries.id) AS "linkedItems",
  strength::float8 AS strength, relevance::float8 AS relevance, proof::float8 AS proof, evidence, scored_at AS "scoredAt"`;
const COLUMNS = columns('NULL::uuid');

// Over the inner query's output names.
const SORTS: Record<string, string> = {
  recent: '"observedAt" DESC, id DESC',
  strength: 'strength DESC NULLS LAST, "observedAt" DESC, id DESC',
  relevance: 'relevance DESC NULLS LAST, "observedAt" DESC, id DESC',
  proof: 'proof DESC NULLS LAST, "observedAt" DESC, id DESC',
  votes: 'votes DESC, "observedAt" DESC, id DESC',
};

/** Trend Radar entries; every query names the workspace. */
@Injectable()
export class TrendsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(
    workspaceId: string,
    voterId: string | null,
    filter: { status?: string; kind?: string; platform?: string; source?: string; ownerId?: string; sort?: string; includeExpired: boolean; limit: number },
  ): Promise<TrendEntryRow[]> {
    // The sort's key is computed once per row in the inner query; the outer one only orders.
    return sqlRows<TrendEntryRow>(
      this.dataSource,
      `SELECT * FROM (SELECT ${columns('$7::uuid')} FROM trend_entries
        WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR platform = $4)
          AND ($5::boolean OR expires_at IS NULL OR expires_at > now()) AND ($8::text IS NULL OR source = $8) AND ($9::uuid IS NULL OR owner_id = $9)
          ${filter.sort && filter.sort !== 'recent' ? '' : 'ORDER BY observed_at DESC, id DESC LIMIT $6'}) e
        ORDER BY ${SORTS[filter.sort ?? 'recent'] ?? SORTS['recent']} LIMIT $6`,
      [
        workspaceId,
        filter.status ?? null,
        filter.kind ?? null,
        filter.platform ?? null,
        filter.includeExpired,
        filter.limit,
        voterId,
        filter.source ?? null,
        filter.ownerId ?? null,
      ],
    );
  }

  async get(workspaceId: string, id: string, db: Db = this.dataSource, voterId: string | null = null): Promise<TrendEntryRow | undefined> {
    const [row] = await sqlRows<TrendEntryRow>(db, `SELECT ${columns('$3::uuid')} FROM trend_entries WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
      voterId,
    ]);
    return row;
  }

  /** Votes (or takes back) the person's vote; false when the entry is not in the workspace. */
  async vote(db: Db, workspaceId: string, id: string, userId: string, up: boolean): Promise<boolean> {
    const [entry] = await sqlRows<{ id: string }>(db, 'SELECT id FROM trend_entries WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    if (!entry) return false;
    if (up) await sqlRows(db, 'INSERT INTO trend_votes (trend_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, userId]);
    else await sqlRows(db, 'DELETE FROM trend_votes WHERE trend_id = $1 AND user_id = $2', [id, userId]);
    return true;
  }

  /** Whether the user is a member of the workspace (an entry's owner must be). */
  async isMember(workspaceId: string, userId: string, db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(db, 'SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
    return rows.length > 0;
  }

  async insert(db: Db, workspaceId: string, e: NewTrendEntry): Promise<TrendEntryRow> {
    const [row] = await sqlRows<TrendEntryRow>(
      db,
      `INSERT INTO trend_entries (workspace_id, platform, kind, label, source, status, tags, score, notes, url, expires_at, created_by, owner_id, region, source_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $12, $13, $14, $15::date) RETURNING ${COLUMNS}`,
      [
        workspaceId,
        e.platform,
        e.kind,
        e.label,
        e.source,
        e.status,
        e.tags,
        e.score,
        e.notes,
        e.url,
        e.expiresAt,
        e.createdBy,
        e.ownerId ?? null,
        e.region ?? null,
        e.sourceDate ?? null,
      ],
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

  /**
   * Links the draft made from the entry (trend_items keeps every post made from it) and moves a
   * spotted entry to planned (one already used or retired stays where the team put it).
   */
  async linkDraft(db: Db, workspaceId: string, id: string, contentItemId: string): Promise<TrendEntryRow | undefined> {
    const [row] = await sqlRows<TrendEntryRow>(
      db,
      `WITH linked AS (INSERT INTO trend_items (trend_id, content_item_id)
                       SELECT id, $3 FROM trend_entries WHERE workspace_id = $1 AND id = $2 ON CONFLICT DO NOTHING)
       UPDATE trend_entries SET content_item_id = $3, status = CASE WHEN status = 'spotted' THEN 'planned' ELSE status END, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id, contentItemId],
    );
    if (!row) return undefined;
    // RETURNING sees the table before the CTE's insert: count the new link.
    return { ...row, linkedItems: await this.linkedCount(db, id) };
  }

  private async linkedCount(db: Db, id: string): Promise<number> {
    const [r] = await sqlRows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM trend_items WHERE trend_id = $1', [id]);
    return r?.n ?? 0;
  }

  async delete(db: Db, workspaceId: string, id: string): Promise<TrendEntryRow | undefined> {
    const [row] = await sqlRows<TrendEntryRow>(db, `DELETE FROM trend_entries WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [workspaceId, id]);
    return row;
  }
}
