import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { JOB_STATUSES, PLATFORMS, PUBLICATION_STATUSES, type JobStatus, type Platform, type PublicationStatus } from '@mwr/domain';
import { LINK_STATUSES, type LinkStatus } from '@mwr/publishers';

import { EnumField, TextField } from '../../../common/validation/fields.js';

export class TimelineEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'step_finished' }) type: string;
  @ApiProperty({ type: String, nullable: true }) fromStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class JobSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: JOB_STATUSES }) status: JobStatus;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ format: 'date-time', description: 'When the job runs (or ran) next' }) runAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) lastError: Record<string, unknown> | null;
}

export class PublicationDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contentItemId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ enum: PUBLICATION_STATUSES }) status: PublicationStatus;
  @ApiProperty({ type: String, nullable: true, description: "The platform flow's current step" }) step: string | null;
  @ApiProperty({ type: Number, nullable: true }) progressBytes: number | null;
  @ApiProperty({ type: Number, nullable: true }) totalBytes: number | null;
  @ApiProperty({ type: String, nullable: true }) remoteMediaId: string | null;
  @ApiProperty({ type: String, nullable: true }) remotePublishId: string | null;
  @ApiProperty({ type: String, nullable: true }) permalink: string | null;
  @ApiProperty({
    enum: LINK_STATUSES,
    nullable: true,
    description:
      'The public link: `pending` = posted, link pending (the platform has not given it yet; looked up again for up to 72 h), `ready` = permalink set, `none` = there will be none (see linkReason). Null before the post is live.',
  })
  linkStatus: LinkStatus | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the link is pending or will never come (e.g. a SELF_ONLY TikTok post)' }) linkReason:
    string | null;
  @ApiProperty({ type: String, nullable: true }) errorCode: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage: string | null;
  @ApiProperty({ type: String, nullable: true }) errorClass: string | null;
  @ApiProperty({ description: 'The outcome is ambiguous: a person must say whether it was posted' }) needsReview: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt: string | null;
  @ApiProperty({ type: JobSummaryDto, nullable: true }) job: JobSummaryDto | null;
  @ApiProperty({ type: [TimelineEventDto] }) timeline: TimelineEventDto[];
}

export class ResolveReviewDto {
  @EnumField(['posted', 'failed'] as const, { description: 'What you found on the platform' }) outcome: 'posted' | 'failed';
  @TextField(1, 100, { optional: true, description: "The post's id on the platform (required when posted)", example: '7300000000000000001' })
  remoteMediaId?: string;
  @TextField(1, 500, {
    optional: true,
    description: 'The https link to the post (when posted); without it an Instagram media id is checked and its permalink read',
  })
  permalink?: string;
  @TextField(1, 500, { optional: true, multiline: true, description: 'Why it failed (when failed)' }) note?: string;
}

export class ResolveResultDto {
  @ApiPropertyOptional() ok: boolean;
}
