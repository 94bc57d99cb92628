import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { AccountsService } from './accounts.service.js';
import { SocialAccountDto } from './dto/account.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Access('viewer', 'accounts:read')
  @ApiOperation({ summary: 'Social accounts connected to the current workspace' })
  @ApiOkResponse({ type: [SocialAccountDto] })
  async listAccounts(@CurrentPrincipal() principal: Principal): Promise<SocialAccountDto[]> {
    return (await this.accounts.list(principal)).map((a) => ({
      id: a.id,
      platform: a.platform,
      handle: a.handle,
      displayName: a.displayName,
      avatarUrl: a.avatarUrl,
      status: a.status,
      scopes: a.scopes,
      createdAt: new Date(a.createdAt).toISOString(),
    }));
  }
}
