import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../../common/auth/principal.js';
import { IgOwnPostDto, IgOwnPostsQueryDto } from './ig-own-posts.dto.js';
import { IgOwnPostsService } from './ig-own-posts.service.js';

@ApiTags('war-room')
@Controller('automations')
export class IgOwnPostsController {
  constructor(private readonly posts: IgOwnPostsService) {}

  @Get('instagram-posts')
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary: "Our own published Instagram posts, newest first, with their media id: the posts ig_welcome_dm's commentMediaIds can be chosen from",
  })
  @ApiOkResponse({ type: [IgOwnPostDto] })
  listInstagramPosts(@CurrentPrincipal() principal: Principal, @Query() query: IgOwnPostsQueryDto): Promise<IgOwnPostDto[]> {
    return this.posts.list(principal, query.search, query.limit);
  }
}
