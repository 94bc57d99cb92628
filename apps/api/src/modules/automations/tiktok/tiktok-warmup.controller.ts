import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';

import { Access } from '../../../common/auth/access.decorator.js';
import { AccountScoped } from '../../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../../common/auth/principal.js';
import { UuidParam } from '../../../common/validation/id.pipe.js';
import { WarmupRestartDto } from './tiktok-warmup.dto.js';
import { TiktokWarmupService } from './tiktok-warmup.service.js';

@ApiTags('accounts')
@Controller('accounts')
export class TiktokWarmupController {
  constructor(private readonly warmup: TiktokWarmupService) {}

  @Post(':id/warmup/restart')
  @AccountScoped('account')
  @Access('admin', 'automations:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart the warm-up of a recovering TikTok account: it is back to week 1 of the tiktok_warmup ramp from now (audited)',
    description: 'Without a restart, the warm-up counts from when the account was connected. The ramp applies while the tiktok_warmup automation is on.',
  })
  @ApiOkResponse({ type: WarmupRestartDto })
  @ApiNotFoundResponse()
  @ApiUnprocessableEntityResponse({ description: 'The account is not a TikTok account' })
  async restartAccountWarmup(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<WarmupRestartDto> {
    const result = await this.warmup.restart(principal, id);
    return { accountId: result.accountId, startedAt: result.startedAt.toISOString() };
  }
}
