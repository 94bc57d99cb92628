import { Injectable } from '@nestjs/common';

import {
  bestTimes,
  DEFAULT_MIN_SPACING_MINUTES,
  fitsOn,
  formatInZone,
  localDateOf,
  MIN_ACCOUNT_POSTS,
  MIN_BUCKET_POSTS,
  nextFreeSlot,
  onlineFollowersSeed,
  QUEUE_HORIZON_DAYS,
  scorePosts,
  seededRandom,
  suggestSlots,
  topBuckets,
  type AccountAccess,
  type BestTimeBucket,
  type BestTimes,
  type OnlineFollowersDay,
  type ScoredPost,
} from '@mwr/domain';
import { findPlatformDescriptor } from '@mwr/publishers';

import { accountAccessOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { TiktokWarmupService } from '../automations/tiktok/tiktok-warmup.service.js';
import { BestTimesInvalidQuery, BestTimesNotFound, QueueNoFreeSlot, QueueSlotTaken } from './best-times.errors.js';
import { BestTimesRepository, ONLINE_FOLLOWERS_METRIC_PREFIX, type QueueSlotRow, type ViewsAt24hRow } from './best-times.repository.js';
import type { BestTimeBucketDto, BestTimesDto, BestTimesQueryDto, OnlineFollowersSeedDto } from './dto/best-times.dto.js';
import type {
  CreateQueueSlotDto,
  NextSlotDto,
  NextSlotQueryDto,
  QueueSettingsDto,
  QueueSlotDto,
  QueueSlotListDto,
  SlotSuggestionsDto,
  SlotSuggestionsQueryDto,
  UpdateQueueSettingsDto,
  UpdateQueueSlotDto,
} from './dto/queue-slots.dto.js';

export const BEST_TIMES_METHOD =
  "Each post scores ln((views at 24 h + 1) / (the account's rolling median of views at 24 h + 1)), the median over the 31 posts around it. " +
  "Posts are bucketed by weekday and hour of the workspace's time zone (wall clock, DST included). Each bucket pools its neighbouring hours at half weight " +
  '(circularly across the week) and is shrunk toward the mean score (empirical Bayes, normal prior: σ² the pooled within-bucket variance, τ² the between-bucket ' +
  'variance by the method of moments, at least 0.01). The interval is the 95 % posterior interval. Nothing is suggested below 10 posts on the account or 3 in a bucket.';

/** Steps that run once per post: a budget on them caps posts, not calls. */
const POSTING_STEPS = new Set(['init', 'publish', 'init_session', 'create_container', 'create']);
/** How far back the online-followers seed averages (Instagram keeps 30 days). */
const SEED_DAYS = 30;

const pad = (n: number) => String(n).padStart(2, '0');
export const timeOfMinute = (minute: number): string => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
const minuteOfTime = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function bucketDto(b: BestTimeBucket): BestTimeBucketDto {
  return { ...b, multiplier: Math.exp(b.estimate) };
}

function slotDto(row: QueueSlotRow): QueueSlotDto {
  return { id: row.id, accountId: row.accountId, weekday: row.weekday, time: timeOfMinute(row.minute), origin: row.origin };
}

/** Scores each account's posts against its own median and pools them (one account, or a platform's accounts). */
export function scoreAccounts(rows: readonly ViewsAt24hRow[]): ScoredPost[] {
  const byAccount = new Map<string, { postedAt: Date; views: number }[]>();
  for (const row of rows) {
    const list = byAccount.get(row.accountId) ?? [];
    list.push({ postedAt: new Date(row.postedAt), views: Number(row.views) });
    byAccount.set(row.accountId, list);
  }
  return [...byAccount.values()].flatMap((posts) => scorePosts(posts));
}

/** The online-followers readings as days of 24 Pacific hours. */
function seedDays(rows: { day: string; metric: string; value: number }[]): OnlineFollowersDay[] {
  const days = new Map<string, (number | undefined)[]>();
  for (const row of rows) {
    const hour = Number(row.metric.slice(ONLINE_FOLLOWERS_METRIC_PREFIX.length));
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) continue;
    const hours = days.get(row.day) ?? new Array<number | undefined>(24).fill(undefined);
    hours[hour] = Number(row.value);
    days.set(row.day, hours);
  }
  return [...days.entries()].map(([date, hours]) => ({ date, hours }));
}

