import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface SourceRunRow {
  workspaceId: string;
  source: string;
  scope: string;
  nextRunAt: Date;
  lastRunAt: Date | null;
  lastOkAt: Date | null;
  lastError: string | null;
}

export interface SourceAccountRow {
  id: string;
  workspaceId: string;
  platform: Platform;
  remoteAccountId: string;
  status: string;
  scopes: string[];
  loginFlavour: string | null;
}

export interface CountedTagRow {
  accountId: string;
  tag: string;
  countedAt: Date;
}

export interface ObservationRow {
  source: string;
  platform: Platform | null;
  region: string | null;
  term: string;
  label: string;
  kind: string;
  metric: string;
  value: number;
  observedAt: string;
  othersContent: boolean;
  expiresAt: string | null;
  detail: Record<string, unknown>;
}

const RUN = `workspace_id AS "workspaceId", source, scope, next_run_at AS "nextRunAt", last_run_at AS "lastRunAt", last_ok_at AS "lastOkAt", last_error AS "lastError"`;

/** A fetched observation's kind on the board. */
const KIND_SQL = `CASE o.kind WHEN 'hashtag' THEN 'hashtag' WHEN 'audio' THEN 'sound' ELSE 'topic' END`;

/**
 * The trend sources' schedule (claimed FOR UPDATE SKIP LOCKED with a lease, like metric_reads),
 * their ledgers (units a day, hashtags counted per account in the rolling window, money a month)
 * and what they observed.
 */
