import { Injectable } from '@nestjs/common';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Integrators' Idempotency-Key records, per workspace. */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims the key inside the caller's transaction. A concurrent claim of the same key waits on the
   * primary key until the first transaction ends, then gets false and reads the stored response.
   */
  async claim(db: Db, workspaceId: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `INSERT INTO idempotency_keys (workspace_id, key, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, 0, 'null'::jsonb) ON CONFLICT DO NOTHING RETURNING key`,
      [workspaceId, key, requestHash],
    );
    return rows.length > 0;
  }

  async find(db: Db, workspaceId: string, key: string): Promise<StoredResponse | undefined> {
    const rows = await sqlRows<StoredResponse>(
      db,
      'SELECT request_hash AS "requestHash", response_status AS status, response_body AS body FROM idempotency_keys WHERE workspace_id = $1 AND key = $2',
      [workspaceId, key],
    );
    return rows[0];
  }

  async save(db: Db, workspaceId: string, key: string, status: number, body: unknown): Promise<void> {
    await sqlRows(db, 'UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE workspace_id = $1 AND key = $2', [
      workspaceId,
      key,
      status,
      JSON.stringify(body),
    ]);
  }
}
