import { Injectable, Logger } from '@nestjs/common';

import { variantProblems } from '@mwr/domain';
import { optionOwner } from '@mwr/publishers';

import { accountAccessOf, accountViewerOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { BestTimesService } from '../best-times/best-times.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { ContentItem } from '../calendar/calendar.types.js';
import type { CreateContentItemDto, TargetInputDto } from '../calendar/dto/content-item.dto.js';
import type { CreateExperimentDto, ExperimentDto, ExperimentListDto, ListExperimentsQueryDto } from './dto/experiment.dto.js';
import {
  ExperimentAccountsInvalid,
  ExperimentDuplicateVariant,
  ExperimentInvalidVariants,
  ExperimentNeedsVideo,
  ExperimentNotFound,
  ExperimentNotOpen,
  ExperimentTrialInstagramOnly,
} from './experiments.errors.js';
import { ExperimentsRepository, labelOf, type ExperimentRow } from './experiments.repository.js';

export function toExperimentDto(e: ExperimentRow): ExperimentDto {
  return {
    id: e.id,
    itemId: e.contentItemId,
    platform: e.platform,
    mode: e.mode,
    metric: e.metric,
    age: e.age,
    status: e.status,
    cancelReason: e.cancelReason,
    variants: e.variants.map((v) => ({
      label: labelOf(v.position),
      caption: v.caption,
      hashtags: v.hashtags,
      accountId: v.accountId,
      handle: v.handle,
      itemId: v.variantItemId,
      scheduledAt: v.scheduledAt.toISOString(),
      publicationId: v.publicationId,
      publicationStatus: v.publicationStatus,
      postedAt: v.postedAt ? v.postedAt.toISOString() : null,
      permalink: v.permalink,
    })),
    verdict: (e.verdict as unknown as ExperimentDto['verdict']) ?? null,
    decidedAt: e.decidedAt ? new Date(e.decidedAt).toISOString() : null,
    createdAt: new Date(e.createdAt).toISOString(),
  };
}

/**
 * Caption experiments (issue 24). Each variant is posted as its own content item through the
 * calendar (so every compliance check, the warm-up ramp and the pipeline apply as to any post);
 * "one account, comparable times" takes the account's next free queue slots one after the other
 * (spacing, warm-up and budgets kept by "Add to queue").
 */
@Injectable()
export class ExperimentsService {
  private readonly log = new Logger(ExperimentsService.name);

  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly calendar: CalendarService,
    private readonly bestTimes: BestTimesService,
  ) {}

  async create(principal: Principal, dto: CreateExperimentDto): Promise<ExperimentDto> {
    const workspaceId = workspaceIdOf(principal);
    const item = await this.calendar.get(principal, dto.itemId);
    if (!item.assetId) throw new ExperimentNeedsVideo();
    const variants = dto.variants.map((v) => ({ caption: v.caption, hashtags: v.hashtags ?? item.hashtags }));
    const problems = variantProblems(variants);
    const duplicate = problems.find((p) => p.kind === 'duplicate');
    if (problems.some((p) => p.kind !== 'duplicate')) throw new ExperimentInvalidVariants(problems);
    if (duplicate?.kind === 'duplicate') throw new ExperimentDuplicateVariant(duplicate.index, duplicate.sameAs);

    const accountIds = dto.accountIds.map((id) => id.toLowerCase());
    const unique = [...new Set(accountIds)];
    if (dto.mode === 'accounts' && accountIds.length !== variants.length) throw new ExperimentAccountsInvalid('count');
    if (dto.mode === 'accounts' && unique.length !== accountIds.length) throw new ExperimentAccountsInvalid('repeated');
    if (dto.mode === 'slots' && unique.length !== 1) throw new ExperimentAccountsInvalid('count');
    // Accounts a member limited to some may not see are unknown to them (issue 25).
    const access = accountAccessOf(principal);
    const accounts = (await this.repository.accounts(workspaceId, unique)).filter((a) => access === null || access.includes(a.id));
    if (accounts.length !== unique.length) throw new AppException('ACCOUNT_NOT_IN_WORKSPACE', 'One of the accounts is not in this workspace', 404);
    if (new Set(accounts.map((a) => a.platform)).size !== 1) throw new ExperimentAccountsInvalid('platforms');
    if (accounts.some((a) => a.status !== 'active')) throw new ExperimentAccountsInvalid('inactive');
    const platform = accounts[0]!.platform;
    // Trial posts are a platform option (Instagram's trial Reels): only where the registry declares it.
    if (dto.trialGraduation && optionOwner('trialGraduation')?.id !== platform) throw new ExperimentTrialInstagramOnly();

    const at = dto.scheduledAt ?? item.scheduledAt?.toISOString();
    if (dto.mode === 'accounts' && !at)
      throw new AppException('SCHEDULED_AT_REQUIRED', 'Give the time the variants go out (scheduledAt), or plan the item first', 400);

    const created: { caption: string; hashtags: string[]; accountId: string; variantItemId: string; scheduledAt: Date }[] = [];
    try {
      for (const [i, variant] of variants.entries()) {
        const accountId = dto.mode === 'accounts' ? accountIds[i]! : unique[0]!;
        const scheduledAt = dto.mode === 'accounts' ? at! : (await this.bestTimes.nextSlot(principal, { accountIds: accountId })).scheduledAt;
        const posted = await this.postVariant(principal, item, variant, accountId, platform, scheduledAt, dto.trialGraduation);
        created.push({ ...variant, accountId, variantItemId: posted.id, scheduledAt: posted.scheduledAt ?? new Date(scheduledAt) });
      }
    } catch (error) {
      // All or nothing: a refused variant takes back the ones already planned.
      await this.takeBack(
        principal,
        created.map((c) => c.variantItemId),
      );
      throw error;
    }
    const id = await this.repository.transaction((tx) =>
      this.repository.insert(
        workspaceId,
        principal.kind === 'user' ? principal.userId : null,
        { contentItemId: item.id, platform, mode: dto.mode, metric: dto.metric ?? 'views', age: dto.age ?? '24h' },
        created,
        tx,
      ),
    );
    return this.get(principal, id);
  }

  async get(principal: Principal, id: string): Promise<ExperimentDto> {
    const row = await this.repository.find(workspaceIdOf(principal), id);
    if (!row) throw new ExperimentNotFound();
    return toExperimentDto(row);
  }

  async list(principal: Principal, query: ListExperimentsQueryDto): Promise<ExperimentListDto> {
    const rows = await this.repository.list(workspaceIdOf(principal), {
      ...(query.itemId ? { itemId: query.itemId } : {}),
      limit: query.limit ?? 50,
      viewer: accountViewerOf(principal),
    });
    return { items: rows.map(toExperimentDto) };
  }

  /** Stops a running experiment: its variants not yet posted are cancelled; posted ones stay up. */
  async cancel(principal: Principal, id: string): Promise<ExperimentDto> {
    const workspaceId = workspaceIdOf(principal);
    const row = await this.repository.find(workspaceId, id);
    if (!row) throw new ExperimentNotFound();
    const cancelled = await this.repository.setStatus(this.repository.db, workspaceId, id, { status: 'cancelled', cancelReason: 'person' }, [
      'running',
      'waiting_for_age',
    ]);
    if (!cancelled) throw new ExperimentNotOpen(row.status);
    await this.takeBack(
      principal,
      row.variants.filter((v) => v.publicationStatus === null || v.publicationStatus === 'pending').map((v) => v.variantItemId),
    );
    return this.get(principal, id);
  }

  private async postVariant(
    principal: Principal,
    item: ContentItem,
    variant: { caption: string; hashtags: string[] },
    accountId: string,
    platform: string,
    scheduledAt: string,
    trialGraduation?: CreateExperimentDto['trialGraduation'],
  ): Promise<ContentItem> {
    // The item's options for this account, else those it has for another account of the platform.
    const own = item.targets.find((t) => t.accountId === accountId) ?? item.targets.find((t) => t.platform === platform);
    // Instagram trial Reels: the registry's Instagram option, passed to the publisher as trial_params.
    const options = { ...(own?.options ?? {}), ...(trialGraduation ? { trialGraduation } : {}) };
    const target = { accountId, ...(Object.keys(options).length > 0 ? { options } : {}) } as TargetInputDto;
    const dto: CreateContentItemDto = {
      title: item.title,
      caption: variant.caption,
      hashtags: variant.hashtags,
      assetId: item.assetId!,
      scheduledAt,
      timeZone: item.timeZone,
      status: 'scheduled',
      targets: [target],
      options: item.options,
    };
    const { body } = await this.calendar.create(principal, dto, (r) => r.item);
    return body;
  }

  private async takeBack(principal: Principal, itemIds: string[]): Promise<void> {
    for (const id of itemIds) {
      try {
        await this.calendar.cancel(principal, id);
      } catch (error) {
        this.log.warn(`could not cancel variant item ${id}: ${(error as Error).message}`);
      }
    }
  }
}
