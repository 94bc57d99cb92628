import { Controller, Get, HttpCode, Param, Post, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { isPlatform, type Platform } from '@mwr/domain';
import { PLATFORM_DESCRIPTORS } from '@mwr/publishers';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Public } from '../../common/auth/public.decorator.js';
import { requireUser } from '../../common/auth/user-only.js';
import { AppException } from '../../common/errors/app-exception.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { InvalidOAuthState } from './accounts.errors.js';
import { AccountsService, type CallbackQuery } from './accounts.service.js';
import { ConnectionTestDto, ConnectQueryDto, ConnectStartDto, SocialAccountDto } from './dto/account.dto.js';

/** Every platform in the registry can be connected (docs/adding-a-platform.md). */
const CONNECTABLE: readonly Platform[] = PLATFORM_DESCRIPTORS.map((d) => d.id);

/** `:platform` must be one we can connect; anything else is simply not a route. */
class PlatformParam implements PipeTransform<string, Platform> {
  transform(value: string): Platform {
    if (!isPlatform(value) || !CONNECTABLE.includes(value)) throw new AppException('NOT_FOUND', `Connecting "${value}" accounts is not supported`, 404);
    return value;
  }
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Access('viewer', 'accounts:read')
  @ApiOperation({ summary: 'Social accounts of the current workspace, with token expiry and refresh health (never the tokens)' })
  @ApiOkResponse({ type: [SocialAccountDto] })
  async listAccounts(@CurrentPrincipal() principal: Principal): Promise<SocialAccountDto[]> {
    return (await this.accounts.list(principal)).map((a) => ({
      id: a.id,
      platform: a.platform,
      handle: a.handle,
      displayName: a.displayName,
      avatarUrl: a.avatarUrl,
      status: a.status,
      restriction: a.status === 'restricted' ? a.restriction : null,
      notices: a.notices,
      accountType: a.accountType,
      scopes: a.scopes,
      capabilities: a.capabilities,
      tokenExpiresAt: iso(a.tokenExpiresAt),
      lastRefreshAt: iso(a.lastRefreshAt),
      lastRefreshError: a.lastRefreshError,
      waitingPosts: a.waitingPosts,
      createdAt: iso(a.createdAt)!,
    }));
  }

  @Post('connect/:platform')
  @Access('admin')
  @ApiOperation({ summary: 'Start connecting an account: returns the platform authorization URL (valid 10 minutes, this session only)' })
  @ApiParam({ name: 'platform', enum: CONNECTABLE })
  @ApiOkResponse({ type: ConnectStartDto })
  @ApiResponse({ status: 503, description: 'This installation has no app credentials for that platform (PLATFORM_NOT_CONFIGURED)' })
  @ApiResponse({ status: 400, description: 'The flavour is not a connect option of that platform (CONNECT_FLAVOUR_UNKNOWN), or malformed (VALIDATION_FAILED)' })
  @HttpCode(200)
  async connectAccount(
    @CurrentPrincipal() principal: Principal,
    @Param('platform', PlatformParam) platform: Platform,
    @Query() query: ConnectQueryDto,
  ): Promise<ConnectStartDto> {
    const started = await this.accounts.connect(requireUser(principal), platform, query.flavour);
    return { authorizeUrl: started.authorizeUrl, expiresAt: started.expiresAt.toISOString() };
  }

  /** Where the platform sends the browser back. Public: the state proves which session started it. */
  @Public()
  @Get('callback/:platform')
  @ApiExcludeEndpoint()
  async connectCallback(
    @Param('platform', PlatformParam) platform: Platform,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() caller: Principal | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const pick = (key: keyof CallbackQuery) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
    try {
      const target = await this.accounts.completeConnect(
        platform,
        { code: pick('code'), state: pick('state'), error: pick('error'), error_description: pick('error_description') },
        caller,
      );
      res.redirect(302, target);
    } catch (error) {
      if (!(error instanceof InvalidOAuthState)) throw error;
      // A person is looking at this page: answer in words, with the way back.
      res
        .status(400)
        .type('html')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Connection failed</title><main style="font-family:system-ui;max-width:32rem;margin:4rem auto">` +
            `<h1>Connection failed</h1><p>${escapeHtml(error.message)}</p><p><a href="/accounts">Back to Accounts</a></p></main>`,
        );
    }
  }

  @Post(':id/test')
  @AccountScoped('account')
  @Access('editor', 'accounts:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the connection with a harmless read at the platform' })
  @ApiOkResponse({ type: ConnectionTestDto })
  @ApiNotFoundResponse()
  testAccountConnection(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ConnectionTestDto> {
    return this.accounts.testConnection(principal, id);
  }
}
