import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { atSameLocalTime, firstDateThatFits, fitsOn, localDateOf, nextLocalDate, warmupAllowanceOn, warmupEndDate, type WarmingAccount } from '@mwr/domain';

import { actorOf, workspaceIdOf, type Principal } from '../../../common/auth/principal.js';
import type { Db } from '../../../common/database/db.js';
import { AuditService } from '../../audit/audit.service.js';
import { AutomationSettings, coversAccount } from '../automation-settings.js';
import { describeWarmupBlock, NotATiktokAccount, TiktokWarmupLimitReached, WarmupAccountNotFound, type WarmupBlock } from './tiktok-warmup.errors.js';
import { TiktokWarmupRepository, type PlannedDayRow } from './tiktok-warmup.repository.js';

export const TIKTOK_WARMUP = 'tiktok_warmup';

type Actor = ReturnType<typeof actorOf>;

interface WarmingTarget {
  accountId: string;
  handle: string;
  /** Local date the warm-up started, in the workspace's time zone. */
  startDate: string;
}

/** What the calendar learns before its transaction (reads outside it would wait for it on PGlite). */
export interface WarmupGate {
  workspaceId: string;
  timeZone: string;
  ramp: number[];
  autoSpread: boolean;
  targets: WarmingTarget[];
}

export interface WarmupSpread {
  from: Date;
  to: Date;
  date: string;
  nextAllowedDate: string;
  timeZone: string;
  blocked: WarmupBlock[];
}

export interface WarmupHealth {
  week: number;
  totalWeeks: number;
  allowedPerDay: number;
  /** Posts occupying today (planned, in flight or posted), in the workspace's time zone. */
  plannedToday: number;
  postsToday: number;
  startedAt: Date;
  /** The first local day the ramp no longer applies. */
  endsOn: string;
}

/** Posts per account and local day. */
function countsByAccount(rows: PlannedDayRow[]): Map<string, Map<string, PlannedDayRow>> {
  const map = new Map<string, Map<string, PlannedDayRow>>();
  for (const row of rows) {
    let days = map.get(row.accountId);
    if (!days) map.set(row.accountId, (days = new Map()));
    days.set(row.day, row);
  }
  return map;
}

/**
 * `tiktok_warmup`: new and recovering TikTok accounts post on a ramp (e.g. 2 a day in week 1, 3
 * in week 2 …). Scheduling past it is refused with the ramp explained, or, with auto-spread,
 * moved to the next day with room at the same local time. Days are the workspace's local days.
 */
