import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { WebhookEventType } from './webhook-events.js';

export interface EndpointRow {
  id: string;
  workspaceId: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  disabledReason: 'failures' | 'user' | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: 'pending' | 'delivering' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  responseCode: number | null;
  latencyMs: number | null;
  responsePreview: string | null;
  lastError: string | null;
  resendOf: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A claimed delivery with what the send needs. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  giveUpAt: Date;
  endpointId: string;
  workspaceId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  eventId: string;
  eventType: WebhookEventType;
  eventData: Record<string, unknown>;
  eventCreatedAt: Date;
}

export interface AttemptResult {
  responseCode: number | null;
  latencyMs: number;
  responsePreview: string | null;
  error: string | null;
}

const ENDPOINT_COLUMNS = `id, workspace_id AS "workspaceId", url, description, event_types AS "eventTypes", enabled, secret,
  previous_secret AS "previousSecret", previous_secret_expires_at AS "previousSecretExpiresAt",
  consecutive_failures AS "consecutiveFailures", failing_since AS "failingSince", disabled_reason AS "disabledReason", disabled_at AS "disabledAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", e.type AS "eventType", d.status, d.attempts,
  d.next_attempt_at AS "nextAttemptAt", d.response_code AS "responseCode", d.latency_ms AS "latencyMs",
  d.response_preview AS "responsePreview", d.last_error AS "lastError", d.resend_of AS "resendOf",
  d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"`;

