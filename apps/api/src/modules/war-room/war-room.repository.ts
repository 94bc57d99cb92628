import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { JOB_FAILED_STATUSES, JOB_OPEN_STATUSES as OPEN_JOBS, PUBLICATION_ENDED_STATUSES, PUBLICATION_OPEN_STATUSES, type Platform } from '@mwr/domain';

import { accountVisibleSql, ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows } from '../../common/database/db.js';
import { sqlStates } from '../../common/database/sql-states.js';

/** One publication as the lanes show it (with its job). */
export interface QueueItemRow {
  publicationId: string;
  contentItemId: string;
  workspaceId: string;
  title: string;
  accountId: string;
  accountHandle: string;
  platform: Platform;
  status: string;
  step: string | null;
  progressBytes: number | null;
  totalBytes: number | null;
  needsReview: boolean;
  jobStatus: string | null;
  waitingOn: {
    code: 'account_disconnected' | 'account_needs_reconnect' | 'account_restricted' | 'scope_missing';
    accountId: string;
    handle: string;
    detail: string | null;
    since: string;
  } | null;
  attempts: number | null;
  maxAttempts: number | null;
  runAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorClass: string | null;
  permalink: string | null;
  postedAt: Date | null;
  updatedAt: Date;
}

export interface UpcomingRow {
  contentItemId: string;
  title: string;
  scheduledAt: Date;
  accountIds: string[];
}

export interface AutomationRow {
  key: string;
  enabled: boolean;
  config: Record<string, unknown>;
  updatedBy: string | null;
  updatedAt: Date;
  lastRunAt: Date | null;
}

export interface AccountHealthRow {
  accountId: string;
  workspaceId: string;
  platform: Platform;
  handle: string;
  status: 'active' | 'needs_reconnect' | 'disabled' | 'restricted';
  restriction: { code: string; message: string; since: string } | null;
  notices: { code: string; since: string }[];
  targetPostsPerWeek: number | null;
  lastRefreshAt: Date | null;
  lastRefreshError: string | null;
  platformUsage: Record<string, unknown> | null;
  hasToken: boolean;
  tokenExpiresAt: Date | null;
  refreshable: boolean;
  finished24h: number;
  failed24h: number;
  posted7d: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastErrorClass: string | null;
  lastErrorAt: Date | null;
  warnings: { automation: string; severity: string; message: string; since: string }[];
}

export interface FailureDayRow {
  accountId: string;
  day: string;
  finished: number;
  failed: number;
}

export interface AutomationActivityRow {
  accountId: string;
  key: string;
  lastActionAt: Date;
  actions24h: number;
  refused24h: number;
}

export interface TrendRow {
  id: string;
  platform: Platform | null;
  kind: string;
  label: string;
  source: string;
  status: string;
  tags: string[];
  score: number | null;
  notes: string | null;
  url: string | null;
  observedAt: Date;
  expiresAt: Date | null;
}

export interface StoredEvent {
  id: string;
  workspaceId: string;
  jobId: string | null;
  publicationId: string | null;
  type: string;
  status: string | null;
  data: Record<string, unknown>;
}

/** Rows of the merged event queries: the bigint id orders them, its text is the event id. */
const asStoredEvents = (rows: unknown[]): StoredEvent[] =>
  (rows as (Omit<StoredEvent, 'id'> & { eventId: string })[]).map(({ eventId, ...e }) => ({ ...e, id: eventId }));