/**
 * Best times from our own results and the posting slots they suggest (issue 24). The math is
 * libs/domain's (best-times.ts, queue-slots.ts); this reads the readings and the plan and keeps
 * the slots.
 */
@Injectable()
export class BestTimesService {
  constructor(
    private readonly repository: BestTimesRepository,
    private readonly warmup: TiktokWarmupService,
  ) {}

  /** The account, if this caller may see it (per-account access, issue 25), else 404. */
  private async account(workspaceId: string, accountId: string, allowedAccountIds: AccountAccess) {
    const [account] = await this.repository.accounts(workspaceId, { accountIds: [accountId], allowedAccountIds });
    if (!account) throw new BestTimesNotFound('Account');
    return account;
  }

  private async seed(workspaceId: string, accountId: string, platform: string, timeZone: string): Promise<{ weights: number[]; days: number } | null> {
    const days = seedDays(await this.repository.onlineFollowers(workspaceId, accountId, SEED_DAYS));
    const weights = onlineFollowersSeed(days, timeZone);
    return weights ? { weights, days: days.length } : null;
  }

  private async compute(
    workspaceId: string,
    accountId: string,
    allowedAccountIds: AccountAccess,
  ): Promise<{ times: BestTimes; timeZone: string; platform: string }> {
    const account = await this.account(workspaceId, accountId, allowedAccountIds);
    const [timeZone, rows] = await Promise.all([this.repository.workspaceTimeZone(workspaceId), this.repository.viewsAt24h(workspaceId, [accountId])]);
    return { times: bestTimes(scoreAccounts(rows), timeZone), timeZone, platform: account.platform };
  }

  async bestTimes(principal: Principal, query: BestTimesQueryDto): Promise<BestTimesDto> {
    const workspaceId = workspaceIdOf(principal);
    if ((query.accountId === undefined) === (query.platform === undefined))
      throw new BestTimesInvalidQuery('Ask for exactly one of accountId (one account) or platform (every account of that platform)');
    const zone = this.repository.workspaceTimeZone(workspaceId);
    let platform: string;
    let rows: ViewsAt24hRow[];
    if (query.accountId) {
      // Read alongside the account check (an id of another workspace reads nothing and answers 404).
      const [account, views] = await Promise.all([
        this.account(workspaceId, query.accountId, accountAccessOf(principal)),
        this.repository.viewsAt24h(workspaceId, [query.accountId]),
      ]);
      platform = account.platform;
      rows = views;
    } else {
      platform = query.platform!;
      rows = await this.repository.viewsAt24h(
        workspaceId,
        (await this.repository.accounts(workspaceId, { platform, allowedAccountIds: accountAccessOf(principal) })).map((a) => a.id),
      );
    }
    const timeZone = await zone;
    const times = bestTimes(scoreAccounts(rows), timeZone);
    let seed: OnlineFollowersSeedDto | null = null;
    if (query.accountId && times.morePostsNeeded > 0) {
      const found = await this.seed(workspaceId, query.accountId, platform, timeZone);
      if (found)
        seed = {
          source: 'online_followers',
          days: found.days,
          buckets: found.weights.map((weight, b) => ({ weekday: Math.floor(b / 24), hour: b % 24, weight })),
        };
    }
    return {
      scope: query.accountId ? 'account' : 'platform',
      accountId: query.accountId ?? null,
      platform,
      timeZone,
      posts: times.posts,
      morePostsNeeded: times.morePostsNeeded,
      minAccountPosts: MIN_ACCOUNT_POSTS,
      minBucketPosts: MIN_BUCKET_POSTS,
      prior: times.prior,
      method: BEST_TIMES_METHOD,
      buckets: times.buckets.map(bucketDto),
      best: topBuckets(times, 3).map(bucketDto),
      seed,
    };
  }

  async listSlots(principal: Principal, accountId: string): Promise<QueueSlotListDto> {
    const workspaceId = workspaceIdOf(principal);
    await this.account(workspaceId, accountId, accountAccessOf(principal));
    const [timeZone, rows] = await Promise.all([this.repository.workspaceTimeZone(workspaceId), this.repository.slots(workspaceId, [accountId])]);
    return { accountId, timeZone, items: rows.map(slotDto) };
  }

