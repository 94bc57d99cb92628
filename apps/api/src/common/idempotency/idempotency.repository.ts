import { sqlRows, type Db } from '../database/db.js';

/** How long a key answers with its first response; after that it is a new key (and purged). */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A request in flight this long is taken to have died with its process: its key may be claimed again. */
export const IDEMPOTENCY_LEASE_MINUTES = 10;

export interface StoredIdempotentRequest {
  route: string | null;
  requestHash: string;
  /** null while the first request is in flight. */
  status: number | null;
  body: unknown;
}

/**
 * The Idempotency-Key rows of the @Idempotent() routes (table of migrations 003 + 033, shared with
 * the content items' own transactional claim), per workspace.
 */
export class IdempotencyKeysRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims the key for a request now in flight. A row past its 24 h, or in flight past its lease,
   * is taken over. True when this request owns the key.
   */
  async claim(workspaceId: string, key: string, route: string, requestHash: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `INSERT INTO idempotency_keys AS k (workspace_id, key, route, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, NULL, NULL)
       ON CONFLICT (workspace_id, key) DO UPDATE
          SET route = EXCLUDED.route, request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL, created_at = now()
        WHERE k.created_at < now() - make_interval(hours => $5)
           OR (k.response_status IS NULL AND k.created_at < now() - make_interval(mins => $6))
       RETURNING k.key`,
      [workspaceId, key, route, requestHash, IDEMPOTENCY_TTL_HOURS, IDEMPOTENCY_LEASE_MINUTES],
    );
    return rows.length > 0;
  }

  async find(workspaceId: string, key: string): Promise<StoredIdempotentRequest | undefined> {
    const rows = await sqlRows<StoredIdempotentRequest>(
      this.db,
      `SELECT route, request_hash AS "requestHash", response_status AS status, response_body AS body
         FROM idempotency_keys WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return rows[0];
  }

  /** Keeps the first (2xx) answer for replay. */
  async complete(workspaceId: string, key: string, status: number, body: unknown): Promise<void> {
    await sqlRows(
      this.db,
      'UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE workspace_id = $1 AND key = $2 AND response_status IS NULL',
      [workspaceId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** The request failed (a 4xx or 5xx): the key is free again, so the client may retry with it. */
  async release(workspaceId: string, key: string): Promise<void> {
    await sqlRows(this.db, 'DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2 AND response_status IS NULL', [workspaceId, key]);
  }

  /** Keys older than 24 h, whatever their route. Set-based; safe in several schedulers at once. */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    const rows = await sqlRows(this.db, `DELETE FROM idempotency_keys WHERE created_at < $1::timestamptz - make_interval(hours => $2) RETURNING key`, [
      now.toISOString(),
      IDEMPOTENCY_TTL_HOURS,
    ]);
    return rows.length;
  }
}