/** The webhooks module's tables: webhook_endpoints, webhook_events (the outbox), webhook_deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(workspaceId: string): Promise<EndpointRow[]> {
    return sqlRows<EndpointRow>(this.dataSource, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id`, [
      workspaceId,
    ]);
  }

  async get(workspaceId: string, id: string, db: Db = this.dataSource): Promise<EndpointRow | undefined> {
    const [row] = await sqlRows<EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return row;
  }

  async insert(
    db: Db,
    workspaceId: string,
    endpoint: { url: string; description: string; eventTypes: readonly string[]; enabled: boolean; secret: string },
  ): Promise<EndpointRow> {
    const [row] = await sqlRows<EndpointRow>(
      db,
      `INSERT INTO webhook_endpoints (workspace_id, url, description, event_types, enabled, secret, disabled_reason, disabled_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 THEN NULL ELSE 'user' END, CASE WHEN $5 THEN NULL ELSE now() END)
       RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.enabled, endpoint.secret],
    );
    return row!;
  }

  async update(
    db: Db,
    workspaceId: string,
    id: string,
    patch: { url?: string; description?: string; eventTypes?: readonly string[]; enabled?: boolean },
  ): Promise<EndpointRow | undefined> {
    const [row] = await sqlRows<EndpointRow>(
      db,
      `UPDATE webhook_endpoints SET
         url = coalesce($3, url), description = coalesce($4, description), event_types = coalesce($5, event_types),
         enabled = coalesce($6, enabled),
         consecutive_failures = CASE WHEN $6 THEN 0 ELSE consecutive_failures END,
         failing_since = CASE WHEN $6 THEN NULL ELSE failing_since END,
         disabled_reason = CASE WHEN $6 IS NULL THEN disabled_reason WHEN $6 THEN NULL ELSE 'user' END,
         disabled_at = CASE WHEN $6 IS NULL THEN disabled_at WHEN $6 THEN NULL ELSE now() END,
         updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, id, patch.url ?? null, patch.description ?? null, patch.eventTypes ?? null, patch.enabled ?? null],
    );
    return row;
  }

  /** A new secret; the current one stays valid until `previousUntil`. */
  async rotate(db: Db, workspaceId: string, id: string, secret: string, previousUntil: Date): Promise<EndpointRow | undefined> {
    const [row] = await sqlRows<EndpointRow>(
      db,
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $4, secret = $3, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, id, secret, previousUntil],
    );
    return row;
  }

  async remove(db: Db, workspaceId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(db, `DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
    return rows.length > 0;
  }

  /** The delivery log of an endpoint, newest first (keyset on created_at, id). */
  async deliveries(workspaceId: string, endpointId: string, limit: number, before?: { createdAt: Date; id: string }): Promise<DeliveryRow[]> {
    return sqlRows<DeliveryRow>(
      this.dataSource,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.workspace_id = $1 AND d.endpoint_id = $2 AND ($4::timestamptz IS NULL OR (d.created_at, d.id) < ($4, $5::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $3`,
      [workspaceId, endpointId, limit, before?.createdAt ?? null, before?.id ?? null],
    );
  }

  /** Resend: a new delivery of the same event (same webhook-id) to the same endpoint, due now. */
  async resend(db: Db, workspaceId: string, endpointId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
    const [row] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id, resend_of)
       SELECT workspace_id, endpoint_id, event_id, id FROM webhook_deliveries WHERE workspace_id = $1 AND endpoint_id = $2 AND id = $3
       RETURNING id`,
      [workspaceId, endpointId, deliveryId],
    );
    if (!row) return undefined;
    const [delivery] = await sqlRows<DeliveryRow>(
      db,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1`,
      [row.id],
    );
    return delivery;
  }

  /**
   * Claims up to `limit` due deliveries (pending and due, or delivering with an expired lease: a
   * worker died mid-send) of enabled endpoints, leased for `leaseSeconds`. SKIP LOCKED: several
   * processes share the work.
   */
  async claim(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return sqlRows<ClaimedDelivery>(
      this.dataSource,
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE ((d.status = 'pending' AND d.next_attempt_at <= now())
             OR (d.status = 'delivering' AND d.lease_expires_at < now()))
            AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id AND w.enabled)
          ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d SET status = 'delivering', lease_expires_at = now() + make_interval(secs => $2), updated_at = now()
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.attempts, d.give_up_at, d.endpoint_id, d.event_id
       )
       SELECT c.id, c.attempts, c.give_up_at AS "giveUpAt", c.endpoint_id AS "endpointId", w.workspace_id AS "workspaceId", w.url, w.secret,
              w.previous_secret AS "previousSecret", w.previous_secret_expires_at AS "previousSecretExpiresAt",
              e.id AS "eventId", e.type AS "eventType", e.data AS "eventData", e.created_at AS "eventCreatedAt"
         FROM claimed c JOIN webhook_endpoints w ON w.id = c.endpoint_id JOIN webhook_events e ON e.id = c.event_id`,
      [limit, leaseSeconds],
    );
  }

  /** A 2xx: the delivery succeeded and the endpoint's failure count starts again. */
  async succeeded(id: string, result: AttemptResult): Promise<void> {
    await sqlRows(
      this.dataSource,
      `WITH d AS (
         UPDATE webhook_deliveries SET status = 'succeeded', attempts = attempts + 1, response_code = $2, latency_ms = $3,
                response_preview = $4, last_error = NULL, lease_expires_at = NULL, delivered_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'delivering' RETURNING endpoint_id)
       UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id IN (SELECT endpoint_id FROM d)`,
      [id, result.responseCode, result.latencyMs, result.responsePreview],
    );
  }

  /**
   * A failed attempt: again at `retryAt`, or given up (`retryAt` null); the endpoint's failure
   * count grows and at `disableAfter` it is disabled (reason 'failures') with its pending
   * deliveries failed. Returns whether this attempt disabled the endpoint.
   */
  async failed(
    id: string,
    result: AttemptResult,
    retryAt: Date | null,
    disable: { failures: number; failingForSeconds: number },
  ): Promise<{ disabled: boolean }> {
    const [row] = await sqlRows<{ disabled: boolean }>(
      this.dataSource,
      `WITH d AS (
         UPDATE webhook_deliveries SET status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                attempts = attempts + 1, next_attempt_at = coalesce($5, next_attempt_at), response_code = $2, latency_ms = $3,
                response_preview = $4, last_error = $6, lease_expires_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'delivering' RETURNING endpoint_id),
       w AS (
         SELECT id, enabled AND consecutive_failures + 1 >= $7 AND coalesce(failing_since, now()) <= now() - make_interval(secs => $8) AS disable
           FROM webhook_endpoints WHERE id IN (SELECT endpoint_id FROM d) FOR UPDATE),
       e AS (
         UPDATE webhook_endpoints x SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, now()),
                enabled = enabled AND NOT w.disable,
                disabled_reason = CASE WHEN w.disable THEN 'failures' ELSE disabled_reason END,
                disabled_at = CASE WHEN w.disable THEN now() ELSE disabled_at END,
                updated_at = now()
           FROM w WHERE x.id = w.id RETURNING w.disable)
       SELECT coalesce(bool_or(disable), false) AS disabled FROM e`,
      [id, result.responseCode, result.latencyMs, result.responsePreview, retryAt, result.error, disable.failures, disable.failingForSeconds],
    );
    return { disabled: row?.disabled ?? false };
  }

  /** Events (and their deliveries) older than `days` whose deliveries have all ended: the log's retention. */
  async purge(days: number): Promise<number> {
    const rows = await sqlRows(
      this.dataSource,
      `DELETE FROM webhook_events e WHERE e.created_at < now() - make_interval(days => $1)
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status IN ('pending', 'delivering'))
       RETURNING e.id`,
      [days],
    );
    return rows.length;
  }

  /** A disabled endpoint's deliveries still waiting are failed (kept in the log; "resend" after re-enabling). */
  async failPending(endpointId: string, reason: string, db: Db = this.dataSource): Promise<void> {
    await sqlRows(
      db,
      `UPDATE webhook_deliveries SET status = 'failed', last_error = coalesce(last_error, $2), lease_expires_at = NULL, updated_at = now()
        WHERE endpoint_id = $1 AND status IN ('pending', 'delivering')`,
      [endpointId, reason],
    );
  }
}
