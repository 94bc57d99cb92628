import { createHash } from 'node:crypto';

import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  accountAllowed,
  aggregateItemStatus,
  canDoContentAction,
  canSchedule,
  contentItemStatusMachine,
  nextLocalDate,
  PLANNABLE_STATUSES,
  QUEUE_STATES,
  uncancelRefusal,
  type ContentItemStatus,
  type PublicationStatus,
} from '@mwr/domain';

import { accountAccessOf, accountViewerOf, actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AppException } from '../../common/errors/app-exception.js';
import { keysetCursor } from '../../common/pagination/keyset-cursor.js';
import { fieldError } from '../../common/validation/validation.pipe.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { SocialAccount } from '../accounts/accounts.types.js';
import { AssetsService } from '../assets/assets.service.js';
import { AuditService } from '../audit/audit.service.js';
import { TiktokWarmupLimitReached } from '../automations/tiktok/tiktok-warmup.errors.js';
import { TiktokWarmupService, type WarmupSpread } from '../automations/tiktok/tiktok-warmup.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import {
  CaptionRejected,
  ContentItemNotFound,
  ContentValidationFailed,
  ContributorCannotSchedule,
  ContributorOwnDraftsOnly,
  IdempotencyKeyReused,
  ItemStateConflict,
  StaleVersion,
  TikTokOptionsNotAllowed,
  VersionRequired,
} from './calendar.errors.js';
import { CalendarRepository, type ContentItem, type ItemFields, type ListFilters } from './calendar.repository.js';
import { ItemNotDeleted, UncancelRefused } from './content-undo.errors.js';
import { validateAccountOptions, validateCaptions, validateContent } from './content-validation.js';
import type { CreateContentItemDto, ListContentItemsQueryDto, QueueQueryDto, TargetInputDto, UpdateContentItemDto } from './dto/content-item.dto.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export interface Warning {
  code: string;
  /** English, for integrators; a UI words the warning from code + params. */
  message: string;
  params?: Record<string, unknown>;
}

export interface ItemWithWarnings {
  item: ContentItem;
  warnings: Warning[];
}

/** States in which what is posted, where and when may still change (the domain's rule book). */
const PLANNABLE = PLANNABLE_STATUSES;
/** Deleted items are purged this long after their deletion; until then they can be restored. */
export const DELETED_RETENTION_DAYS = 30;
/** Once posting started, only the record (title, caption, options) may change; nothing is republished. */
const POSTED_OR_POSTING: readonly ContentItemStatus[] = ['publishing', 'published', 'partially_published'];
const MAX_CALENDAR_DAYS = 62;
const MAX_CALENDAR_ITEMS = 5000;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** If-Match: "3", W/"3" or 3 → 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(header.trim());
  return match ? Number(match[1]) : Number.NaN;
}

const toTargets = (targets: TargetInputDto[]) => targets.map((t) => ({ accountId: t.accountId, options: { ...(t.options ?? {}) } }));

