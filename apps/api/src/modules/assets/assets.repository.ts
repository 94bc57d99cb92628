import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ProbeResult } from '@mwr/domain';

import { ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';

export type AssetStatus = 'uploading' | 'processing' | 'ready' | 'failed';

export interface Asset {
  id: string;
  workspaceId: string;
  storageKey: string;
  originalFilename: string;
  mime: string;
  bytes: number;
  sha256: string | null;
  status: AssetStatus;
  probe: ProbeResult | null;
  thumbnailKey: string | null;
  uploadId: string | null;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  /** created_at in microseconds, for cursors. */
  cursorMicros: string;
  /** Content items referring to it. */
  usageCount: number;
  /** The oldest other asset of the workspace with the same bytes (only rows made before migration 020 merged them). */
  duplicateOf: string | null;
  /** Free labels, lowercase, for search. */
  tags: string[];
  /** The posts using it, newest first (at most USED_BY_LIMIT; usageCount has the total). */
  usedBy: AssetUse[];
}

/** A post (content item) that uses an asset. */
export interface AssetUse {
  id: string;
  title: string;
  caption: string;
  status: string;
  scheduledAt: string | null;
}

/** How many of an asset's posts the library lists by name. */
export const USED_BY_LIMIT = 10;

/**
 * The asset's columns; with a viewer's parameters (uuid[] of allowed accounts, user id), "where
 * used" names only the posts that viewer may see (per-account access, issue 25). usageCount stays
 * the workspace's total: the library is shared, and it decides whether a video is still in use.
 */
const columns = (viewer?: {
  access: string;
  user: string;
}) => `a.id, a.workspace_id AS "workspaceId", a.storage_key AS "storageKey", a.original_filename AS "originalFilename", a.mime,
  a.bytes::float8 AS bytes, a.sha256, a.status, a.probe, a.thumbnail_key AS "thumbnailKey", a.upload_id AS "uploadId", a.error,
  a.created_by AS "createdBy", a.created_at AS "createdAt", (extract(epoch FROM a.created_at) * 1000000)::bigint::text AS "cursorMicros",
  (SELECT count(*)::int FROM content_items i WHERE i.workspace_id = a.workspace_id AND i.asset_id = a.id) AS "usageCount",
  (SELECT d.id FROM content_assets d WHERE d.workspace_id = a.workspace_id AND d.sha256 = a.sha256 AND d.id <> a.id AND d.status = 'ready'
    ORDER BY d.created_at, d.id LIMIT 1) AS "duplicateOf",
  a.tags,
  COALESCE((SELECT json_agg(json_build_object('id', u.id, 'title', u.title, 'caption', left(u.caption, 120), 'status', u.status, 'scheduledAt', u.scheduled_at)
      ORDER BY u.created_at DESC, u.id DESC)
    FROM (SELECT i.id, i.title, i.caption, i.status, i.scheduled_at, i.created_at FROM content_items i
      WHERE i.workspace_id = a.workspace_id AND i.asset_id = a.id${viewer ? ` AND ${itemVisibleSql('i', viewer.access, viewer.user)}` : ''}
      ORDER BY i.created_at DESC, i.id DESC LIMIT ${USED_BY_LIMIT}) u), '[]'::json) AS "usedBy"`;
const COLUMNS = columns();

export interface NewAsset {
  workspaceId: string;
  storageKey: string;
  originalFilename: string;
  mime: string;
  bytes: number;
  sha256: string;
  probe: ProbeResult;
  uploadId: string;
  createdBy: string | null;
}

export interface AssetFilters {
  /** In file names and tags. */
  text?: string;
  /** Carries exactly this tag. */
  tag?: string;
  /** true: no post uses it; false: at least one does. */
  unused?: boolean;
  uploadId?: string;
  cursor?: { createdAtMicros: string; id: string };
  limit: number;
}

@Injectable()
export class AssetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `viewer`: whose "where used" list it is (a limited member sees only their posts there). */
  async findById(workspaceId: string, id: string, db: Db = this.dataSource, viewer: AccountViewer = ALL_ACCOUNTS): Promise<Asset | undefined> {
    return (
      await sqlRows<Asset>(db, `SELECT ${columns({ access: '$3', user: '$4' })} FROM content_assets a WHERE a.workspace_id = $1 AND a.id = $2`, [
        workspaceId,
        id,
        viewer.allowedAccountIds,
        viewer.userId,
      ])
    )[0];
  }

  async findByUploadId(workspaceId: string, uploadId: string): Promise<Asset | undefined> {
    return (
      await sqlRows<Asset>(this.dataSource, `SELECT ${COLUMNS} FROM content_assets a WHERE a.workspace_id = $1 AND a.upload_id = $2`, [workspaceId, uploadId])
    )[0];
  }

  list(workspaceId: string, filters: AssetFilters, viewer: AccountViewer = ALL_ACCOUNTS): Promise<Asset[]> {
    const params: unknown[] = [workspaceId, viewer.allowedAccountIds, viewer.userId];
    const where = ['a.workspace_id = $1'];
    if (filters.text) {
      params.push(`%${filters.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(a.original_filename ILIKE $${params.length} OR EXISTS (SELECT 1 FROM unnest(a.tags) AS t WHERE t ILIKE $${params.length}))`);
    }
    if (filters.tag) {
      params.push([filters.tag]);
      where.push(`a.tags @> $${params.length}::text[]`);
    }
    if (filters.unused !== undefined) {
      where.push(`${filters.unused ? 'NOT ' : ''}EXISTS (SELECT 1 FROM content_items i WHERE i.workspace_id = a.workspace_id AND i.asset_id = a.id)`);
    }
    if (filters.uploadId) {
      params.push(filters.uploadId);
      where.push(`a.upload_id = $${params.length}`);
    }
    if (filters.cursor) {
      params.push(filters.cursor.createdAtMicros, filters.cursor.id);
      where.push(`(a.created_at, a.id) < (to_timestamp($${params.length - 1}::bigint / 1000000.0), $${params.length}::uuid)`);
    }
    params.push(filters.limit);
    return sqlRows<Asset>(
      this.dataSource,
      `SELECT ${columns({ access: '$2', user: '$3' })} FROM content_assets a WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** The workspace's live (not failed) asset with these bytes: one per sha256 since migration 020. */
  async findBySha256(workspaceId: string, sha256: string): Promise<Asset | undefined> {
    return (
      await sqlRows<Asset>(
        this.dataSource,
        `SELECT ${COLUMNS} FROM content_assets a WHERE a.workspace_id = $1 AND a.sha256 = $2 AND a.status <> 'failed' ORDER BY a.created_at, a.id LIMIT 1`,
        [workspaceId, sha256],
      )
    )[0];
  }

  async setTags(workspaceId: string, id: string, tags: readonly string[]): Promise<boolean> {
    const rows = await sqlRows(this.dataSource, 'UPDATE content_assets SET tags = $3::text[] WHERE workspace_id = $1 AND id = $2 RETURNING id', [
      workspaceId,
      id,
      tags,
    ]);
    return rows.length > 0;
  }

  /**
   * Inserts the row as `processing`. A second finish of the same upload returns the first row's id;
   * so does an upload of bytes the workspace already has, arriving while the other is ingested
   * (the unique index on (workspace_id, sha256) refuses the second row).
   */
  async insertProcessing(input: NewAsset): Promise<{ id: string; created: boolean }> {
    const p = input.probe;
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, duration_ms, width, height, fps, video_codec, audio_codec, bitrate,
         rotation, container, video_profile, video_bitrate, audio_profile, audio_sample_rate, audio_channels, faststart, probe, upload_id, created_by, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::jsonb, $23, $24, 'processing')
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        input.workspaceId,
        input.storageKey,
        input.originalFilename,
        input.mime,
        input.bytes,
        input.sha256,
        p.durationMs,
        p.width,
        p.height,
        p.fps,
        p.videoCodec,
        p.audioCodec,
        p.bitrate,
        p.rotation,
        p.container,
        p.videoProfile,
        p.videoBitrate,
        p.audioProfile,
        p.audioSampleRate,
        p.audioChannels,
        p.faststart,
        JSON.stringify(p),
        input.uploadId,
        input.createdBy,
      ],
    );
    if (rows[0]) return { id: rows[0].id, created: true };
    const existing = (await this.findByUploadId(input.workspaceId, input.uploadId)) ?? (await this.findBySha256(input.workspaceId, input.sha256));
    if (!existing) throw new Error(`asset of upload ${input.uploadId} conflicted with a row that is gone`);
    return { id: existing.id, created: false };
  }

  async markReady(workspaceId: string, id: string, thumbnailKey: string | null): Promise<void> {
    await sqlRows(this.dataSource, `UPDATE content_assets SET status = 'ready', thumbnail_key = $3, error = NULL WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
      thumbnailKey,
    ]);
  }

  async markFailed(workspaceId: string, id: string, error: string): Promise<void> {
    await sqlRows(this.dataSource, `UPDATE content_assets SET status = 'failed', error = $3 WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
      error.slice(0, 500),
    ]);
  }

  /** Deletes the row; the calendar released it from its items first, in the same transaction. */
  async delete(workspaceId: string, id: string, db: Db): Promise<boolean> {
    return (await sqlRows(db, 'DELETE FROM content_assets WHERE workspace_id = $1 AND id = $2 RETURNING id', [workspaceId, id])).length > 0;
  }

  /** Locks the asset row so a concurrent scheduling cannot attach it while it is being deleted. */
  async lock(workspaceId: string, id: string, db: Db): Promise<boolean> {
    return (await sqlRows(db, 'SELECT id FROM content_assets WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, id])).length > 0;
  }

  /**
   * Files left by asset rows that are gone (migration 020's merge of duplicates), at most `limit`.
   * A key some asset still uses is not an orphan: it is dropped from the list, never deleted.
   */
  async orphanFiles(limit: number): Promise<string[]> {
    await sqlRows(
      this.dataSource,
      `DELETE FROM content_asset_orphan_files o WHERE EXISTS (SELECT 1 FROM content_assets a WHERE a.storage_key = o.storage_key OR a.thumbnail_key = o.storage_key)`,
    );
    const rows = await sqlRows<{ key: string }>(this.dataSource, 'SELECT storage_key AS key FROM content_asset_orphan_files ORDER BY created_at LIMIT $1', [
      limit,
    ]);
    return rows.map((row) => row.key);
  }

  async forgetOrphanFile(key: string): Promise<void> {
    await sqlRows(this.dataSource, 'DELETE FROM content_asset_orphan_files WHERE storage_key = $1', [key]);
  }

  /** For signed links, which carry no workspace: the token's signature is the authorisation. */
  async findForMedia(id: string): Promise<Pick<Asset, 'id' | 'workspaceId' | 'storageKey' | 'mime' | 'bytes' | 'status' | 'originalFilename'> | undefined> {
    return (
      await sqlRows<Asset>(
        this.dataSource,
        `SELECT id, workspace_id AS "workspaceId", storage_key AS "storageKey", mime, bytes::float8 AS bytes, status, original_filename AS "originalFilename" FROM content_assets WHERE id = $1`,
        [id],
      )
    )[0];
  }
}
