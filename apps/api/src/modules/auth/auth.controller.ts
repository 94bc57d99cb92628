import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { UserOnly } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Public } from '../../common/auth/public.decorator.js';
import { requireUser } from '../../common/auth/user-only.js';
import { TextField } from '../../common/validation/fields.js';
import { toMyWorkspaceDto, toWorkspaceDto } from '../workspaces/workspaces.mapper.js';
import type { User } from './auth.repository.js';
import { AuthService, type ClientInfo, type Me } from './auth.service.js';
import {
  AcceptInvitationDto,
  AuthStatusDto,
  ChangePasswordDto,
  InvitationPreviewDto,
  LoginDto,
  MeDto,
  SetupDto,
  SwitchWorkspaceDto,
  UpdateProfileDto,
  UserDto,
} from './dto/auth.dto.js';
import { ThrottleCredential } from './login-throttler.guard.js';
import { SessionCookies } from './session-cookies.js';

class InvitationTokenParams {
  @TextField(20, 200) token: string;
}

const toUserDto = (u: User): UserDto => ({ id: u.id, email: u.email, name: u.name, locale: u.locale });
const toMeDto = (me: Me): MeDto => ({
  user: toUserDto(me.user),
  workspace: me.workspace ? toWorkspaceDto(me.workspace) : null,
  role: me.role,
  workspaces: me.workspaces.map(toMyWorkspaceDto),
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  private client(req: Request): ClientInfo {
    return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, previousToken: this.cookies.read(req) };
  }

  @Public()
  @Get('status')
  @ApiOperation({ summary: 'Whether this installation still needs its first (owner) account' })
  @ApiOkResponse({ type: AuthStatusDto })
  async getAuthStatus(): Promise<AuthStatusDto> {
    return { setupRequired: await this.auth.setupRequired() };
  }

  @Public()
  @Post('setup')
  @ThrottleCredential('email')
  @ApiOperation({ summary: 'First run: create the owner account and its workspace (works once), and sign in' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'Already set up' })
  async setup(@Body() body: SetupDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<UserDto> {
    const { user, session } = await this.auth.setup(body, this.client(req));
    this.cookies.set(res, session.token, session.expiresAt);
    return toUserDto(user);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ThrottleCredential('email')
  @ApiOperation({ summary: 'Sign in with email and password; sets the session cookie' })
  @ApiOkResponse({ type: UserDto })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account or from this address' })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<UserDto> {
    const { user, session } = await this.auth.login(body.email, body.password, this.client(req));
    this.cookies.set(res, session.token, session.expiresAt);
    return toUserDto(user);
  }

  @Post('logout')
  @UserOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(requireUser(principal));
    this.cookies.clear(res);
  }

  @Get('me')
  @UserOnly()
  @ApiOperation({ summary: 'The signed-in user, the current workspace and role, and all their workspaces' })
  @ApiOkResponse({ type: MeDto })
  async getMe(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return toMeDto(await this.auth.me(requireUser(principal)));
  }

  @Patch('me')
  @UserOnly()
  @ApiOperation({ summary: 'Change your name or language' })
  @ApiOkResponse({ type: UserDto })
  async updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateProfileDto): Promise<UserDto> {
    return toUserDto(await this.auth.updateProfile(requireUser(principal), body));
  }

  @Post('switch-workspace')
  @UserOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Work in another workspace you belong to' })
  @ApiOkResponse({ type: MeDto })
  @ApiNotFoundResponse({ description: 'You do not belong to that workspace (NOT_FOUND)' })
  async switchWorkspace(@CurrentPrincipal() principal: Principal, @Body() body: SwitchWorkspaceDto): Promise<MeDto> {
    const user = requireUser(principal);
    await this.auth.switchWorkspace(user, body.workspaceId);
    return toMeDto(await this.auth.me({ ...user, workspaceId: body.workspaceId }));
  }

  @Post('password')
  @UserOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password; every other session of yours ends' })
  @ApiNoContentResponse()
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const session = await this.auth.changePassword(requireUser(principal), body.currentPassword, body.newPassword, this.client(req));
    this.cookies.set(res, session.token, session.expiresAt);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOperation({ summary: 'What an invitation link offers (workspace, role), before accepting it' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiResponse({ status: 410, description: 'The invitation was used, withdrawn or has expired (INVITATION_EXPIRED, INVITATION_USED, INVITATION_REVOKED)' })
  async previewInvitation(@Param() params: InvitationTokenParams): Promise<InvitationPreviewDto> {
    const preview = await this.auth.previewInvitation(params.token);
    return { ...preview, expiresAt: preview.expiresAt.toISOString() };
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ThrottleCredential('invitationToken')
  @ApiOperation({ summary: 'Accept an invitation (creating the account if needed) and sign in to that workspace' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such invitation' })
  @ApiResponse({ status: 410, description: 'The invitation was used, withdrawn or has expired (INVITATION_EXPIRED, INVITATION_USED, INVITATION_REVOKED)' })
  async acceptInvitation(@Body() body: AcceptInvitationDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<UserDto> {
    const { user, session } = await this.auth.acceptInvitation(body, this.client(req));
    this.cookies.set(res, session.token, session.expiresAt);
    return toUserDto(user);
  }
}
