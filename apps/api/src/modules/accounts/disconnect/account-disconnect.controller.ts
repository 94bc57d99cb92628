import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { Access } from '../../../common/auth/access.decorator.js';
import { AccountScoped } from '../../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../../common/auth/principal.js';
import { UuidParam } from '../../../common/validation/id.pipe.js';
import { AccountDisconnectService } from './account-disconnect.service.js';
import { DisconnectAccountQueryDto, DisconnectImpactDto } from './dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class AccountDisconnectController {
  constructor(private readonly disconnects: AccountDisconnectService) {}

  @Get(':id/impact')
  @AccountScoped('account')
  @Access('viewer', 'accounts:read')
  @ApiOperation({ summary: 'What disconnecting the account affects: its scheduled, paused and queued posts, and the accounts they could move to' })
  @ApiOkResponse({ type: DisconnectImpactDto })
  @ApiNotFoundResponse()
  getDisconnectImpact(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<DisconnectImpactDto> {
    return this.disconnects.impact(principal, id);
  }

  @Delete(':id')
  @AccountScoped('account')
  @Access('admin', 'admin')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Disconnect: revoke at the platform where possible and delete the tokens; history is kept. Its scheduled posts wait for a reconnection (keep, the default), are paused, or move to another connected account of the same platform',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such account in this workspace (also the account to move to)' })
  @ApiUnprocessableEntityResponse({ description: 'MOVE_TARGET_SAME_ACCOUNT, MOVE_TARGET_OTHER_PLATFORM' })
  @ApiConflictResponse({ description: 'MOVE_TARGET_NOT_CONNECTED' })
  async disconnectAccount(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Query() query: DisconnectAccountQueryDto,
  ): Promise<void> {
    await this.disconnects.disconnect(principal, id, query.scheduledPosts ?? 'keep', query.moveToAccountId);
  }
}
