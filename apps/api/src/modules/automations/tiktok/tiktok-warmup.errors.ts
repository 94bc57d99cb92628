import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../../common/errors/app-exception.js';

/** One account whose warm-up has no room left on the day asked for. */
export interface WarmupBlock {
  accountId: string;
  handle: string;
  week: number;
  totalWeeks: number;
  allowedPerDay: number;
  plannedThatDay: number;
}

export interface WarmupLimitDetails extends WarmupBlock {
  /** The local day asked for, in `timeZone` (the workspace's). */
  date: string;
  timeZone: string;
  /** The first day with room for every warming-up target, at the same local time. */
  nextAllowedDate: string;
  nextAllowedAt: string;
  /** Every blocked target when there are several; the fields above describe the first. */
  accounts: WarmupBlock[];
  postsPerDayByWeek: number[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "TikTok @fresh is warming up (week 1 of 4): at most 2 posts a day; 2 are already planned on 2026-12-01" */
export function describeWarmupBlock(block: WarmupBlock, date: string): string {
  return (
    `TikTok @${block.handle} is warming up (week ${block.week} of ${block.totalWeeks}): at most ${plural(block.allowedPerDay, 'post', 'posts')} a day; ` +
    `${block.plannedThatDay} ${block.plannedThatDay === 1 ? 'is' : 'are'} already planned on ${date}`
  );
}

export class TiktokWarmupLimitReached extends AppException {
  constructor(readonly limit: WarmupLimitDetails) {
    super(
      'WARMUP_LIMIT_REACHED',
      `${limit.accounts.map((b) => describeWarmupBlock(b, limit.date)).join('. ')}. Next free day: ${limit.nextAllowedDate}. ` +
        'Pick another day, or turn on auto-spread in the TikTok warm-up automation to move such posts there automatically.',
      HttpStatus.UNPROCESSABLE_ENTITY,
      limit,
      {
        handle: limit.handle,
        week: limit.week,
        totalWeeks: limit.totalWeeks,
        allowedPerDay: limit.allowedPerDay,
        plannedThatDay: limit.plannedThatDay,
        date: limit.date,
        nextAllowedDate: limit.nextAllowedDate,
        nextAllowedAt: limit.nextAllowedAt,
        timeZone: limit.timeZone,
      },
    );
  }
}

export class NotATiktokAccount extends AppException {
  constructor() {
    super('NOT_A_TIKTOK_ACCOUNT', 'The warm-up applies to TikTok accounts only', HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

export class WarmupAccountNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Account not found', HttpStatus.NOT_FOUND);
  }
}
