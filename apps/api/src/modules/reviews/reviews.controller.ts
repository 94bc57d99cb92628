import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { CommentsService } from './comments.service.js';
import { CommentDto, CommentPageDto, CommentsQueryDto, CreateCommentDto } from './dto/comments.dto.js';
import {
  ApproveDto,
  RequestChangesDto,
  ReviewQueueDto,
  ReviewQueueQueryDto,
  ReviewSettingsDto,
  ReviewStateDto,
  SetApproverDto,
  UpdateReviewSettingsDto,
} from './dto/reviews.dto.js';
import { ReviewsService } from './reviews.service.js';

/** Approvals on a content item (issue 25). */
@ApiTags('reviews')
@Controller('content-items')
export class ContentReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly comments: CommentsService,
  ) {}

  @Get(':id/review')
  @AccountScoped('contentItem')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'Where the item stands in review, and the hash of what would be published now (what an approval binds to)' })
  @ApiOkResponse({ type: ReviewStateDto })
  @ApiNotFoundResponse()
  getContentItemReview(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ReviewStateDto> {
    return this.reviews.state(principal, id);
  }

  @Post(':id/review')
  @AccountScoped('contentItem')
  @HttpCode(200)
  @Access('contributor')
  @ApiOperation({ summary: 'Ask for a review of the item' })
  @ApiOkResponse({ type: ReviewStateDto })
  @ApiConflictResponse({ description: 'APPROVALS_OFF: the policy is none; REVIEW_NOT_OPEN: already publishing, published or cancelled' })
  @ApiNotFoundResponse()
  requestContentItemReview(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ReviewStateDto> {
    return this.reviews.requestReview(principal, id);
  }

  @Post(':id/approve')
  @AccountScoped('contentItem')
  @HttpCode(200)
  @Access('editor')
  @ApiOperation({ summary: 'Approve exactly the version whose hash is given; any later edit of what is published voids it' })
  @ApiOkResponse({ type: ReviewStateDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: hash is not a sha256' })
  @ApiForbiddenResponse({ description: 'APPROVER_REQUIRED; SELF_APPROVAL_FORBIDDEN' })
  @ApiConflictResponse({ description: 'APPROVAL_STALE: the item changed since that version; APPROVALS_OFF; REVIEW_NOT_OPEN' })
  @ApiNotFoundResponse()
  approveContentItem(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: ApproveDto): Promise<ReviewStateDto> {
    return this.reviews.approve(principal, id, body.hash);
  }

  @Post(':id/request-changes')
  @AccountScoped('contentItem')
  @HttpCode(200)
  @Access('editor')
  @ApiOperation({ summary: 'Send the item back with a comment saying what to change' })
  @ApiOkResponse({ type: ReviewStateDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: no comment' })
  @ApiForbiddenResponse({ description: 'APPROVER_REQUIRED' })
  @ApiConflictResponse({ description: 'APPROVALS_OFF; REVIEW_NOT_OPEN' })
  @ApiNotFoundResponse()
  requestContentItemChanges(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: RequestChangesDto,
  ): Promise<ReviewStateDto> {
    return this.reviews.requestChanges(principal, id, (tx) => this.comments.add(tx, principal, id, { body: body.comment }));
  }

  @Get(':id/comments')
  @AccountScoped('contentItem')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "The item's comments, oldest first (keyset pages)" })
  @ApiOkResponse({ type: CommentPageDto })
  @ApiBadRequestResponse({ description: 'INVALID_CURSOR' })
  @ApiNotFoundResponse()
  listContentItemComments(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Query() query: CommentsQueryDto,
  ): Promise<CommentPageDto> {
    return this.comments.list(principal, id, query.limit ?? 50, query.cursor);
  }

  @Post(':id/comments')
  @AccountScoped('contentItem')
  @Idempotent()
  @Access('contributor')
  @ApiOperation({ summary: 'Comment on the item, or reply to a thread; mentions are user ids of members' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiBadRequestResponse({ description: 'MENTION_NOT_MEMBER; COMMENT_REPLY_DEPTH' })
  @ApiNotFoundResponse()
  createContentItemComment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: CreateCommentDto,
  ): Promise<CommentDto> {
    return this.comments.create(principal, id, body);
  }
}

@ApiTags('reviews')
@Controller('comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Post(':id/resolve')
  @AccountScoped('comment')
  @HttpCode(200)
  @Access('editor')
  @ApiOperation({ summary: 'Mark a comment resolved' })
  @ApiOkResponse({ type: CommentDto })
  @ApiNotFoundResponse()
  resolveComment(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<CommentDto> {
    return this.comments.resolve(principal, id, true);
  }

  @Post(':id/reopen')
  @AccountScoped('comment')
  @HttpCode(200)
  @Access('editor')
  @ApiOperation({ summary: 'Open a resolved comment again' })
  @ApiOkResponse({ type: CommentDto })
  @ApiNotFoundResponse()
  reopenComment(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<CommentDto> {
    return this.comments.resolve(principal, id, false);
  }
}

@ApiTags('reviews')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get('reviews')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The review queue: awaiting approval, in review, changes requested; soonest first' })
  @ApiOkResponse({ type: ReviewQueueDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: limit out of range' })
  listReviews(@CurrentPrincipal() principal: Principal, @Query() query: ReviewQueueQueryDto): Promise<ReviewQueueDto> {
    return this.reviews.queue(principal, query.limit ?? 100);
  }

  @Get('review-settings')
  @Access('viewer')
  @ApiOperation({ summary: "The workspace's approval policy and who may approve" })
  @ApiOkResponse({ type: ReviewSettingsDto })
  getReviewSettings(@CurrentPrincipal() principal: Principal): Promise<ReviewSettingsDto> {
    return this.reviews.settings(principal);
  }

  @Patch('review-settings')
  @Access('admin')
  @ApiOperation({ summary: 'Set the approval policy (none, optional, required_internal, required_client) and self-approval' })
  @ApiOkResponse({ type: ReviewSettingsDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: unknown policy' })
  updateReviewSettings(@CurrentPrincipal() principal: Principal, @Body() body: UpdateReviewSettingsDto): Promise<ReviewSettingsDto> {
    return this.reviews.updateSettings(principal, body);
  }

  @Put('review-settings/approvers/:userId')
  @Access('admin')
  @ApiOperation({ summary: 'Mark a member approver, or not (owners and admins approve by role)' })
  @ApiOkResponse({ type: ReviewSettingsDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: approver must be a boolean' })
  @ApiNotFoundResponse({ description: 'Not a member of this workspace' })
  setReviewApprover(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', UuidParam()) userId: string,
    @Body() body: SetApproverDto,
  ): Promise<ReviewSettingsDto> {
    return this.reviews.setApprover(principal, userId, body.approver);
  }
}
