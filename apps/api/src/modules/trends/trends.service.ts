import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { requireUser } from '../../common/auth/user-only.js';
import { jsonBytes, type JsonBytes } from '../../common/http/json-bytes.js';
import { AuditService } from '../audit/audit.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { CreateContentItemDto } from '../calendar/dto/content-item.dto.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CreateTrendDto, ListTrendsQueryDto, TrendDraftDto, TrendDraftPrefillDto, TrendEntryDto, UpdateTrendDto } from './dto/trend.dto.js';
import { TrendListCache } from './trend-list.cache.js';
import { emptyEvidence, type TrendEvidence } from './trend-scoring.js';
import { InvalidTrend, TrendNotFound, TrendOwnerNotMember } from './trends.errors.js';
import { TrendsRepository, type TrendEntryRow, type TrendPatch } from './trends.repository.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function trendView(r: TrendEntryRow): TrendEntryDto {
  return {
    id: r.id,
    platform: r.platform,
    kind: r.kind,
    label: r.label,
    source: r.source,
    status: r.status,
    tags: r.tags ?? [],
    score: r.score,
    notes: r.notes,
    url: r.url,
    createdBy: r.createdBy,
    contentItemId: r.contentItemId,
    observedAt: iso(r.observedAt)!,
    expiresAt: iso(r.expiresAt),
    expired: Boolean(r.expired),
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    ownerId: r.ownerId ?? null,
    region: r.region ?? null,
    sourceDate: r.sourceDate ?? null,
    votes: r.votes ?? 0,
    voted: Boolean(r.voted),
    linkedItems: r.linkedItems ?? 0,
    strength: r.strength ?? null,
    relevance: r.relevance ?? null,
    proof: r.proof ?? null,
    // Entries not scored yet (or scored before a field existed) show empty evidence, never a missing key.
    evidence: evidenceView(r.evidence ?? {}),
    scoredAt: iso(r.scoredAt ?? null),
  };
}

/** Stored evidence over the empty one, each score's figures too (a pass before a field existed did not write it). */
function evidenceView(stored: Partial<TrendEvidence>): TrendEvidence {
  const empty = emptyEvidence();
  return {
    ...empty,
    ...stored,
    strength: { ...empty.strength, ...stored.strength },
    relevance: { ...empty.relevance, ...stored.relevance },
    proof: { ...empty.proof, ...stored.proof },
  };
}

/** A content item's hashtag: letters, digits or _ (as the calendar accepts them), without the #. */
const HASHTAG = /^[\p{L}\p{N}_]{1,100}$/u;

/**
 * What a draft made from an entry starts with: its title, and a caption seeded from it (a hashtag
 * entry becomes the item's hashtag, anything else the first line of the caption, then the notes).
 */
