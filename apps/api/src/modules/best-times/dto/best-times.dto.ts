import { ApiProperty } from '@nestjs/swagger';

import { EnumField, UuidField } from '../../../common/validation/fields.js';

export const BEST_TIMES_PLATFORMS = ['tiktok', 'instagram', 'youtube', 'x'] as const;

/** Exactly one of the two. */
export class BestTimesQueryDto {
  @UuidField({ optional: true, description: 'One account (its own posts)' }) accountId?: string;
  @EnumField(BEST_TIMES_PLATFORMS, { optional: true, description: "Every account of one platform (each post scored against its own account's median)" })
  platform?: (typeof BEST_TIMES_PLATFORMS)[number];
}

export class BestTimeBucketDto {
  @ApiProperty({ minimum: 0, maximum: 6, description: '0 = Monday … 6 = Sunday, in the workspace time zone' }) weekday: number;
  @ApiProperty({ minimum: 0, maximum: 23, description: 'Local hour (wall clock, DST included)' }) hour: number;
  @ApiProperty({ description: 'Posts that went live in this hour (neighbouring hours lend to the estimate, not to n)' }) n: number;
  @ApiProperty({ description: "Posterior mean of ln(views at 24 h / the account's rolling median): 0 is a usual post" }) estimate: number;
  @ApiProperty({ description: 'exp(estimate): times the usual views at 24 h' }) multiplier: number;
  @ApiProperty({ description: '95 % interval, low end (log scale)' }) low: number;
  @ApiProperty({ description: '95 % interval, high end (log scale)' }) high: number;
  @ApiProperty({ description: 'At least 3 posts here and 10 on the account: may be suggested' }) suggestable: boolean;
  @ApiProperty({ description: 'Posts still needed in this hour before it may be suggested' }) morePostsNeeded: number;
}

export class BestTimesPriorDto {
  @ApiProperty({ description: 'μ: the mean score, what every bucket shrinks toward' }) mean: number;
  @ApiProperty({ description: 'τ²: between-bucket variance (method of moments, floor 0.01)' }) tau2: number;
  @ApiProperty({ description: 'σ²: pooled within-bucket variance of a post score' }) sigma2: number;
}

export class OnlineFollowersSeedBucketDto {
  @ApiProperty() weekday: number;
  @ApiProperty() hour: number;
  @ApiProperty({ description: 'Followers online in this local hour relative to the average hour (1 = average)' }) weight: number;
}

export class OnlineFollowersSeedDto {
  @ApiProperty({ enum: ['online_followers'], description: "Instagram's online_followers (insights, lifetime), converted from Pacific hours" })
  source: 'online_followers';
  @ApiProperty({ description: 'Days of readings averaged' }) days: number;
  @ApiProperty({ type: [OnlineFollowersSeedBucketDto] }) buckets: OnlineFollowersSeedBucketDto[];
}

export class BestTimesDto {
  @ApiProperty({ enum: ['account', 'platform'] }) scope: 'account' | 'platform';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) accountId: string | null;
  @ApiProperty() platform: string;
  @ApiProperty({ description: "The workspace's IANA time zone: buckets are its local hours" }) timeZone: string;
  @ApiProperty({ description: 'Posts with views at 24 h' }) posts: number;
  @ApiProperty({ description: 'Posts still needed before anything is suggested (0: enough)' }) morePostsNeeded: number;
  @ApiProperty() minAccountPosts: number;
  @ApiProperty() minBucketPosts: number;
  @ApiProperty({ type: BestTimesPriorDto }) prior: BestTimesPriorDto;
  @ApiProperty({ description: 'How the figures are made, in one paragraph' }) method: string;
  @ApiProperty({ type: [BestTimeBucketDto], description: '168 buckets, Monday 00:00 first' }) buckets: BestTimeBucketDto[];
  @ApiProperty({ type: [BestTimeBucketDto], description: 'The best suggestable buckets (at most 3), best first; empty below the minimums' })
  best: BestTimeBucketDto[];
  @ApiProperty({ type: OnlineFollowersSeedDto, nullable: true, description: 'An Instagram account without enough posts yet: when its followers are online' })
  seed: OnlineFollowersSeedDto | null;
}
