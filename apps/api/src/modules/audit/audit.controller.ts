import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AuditService } from './audit.service.js';
import { AuditPageDto, AuditQueryDto } from './dto/audit.dto.js';

@ApiTags('audit')
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Access('admin', 'admin')
  @ApiOperation({ summary: "The current workspace's audit log, newest first" })
  @ApiOkResponse({ type: AuditPageDto })
  async listAuditLog(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const page = await this.audit.page(workspaceIdOf(principal), query.limit ?? 50, query.cursor);
    return { nextCursor: page.nextCursor, items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })) };
  }
}