export function trendDraftContent(entry: Pick<TrendEntryRow, 'kind' | 'label' | 'notes'>): { title: string; caption: string; hashtags: string[] } {
  const tag = entry.label.trim().replace(/^#+/, '').replace(/\s+/g, '');
  if (entry.kind === 'hashtag' && HASHTAG.test(tag)) return { title: entry.label, caption: entry.notes ?? '', hashtags: [tag] };
  return { title: entry.label, caption: [entry.label, entry.notes].filter(Boolean).join('\n\n'), hashtags: [] };
}

/**
 * What "Use this trend" opens the composer with: the hashtag (a hashtag entry), the sound or the
 * format in words (the composer has no audio picker: the person adds the sound in the app). The
 * platforms' caption rules (Instagram's 5 hashtags…) are the calendar's and still apply on save.
 */
export function trendPrefill(entry: Pick<TrendEntryRow, 'kind' | 'label' | 'notes'>): TrendDraftPrefillDto {
  const { hashtags } = trendDraftContent(entry);
  return { hashtags, audio: entry.kind === 'sound' ? entry.label : null, format: entry.kind === 'format' ? entry.label : null };
}

const dedupeTags = (tags: string[] | undefined) => (tags ? [...new Set(tags.map((t) => t.trim()).filter(Boolean))] : undefined);

/**
 * Trend Radar: entries the team curates (manual, team notes) or our own analytics propose. There
 * is deliberately no fetcher of any kind here: nothing is read from a platform.
 */
@Injectable()
export class TrendsService {
  constructor(
    private readonly repository: TrendsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly workspaces: WorkspacesService,
    private readonly cache: TrendListCache,
  ) {}

  /** The list answer (`{ items }`) as bytes: computed, serialized and gzipped once for everyone asking the same within a few seconds. */
  listBytes(principal: Principal, query: ListTrendsQueryDto): Promise<JsonBytes> {
    const workspaceId = workspaceIdOf(principal);
    const voterId = actorOf(principal).userId;
    return this.cache.get(workspaceId, `${voterId}|${JSON.stringify(query)}`, async () =>
      jsonBytes({ items: await this.listNow(workspaceId, voterId, query) }),
    );
  }

  private async listNow(workspaceId: string, voterId: string | null, query: ListTrendsQueryDto): Promise<TrendEntryDto[]> {
    const rows = await this.repository.list(workspaceId, voterId, {
      status: query.status,
      kind: query.kind,
      platform: query.platform,
      source: query.source,
      ownerId: query.ownerId,
      sort: query.sort,
      includeExpired: query.includeExpired === 'true',
      limit: query.limit ?? 100,
    });
    return rows.map(trendView);
  }

  async get(principal: Principal, id: string): Promise<TrendEntryDto> {
    const row = await this.repository.get(workspaceIdOf(principal), id, undefined, actorOf(principal).userId);
    if (!row) throw new TrendNotFound();
    return trendView(row);
  }

  /** A person's vote (people only: the route refuses keys). */
  async vote(principal: Principal, id: string, vote: 'up' | 'none'): Promise<TrendEntryDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = requireUser(principal).userId;
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.vote(tx, workspaceId, id, userId, vote === 'up'))) throw new TrendNotFound();
    });
    this.cache.drop(workspaceId);
    return this.get(principal, id);
  }

  private async checkOwner(workspaceId: string, ownerId: string | null | undefined): Promise<void> {
    if (ownerId && !(await this.repository.isMember(workspaceId, ownerId))) throw new TrendOwnerNotMember();
  }

  async create(principal: Principal, input: CreateTrendDto): Promise<TrendEntryDto> {
    const workspaceId = workspaceIdOf(principal);
    const actor = actorOf(principal);
    await this.checkOwner(workspaceId, input.ownerId);
    const row = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.insert(tx, workspaceId, {
        ownerId: input.ownerId ?? null,
        region: input.region ?? null,
        sourceDate: input.sourceDate ?? null,
        platform: input.platform ?? null,
        kind: input.kind,
        label: input.label,
        source: input.source ?? 'manual',
        status: input.status ?? 'spotted',
        tags: dedupeTags(input.tags) ?? [],
        score: input.score ?? null,
        notes: input.notes || null,
        url: input.url ?? null,
        expiresAt: input.expiresAt ?? null,
        createdBy: actor.userId,
      });
      await this.audit.record(
        {
          workspaceId,
          actor,
          action: 'trend.created',
          target: { type: 'trend', id: row.id },
          metadata: { label: row.label, kind: row.kind, source: row.source },
        },
        tx,
      );
      return row;
    });
    this.cache.drop(workspaceId);
    return trendView(row);
  }

  async update(principal: Principal, id: string, input: UpdateTrendDto): Promise<TrendEntryDto> {
    const workspaceId = workspaceIdOf(principal);
    const patch: TrendPatch = {};
    for (const key of ['platform', 'kind', 'label', 'status', 'score', 'url', 'expiresAt', 'ownerId', 'region'] as const)
      if (input[key] !== undefined) patch[key] = input[key];
    if (input.notes !== undefined) patch.notes = input.notes === null || input.notes === '' ? null : input.notes;
    if (input.tags !== undefined) patch.tags = dedupeTags(input.tags);
    if (Object.keys(patch).length === 0) throw new InvalidTrend('Nothing to change');
    await this.checkOwner(workspaceId, input.ownerId);
    const actor = actorOf(principal);
    const row = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.update(tx, workspaceId, id, patch);
      if (!row) throw new TrendNotFound();
      await this.audit.record({ workspaceId, actor, action: 'trend.updated', target: { type: 'trend', id }, metadata: { changed: Object.keys(patch) } }, tx);
      return row;
    });
    this.cache.drop(workspaceId);
    return trendView(row);
  }

  /**
   * Turns an entry into a new draft (no accounts yet: the composer picks them), links the two and
   * puts the entry under test. The draft is created by the calendar in its own transaction.
   */
  async createDraft(principal: Principal, id: string): Promise<TrendDraftDto> {
    const workspaceId = workspaceIdOf(principal);
    const entry = await this.repository.get(workspaceId, id);
    if (!entry) throw new TrendNotFound();
    const { timeZone } = await this.workspaces.current(principal);
    const draft: CreateContentItemDto = { ...trendDraftContent(entry), timeZone, status: 'draft', targets: [] };
    const { body: item } = await this.calendar.create(principal, draft, (result) => result.item);
    const actor = actorOf(principal);
    const row = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.linkDraft(tx, workspaceId, id, item.id);
      // Deleted meanwhile: the draft stays (it is an ordinary draft), the link cannot.
      if (!row) throw new TrendNotFound();
      await this.audit.record(
        { workspaceId, actor, action: 'trend.draft_created', target: { type: 'trend', id }, metadata: { contentItemId: item.id, status: row.status } },
        tx,
      );
      return row;
    });
    this.cache.drop(workspaceId);
    return { contentItemId: item.id, prefill: trendPrefill(entry), trend: trendView(row) };
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.delete(tx, workspaceId, id);
      if (!row) throw new TrendNotFound();
      await this.audit.record({ workspaceId, actor, action: 'trend.deleted', target: { type: 'trend', id }, metadata: { label: row.label } }, tx);
    });
    this.cache.drop(workspaceId);
  }
}
