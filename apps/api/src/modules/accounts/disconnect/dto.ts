import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';

import { EnumField } from '../../../common/validation/fields.js';

export const SCHEDULED_POSTS_CHOICES = ['keep', 'pause', 'move'] as const;
export type ScheduledPostsChoice = (typeof SCHEDULED_POSTS_CHOICES)[number];

/** What happens to the account's scheduled posts when it is disconnected. */
export class DisconnectAccountQueryDto {
  @EnumField(SCHEDULED_POSTS_CHOICES, {
    optional: true,
    description:
      '`keep` (default): they stay scheduled and wait on a person until the account is reconnected, then go out. `pause`: they are paused. `move`: they go to `moveToAccountId` instead.',
  })
  scheduledPosts?: ScheduledPostsChoice;

  // Required with move (a missing one is a 400, not a disconnect that leaves the posts behind).
  @ValidateIf((query: DisconnectAccountQueryDto) => query.scheduledPosts === 'move' || query.moveToAccountId !== undefined)
  @IsUUID('all')
  @ApiPropertyOptional({ format: 'uuid', description: 'Required with scheduledPosts=move: another connected account of the same platform in this workspace' })
  moveToAccountId?: string;
}

export class DisconnectImpactDto {
  @ApiProperty({ description: 'Scheduled posts to this account that have not started: what pause or move changes' }) scheduledPosts: number;
  @ApiProperty({ description: 'Paused posts to this account (a move takes them too)' }) pausedPosts: number;
  @ApiProperty({ description: 'Posts already in the queue for this account (queued, retrying or waiting on a person): they wait for a reconnection' })
  queuedPosts: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Connected accounts of the same platform the posts can move to' }) moveTargets: string[];
}
