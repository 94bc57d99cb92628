import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { JOB_FAILED_STATUSES, JOB_MOVING_STATUSES } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import { sqlStates } from '../../common/database/sql-states.js';

export type AlertRule = 'queue_depth' | 'error_rate' | 'token_expiring' | 'needs_review' | 'webhook_disabled';

export interface AlertCandidate {
  workspaceId: string;
  rule: AlertRule;
  subject: string;
  severity: 'warning' | 'critical';
  message: string;
  value: number | null;
  threshold: number | null;
}

export interface Alert extends AlertCandidate {
  id: string;
  firedAt: Date;
}

export interface Thresholds {
  queueDepth: number;
  errorRatePercent: number;
  errorRateMinJobs: number;
  tokenExpiryHours: number;
}

const ALERT = `id, workspace_id AS "workspaceId", rule, subject, severity, message, value, threshold, fired_at AS "firedAt"`;

/** The alert rules as set-based SQL over every workspace, and the alerts table (one firing row per rule and subject). */
@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True when this caller holds the evaluation lock for the rest of the transaction (several schedulers may run). */
  async tryLock(tx: Db): Promise<boolean> {
    const rows = await sqlRows<{ ok: boolean }>(tx, `SELECT pg_try_advisory_xact_lock(hashtext('mwr:alerts')) AS ok`);
    return rows[0]?.ok === true;
  }

  async candidates(tx: Db, t: Thresholds): Promise<AlertCandidate[]> {
    const [depth, errors, tokens, reviews, webhooks] = [
      await sqlRows<{ workspaceId: string; n: number }>(
        tx,
        `SELECT workspace_id AS "workspaceId", count(*)::int AS n FROM publish_jobs
          WHERE status IN ${sqlStates(JOB_MOVING_STATUSES)} GROUP BY workspace_id HAVING count(*) > $1`,
        [t.queueDepth],
      ),
      await sqlRows<{ workspaceId: string; total: number; failed: number }>(
        tx,
        `SELECT workspace_id AS "workspaceId", count(*)::int AS total, count(*) FILTER (WHERE status IN ${sqlStates(JOB_FAILED_STATUSES)})::int AS failed
           FROM publish_jobs WHERE finished_at IS NOT NULL AND finished_at > now() - interval '1 hour'
          GROUP BY workspace_id HAVING count(*) >= $1 AND count(*) FILTER (WHERE status IN ${sqlStates(JOB_FAILED_STATUSES)}) * 100.0 / count(*) > $2`,
        [t.errorRateMinJobs, t.errorRatePercent],
      ),
      await sqlRows<{ workspaceId: string; accountId: string; handle: string; platform: string; hours: number; reason: string }>(
        tx,
        `SELECT a.workspace_id AS "workspaceId", a.id AS "accountId", a.handle, a.platform,
                round(extract(epoch FROM least(t.expires_at, coalesce(t.refresh_expires_at, t.expires_at)) - now()) / 3600.0, 1)::float8 AS hours,
                CASE WHEN a.last_refresh_error IS NOT NULL THEN 'the last refresh failed: ' || a.last_refresh_error
                     WHEN t.refresh_expires_at IS NOT NULL AND t.refresh_expires_at < now() + make_interval(hours => $1) THEN 'the refresh token expires too'
                     ELSE 'it cannot be refreshed' END AS reason
           FROM oauth_tokens t JOIN social_accounts a ON a.id = t.account_id
          WHERE a.status <> 'disabled' AND (
                (t.expires_at < now() + make_interval(hours => $1)
                  AND (a.last_refresh_error IS NOT NULL OR (t.refresh_token_ciphertext IS NULL AND a.platform <> 'instagram')))
             OR (t.refresh_expires_at IS NOT NULL AND t.refresh_expires_at < now() + make_interval(hours => $1)))`,
        [t.tokenExpiryHours],
      ),
      await sqlRows<{ workspaceId: string; publicationId: string; platform: string | null }>(
        tx,
        `SELECT workspace_id AS "workspaceId", publication_id AS "publicationId", platform FROM publish_jobs WHERE status = 'needs_review'`,
      ),
      // Webhook endpoints disabled after repeated failures (webhooks module): firing until re-enabled.
      await sqlRows<{ workspaceId: string; endpointId: string; url: string; failures: number }>(
        tx,
        `SELECT workspace_id AS "workspaceId", id AS "endpointId", url, consecutive_failures AS failures
           FROM webhook_endpoints WHERE NOT enabled AND disabled_reason = 'failures'`,
      ),
    ];
    return [
      ...depth.map((r): AlertCandidate => ({
        workspaceId: r.workspaceId,
        rule: 'queue_depth',
        subject: '',
        severity: r.n > t.queueDepth * 5 ? 'critical' : 'warning',
        message: `${r.n} publish jobs are waiting or running (threshold ${t.queueDepth})`,
        value: r.n,
        threshold: t.queueDepth,
      })),
      ...errors.map((r): AlertCandidate => {
        const percent = Math.round((r.failed * 1000) / r.total) / 10;
        return {
          workspaceId: r.workspaceId,
          rule: 'error_rate',
          subject: '',
          severity: 'critical',
          message: `${percent}% of the jobs that ended in the last hour failed (${r.failed}/${r.total}, threshold ${t.errorRatePercent}%)`,
          value: percent,
          threshold: t.errorRatePercent,
        };
      }),
      ...tokens.map((r): AlertCandidate => ({
        workspaceId: r.workspaceId,
        rule: 'token_expiring',
        subject: r.accountId,
        severity: r.hours <= 0 ? 'critical' : 'warning',
        message:
          r.hours <= 0
            ? `The ${r.platform} token of @${r.handle} has expired and ${r.reason}`
            : `The ${r.platform} token of @${r.handle} expires in ${r.hours} h and ${r.reason}`,
        value: r.hours,
        threshold: t.tokenExpiryHours,
      })),
      ...reviews.map((r): AlertCandidate => ({
        workspaceId: r.workspaceId,
        rule: 'needs_review',
        subject: r.publicationId,
        severity: 'warning',
        message: `A ${r.platform ?? ''} publication may or may not have been posted: a person must check it`.replace('A  ', 'A '),
        value: null,
        threshold: null,
      })),
      ...webhooks.map((r): AlertCandidate => ({
        workspaceId: r.workspaceId,
        rule: 'webhook_disabled',
        subject: r.endpointId,
        severity: 'warning',
        message: `The webhook endpoint ${r.url} was disabled after ${r.failures} failed deliveries in a row: fix it and enable it in Settings`,
        value: r.failures,
        threshold: null,
      })),
    ];
  }

  firingAll(tx: Db): Promise<Alert[]> {
    return sqlRows<Alert>(tx, `SELECT ${ALERT} FROM alerts WHERE status = 'firing'`);
  }

  firing(workspaceId: string, db: Db = this.dataSource): Promise<Alert[]> {
    return sqlRows<Alert>(db, `SELECT ${ALERT} FROM alerts WHERE workspace_id = $1 AND status = 'firing' ORDER BY fired_at DESC, id`, [workspaceId]);
  }

  /** New firing rows; the partial unique index makes a concurrent duplicate a no-op. */
  async fire(tx: Db, alerts: AlertCandidate[], deliver: boolean): Promise<void> {
    for (const a of alerts) {
      await sqlRows(
        tx,
        `INSERT INTO alerts (workspace_id, rule, subject, severity, message, value, threshold, next_delivery_at, notified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), CASE WHEN $8 THEN NULL ELSE now() END)
         ON CONFLICT (workspace_id, rule, subject) WHERE status = 'firing' DO NOTHING`,
        [a.workspaceId, a.rule, a.subject, a.severity, a.message, a.value, a.threshold, deliver],
      );
    }
  }

  /** Keeps the figures of still-firing alerts current (without notifying again). */
  async refresh(tx: Db, id: string, a: AlertCandidate): Promise<void> {
    await sqlRows(tx, 'UPDATE alerts SET message = $2, value = $3, severity = $4 WHERE id = $1', [id, a.message, a.value, a.severity]);
  }

  async resolve(tx: Db, ids: string[]): Promise<void> {
    if (ids.length) await sqlRows(tx, `UPDATE alerts SET status = 'resolved', resolved_at = now() WHERE id = ANY($1::uuid[]) AND status = 'firing'`, [ids]);
  }

  /** Claims due deliveries for a minute (a crashed deliverer's claim runs out), oldest first. */
  claimDeliveries(maxAttempts: number, limit = 20): Promise<(Alert & { deliveryAttempts: number })[]> {
    return sqlRows(
      this.dataSource,
      `WITH due AS (
         SELECT id FROM alerts WHERE notified_at IS NULL AND status = 'firing' AND next_delivery_at <= now() AND delivery_attempts < $1
          ORDER BY next_delivery_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE alerts a SET next_delivery_at = now() + interval '1 minute' FROM due WHERE a.id = due.id
       RETURNING a.id, a.workspace_id AS "workspaceId", a.rule, a.subject, a.severity, a.message, a.value, a.threshold, a.fired_at AS "firedAt", a.delivery_attempts AS "deliveryAttempts"`,
      [maxAttempts, limit],
    );
  }

  async delivered(id: string): Promise<void> {
    await sqlRows(
      this.dataSource,
      'UPDATE alerts SET notified_at = now(), delivery_attempts = delivery_attempts + 1, last_delivery_error = NULL WHERE id = $1',
      [id],
    );
  }

  async deliveryFailed(id: string, error: string, retryInMs: number): Promise<void> {
    await sqlRows(
      this.dataSource,
      `UPDATE alerts SET delivery_attempts = delivery_attempts + 1, last_delivery_error = $2, next_delivery_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1`,
      [id, error.slice(0, 500), retryInMs],
    );
  }
}