@Injectable()
export class TrendSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds the missing (workspace, source, scope) rows, due now. */
  async ensureRuns(rows: { workspaceId: string; source: string; scope: string }[], db: Db = this.dataSource): Promise<void> {
    if (rows.length === 0) return;
    await sqlRows(
      db,
      `INSERT INTO trend_source_runs (workspace_id, source, scope)
       SELECT r."workspaceId", r.source, r.scope FROM jsonb_to_recordset($1::jsonb) AS r("workspaceId" uuid, source text, scope text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  runs(workspaceId: string, db: Db = this.dataSource): Promise<SourceRunRow[]> {
    return sqlRows<SourceRunRow>(db, `SELECT ${RUN} FROM trend_source_runs WHERE workspace_id = $1 ORDER BY source, scope`, [workspaceId]);
  }

  /** Makes a source's runs of a workspace due now. */
  async dueNow(workspaceId: string, source: string, db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, `UPDATE trend_source_runs SET next_run_at = now() WHERE workspace_id = $1 AND source = $2`, [workspaceId, source]);
  }

  /** Claims due runs for `leaseMs` (a crashed runner's claim runs out); `only` narrows to one workspace and source. */
  claimDue(limit: number, leaseMs: number, only?: { workspaceId: string; source: string }, db: Db = this.dataSource): Promise<SourceRunRow[]> {
    return sqlRows<SourceRunRow>(
      db,
      `UPDATE trend_source_runs r SET claimed_until = now() + make_interval(secs => $2::float8 / 1000)
         FROM (SELECT workspace_id, source, scope FROM trend_source_runs
                WHERE next_run_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                  AND ($3::uuid IS NULL OR workspace_id = $3) AND ($4::text IS NULL OR source = $4)
                ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
        WHERE r.workspace_id = due.workspace_id AND r.source = due.source AND r.scope = due.scope
        RETURNING ${RUN.replace(/(^|, )(\w+)/g, '$1r.$2')}`,
      [limit, leaseMs, only?.workspaceId ?? null, only?.source ?? null],
    );
  }

  async finishRun(
    db: Db,
    run: { workspaceId: string; source: string; scope: string },
    outcome: { ok: boolean; error: string | null; nextRunAt: Date },
  ): Promise<void> {
    await sqlRows(
      db,
      `UPDATE trend_source_runs SET claimed_until = NULL, last_run_at = now(), runs = runs + 1, next_run_at = $4,
              last_error = $5, last_ok_at = CASE WHEN $6 THEN now() ELSE last_ok_at END
        WHERE workspace_id = $1 AND source = $2 AND scope = $3`,
      [run.workspaceId, run.source, run.scope, outcome.nextRunAt, outcome.error, outcome.ok],
    );
  }

  /** Workspaces that target a region or watch a term (the ones the fetched sources serve). */
  workspacesWithInputs(db: Db = this.dataSource): Promise<{ workspaceId: string; regions: boolean; terms: boolean }[]> {
    return sqlRows(
      db,
      `SELECT w.id AS "workspaceId", coalesce(cardinality(s.regions) > 0, false) AS regions,
              EXISTS (SELECT 1 FROM trend_watch_terms t WHERE t.workspace_id = w.id) AS terms
         FROM workspaces w LEFT JOIN trend_settings s ON s.workspace_id = w.id
        WHERE cardinality(s.regions) > 0 OR EXISTS (SELECT 1 FROM trend_watch_terms t WHERE t.workspace_id = w.id)`,
    );
  }

  /** Connected accounts of the workspace on these platforms, with what they granted and how they logged in. */
  accounts(workspaceId: string, platforms: string[], db: Db = this.dataSource): Promise<SourceAccountRow[]> {
    return sqlRows<SourceAccountRow>(
      db,
      `SELECT id, workspace_id AS "workspaceId", platform, remote_account_id AS "remoteAccountId", status, scopes,
              capabilities ->> 'loginFlavour' AS "loginFlavour"
         FROM social_accounts WHERE workspace_id = $1 AND platform = ANY($2::text[]) ORDER BY created_at, id`,
      [workspaceId, platforms],
    );
  }

  // --- units a day -------------------------------------------------------------------------

  async unitsUsed(workspaceId: string, source: string, timeZone: string, db: Db = this.dataSource): Promise<number> {
    const [row] = await sqlRows<{ units: number }>(
      db,
      `SELECT units FROM trend_units WHERE workspace_id = $1 AND source = $2 AND day = (now() AT TIME ZONE $3)::date`,
      [workspaceId, source, timeZone],
    );
    return row?.units ?? 0;
  }

  async spendUnits(db: Db, workspaceId: string, source: string, timeZone: string, units: number): Promise<void> {
    if (units <= 0) return;
    await sqlRows(
      db,
      `INSERT INTO trend_units (workspace_id, source, day, units) VALUES ($1, $2, (now() AT TIME ZONE $3)::date, $4)
       ON CONFLICT (workspace_id, source, day) DO UPDATE SET units = trend_units.units + EXCLUDED.units`,
      [workspaceId, source, timeZone, units],
    );
  }

  // --- unique hashtags per account per rolling window -----------------------------------------

  counted(workspaceId: string, days: number, accountId?: string, db: Db = this.dataSource): Promise<CountedTagRow[]> {
    return sqlRows<CountedTagRow>(
      db,
      `SELECT account_id AS "accountId", tag, counted_at AS "countedAt" FROM instagram_hashtag_searches
        WHERE workspace_id = $1 AND ($3::uuid IS NULL OR account_id = $3) AND counted_at > now() - make_interval(days => $2)
        ORDER BY counted_at, tag`,
      [workspaceId, days, accountId ?? null],
    );
  }

  /** Tags newly counted start their window now; a tag counted before the window began counts again from now. */
  async count(db: Db, workspaceId: string, accountId: string, days: number, tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    await sqlRows(
      db,
      `INSERT INTO instagram_hashtag_searches (workspace_id, account_id, tag) SELECT $1, $2, unnest($4::text[])
       ON CONFLICT (account_id, tag) DO UPDATE SET last_searched_at = now(),
         counted_at = CASE WHEN instagram_hashtag_searches.counted_at <= now() - make_interval(days => $3) THEN now() ELSE instagram_hashtag_searches.counted_at END`,
      [workspaceId, accountId, days, tags],
    );
  }

  // --- money a month ----------------------------------------------------------------------------

  async spentThisMonth(workspaceId: string, db: Db = this.dataSource): Promise<number> {
    const [row] = await sqlRows<{ cents: number }>(
      db,
      `SELECT coalesce(sum(cents), 0)::float8 AS cents FROM trend_spend WHERE workspace_id = $1 AND spent_at >= date_trunc('month', now())`,
      [workspaceId],
    );
    return row?.cents ?? 0;
  }

  spendThisMonth(workspaceId: string, source: string, db: Db = this.dataSource): Promise<{ what: string; cents: number; spentAt: Date }[]> {
    return sqlRows(
      db,
      `SELECT what, cents::float8 AS cents, spent_at AS "spentAt" FROM trend_spend
        WHERE workspace_id = $1 AND source = $2 AND spent_at >= date_trunc('month', now()) ORDER BY spent_at DESC, id DESC LIMIT 50`,
      [workspaceId, source],
    );
  }

  async spend(db: Db, workspaceId: string, source: string, what: string, cents: number): Promise<void> {
    if (cents <= 0) return;
    await sqlRows(db, `INSERT INTO trend_spend (workspace_id, source, what, cents) VALUES ($1, $2, $3, $4)`, [workspaceId, source, what, cents]);
  }

  // --- observations ------------------------------------------------------------------------------

  /**
   * Stores the readings and files one board entry per (source, term) unless the workspace already
   * has an entry for the term (the team's or another source's: the readings reach it by term).
   */
  async observe(db: Db, workspaceId: string, rows: ObservationRow[]): Promise<void> {
    if (rows.length === 0) return;
    const json = JSON.stringify(rows);
    await sqlRows(
      db,
      `INSERT INTO trend_observations (workspace_id, source, platform, region, term, label, metric, value, observed_at, others_content, detail)
       SELECT $1, o.source, coalesce(o.platform, ''), o.region, o.term, o.label, o.metric, o.value, o."observedAt", o."othersContent", o.detail
         FROM jsonb_to_recordset($2::jsonb) AS o(source text, platform text, region text, term text, label text, metric text, value float8,
                                                  "observedAt" timestamptz, "othersContent" boolean, detail jsonb)`,
      [workspaceId, json],
    );
    await sqlRows(
      db,
      `INSERT INTO trend_entries (workspace_id, platform, kind, label, source, status, region, expires_at, observed_at)
       SELECT DISTINCT ON (o.source, o.term) $1::uuid, o.platform, ${KIND_SQL}, o.label, o.source, 'spotted',
              CASE WHEN o.region ~ '^[A-Z]{2}$' THEN o.region END, o."expiresAt", o."observedAt"
         FROM jsonb_to_recordset($2::jsonb) AS o(source text, platform text, region text, term text, label text, kind text, "expiresAt" timestamptz, "observedAt" timestamptz)
        WHERE NOT EXISTS (SELECT 1 FROM trend_entries e WHERE e.workspace_id = $1 AND e.term = o.term AND e.source <> o.source)
        ORDER BY o.source, o.term, o."observedAt" DESC
       ON CONFLICT (workspace_id, source, term) WHERE source LIKE '%.%'
       DO UPDATE SET observed_at = EXCLUDED.observed_at, expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [workspaceId, json],
    );
  }

  /** Metrics a platform refused as retired (written by the analytics ingestion). */
  retiredMetrics(db: Db = this.dataSource): Promise<{ platform: Platform; metric: string; lastSeenAt: Date }[]> {
    return sqlRows(db, `SELECT platform, metric, last_seen_at AS "lastSeenAt" FROM platform_retired_metrics ORDER BY platform, metric`);
  }
}
