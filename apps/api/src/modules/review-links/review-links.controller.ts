import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Public } from '../../common/auth/public.decorator.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { ClientDecisionDto, ClientReviewDto, CreateReviewLinkDto, ReviewLinkDto, ReviewLinkListDto, ReviewLinksQueryDto } from './dto/review-links.dto.js';
import { ReviewLinkThrottleGuard } from './review-link-throttle.guard.js';
import { ReviewLinksService } from './review-links.service.js';

/** Client review links, for the team (issue 25). */
@ApiTags('review-links')
@Controller('review-links')
export class ReviewLinksController {
  constructor(private readonly links: ReviewLinksService) {}

  @Post()
  @Idempotent()
  @Access('editor')
  @ApiOperation({ summary: 'Share one item or a set with a client: a signed link, 30 days by default' })
  @ApiCreatedResponse({ type: ReviewLinkDto })
  @ApiNotFoundResponse()
  createReviewLink(@CurrentPrincipal() principal: Principal, @Body() body: CreateReviewLinkDto): Promise<ReviewLinkDto> {
    return this.links.create(principal, body);
  }

  @Get()
  @Access('editor')
  @ApiOperation({ summary: "The workspace's review links, newest first (of one item with contentItemId)" })
  @ApiOkResponse({ type: ReviewLinkListDto })
  listReviewLinks(@CurrentPrincipal() principal: Principal, @Query() query: ReviewLinksQueryDto): Promise<ReviewLinkListDto> {
    return this.links.list(principal, query.contentItemId);
  }

  @Post(':id/revoke')
  @AccountScoped('reviewLink')
  @HttpCode(200)
  @Access('editor')
  @ApiOperation({ summary: 'Revoke a link: it answers 404 from now on' })
  @ApiOkResponse({ type: ReviewLinkDto })
  @ApiNotFoundResponse()
  revokeReviewLink(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ReviewLinkDto> {
    return this.links.revoke(principal, id);
  }
}

const TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

/** What a client without an account reaches through a review link (public, rate-limited). */
@ApiTags('client-review')
@Public()
@UseGuards(ReviewLinkThrottleGuard)
@Controller('public/review')
export class ClientReviewController {
  constructor(private readonly links: ReviewLinksService) {}

  @Get(':token')
  @ApiOperation({ summary: "The link's items as the client sees them; an unknown, tampered, expired or revoked token answers 404" })
  @ApiOkResponse({ type: ClientReviewDto })
  @ApiNotFoundResponse()
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: wait for Retry-After' })
  getClientReview(@Param('token') token: string): Promise<ClientReviewDto> {
    return this.links.show(TOKEN.test(token) ? token : '');
  }

  @Post(':token/items/:itemId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'The client approves an item or requests changes (with a comment)' })
  @ApiOkResponse({ type: ClientReviewDto })
  @ApiNotFoundResponse()
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: wait for Retry-After' })
  decideClientReview(@Param('token') token: string, @Param('itemId', UuidParam()) itemId: string, @Body() body: ClientDecisionDto): Promise<ClientReviewDto> {
    return this.links.decide(TOKEN.test(token) ? token : '', itemId, body);
  }
}
