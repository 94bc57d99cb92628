import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateWatchTermDto, TrendSettingsDto, UpdateTrendSettingsDto, WatchTermDto } from './dto/trend-radar.dto.js';
import { TrendSettingsRepository, type TrendSettingsRow, type WatchTermRow } from './trend-settings.repository.js';
import { TrendNotFound, WatchTermInvalid, WatchTermTaken } from './trends.errors.js';

/**
 * What the watch-list sources accept (docs/platform-apis.md §11): a hashtag is what Hashtag Search
 * takes as `q` (letters, digits and _, no spaces; Instagram caps hashtags at 100 characters); a
 * topic is a recent-counts `query` (512 characters at most on X's pay-per-use tier).
 */
export const WATCH_TERM_RULES = {
  hashtag: { max: 100, pattern: /^[\p{L}\p{N}_]+$/u, words: 'letters, digits and _ only (no spaces)' },
  topic: { max: 512, pattern: /^[^\n\r\t]+$/u, words: 'one line' },
} as const;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export const settingsView = (s: TrendSettingsRow): TrendSettingsDto => ({
  regions: s.regions,
  languages: s.languages,
  topics: s.topics,
  xMonthlyCapCents: s.xMonthlyCapCents,
  youtubeDailyUnits: s.youtubeDailyUnits,
  updatedAt: iso(s.updatedAt),
});

const watchView = (w: WatchTermRow): WatchTermDto => ({ id: w.id, term: w.term, kind: w.kind, createdAt: iso(w.createdAt)! });

/** The radar's settings (admins change them) and the watch-list (editors). */
@Injectable()
export class TrendSettingsService {
  constructor(
    private readonly repository: TrendSettingsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async get(workspaceId: string): Promise<TrendSettingsDto> {
    return settingsView(await this.repository.get(workspaceId));
  }

  raw(workspaceId: string): Promise<TrendSettingsRow> {
    return this.repository.get(workspaceId);
  }

  async update(principal: Principal, input: UpdateTrendSettingsDto): Promise<TrendSettingsDto> {
    const workspaceId = workspaceIdOf(principal);
    const actor = actorOf(principal);
    const row = await this.dataSource.transaction(async (tx) => {
      const current = await this.repository.get(workspaceId, tx);
      const next = {
        regions: input.regions ?? current.regions,
        languages: input.languages ?? current.languages,
        topics: input.topics ? [...new Set(input.topics.map((t) => t.trim()).filter(Boolean))] : current.topics,
        xMonthlyCapCents: input.xMonthlyCapCents ?? current.xMonthlyCapCents,
        youtubeDailyUnits: input.youtubeDailyUnits ?? current.youtubeDailyUnits,
      };
      const row = await this.repository.upsert(tx, workspaceId, next, actor.userId);
      await this.audit.record(
        {
          workspaceId,
          actor,
          action: 'trend.settings_updated',
          target: { type: 'workspace', id: workspaceId },
          metadata: { changed: Object.keys(input), xMonthlyCapCents: row.xMonthlyCapCents },
        },
        tx,
      );
      return row;
    });
    return settingsView(row);
  }

  async watchList(workspaceId: string): Promise<WatchTermDto[]> {
    return (await this.repository.watchList(workspaceId)).map(watchView);
  }

  async addWatchTerm(principal: Principal, input: CreateWatchTermDto): Promise<WatchTermDto> {
    const rule = WATCH_TERM_RULES[input.kind];
    const term = input.term.trim();
    if (term.length > rule.max) throw new WatchTermInvalid(`A ${input.kind} can be ${rule.max} characters at most (this one has ${term.length})`);
    if (!rule.pattern.test(term)) throw new WatchTermInvalid(`A ${input.kind} must be ${rule.words}`);
    const workspaceId = workspaceIdOf(principal);
    const actor = actorOf(principal);
    const row = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.addWatchTerm(tx, workspaceId, term, input.kind, actor.userId);
      if (!row) throw new WatchTermTaken();
      await this.audit.record(
        { workspaceId, actor, action: 'trend.watch_added', target: { type: 'trend_watch_term', id: row.id }, metadata: { term, kind: input.kind } },
        tx,
      );
      return row;
    });
    return watchView(row);
  }

  async removeWatchTerm(principal: Principal, id: string): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.removeWatchTerm(tx, workspaceId, id);
      if (!row) throw new TrendNotFound();
      await this.audit.record(
        { workspaceId, actor, action: 'trend.watch_removed', target: { type: 'trend_watch_term', id }, metadata: { term: row.term } },
        tx,
      );
    });
  }
}