  async createSlot(principal: Principal, body: CreateQueueSlotDto): Promise<QueueSlotDto> {
    const workspaceId = workspaceIdOf(principal);
    await this.account(workspaceId, body.accountId, accountAccessOf(principal));
    const row = await this.repository.createSlot(workspaceId, {
      accountId: body.accountId,
      weekday: body.weekday,
      minute: minuteOfTime(body.time),
      origin: body.origin ?? 'manual',
    });
    if (!row) throw new QueueSlotTaken(body.weekday, body.time);
    return slotDto(row);
  }

  async updateSlot(principal: Principal, id: string, body: UpdateQueueSlotDto): Promise<QueueSlotDto> {
    const workspaceId = workspaceIdOf(principal);
    const current = await this.repository.slot(workspaceId, id);
    if (!current) throw new BestTimesNotFound('Queue slot');
    const weekday = body.weekday ?? current.weekday;
    const minute = body.time !== undefined ? minuteOfTime(body.time) : current.minute;
    const row = await this.repository.updateSlot(workspaceId, id, weekday, minute);
    if (row === 'taken') throw new QueueSlotTaken(weekday, timeOfMinute(minute));
    if (!row) throw new BestTimesNotFound('Queue slot');
    return slotDto(row);
  }

  async deleteSlot(principal: Principal, id: string): Promise<void> {
    if (!(await this.repository.deleteSlot(workspaceIdOf(principal), id))) throw new BestTimesNotFound('Queue slot');
  }

  async settings(principal: Principal): Promise<QueueSettingsDto> {
    const row = await this.repository.settings(workspaceIdOf(principal));
    return { explorePercent: Math.round(row.exploreShare * 100), minSpacingMinutes: row.minSpacingMinutes };
  }

  async updateSettings(principal: Principal, body: UpdateQueueSettingsDto): Promise<QueueSettingsDto> {
    const row = await this.repository.saveSettings(workspaceIdOf(principal), {
      ...(body.explorePercent !== undefined ? { exploreShare: body.explorePercent / 100 } : {}),
      ...(body.minSpacingMinutes !== undefined ? { minSpacingMinutes: body.minSpacingMinutes } : {}),
    });
    return { explorePercent: Math.round(row.exploreShare * 100), minSpacingMinutes: row.minSpacingMinutes };
  }

  /** Slots suggested from the best times; a share explores untried hours (Thompson sampling), labelled so. */
  async suggestions(principal: Principal, query: SlotSuggestionsQueryDto): Promise<SlotSuggestionsDto> {
    const workspaceId = workspaceIdOf(principal);
    const { times, timeZone, platform } = await this.compute(workspaceId, query.accountId, accountAccessOf(principal));
    const [settings, existing] = await Promise.all([this.repository.settings(workspaceId), this.repository.slots(workspaceId, [query.accountId])]);
    const seed = times.morePostsNeeded > 0 ? await this.seed(workspaceId, query.accountId, platform, timeZone) : null;
    const random = seededRandom(query.seed ?? Math.floor(Math.random() * 2 ** 31));
    const suggested = suggestSlots(times, { count: query.count ?? 7, exploreShare: settings.exploreShare, random, seed: seed?.weights ?? null });
    const taken = new Set(existing.map((s) => `${s.weekday}|${s.minute}`));
    return {
      accountId: query.accountId,
      timeZone,
      explorePercent: Math.round(settings.exploreShare * 100),
      morePostsNeeded: times.morePostsNeeded,
      items: suggested.map((s) => ({
        weekday: s.weekday,
        time: timeOfMinute(s.hour * 60),
        kind: s.kind,
        estimate: s.estimate,
        n: s.n,
        alreadySlot: taken.has(`${s.weekday}|${s.hour * 60}`),
      })),
    };
  }

