import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { JOB_FAILED_STATUSES, JOB_OPEN_STATUSES, JOB_WAITING_STATUSES } from '@mwr/domain';

import { sqlRows } from '../../common/database/db.js';
import { sqlStates } from '../../common/database/sql-states.js';

/** Database figures for /metrics and readiness: each an indexed query (migration 007). */
@Injectable()
export class MonitoringRepository {
  constructor(private readonly dataSource: DataSource) {}

  async openJobCounts(): Promise<Record<string, number>> {
    const rows = await sqlRows<{ status: string; n: number }>(
      this.dataSource,
      `SELECT status, count(*)::int AS n FROM publish_jobs WHERE status IN ${sqlStates(JOB_OPEN_STATUSES)} GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async queueLag(): Promise<{ lagSeconds: number; due: number }> {
    const rows = await sqlRows<{ lagSeconds: number; due: number }>(
      this.dataSource,
      `SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0)::float8 AS "lagSeconds", count(*)::int AS due
         FROM publish_jobs WHERE status IN ${sqlStates(JOB_WAITING_STATUSES)} AND run_at <= now()`,
    );
    return rows[0] ?? { lagSeconds: 0, due: 0 };
  }

  errorRateByPlatform(): Promise<{ platform: string; total: number; failed: number }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT coalesce(platform, 'unknown') AS platform, count(*)::int AS total, count(*) FILTER (WHERE status IN ${sqlStates(JOB_FAILED_STATUSES)})::int AS failed
         FROM publish_jobs WHERE finished_at IS NOT NULL AND finished_at > now() - interval '1 hour' GROUP BY 1`,
    );
  }

  tokenExpiries(): Promise<{ accountId: string; platform: string; seconds: number }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT t.account_id AS "accountId", a.platform, extract(epoch FROM t.expires_at - now())::float8 AS seconds
         FROM oauth_tokens t JOIN social_accounts a ON a.id = t.account_id WHERE t.expires_at IS NOT NULL`,
    );
  }
}
