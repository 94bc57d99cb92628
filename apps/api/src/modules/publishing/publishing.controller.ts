import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { PublicationDetailDto, ResolveReviewDto } from './dto/publication.dto.js';
import { PublishingService } from './publishing.service.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

@ApiTags('publications')
@Controller('publications')
export class PublishingController {
  constructor(private readonly publishing: PublishingService) {}

  @Get(':id')
  @AccountScoped('publication')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'One publication with its job and step-by-step timeline' })
  @ApiOkResponse({ type: PublicationDetailDto })
  @ApiNotFoundResponse()
  async getPublication(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<PublicationDetailDto> {
    const { publication: p, job, timeline, link } = await this.publishing.detail(principal, id);
    return {
      id: p.id,
      contentItemId: p.itemId,
      accountId: p.accountId,
      platform: p.platform,
      status: p.status,
      step: p.step,
      progressBytes: p.progressBytes,
      totalBytes: p.totalBytes,
      remoteMediaId: p.remoteMediaId,
      remotePublishId: p.remotePublishId,
      permalink: p.permalink,
      linkStatus: link.linkStatus ?? (p.status === 'posted' && p.permalink ? 'ready' : null),
      linkReason: link.linkReason,
      errorCode: p.errorCode,
      errorMessage: p.errorMessage,
      errorClass: p.errorClass,
      needsReview: p.needsReview,
      postedAt: iso(p.postedAt),
      job: job
        ? {
            id: job.id,
            status: job.status,
            attempts: job.attempts,
            maxAttempts: job.maxAttempts,
            runAt: iso(job.runAt)!,
            lastError: (job.lastError as Record<string, unknown> | null) ?? null,
          }
        : null,
      timeline: timeline.map((e) => ({ ...e, at: iso(e.at)! })),
    };
  }

  @Post(':id/retry')
  @AccountScoped('publication')
  @Access('editor', 'content:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Retry a failed publication now (a cancelled one stays cancelled)' })
  @ApiNoContentResponse()
  @ApiConflictResponse()
  async retryPublication(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.publishing.retry(principal, id);
  }

  @Post(':id/cancel')
  @AccountScoped('publication')
  @Access('editor', 'content:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a publication that is waiting (and its upload at the platform if one started)' })
  @ApiNoContentResponse()
  @ApiConflictResponse()
  async cancelPublication(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.publishing.cancel(principal, id);
  }

  @Post(':id/resolve')
  @AccountScoped('publication')
  @Access('admin', 'content:write')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Settle a publication that is not posted (needs review, failed, dead, cancelled, waiting) after checking the platform: posted (with its id) or not; or give a posted one its missing link',
  })
  @ApiNoContentResponse()
  @ApiConflictResponse()
  @ApiUnprocessableEntityResponse()
  async resolvePublication(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: ResolveReviewDto): Promise<void> {
    await this.publishing.resolve(principal, id, body);
  }
}
