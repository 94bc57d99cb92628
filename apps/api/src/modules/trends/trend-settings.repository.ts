import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface TrendSettingsRow {
  regions: string[];
  languages: string[];
  topics: string[];
  xMonthlyCapCents: number;
  youtubeDailyUnits: number;
  updatedAt: Date | null;
}

export interface WatchTermRow {
  id: string;
  term: string;
  kind: string;
  createdAt: Date;
}

/** The workspace's radar settings and its watch-list. */
@Injectable()
export class TrendSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The settings, or the defaults (no row yet: X off, 100 YouTube units a day). */
  async get(workspaceId: string, db: Db = this.dataSource): Promise<TrendSettingsRow> {
    const [row] = await sqlRows<TrendSettingsRow>(
      db,
      `SELECT regions, languages, topics, x_monthly_cap_cents AS "xMonthlyCapCents", youtube_daily_units AS "youtubeDailyUnits", updated_at AS "updatedAt"
         FROM trend_settings WHERE workspace_id = $1`,
      [workspaceId],
    );
    return row ?? { regions: [], languages: [], topics: [], xMonthlyCapCents: 0, youtubeDailyUnits: 100, updatedAt: null };
  }

  async upsert(db: Db, workspaceId: string, s: Omit<TrendSettingsRow, 'updatedAt'>, userId: string | null): Promise<TrendSettingsRow> {
    const [row] = await sqlRows<TrendSettingsRow>(
      db,
      `INSERT INTO trend_settings (workspace_id, regions, languages, topics, x_monthly_cap_cents, youtube_daily_units, updated_by, updated_at)
       VALUES ($1, $2::text[], $3::text[], $4::text[], $5, $6, $7, now())
       ON CONFLICT (workspace_id) DO UPDATE SET regions = EXCLUDED.regions, languages = EXCLUDED.languages, topics = EXCLUDED.topics,
         x_monthly_cap_cents = EXCLUDED.x_monthly_cap_cents, youtube_daily_units = EXCLUDED.youtube_daily_units,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING regions, languages, topics, x_monthly_cap_cents AS "xMonthlyCapCents", youtube_daily_units AS "youtubeDailyUnits", updated_at AS "updatedAt"`,
      [workspaceId, s.regions, s.languages, s.topics, s.xMonthlyCapCents, s.youtubeDailyUnits, userId],
    );
    return row!;
  }

  watchList(workspaceId: string, db: Db = this.dataSource): Promise<WatchTermRow[]> {
    return sqlRows<WatchTermRow>(
      db,
      `SELECT id, term, kind, created_at AS "createdAt" FROM trend_watch_terms WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
  }

  /** Undefined when the term is already there (any case, with or without #). */
  async addWatchTerm(db: Db, workspaceId: string, term: string, kind: string, userId: string | null): Promise<WatchTermRow | undefined> {
    const [row] = await sqlRows<WatchTermRow>(
      db,
      `INSERT INTO trend_watch_terms (workspace_id, term, kind, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id, term, kind, created_at AS "createdAt"`,
      [workspaceId, term, kind, userId],
    );
    return row;
  }

  async removeWatchTerm(db: Db, workspaceId: string, id: string): Promise<WatchTermRow | undefined> {
    const [row] = await sqlRows<WatchTermRow>(
      db,
      `DELETE FROM trend_watch_terms WHERE workspace_id = $1 AND id = $2 RETURNING id, term, kind, created_at AS "createdAt"`,
      [workspaceId, id],
    );
    return row;
  }
}