export interface JobViewRow {
  id: string;
  publicationId: string;
  platform: string | null;
  accountId: string | null;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  leaseExpiresAt: Date | null;
  lastError: Record<string, unknown> | null;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The status sets come from the domain's machines (libs/domain), never re-typed here. */
const OPEN_JOB_STATUSES = sqlStates(OPEN_JOBS);
const FAILED_JOB_STATUSES = sqlStates(JOB_FAILED_STATUSES);
const OPEN_PUBLICATION_STATUSES = sqlStates(PUBLICATION_OPEN_STATUSES);
const ENDED_PUBLICATION_STATUSES = sqlStates(PUBLICATION_ENDED_STATUSES);

/** Joined for every lane row: the publication, its item's title, its account's handle and its job. */
const QUEUE_ITEM = `p.id AS "publicationId", p.content_item_id AS "contentItemId", p.workspace_id AS "workspaceId", ci.title,
  p.social_account_id AS "accountId", sa.handle AS "accountHandle", p.platform, p.status, p.step,
  p.progress_bytes::float8 AS "progressBytes", p.total_bytes::float8 AS "totalBytes", p.needs_review AS "needsReview",
  j.status AS "jobStatus", j.waiting_on AS "waitingOn", j.attempts, j.max_attempts AS "maxAttempts", j.run_at AS "runAt",
  p.error_code AS "errorCode", p.error_message AS "errorMessage", p.error_class AS "errorClass", p.permalink,
  p.posted_at AS "postedAt", p.updated_at AS "updatedAt"`;
const QUEUE_JOINS = `JOIN content_items ci ON ci.id = p.content_item_id
  JOIN social_accounts sa ON sa.id = p.social_account_id
  LEFT JOIN LATERAL (SELECT status, waiting_on, attempts, max_attempts, run_at FROM publish_jobs WHERE publication_id = p.id LIMIT 1) j ON true`;

/**
 * The workspace `$1`'s open jobs per status: an index-only scan of publish_jobs_open_status_idx
 * (migration 022), whose size follows the open backlog, never the finished history. Exported so
 * the plan test EXPLAINs this very text.
 */
export const QUEUE_COUNTS_SQL = `SELECT status, count(*)::int AS n FROM publish_jobs WHERE workspace_id = $1 AND status IN ${OPEN_JOB_STATUSES} GROUP BY status`;

/**
 * Jobs ended per UTC day over the last 7 days for the accounts `$1` (uuid[]), oldest day first,
 * zero-filled: one index-only range scan per account over the 7 days (LATERAL, so the plan stays
 * that at any size), grouped by day. The days come from an integer series, which the planner
 * knows is 7 rows (it guesses a timestamp series at 1,000, and JIT-compiled the query for it).
 * Exported so the plan test EXPLAINs this very text.
 */
export const FAILURES_BY_DAY_SQL = `WITH counted AS (
         SELECT a.id AS account_id, c.day, c.finished, c.failed
           FROM unnest($1::uuid[]) AS a(id)
          CROSS JOIN LATERAL (
            SELECT date_trunc('day', j.finished_at AT TIME ZONE 'UTC') AS day,
                   count(*)::int AS finished, count(*) FILTER (WHERE j.status IN ${FAILED_JOB_STATUSES})::int AS failed
              FROM publish_jobs j
             WHERE j.account_id = a.id AND j.finished_at IS NOT NULL
               AND j.finished_at >= (date_trunc('day', now() AT TIME ZONE 'UTC') - interval '6 days') AT TIME ZONE 'UTC'
             GROUP BY 1
          ) AS c
       )
       SELECT a.id AS "accountId", to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(c.finished, 0) AS finished, coalesce(c.failed, 0) AS failed
         FROM unnest($1::uuid[]) AS a(id)
        CROSS JOIN (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') - interval '1 day' * n FROM generate_series(6, 0, -1) AS g(n)) AS d(day)
         LEFT JOIN counted c ON c.account_id = a.id AND c.day = d.day
        ORDER BY a.id, d.day`;

/**
 * What the automations recorded per account and automation over 30 days, for workspace `$1` and
 * accounts `$2` (text[]). Exported so the plan test EXPLAINs this very text.
 */
export const AUTOMATION_ACTIVITY_SQL = `SELECT target_id AS "accountId", split_part(action, '.', 2) AS key, max(at) AS "lastActionAt",
              count(*) FILTER (WHERE at > now() - interval '24 hours' AND action NOT LIKE '%.refused')::int AS "actions24h",
              count(*) FILTER (WHERE at > now() - interval '24 hours' AND action LIKE '%.refused')::int AS "refused24h"
         FROM audit_log
        WHERE workspace_id = $1 AND target_type = 'social_account' AND action LIKE 'automation.%'
          AND target_id = ANY($2::text[]) AND at > now() - interval '30 days'
        GROUP BY 1, 2
        ORDER BY 1, 2`;

/**
 * Reads for the war room. Every query is bounded by an index (migrations 003/006/007): partial
 * indexes on open jobs and in-flight publications, (account, time) ranges for the windows.
 */
@Injectable()
export class WarRoomRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Open jobs per status (the state's counters), from QUEUE_COUNTS_SQL's index-only scan. */
  /** `viewer`: a member limited to some accounts counts only their jobs (issue 25). */
  async queueCounts(workspaceId: string, viewer: AccountViewer = ALL_ACCOUNTS): Promise<Record<string, number>> {
    const rows = await sqlRows<{ status: string; n: number }>(
      this.dataSource,
      viewer.allowedAccountIds === null ? QUEUE_COUNTS_SQL : QUEUE_COUNTS_SQL.replace('GROUP BY', `AND ${accountVisibleSql('account_id', '$2')} GROUP BY`),
      viewer.allowedAccountIds === null ? [workspaceId] : [workspaceId, viewer.allowedAccountIds],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  inFlight(workspaceId: string, limit: number, viewer: AccountViewer = ALL_ACCOUNTS): Promise<QueueItemRow[]> {
    return sqlRows<QueueItemRow>(
      this.dataSource,
      `SELECT ${QUEUE_ITEM} FROM platform_publications p ${QUEUE_JOINS}
        WHERE p.workspace_id = $1 AND (p.status IN ${OPEN_PUBLICATION_STATUSES} OR p.needs_review) AND ${itemVisibleSql('ci', '$3', '$4')}
        ORDER BY p.updated_at DESC, p.id DESC LIMIT $2`,
      [workspaceId, limit, viewer.allowedAccountIds, viewer.userId],
    );
  }

  /** Finished publications, newest first; the cursor is the (updated_at, id) of the last one seen. */
  recent(workspaceId: string, limit: number, after?: { updatedAt: Date; id: string }, viewer: AccountViewer = ALL_ACCOUNTS): Promise<QueueItemRow[]> {
    return sqlRows<QueueItemRow>(
      this.dataSource,
      `SELECT ${QUEUE_ITEM} FROM platform_publications p ${QUEUE_JOINS}
        WHERE p.workspace_id = $1 AND p.status IN ${ENDED_PUBLICATION_STATUSES}
          AND ($3::timestamptz IS NULL OR (p.updated_at, p.id) < ($3::timestamptz, $4::uuid)) AND ${itemVisibleSql('ci', '$5', '$6')}
        ORDER BY p.updated_at DESC, p.id DESC LIMIT $2`,
      [workspaceId, limit, after?.updatedAt ?? null, after?.id ?? null, viewer.allowedAccountIds, viewer.userId],
    );
  }

  upcoming(workspaceId: string, limit: number, viewer: AccountViewer = ALL_ACCOUNTS): Promise<UpcomingRow[]> {
    return sqlRows<UpcomingRow>(
      this.dataSource,
      `SELECT ci.id AS "contentItemId", ci.title, ci.scheduled_at AS "scheduledAt",
              coalesce((SELECT array_agg(t.social_account_id::text) FROM content_item_targets t WHERE t.content_item_id = ci.id), '{}') AS "accountIds"
         FROM content_items ci
        WHERE ci.workspace_id = $1 AND ci.scheduled_at >= now() AND ci.status = 'scheduled' AND ${itemVisibleSql('ci', '$3', '$4')}
        ORDER BY ci.scheduled_at, ci.id LIMIT $2`,
      [workspaceId, limit, viewer.allowedAccountIds, viewer.userId],
    );
  }

  /** The lane rows of some publications of one workspace (SSE updates). */
  queueItems(workspaceId: string, publicationIds: string[]): Promise<QueueItemRow[]> {
    return sqlRows<QueueItemRow>(
      this.dataSource,
      `SELECT ${QUEUE_ITEM} FROM platform_publications p ${QUEUE_JOINS} WHERE p.workspace_id = $1 AND p.id = ANY($2::uuid[])`,
      [workspaceId, publicationIds],
    );
  }

  /** The accounts each publication's item targets (for per-account filtering of live events). */
  async itemAccountIds(workspaceId: string, publicationIds: string[]): Promise<Map<string, string[]>> {
    const rows = await sqlRows<{ publicationId: string; accountIds: string[] }>(
      this.dataSource,
      `SELECT p.id AS "publicationId", coalesce(array_agg(t.social_account_id::text) FILTER (WHERE t.social_account_id IS NOT NULL), '{}') AS "accountIds"
         FROM platform_publications p LEFT JOIN content_item_targets t ON t.content_item_id = p.content_item_id
        WHERE p.workspace_id = $1 AND p.id = ANY($2::uuid[]) GROUP BY p.id`,
      [workspaceId, publicationIds],
    );
    return new Map(rows.map((r) => [r.publicationId, r.accountIds]));
  }

  automations(workspaceId: string): Promise<AutomationRow[]> {
    return sqlRows<AutomationRow>(
      this.dataSource,
      `SELECT key, enabled, config, updated_by AS "updatedBy", updated_at AS "updatedAt", last_run_at AS "lastRunAt" FROM automations WHERE workspace_id = $1`,
      [workspaceId],
    );
  }

  async accountBelongs(workspaceId: string, accountIds: string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows = await sqlRows<{ id: string }>(this.dataSource, 'SELECT id FROM social_accounts WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [
      workspaceId,
      accountIds,
    ]);
    return rows.map((r) => r.id);
  }

  /** Account health, for all the workspace's accounts or some. One indexed probe per account and window. */
  accountHealth(workspaceId: string, accountIds?: string[]): Promise<AccountHealthRow[]> {
    return sqlRows<AccountHealthRow>(
      this.dataSource,
      `SELECT a.id AS "accountId", a.workspace_id AS "workspaceId", a.platform, a.handle, a.status, a.restriction, a.notices, a.target_posts_per_week AS "targetPostsPerWeek",
              a.last_refresh_at AS "lastRefreshAt", a.last_refresh_error AS "lastRefreshError", a.platform_usage AS "platformUsage",
              t.account_id IS NOT NULL AS "hasToken", t.expires_at AS "tokenExpiresAt",
              (t.refresh_token_ciphertext IS NOT NULL AND (t.refresh_expires_at IS NULL OR t.refresh_expires_at > now())) OR (a.platform = 'instagram' AND t.account_id IS NOT NULL) AS refreshable,
              f.finished AS "finished24h", f.failed AS "failed24h", c.posted AS "posted7d",
              le.error_code AS "lastErrorCode", le.error_message AS "lastErrorMessage", le.error_class AS "lastErrorClass", le.updated_at AS "lastErrorAt",
              coalesce((SELECT json_agg(json_build_object('automation', w.automation_key, 'severity', w.severity, 'message', w.message, 'since', w.flagged_at) ORDER BY w.flagged_at)
                          FROM automation_account_flags w WHERE w.account_id = a.id), '[]'::json) AS warnings
         FROM social_accounts a
         LEFT JOIN oauth_tokens t ON t.account_id = a.id
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS finished, count(*) FILTER (WHERE j.status IN ${FAILED_JOB_STATUSES})::int AS failed
             FROM publish_jobs j WHERE j.account_id = a.id AND j.finished_at IS NOT NULL AND j.finished_at > now() - interval '24 hours'
         ) f ON true
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS posted FROM platform_publications p
            WHERE p.social_account_id = a.id AND p.status = 'posted' AND p.posted_at > now() - interval '7 days'
         ) c ON true
         LEFT JOIN LATERAL (
           SELECT p.error_code, p.error_message, p.error_class, p.updated_at FROM platform_publications p
            WHERE p.social_account_id = a.id AND p.status = 'failed' ORDER BY p.updated_at DESC LIMIT 1
         ) le ON true
        WHERE a.workspace_id = $1 AND ($2::uuid[] IS NULL OR a.id = ANY($2::uuid[]))
        ORDER BY a.platform, a.handle`,
      [workspaceId, accountIds ?? null],
    );
  }

  /**
   * Jobs ended per UTC day over the last 7 days for these accounts, oldest day first, zero-filled:
   * one query, one range scan per account on publish_jobs_account_finished_idx.
   */
  async failuresByDay(accountIds: string[]): Promise<FailureDayRow[]> {
    if (accountIds.length === 0) return [];
    return sqlRows<FailureDayRow>(this.dataSource, FAILURES_BY_DAY_SQL, [accountIds]);
  }

  /**
   * What the automations recorded per account and automation (audit entries
   * `automation.<key>.<what>` that target the account), over the last 30 days; partial index
   * audit_log_automation_account_idx (migration 012).
   */
  automationActivity(workspaceId: string, accountIds: string[]): Promise<AutomationActivityRow[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return sqlRows<AutomationActivityRow>(this.dataSource, AUTOMATION_ACTIVITY_SQL, [workspaceId, accountIds]);
  }

  /**
   * What the limiter's windows have used, for the given keys (rate_limit_windows, migration 024): a
   * rolling window counts its grants still inside it; a daily one (`daily`: its time zone) its count
   * for the current local day.
   */
  async limiterUsage(keys: { key: string; windowMs: number; daily?: string }[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await sqlRows<{ key: string; n: number }>(
      this.dataSource,
      `SELECT k.key,
              CASE WHEN k.zone IS NULL THEN (SELECT count(*) FROM unnest(w.hits) h WHERE h > now() - make_interval(secs => k.window_ms / 1000.0))
                   WHEN w.period_start = (date_trunc('day', now() AT TIME ZONE k.zone) AT TIME ZONE k.zone) THEN w.period_count
                   ELSE 0 END::int AS n
         FROM unnest($1::text[], $2::float8[], $3::text[]) AS k(key, window_ms, zone)
         LEFT JOIN rate_limit_windows w ON w.key = k.key`,
      [keys.map((k) => k.key), keys.map((k) => k.windowMs), keys.map((k) => k.daily ?? null)],
    );
    return new Map(rows.map((r) => [r.key, r.n ?? 0]));
  }

  trends(workspaceId: string, limit: number): Promise<TrendRow[]> {
    return sqlRows<TrendRow>(
      this.dataSource,
      `SELECT id, platform, kind, label, source, status, tags, score::float8 AS score, notes, url, observed_at AS "observedAt", expires_at AS "expiresAt"
         FROM trend_entries WHERE workspace_id = $1 AND (expires_at IS NULL OR expires_at > now())
        ORDER BY observed_at DESC LIMIT $2`,
      [workspaceId, limit],
    );
  }

  /** The newest event id of the workspace (job events and workspace events share one id sequence): where a live stream starts. */
  async lastEventId(workspaceId: string): Promise<string> {
    const rows = await sqlRows<{ id: string | null }>(
      this.dataSource,
      `SELECT greatest((SELECT max(id) FROM job_events WHERE workspace_id = $1), (SELECT max(id) FROM workspace_events WHERE workspace_id = $1))::text AS id`,
      [workspaceId],
    );
    return rows[0]?.id ?? '0';
  }

  /** The workspace's events after `afterId`, in order, at most `limit` (the replay buffer: job_events and workspace_events, merged by id). */
  eventsAfter(workspaceId: string, afterId: string, limit: number): Promise<StoredEvent[]> {
    return sqlRows<StoredEvent>(
      this.dataSource,
      `(SELECT id, id::text AS "eventId", workspace_id AS "workspaceId", job_id AS "jobId", publication_id AS "publicationId", type, to_status AS status, data
          FROM job_events e WHERE e.workspace_id = $1 AND e.id > $2::bigint ORDER BY e.id LIMIT $3)
       UNION ALL
       (SELECT id, id::text, workspace_id, NULL::uuid, NULL::uuid, type, NULL::text, data
          FROM workspace_events w WHERE w.workspace_id = $1 AND w.id > $2::bigint ORDER BY w.id LIMIT $3)
       ORDER BY id LIMIT $3`,
      [workspaceId, afterId, limit],
    ).then(asStoredEvents);
  }

  eventsById(ids: string[]): Promise<StoredEvent[]> {
    return sqlRows<StoredEvent>(
      this.dataSource,
      `SELECT id, id::text AS "eventId", workspace_id AS "workspaceId", job_id AS "jobId", publication_id AS "publicationId", type, to_status AS status, data
         FROM job_events WHERE id = ANY($1::bigint[])
       UNION ALL
       SELECT id, id::text, workspace_id, NULL::uuid, NULL::uuid, type, NULL::text, data FROM workspace_events WHERE id = ANY($1::bigint[])
       ORDER BY id`,
      [ids],
    ).then(asStoredEvents);
  }

  /** Read-only jobs view: open jobs by run time, or finished ones newest first. */
  jobs(workspaceId: string, state: 'open' | 'finished', limit: number, before?: { at: Date; id: string }): Promise<JobViewRow[]> {
    const columns = `id, publication_id AS "publicationId", platform, account_id AS "accountId", status, attempts, max_attempts AS "maxAttempts",
      run_at AS "runAt", locked_by AS "lockedBy", lease_expires_at AS "leaseExpiresAt", last_error AS "lastError", updated_at AS "updatedAt", finished_at AS "finishedAt"`;
    if (state === 'open') {
      return sqlRows<JobViewRow>(
        this.dataSource,
        `SELECT ${columns} FROM publish_jobs WHERE workspace_id = $1 AND status IN ${OPEN_JOB_STATUSES}
            AND ($3::timestamptz IS NULL OR (run_at, id) > ($3::timestamptz, $4::uuid))
          ORDER BY run_at, id LIMIT $2`,
        [workspaceId, limit, before?.at ?? null, before?.id ?? null],
      );
    }
    return sqlRows<JobViewRow>(
      this.dataSource,
      `SELECT ${columns} FROM publish_jobs WHERE workspace_id = $1 AND finished_at IS NOT NULL
          AND ($3::timestamptz IS NULL OR (finished_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY finished_at DESC, id DESC LIMIT $2`,
      [workspaceId, limit, before?.at ?? null, before?.id ?? null],
    );
  }
}