@Injectable()
export class TiktokWarmupService {
  constructor(
    private readonly repository: TiktokWarmupRepository,
    private readonly settings: AutomationSettings,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  /** Null when nothing is to be enforced: the flag is off or no target is a TikTok account. */
  async gate(workspaceId: string, accountIds: string[]): Promise<WarmupGate | null> {
    if (accountIds.length === 0) return null;
    const setting = await this.settings.get(workspaceId, TIKTOK_WARMUP);
    if (!setting.enabled) return null;
    const accounts = (await this.repository.tiktokAccounts(workspaceId, accountIds)).filter((a) => coversAccount(setting.config, a.accountId));
    if (accounts.length === 0) return null;
    const timeZone = await this.repository.workspaceTimeZone(workspaceId);
    return {
      workspaceId,
      timeZone,
      ramp: setting.config.postsPerDayByWeek,
      autoSpread: setting.config.autoSpread,
      targets: accounts.map((a) => ({ accountId: a.accountId, handle: a.handle, startDate: localDateOf(new Date(a.startedAt), timeZone) })),
    };
  }

  /**
   * Inside the transaction that stores the plan: locks the warming-up targets, counts their day
   * and answers the time to store (the one asked for, or the next day with room when auto-spread
   * is on). Throws TiktokWarmupLimitReached otherwise; nothing is stored then.
   */
  async enforce(tx: Db, gate: WarmupGate, scheduledAt: Date, excludeItemId: string | null): Promise<{ scheduledAt: Date; spread: WarmupSpread | null }> {
    const { ramp, timeZone } = gate;
    const date = localDateOf(scheduledAt, timeZone);
    const warming = gate.targets.filter((t) => warmupAllowanceOn(ramp, t.startDate, date) !== null);
    if (warming.length === 0) return { scheduledAt, spread: null };
    await this.repository.lockAccounts(
      tx,
      warming.map((t) => t.accountId),
    );
    const until = warming.map((t) => warmupEndDate(ramp, t.startDate)).reduce((a, b) => (a > b ? a : b));
    const counts = countsByAccount(
      await this.repository.plannedPerDay(
        tx,
        gate.workspaceId,
        warming.map((t) => t.accountId),
        date,
        until,
        timeZone,
        excludeItemId,
      ),
    );
    const asWarming = (t: WarmingTarget): WarmingAccount => ({ startDate: t.startDate, plannedOn: (d) => counts.get(t.accountId)?.get(d)?.planned ?? 0 });
    if (fitsOn(ramp, warming.map(asWarming), date)) return { scheduledAt, spread: null };

    const blocked = warming
      .filter((t) => !fitsOn(ramp, [asWarming(t)], date))
      .map((t): WarmupBlock => ({
        accountId: t.accountId,
        handle: t.handle,
        ...warmupAllowanceOn(ramp, t.startDate, date)!,
        plannedThatDay: asWarming(t).plannedOn(date),
      }));
    const nextAllowedDate = firstDateThatFits(ramp, warming.map(asWarming), nextLocalDate(date));
    const nextAllowedAt = atSameLocalTime(scheduledAt, timeZone, nextAllowedDate);
    if (gate.autoSpread) return { scheduledAt: nextAllowedAt, spread: { from: scheduledAt, to: nextAllowedAt, date, nextAllowedDate, timeZone, blocked } };
    throw new TiktokWarmupLimitReached({
      ...blocked[0]!,
      date,
      timeZone,
      nextAllowedDate,
      nextAllowedAt: nextAllowedAt.toISOString(),
      accounts: blocked,
      postsPerDayByWeek: ramp,
    });
  }

  /** Audited with the item it moved, in the item's transaction. */
  async recordSpread(tx: Db, workspaceId: string, actor: Actor, contentItemId: string, spread: WarmupSpread): Promise<void> {
    await this.audit.record(
      {
        workspaceId,
        actor,
        action: `automation.${TIKTOK_WARMUP}.spread`,
        target: { type: 'content_item', id: contentItemId },
        metadata: {
          automation: TIKTOK_WARMUP,
          from: spread.from.toISOString(),
          to: spread.to.toISOString(),
          date: spread.date,
          movedTo: spread.nextAllowedDate,
          timeZone: spread.timeZone,
          accounts: spread.blocked,
        },
      },
      tx,
    );
  }

  /** Audited after the refused change rolled back, so the refusal itself is kept. */
  async recordRefusal(workspaceId: string, actor: Actor, error: TiktokWarmupLimitReached, contentItemId: string | null): Promise<void> {
    const { accountId, ...rule } = error.limit;
    await this.audit.record({
      workspaceId,
      actor,
      action: `automation.${TIKTOK_WARMUP}.refused`,
      target: { type: 'social_account', id: accountId },
      metadata: { automation: TIKTOK_WARMUP, contentItemId, message: error.message, ...rule },
    });
  }

  /** The warning a spread item's response carries. */
  describeSpread(spread: WarmupSpread): string {
    return `${spread.blocked.map((b) => describeWarmupBlock(b, spread.date)).join('. ')}. Moved to ${spread.nextAllowedDate} at the same time (auto-spread).`;
  }

  /** A recovering account warms up again from now: week 1 of the ramp. */
  async restart(principal: Principal, accountId: string): Promise<{ accountId: string; startedAt: Date }> {
    const workspaceId = workspaceIdOf(principal);
    const account = await this.repository.account(workspaceId, accountId);
    if (!account) throw new WarmupAccountNotFound();
    if (account.platform !== 'tiktok') throw new NotATiktokAccount();
    const actor = actorOf(principal);
    const startedAt = await this.dataSource.transaction(async (tx) => {
      const startedAt = await this.repository.restart(tx, workspaceId, accountId, actor.userId);
      await this.audit.record(
        {
          workspaceId,
          actor,
          action: `automation.${TIKTOK_WARMUP}.restarted`,
          target: { type: 'social_account', id: accountId },
          metadata: { automation: TIKTOK_WARMUP, handle: account.handle, startedAt },
        },
        tx,
      );
      return startedAt;
    });
    return { accountId, startedAt: new Date(startedAt) };
  }

  /**
   * Account Health: where each warming-up TikTok account stands today against its ramp. Absent
   * for accounts that are not warming up today, and for every account while the flag is off.
   */
  async health(workspaceId: string, accountIds?: string[]): Promise<Map<string, WarmupHealth>> {
    const result = new Map<string, WarmupHealth>();
    const setting = await this.settings.get(workspaceId, TIKTOK_WARMUP);
    if (!setting.enabled) return result;
    const ramp = setting.config.postsPerDayByWeek;
    const timeZone = await this.repository.workspaceTimeZone(workspaceId);
    const today = localDateOf(new Date(), timeZone);
    const warming = (await this.repository.tiktokAccounts(workspaceId, accountIds ?? null))
      .filter((a) => coversAccount(setting.config, a.accountId))
      .map((a) => ({ ...a, startDate: localDateOf(new Date(a.startedAt), timeZone) }))
      .filter((a) => warmupAllowanceOn(ramp, a.startDate, today) !== null);
    const counts = countsByAccount(
      await this.repository.plannedPerDay(
        this.dataSource,
        workspaceId,
        warming.map((a) => a.accountId),
        today,
        nextLocalDate(today),
        timeZone,
        null,
      ),
    );
    for (const a of warming) {
      const allowance = warmupAllowanceOn(ramp, a.startDate, today)!;
      const day = counts.get(a.accountId)?.get(today);
      result.set(a.accountId, {
        ...allowance,
        plannedToday: day?.planned ?? 0,
        postsToday: day?.posted ?? 0,
        startedAt: new Date(a.startedAt),
        endsOn: warmupEndDate(ramp, a.startDate),
      });
    }
    return result;
  }
}
