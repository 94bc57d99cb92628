import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ApiKeyScope } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Its own requests per minute; null: the server default. */
  rateLimitPerMinute: number | null;
}

const COLUMNS = `id, workspace_id AS "workspaceId", name, prefix, scopes, created_by AS "createdBy", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", rate_limit_per_minute AS "rateLimitPerMinute"`;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    input: {
      workspaceId: string;
      name: string;
      prefix: string;
      secretHash: string;
      scopes: ApiKeyScope[];
      createdBy: string | null;
      expiresAt: Date | null;
      rateLimitPerMinute: number | null;
    },
    db: Db = this.dataSource,
  ): Promise<ApiKey> {
    const rows: ApiKey[] = await sqlRows(
      db,
      `INSERT INTO api_keys (workspace_id, name, prefix, secret_hash, scopes, created_by, expires_at, rate_limit_per_minute)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING ${COLUMNS}`,
      [input.workspaceId, input.name, input.prefix, input.secretHash, input.scopes, input.createdBy, input.expiresAt, input.rateLimitPerMinute],
    );
    return rows[0]!;
  }

  list(workspaceId: string): Promise<ApiKey[]> {
    return sqlRows(this.dataSource, `SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at DESC`, [workspaceId]);
  }

  async revoke(workspaceId: string, id: string, db: Db = this.dataSource): Promise<ApiKey | undefined> {
    const rows: ApiKey[] = await sqlRows(
      db,
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id],
    );
    return rows[0];
  }

  async setRateLimit(workspaceId: string, id: string, rateLimitPerMinute: number | null, db: Db = this.dataSource): Promise<ApiKey | undefined> {
    const rows: ApiKey[] = await sqlRows(db, `UPDATE api_keys SET rate_limit_per_minute = $3 WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [
      workspaceId,
      id,
      rateLimitPerMinute,
    ]);
    return rows[0];
  }

  /** A usable key by the hash of its secret: not revoked, not expired. */
  async findUsableBySecretHash(secretHash: string): Promise<ApiKey | undefined> {
    const rows: ApiKey[] = await sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [secretHash],
    );
    return rows[0];
  }

  /** The keys among `ids` that are still usable (not revoked, not expired), in one statement. */
  usableByIds(ids: readonly string[]): Promise<ApiKey[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS} FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [ids],
    );
  }

  /** Records use at most once a minute per key, so a busy integration does not write on every call. */
  async touch(id: string): Promise<void> {
    await sqlRows(
      this.dataSource,
      "UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
      [id],
    );
  }
}