  /**
   * "Add to queue": the next slot of any of the accounts that is free for all of them — no other
   * post of the account within the minimum spacing, room on the TikTok warm-up ramp that day, and
   * within every posting budget of the platform registry (account and token budgets).
   */
  async nextSlot(principal: Principal, query: NextSlotQueryDto, now = new Date()): Promise<NextSlotDto> {
    const workspaceId = workspaceIdOf(principal);
    const accountIds = [...new Set(query.accountIds.split(',').map((id) => id.toLowerCase()))];
    const accounts = await this.repository.accounts(workspaceId, { accountIds, allowedAccountIds: accountAccessOf(principal) });
    if (accounts.length !== accountIds.length) throw new BestTimesNotFound('Account');
    const [timeZone, settings, slots, gate] = await Promise.all([
      this.repository.workspaceTimeZone(workspaceId),
      this.repository.settings(workspaceId),
      this.repository.slots(workspaceId, accountIds),
      this.warmup.gate(workspaceId, accountIds),
    ]);
    if (slots.length === 0) throw new QueueNoFreeSlot('no_slots', QUEUE_HORIZON_DAYS);
    const after = new Date(now.getTime() + 5 * 60_000);
    const spacing = settings.minSpacingMinutes ?? DEFAULT_MIN_SPACING_MINUTES;
    const budgetsOf = (platform: string) =>
      (findPlatformDescriptor(platform)?.limits ?? [])
        .filter((l) => l.scope !== 'app' && l.steps.some((s) => POSTING_STEPS.has(s)))
        .map((l) => ({ limit: l.limit, windowMs: l.windowMs }));
    const maxWindow = Math.max(86_400_000, ...accounts.flatMap((a) => budgetsOf(a.platform).map((b) => b.windowMs)));
    const occupied = await this.repository.occupied(
      workspaceId,
      accountIds,
      new Date(after.getTime() - maxWindow),
      new Date(after.getTime() + (QUEUE_HORIZON_DAYS + 2) * 86_400_000 + maxWindow),
    );
    const occupiedOf = (accountId: string) => occupied.filter((o) => o.accountId === accountId).map((o) => new Date(o.at));
    const slotTimes = [...new Map(slots.map((s) => [`${s.weekday}|${s.minute}`, { weekday: s.weekday, minute: s.minute }])).values()];
    // The earliest slot that every account accepts: walk the candidates in time order.
    let from = after;
    for (let guard = 0; guard < 500; guard++) {
      let candidate: ReturnType<typeof nextFreeSlot> = null;
      const skipped: NonNullable<ReturnType<typeof nextFreeSlot>>['skipped'] = [];
      // The first slot free for the first account, then checked against the others.
      const perAccount = accounts.map((a) => {
        const mine = occupiedOf(a.id);
        const warming = gate?.targets.find((t) => t.accountId === a.id);
        return {
          occupied: mine,
          budgets: budgetsOf(a.platform),
          warmupFits:
            gate && warming
              ? (date: string) =>
                  fitsOn(gate.ramp, [{ startDate: warming.startDate, plannedOn: (d) => mine.filter((o) => localDateOf(o, timeZone) === d).length }], date)
              : undefined,
        };
      });
      const first = perAccount[0]!;
      candidate = nextFreeSlot({
        slots: slotTimes,
        zone: timeZone,
        after: from,
        occupied: first.occupied,
        minSpacingMinutes: spacing,
        budgets: first.budgets,
        ...(first.warmupFits ? { warmupFits: first.warmupFits } : {}),
      });
      if (!candidate) throw new QueueNoFreeSlot('none_free', QUEUE_HORIZON_DAYS);
      skipped.push(...candidate.skipped);
      const at = candidate.at;
      const refusal = perAccount.slice(1).find(
        (p) =>
          nextFreeSlot({
            slots: [candidate!.slot],
            zone: timeZone,
            after: at,
            occupied: p.occupied,
            minSpacingMinutes: spacing,
            budgets: p.budgets,
            horizonDays: 0,
            ...(p.warmupFits ? { warmupFits: p.warmupFits } : {}),
          })?.at.getTime() !== at.getTime(),
      );
      if (!refusal) {
        const owner = slots.find((s) => s.weekday === candidate!.slot.weekday && s.minute === candidate!.slot.minute)!;
        return {
          scheduledAt: at.toISOString(),
          localTime: formatInZone(at, timeZone),
          timeZone,
          slot: slotDto(owner),
          skipped: skipped.map((s) => ({ at: s.at.toISOString(), reason: s.reason })),
        };
      }
      from = new Date(at.getTime() + 60_000);
    }
    throw new QueueNoFreeSlot('none_free', QUEUE_HORIZON_DAYS);
  }
}
