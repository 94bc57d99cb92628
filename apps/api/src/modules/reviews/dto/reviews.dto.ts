import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

import { APPROVAL_POLICIES, REVIEW_STATES, WORKSPACE_ROLES, type ApprovalPolicy, type ReviewState, type WorkspaceRole } from '@mwr/domain';

import { EnumField, IntField, PatternField, TextField } from '../../../common/validation/fields.js';

const SHA256 = /^[0-9a-f]{64}$/;

export class ReviewSettingsMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role: WorkspaceRole;
  @ApiProperty({ description: 'Marked approver (owners and admins approve by role)' }) approver: boolean;
}

export class ReviewSettingsDto {
  @ApiProperty({ enum: APPROVAL_POLICIES, description: 'required_client behaves as required_internal until client review links exist' })
  policy: ApprovalPolicy;
  @ApiProperty({ description: 'Whether an author may approve their own post' }) allowSelfApproval: boolean;
  @ApiProperty({ type: [ReviewSettingsMemberDto] }) members: ReviewSettingsMemberDto[];
}

export class UpdateReviewSettingsDto {
  @EnumField(APPROVAL_POLICIES, { optional: true }) policy?: ApprovalPolicy;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() allowSelfApproval?: boolean;
}

export class SetApproverDto {
  @ApiProperty({ example: true }) @IsBoolean() approver: boolean;
}

export class ApproveDto {
  @PatternField(SHA256, '$property must be the hash of the version reviewed (GET /api/content-items/:id/review)', 64, {
    description: 'The hash of the version the reviewer saw; a different current hash answers APPROVAL_STALE',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  hash: string;
}

export class RequestChangesDto {
  @TextField(1, 5000, { multiline: true, description: 'What to change (kept as a comment on the item)', example: 'Please shorten the first line.' })
  comment: string;
}

export class ReviewActorDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() at: string;
}

export class ReviewStateDto {
  @ApiProperty({ format: 'uuid' }) contentItemId: string;
  @ApiProperty({ enum: APPROVAL_POLICIES }) policy: ApprovalPolicy;
  @ApiProperty({ enum: REVIEW_STATES }) state: ReviewState;
  @ApiProperty({ description: 'A scheduled item that will not become a job until approved' }) awaitingApproval: boolean;
  @ApiProperty({ description: 'sha256 of everything that will be published, now (send it back to approve)' }) hash: string;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: ReviewActorDto, description: 'Approved: who approved this version, when' }) approved?: ReviewActorDto;
  @ApiPropertyOptional({ type: ReviewActorDto, description: 'Changes requested: by whom, when' }) changesRequested?: ReviewActorDto;
  @ApiPropertyOptional({ type: ReviewActorDto, description: "Back in review because this person's edit voided the approval at this time" })
  voided?: ReviewActorDto;
  @ApiPropertyOptional({
    enum: ['pending', 'approved', 'changes_requested'],
    description: 'required_client: the client step (pending until client review links exist)',
  })
  clientStep?: 'pending' | 'approved' | 'changes_requested';
  @ApiProperty({ description: 'Whether the caller may approve or request changes' }) canDecide: boolean;
  @ApiProperty({ description: 'Whether the caller is the author and self-approval is not allowed' }) selfApprovalBlocked: boolean;
}

export class ReviewQueueItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() caption: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ enum: ['awaiting_approval', 'in_review', 'changes_requested'] }) reviewStatus: 'awaiting_approval' | 'in_review' | 'changes_requested';
  @ApiProperty({ type: [String] }) platforms: string[];
  @ApiPropertyOptional({ type: ReviewActorDto, description: 'Who wrote it (at: when it was created)' }) author?: ReviewActorDto;
  @ApiPropertyOptional({ type: ReviewActorDto, description: "Back in review because this person's edit voided the approval" }) voided?: ReviewActorDto;
  @ApiProperty() openComments: number;
}

export class ReviewQueueDto {
  @ApiProperty({ enum: APPROVAL_POLICIES }) policy: ApprovalPolicy;
  @ApiProperty({ type: [ReviewQueueItemDto] }) items: ReviewQueueItemDto[];
  @ApiProperty() count: number;
}

export class ReviewQueueQueryDto {
  @IntField(1, 200, { optional: true, description: 'default 100' }) limit?: number;
}