@Injectable()
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly assets: AssetsService,
    private readonly warmup: TiktokWarmupService,
    private readonly reviews: ReviewsService,
  ) {}

  /**
   * Publishing, in its transaction: the item follows its publications (published, partially
   * published, failed, cancelled, or publishing while any moves); it stays as it is while one
   * waits for a person's review. The calendar is the only writer of content_items.
   */
  async followPublications(tx: Db, itemId: string, publications: readonly { status: PublicationStatus; needsReview: boolean }[]): Promise<void> {
    if (publications.some((p) => p.needsReview)) return;
    await this.repository.setPublishingStatus(tx, itemId, aggregateItemStatus(publications.map((p) => p.status)));
  }

  /**
   * Publishing, in its transaction: a publication of the item goes again (retry). Refused for a
   * cancelled or deleted item (its transaction rolls back): nothing of it may post again.
   */
  async publishingAgain(tx: Db, itemId: string): Promise<void> {
    const item = await this.repository.lockState(tx, itemId);
    if (item && (item.status === 'cancelled' || item.deleted)) {
      throw new ItemStateConflict('This post was cancelled or deleted: duplicate it to post it again', 'ITEM_CANCELLED');
    }
    await this.repository.setPublishingStatus(tx, itemId, 'publishing');
  }

  /**
   * The queue: items in the chosen state (see QUEUE_STATES), by scheduled time, soonest first for
   * what is coming and latest first for the history, paged back through everything by cursor.
   */
  async queue(principal: Principal, query: QueueQueryDto): Promise<{ items: ContentItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const state = QUEUE_STATES[query.state ?? 'all'];
    const rows = await this.repository.queue(workspaceIdOf(principal), {
      viewer: accountViewerOf(principal),
      statuses: state.statuses,
      order: state.order,
      platform: query.platform,
      accountId: query.accountId,
      text: query.q,
      cursor: QUEUE_CURSOR.decodeOptional(query.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? QUEUE_CURSOR.encode({ atMicros: last.cursorMicros!, id: last.id }) : null };
  }

  /**
   * For deleting an asset, in the caller's transaction (the asset row locked): the items still
   * planning to post it (the deletion is refused while there are any); when there are none, the
   * finished items that posted it lose the link (the foreign key requires it).
   */
  async releaseAsset(workspaceId: string, assetId: string, tx: Db): Promise<{ inUseBy: { id: string; status: string }[] }> {
    const inUseBy = await this.repository.itemsUsingAsset(workspaceId, assetId, tx);
    if (inUseBy.length === 0) await this.repository.detachAssetFromFinishedItems(workspaceId, assetId, tx);
    return { inUseBy };
  }

  /**
   * One item, as this caller may see it: a member limited to some accounts gets 404 for an item
   * that targets another account (or a draft without accounts that is not theirs) — the same rule
   * as itemVisibleSql, for callers (experiments, reviews) that name an item in a body.
   */
  async get(principal: Principal, id: string): Promise<ContentItem> {
    const item = await this.repository.findById(workspaceIdOf(principal), id);
    if (!item || !this.visibleTo(principal, item)) throw new ContentItemNotFound();
    return item;
  }

  private visibleTo(principal: Principal, item: ContentItem): boolean {
    const access = accountAccessOf(principal);
    if (access === null) return true;
    if (item.targets.length === 0) return principal.kind === 'user' && item.createdBy === principal.userId;
    return item.targets.every((t) => accountAllowed(access, t.accountId));
  }

  async list(principal: Principal, query: ListContentItemsQueryDto): Promise<{ items: ContentItem[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const statuses = query.status?.split(',') as ContentItemStatus[] | undefined;
    const unknown = statuses?.filter((s) => !contentItemStatusMachine.states.includes(s));
    if (unknown?.length) throw new ContentValidationFailed([{ field: 'status', messages: [`unknown status ${unknown.join(', ')}`] }]);
    const filters: ListFilters = {
      viewer: accountViewerOf(principal),
      statuses,
      platform: query.platform,
      accountId: query.accountId,
      text: query.q,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      fromDate: query.fromDate,
      toDateExclusive: query.toDate ? nextLocalDate(query.toDate) : undefined,
      cursor: CURSOR.decodeOptional(query.cursor),
      limit: limit + 1,
    };
    const rows = await this.repository.list(workspaceIdOf(principal), filters);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? CURSOR.encode({ createdAtMicros: last.cursorMicros!, id: last.id }) : null };
  }

  /** Items scheduled on the local days fromDate..toDate of the workspace's time zone, in one query. */
  async window(principal: Principal, fromDate: string, toDate: string): Promise<{ timeZone: string; from: Date; to: Date; items: ContentItem[] }> {
    const days = (Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000;
    if (!Number.isFinite(days) || days < 0 || days > MAX_CALENDAR_DAYS) {
      throw new ContentValidationFailed([
        { field: 'toDate', messages: [`toDate must be a valid date between fromDate and ${MAX_CALENDAR_DAYS} days after it`] },
      ]);
    }
    const result = await this.repository.calendarWindow(workspaceIdOf(principal), fromDate, toDate, MAX_CALENDAR_ITEMS, accountViewerOf(principal));
    if (!result) throw new AppException('NOT_FOUND', 'Workspace not found', HttpStatus.NOT_FOUND);
    return result;
  }

  /**
   * `render` turns the result into the response body; with an Idempotency-Key that body is what a
   * retry gets back, byte for byte.
   */
  async create<T>(
    principal: Principal,
    dto: CreateContentItemDto,
    render: (result: ItemWithWarnings) => T,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: T; replayed: boolean }> {
    const workspaceId = workspaceIdOf(principal);
    const fields: ItemFields = {
      title: dto.title ?? '',
      caption: dto.caption ?? '',
      hashtags: dto.hashtags ?? [],
      assetId: dto.assetId ?? null,
      scheduledAt: dto.scheduledAt ? new Date(dto.scheduledAt) : null,
      timeZone: dto.timeZone,
      status: dto.status ?? (dto.scheduledAt ? 'scheduled' : 'draft'),
      options: dto.options ?? {},
    };
    if (fields.status !== 'draft') this.assertMaySchedule(principal);
    const targets = toTargets(dto.targets);
    const accounts = await this.checkContent(workspaceId, fields, targets, true, principal);
    // Computed before the transaction: on the embedded database a query outside it would wait for it.
    const warnings = await this.warnings(workspaceId, { ...fields, accountIds: targets.map((t) => t.accountId), excludeId: null }, accounts);
    const warmup =
      fields.status === 'scheduled'
        ? await this.warmup.gate(
            workspaceId,
            targets.map((t) => t.accountId),
          )
        : null;
    const transaction = <R>(work: (tx: Db) => Promise<R>) => this.warmupRefusalAudited(principal, null, () => this.dataSource.transaction(work));
    const run = async (tx: Db) => {
      // The TikTok warm-up ramp: refused past it, or moved to the next day with room (auto-spread).
      const placed = warmup && fields.scheduledAt ? await this.warmup.enforce(tx, warmup, fields.scheduledAt, null) : null;
      const id = await this.repository.insert(
        workspaceId,
        principal.kind === 'user' ? principal.userId : null,
        placed ? { ...fields, scheduledAt: placed.scheduledAt } : fields,
        tx,
      );
      await this.repository.replaceTargets(workspaceId, id, targets, tx);
      await this.audit.record(
        { workspaceId, actor: actorOf(principal), action: 'content_item.created', target: { type: 'content_item', id }, metadata: { status: fields.status } },
        tx,
      );
      if (placed?.spread) warnings.push(await this.recordSpread(tx, principal, id, placed.spread));
      return (await this.repository.findById(workspaceId, id, tx))!;
    };
    if (!idempotencyKey) {
      const item = await transaction(run);
      return { status: HttpStatus.CREATED, body: render({ item, warnings }), replayed: false };
    }
    const requestHash = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    return transaction(async (tx) => {
      if (!(await this.idempotency.claim(tx, workspaceId, idempotencyKey, requestHash))) {
        const stored = await this.idempotency.find(tx, workspaceId, idempotencyKey);
        if (!stored || stored.requestHash !== requestHash) throw new IdempotencyKeyReused();
        return { status: stored.status, body: stored.body as T, replayed: true };
      }
      const item = await run(tx);
      const body = render({ item, warnings });
      await this.idempotency.save(tx, workspaceId, idempotencyKey, HttpStatus.CREATED, body);
      return { status: HttpStatus.CREATED, body, replayed: false };
    });
  }

  async update(principal: Principal, id: string, dto: UpdateContentItemDto, ifMatch?: string): Promise<ItemWithWarnings> {
    const workspaceId = workspaceIdOf(principal);
    const current = await this.get(principal, id);
    this.assertMayEdit(principal, current);
    const version = this.requireVersion(current, dto.version, ifMatch);
    const movesStatus = dto.status !== undefined && dto.status !== current.status;
    const changesPlan = dto.scheduledAt !== undefined || dto.targets !== undefined || dto.assetId !== undefined || dto.timeZone !== undefined || movesStatus;
    if (current.status === 'cancelled') throw new ItemStateConflict('This item was cancelled: duplicate it to plan it again');
    if (dto.status && movesStatus && !POSTED_OR_POSTING.includes(current.status) && !contentItemStatusMachine.canTransition(current.status, dto.status)) {
      throw new ItemStateConflict(`A ${current.status.replace('_', ' ')} item cannot become ${dto.status}`);
    }
    // Scheduling a draft checks its time like a new item's.
    const schedules = movesStatus && dto.status === 'scheduled';
    if (POSTED_OR_POSTING.includes(current.status) && changesPlan) {
      throw new ItemStateConflict(
        'This item is already publishing or published: its time, accounts and video are fixed. Duplicate it to post again.',
        'ITEM_LOCKED',
      );
    }
    const fields: ItemFields = {
      title: dto.title ?? current.title,
      caption: dto.caption ?? current.caption,
      hashtags: dto.hashtags ?? current.hashtags,
      assetId: dto.assetId ?? current.assetId,
      scheduledAt: dto.scheduledAt ? new Date(dto.scheduledAt) : current.scheduledAt,
      timeZone: dto.timeZone ?? current.timeZone,
      status: dto.status ?? current.status,
      options: dto.options ?? current.options,
    };
    if (fields.status !== 'draft') this.assertMaySchedule(principal);
    const targets = dto.targets ? toTargets(dto.targets) : current.targets.map((t) => ({ accountId: t.accountId, options: t.options }));
    const accounts = await this.checkContent(workspaceId, fields, targets, dto.scheduledAt !== undefined || schedules, principal);
    // A new time or new accounts for a live plan go through the TikTok warm-up ramp again.
    const replans = (dto.scheduledAt !== undefined || dto.targets !== undefined || schedules) && (fields.status === 'scheduled' || fields.status === 'paused');
    const warmup = replans
      ? await this.warmup.gate(
          workspaceId,
          targets.map((t) => t.accountId),
        )
      : null;
    const { item, spreadWarning } = await this.warmupRefusalAudited(principal, id, () =>
      this.dataSource.transaction(async (tx) => {
        const placed = warmup && fields.scheduledAt ? await this.warmup.enforce(tx, warmup, fields.scheduledAt, id) : null;
        if (placed) fields.scheduledAt = placed.scheduledAt;
        if (!(await this.repository.update(workspaceId, id, version, fields, tx))) throw new StaleVersion(await this.currentVersion(workspaceId, id));
        if (dto.targets) await this.repository.replaceTargets(workspaceId, id, targets, tx);
        await this.audit.record(
          {
            workspaceId,
            actor: actorOf(principal),
            action: 'content_item.updated',
            target: { type: 'content_item', id },
            metadata: { fields: Object.keys(dto).filter((k) => k !== 'version') },
          },
          tx,
        );
        // An approval follows an edit that leaves what is published unchanged; otherwise it is void (issue 25).
        await this.reviews.afterEdit(tx, principal, workspaceId, id);
        const spreadWarning = placed?.spread ? await this.recordSpread(tx, principal, id, placed.spread) : null;
        return { item: (await this.repository.findById(workspaceId, id, tx))!, spreadWarning };
      }),
    );
    const warnings = await this.warnings(workspaceId, { ...item, accountIds: item.targets.map((t) => t.accountId), excludeId: item.id }, accounts);
    if (spreadWarning) warnings.push(spreadWarning);
    if (POSTED_OR_POSTING.includes(item.status)) {
      warnings.push({
        code: 'not_republished',
        message: 'Already published: the change is saved here but not sent to the platforms. Duplicate the item to post it again.',
      });
    }
    return { item, warnings };
  }

  async reschedule(
    principal: Principal,
    id: string,
    scheduledAt: string,
    timeZone: string | undefined,
    version: number | undefined,
    ifMatch?: string,
  ): Promise<ItemWithWarnings> {
    this.assertMaySchedule(principal);
    const current = await this.get(principal, id);
    if (!PLANNABLE.includes(current.status)) throw new ItemStateConflict(`A ${current.status.replace('_', ' ')} item cannot be rescheduled`, 'ITEM_LOCKED');
    return this.update(principal, id, { scheduledAt, timeZone, version }, ifMatch);
  }

  pause(principal: Principal, id: string, ifMatch?: string): Promise<ContentItem> {
    return this.move(principal, id, 'paused', ifMatch, 'content_item.paused', 'pause');
  }

  /**
   * Resuming schedules the item, so it passes the checks of scheduling it by create or PATCH:
   * a time, accounts, the platforms' rules and quality gates, and the TikTok warm-up ramp.
   */
  async resume(principal: Principal, id: string, ifMatch?: string): Promise<ContentItem> {
    this.assertMaySchedule(principal);
    const workspaceId = workspaceIdOf(principal);
    const current = await this.get(principal, id);
    if (current.status === 'paused' && current.scheduledAt && current.scheduledAt.getTime() < Date.now()) {
      throw new ItemStateConflict('Its time has passed while it was paused: reschedule it instead', 'SCHEDULE_IN_PAST');
    }
    const version = parseIfMatch(ifMatch);
    if (Number.isNaN(version)) throw new VersionRequired();
    if (version !== undefined && version !== current.version) throw new StaleVersion(current.version);
    if (!contentItemStatusMachine.canTransition(current.status, 'scheduled')) {
      throw new ItemStateConflict(`A ${current.status.replace('_', ' ')} item cannot become scheduled`);
    }
    const fields: ItemFields = { ...current, status: 'scheduled' };
    const targets = current.targets.map((t) => ({ accountId: t.accountId, options: t.options }));
    await this.checkContent(workspaceId, fields, targets, true);
    const warmup = await this.warmup.gate(
      workspaceId,
      targets.map((t) => t.accountId),
    );
    return this.warmupRefusalAudited(principal, id, () =>
      this.dataSource.transaction(async (tx) => {
        const placed = warmup && fields.scheduledAt ? await this.warmup.enforce(tx, warmup, fields.scheduledAt, id) : null;
        // Checked against the version validated above, so what is scheduled is what was checked.
        const stored = placed?.spread
          ? await this.repository.update(workspaceId, id, current.version, { ...fields, scheduledAt: placed.scheduledAt }, tx)
          : await this.repository.transition(workspaceId, id, current.status, 'scheduled', current.version, tx);
        if (!stored) throw new StaleVersion(await this.currentVersion(workspaceId, id));
        await this.audit.record(
          {
            workspaceId,
            actor: actorOf(principal),
            action: 'content_item.resumed',
            target: { type: 'content_item', id },
            metadata: { from: current.status, to: 'scheduled' },
          },
          tx,
        );
        await this.reviews.afterEdit(tx, principal, workspaceId, id);
        if (placed?.spread) await this.recordSpread(tx, principal, id, placed.spread);
        return (await this.repository.findById(workspaceId, id, tx))!;
      }),
    );
  }

  cancel(principal: Principal, id: string, ifMatch?: string): Promise<ContentItem> {
    return this.move(principal, id, 'cancelled', ifMatch, 'content_item.cancelled', 'cancel');
  }

  /** A new draft with the same content, accounts and options: the explicit way to post something again. */
  async duplicate(principal: Principal, id: string): Promise<ContentItem> {
    const workspaceId = workspaceIdOf(principal);
    const source = await this.get(principal, id);
    return this.dataSource.transaction(async (tx) => {
      const copyId = await this.repository.insert(
        workspaceId,
        principal.kind === 'user' ? principal.userId : null,
        {
          title: source.title ? `${source.title} (copy)`.slice(0, 200) : '',
          caption: source.caption,
          hashtags: source.hashtags,
          assetId: source.assetId,
          scheduledAt: null,
          timeZone: source.timeZone,
          status: 'draft',
          options: source.options,
          duplicatedFrom: source.id,
        },
        tx,
      );
      await this.repository.replaceTargets(
        workspaceId,
        copyId,
        source.targets.map((t) => ({ accountId: t.accountId, options: t.options })),
        tx,
      );
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'content_item.duplicated',
          target: { type: 'content_item', id: copyId },
          metadata: { from: source.id },
        },
        tx,
      );
      return (await this.repository.findById(workspaceId, copyId, tx))!;
    });
  }

  /** Soft delete: hidden everywhere, restorable for DELETED_RETENTION_DAYS, then purged. */
  async delete(principal: Principal, id: string, ifMatch?: string): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    const current = await this.get(principal, id);
    if (!canDoContentAction(current.status, 'delete')) throw new ItemStateConflict('Only drafts and cancelled items can be deleted: cancel it first');
    const version = parseIfMatch(ifMatch);
    if (Number.isNaN(version)) throw new VersionRequired();
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.softDelete(workspaceId, id, version, tx))) throw new StaleVersion(await this.currentVersion(workspaceId, id));
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'content_item.deleted', target: { type: 'content_item', id } }, tx);
    });
  }

  /** Undoes a delete: the item comes back as it was (a draft or a cancelled item). */
  async restore(principal: Principal, id: string): Promise<ContentItem> {
    const workspaceId = workspaceIdOf(principal);
    const found = await this.repository.findById(workspaceId, id, undefined, true);
    if (!found) throw new ContentItemNotFound();
    if (!found.deletedAt) throw new ItemNotDeleted();
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.restore(workspaceId, id, tx))) throw new ItemNotDeleted();
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'content_item.restored', target: { type: 'content_item', id } }, tx);
      return (await this.repository.findById(workspaceId, id, tx))!;
    });
  }

  /**
   * Undoes a cancel: back to the state it was cancelled from, unless something was posted or its
   * time has passed (409 with the domain's reason as code; duplicate it instead).
   */
  async uncancel(principal: Principal, id: string, ifMatch?: string): Promise<ContentItem> {
    this.assertMaySchedule(principal);
    const workspaceId = workspaceIdOf(principal);
    const current = await this.get(principal, id);
    const version = parseIfMatch(ifMatch);
    if (Number.isNaN(version)) throw new VersionRequired();
    if (version !== undefined && version !== current.version) throw new StaleVersion(current.version);
    const refusal = uncancelRefusal({
      status: current.status,
      cancelledFrom: current.cancelledFrom ?? null,
      scheduledAt: current.scheduledAt,
      publicationStatuses: current.publications.map((p) => p.status),
      now: new Date(),
    });
    if (refusal) throw new UncancelRefused(refusal);
    const to = current.cancelledFrom!;
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.uncancel(workspaceId, id, to, current.version, tx))) throw new StaleVersion(await this.currentVersion(workspaceId, id));
      await this.audit.record(
        { workspaceId, actor: actorOf(principal), action: 'content_item.uncancelled', target: { type: 'content_item', id }, metadata: { to } },
        tx,
      );
      await this.reviews.afterEdit(tx, principal, workspaceId, id);
      return (await this.repository.findById(workspaceId, id, tx))!;
    });
  }

  private async move(
    principal: Principal,
    id: string,
    to: ContentItemStatus,
    ifMatch: string | undefined,
    action: string,
    rule: 'pause' | 'cancel',
  ): Promise<ContentItem> {
    const workspaceId = workspaceIdOf(principal);
    const current = await this.get(principal, id);
    const version = parseIfMatch(ifMatch);
    if (Number.isNaN(version)) throw new VersionRequired();
    if (!canDoContentAction(current.status, rule)) {
      throw new ItemStateConflict(`A ${current.status.replace('_', ' ')} item cannot become ${to}`);
    }
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.transition(workspaceId, id, current.status, to, version, tx)))
        throw new StaleVersion(await this.currentVersion(workspaceId, id));
      await this.audit.record(
        { workspaceId, actor: actorOf(principal), action, target: { type: 'content_item', id }, metadata: { from: current.status, to } },
        tx,
      );
      await this.reviews.afterEdit(tx, principal, workspaceId, id);
      return (await this.repository.findById(workspaceId, id, tx))!;
    });
  }

  /** The item's spread is audited with it; its response says where it went. */
  private async recordSpread(tx: Db, principal: Principal, itemId: string, spread: WarmupSpread): Promise<Warning> {
    await this.warmup.recordSpread(tx, workspaceIdOf(principal), actorOf(principal), itemId, spread);
    return { code: 'warmup_spread', message: this.warmup.describeSpread(spread), params: { nextAllowedDate: spread.nextAllowedDate } };
  }

  /** A plan refused by the TikTok warm-up is audited once its transaction has rolled back. */
  private async warmupRefusalAudited<R>(principal: Principal, itemId: string | null, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TiktokWarmupLimitReached) await this.warmup.recordRefusal(workspaceIdOf(principal), actorOf(principal), error, itemId);
      throw error;
    }
  }

  private requireVersion(current: ContentItem, bodyVersion: number | undefined, ifMatch: string | undefined): number {
    const headerVersion = parseIfMatch(ifMatch);
    if (Number.isNaN(headerVersion)) throw new VersionRequired();
    const version = headerVersion ?? bodyVersion;
    if (version === undefined) throw new VersionRequired();
    if (version !== current.version) throw new StaleVersion(current.version);
    return version;
  }

  private async currentVersion(workspaceId: string, id: string): Promise<number> {
    const item = await this.repository.findById(workspaceId, id);
    if (!item) throw new ContentItemNotFound();
    return item.version;
  }

  /**
   * Contributors write drafts only (issue 25): whatever would make a post scheduled — create or
   * PATCH with a non-draft status, reschedule, resume, uncancel — is refused with its own code.
   */
  private assertMaySchedule(principal: Principal): void {
    if (principal.kind === 'user' && principal.role && !canSchedule(principal.role)) throw new ContributorCannotSchedule();
  }

  /** A contributor changes its own drafts, nothing else. */
  private assertMayEdit(principal: Principal, current: ContentItem): void {
    if (principal.kind !== 'user' || !principal.role || canSchedule(principal.role)) return;
    if (current.status !== 'draft' || current.createdBy !== principal.userId) throw new ContributorOwnDraftsOnly();
  }

  private async checkContent(
    workspaceId: string,
    fields: ItemFields,
    targets: { accountId: string; options: Record<string, unknown> }[],
    checkSchedule: boolean,
    principal?: Principal,
  ): Promise<Map<string, SocialAccount>> {
    // A member limited to some accounts cannot target the others: they are unknown to them, as an account of another workspace.
    const access = principal ? accountAccessOf(principal) : null;
    const accountIds = [...new Set(targets.map((t) => t.accountId))].filter((id) => accountAllowed(access, id));
    const accounts = new Map((await this.accounts.findMany(workspaceId, accountIds)).map((a) => [a.id, a]));
    const errors = validateContent(
      { caption: fields.caption, hashtags: fields.hashtags, scheduledAt: fields.scheduledAt, status: fields.status, targets },
      accounts,
      new Date(),
      checkSchedule,
    );
    if (fields.assetId && !(await this.repository.assetExists(workspaceId, fields.assetId)))
      errors.push(fieldError('assetId', [{ code: 'ASSET_NOT_IN_WORKSPACE', message: 'no such video in this workspace', params: {} }]));
    if (errors.length > 0) throw new ContentValidationFailed(errors);
    const captionErrors = validateCaptions({ caption: fields.caption, hashtags: fields.hashtags, targets }, accounts);
    if (captionErrors.length > 0) throw new CaptionRejected(captionErrors);
    const optionProblems = validateAccountOptions(targets, accounts);
    if (optionProblems.length > 0) throw new TikTokOptionsNotAllowed(optionProblems);
    // Quality gates: a video a target platform would reject cannot be scheduled (drafts may wait).
    if (fields.assetId && fields.status !== 'draft' && fields.status !== 'cancelled') {
      await this.assets.assertPublishable(
        workspaceId,
        fields.assetId,
        targets.flatMap((t) => accounts.get(t.accountId) ?? []),
      );
    }
    return accounts;
  }

  private async warnings(
    workspaceId: string,
    item: { assetId: string | null; scheduledAt: Date | null; status: ContentItemStatus; accountIds: string[]; excludeId: string | null },
    accounts: Map<string, SocialAccount>,
  ): Promise<Warning[]> {
    const warnings: Warning[] = [];
    for (const accountId of item.accountIds) {
      const account = accounts.get(accountId);
      if (account?.status === 'needs_reconnect')
        warnings.push({
          code: 'account_needs_reconnect',
          message: `@${account.handle} must be reconnected before this can post`,
          params: { handle: account.handle, platform: account.platform },
        });
      if (account?.status === 'restricted') {
        warnings.push({
          code: 'account_restricted',
          message: `@${account.handle} is restricted by the platform and will not post until that is solved: ${account.restriction?.message ?? 'no reason given'}`,
          params: { handle: account.handle, platform: account.platform, reason: account.restriction?.code ?? null },
        });
      }
    }
    if (item.assetId && item.scheduledAt && item.status !== 'draft') {
      const near = await this.repository.nearDuplicates(workspaceId, item.assetId, item.accountIds, item.scheduledAt, item.excludeId);
      for (const other of near) {
        warnings.push({
          code: 'near_duplicate',
          message: `The same video goes to @${other.handle} within 24 h (at ${new Date(other.scheduledAt).toISOString()})`,
          params: { handle: other.handle, scheduledAt: new Date(other.scheduledAt).toISOString() },
        });
      }
    }
    return warnings;
  }
}

/** Cursors carry created_at in microseconds (PostgreSQL's precision; a JS Date would round it). */
const CURSOR = keysetCursor({ createdAtMicros: 'micros', id: 'uuid' });
/** The queue's cursor: its sort key (scheduled time, else creation time) in microseconds, and the id. */
const QUEUE_CURSOR = keysetCursor({ atMicros: 'micros', id: 'uuid' });
