import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface AuditEntry {
  id: string;
  workspaceId: string | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  at: Date;
}

export interface NewAuditEntry {
  workspaceId: string | null;
  actor: { userId: string | null; apiKeyId: string | null };
  action: string;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  workspace_id: string | null;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  metadata: Record<string, unknown>;
  at: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(entry: NewAuditEntry, db: Db = this.dataSource): Promise<void> {
    await sqlRows(
      db,
      `INSERT INTO audit_log (workspace_id, actor_user_id, actor_api_key_id, action, target_type, target_id, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [
        entry.workspaceId,
        entry.actor.userId,
        entry.actor.apiKeyId,
        entry.action,
        entry.target?.type ?? null,
        entry.target?.id ?? null,
        JSON.stringify(entry.metadata ?? {}),
      ],
    );
  }

  /** Newest first; `before` is the id of the last entry of the previous page (keyset pagination). */
  async list(workspaceId: string, limit: number, before?: string): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await sqlRows(
      this.dataSource,
      `SELECT id::text, workspace_id, actor_user_id, actor_api_key_id, action, target_type, target_id, metadata, at
         FROM audit_log a
        WHERE workspace_id = $1 AND ($2::bigint IS NULL OR a.id < $2::bigint)
        ORDER BY a.id DESC
        LIMIT $3`,
      [workspaceId, before ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      actorUserId: r.actor_user_id,
      actorApiKeyId: r.actor_api_key_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      metadata: r.metadata,
      at: new Date(r.at),
    }));
  }
}
