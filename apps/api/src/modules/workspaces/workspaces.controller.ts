import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { Access, UserOnly } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { requireUser } from '../../common/auth/user-only.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import {
  ChangeRoleDto,
  CreatedInvitationDto,
  CreateInvitationDto,
  CreateWorkspaceDto,
  InvitationDto,
  MemberDto,
  MyWorkspaceDto,
  SetAccountAccessDto,
  UpdateWorkspaceDto,
  WorkspaceDto,
} from './dto/workspace.dto.js';
import { toInvitationDto, toMemberDto, toMyWorkspaceDto, toWorkspaceDto } from './workspaces.mapper.js';
import { WorkspacesService } from './workspaces.service.js';

@ApiTags('workspaces')
@Controller('workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @UserOnly()
  @ApiOperation({ summary: 'Workspaces the signed-in user belongs to, with their role in each' })
  @ApiOkResponse({ type: [MyWorkspaceDto] })
  async listWorkspaces(@CurrentPrincipal() principal: Principal): Promise<MyWorkspaceDto[]> {
    return (await this.workspaces.listForUser(requireUser(principal).userId)).map(toMyWorkspaceDto);
  }

  @Post()
  @Idempotent()
  @UserOnly()
  @ApiOperation({ summary: 'Create a workspace; the caller becomes its owner' })
  @ApiCreatedResponse({ type: WorkspaceDto })
  async createWorkspace(@CurrentPrincipal() principal: Principal, @Body() body: CreateWorkspaceDto): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspaces.createWorkspace(requireUser(principal).userId, body));
  }

  @Get('current')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The workspace this session or key works in' })
  @ApiOkResponse({ type: WorkspaceDto })
  async getCurrentWorkspace(@CurrentPrincipal() principal: Principal): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspaces.current(principal));
  }

  @Patch(':id')
  @Access('owner')
  @ApiOperation({ summary: 'Rename the current workspace or change its time zone' })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiNotFoundResponse()
  async updateWorkspace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: UpdateWorkspaceDto,
  ): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspaces.update(principal, id, body));
  }

  @Delete(':id')
  @Access('owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the current workspace and everything in it' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async deleteWorkspace(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.workspaces.delete(principal, id);
  }
}

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @Access('viewer', 'admin')
  @ApiOperation({ summary: 'Members of the current workspace' })
  @ApiOkResponse({ type: [MemberDto] })
  async listMembers(@CurrentPrincipal() principal: Principal): Promise<MemberDto[]> {
    return (await this.workspaces.listMembers(principal)).map(toMemberDto);
  }

  @Patch(':userId')
  @Access('admin', 'admin')
  @ApiOperation({ summary: "Change a member's role (only owners grant or take the owner role; the last owner stays)" })
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The workspace would have no owner left (LAST_OWNER)' })
  async changeMemberRole(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', UuidParam()) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberDto> {
    return toMemberDto(await this.workspaces.changeRole(principal, userId, body.role));
  }

  @Put(':userId/account-access')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Limit a member (below admin) to some social accounts, or give them every account again' })
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Owners and admins always see every account (ACCOUNT_ACCESS_NOT_FOR_ADMINS)' })
  @ApiUnprocessableEntityResponse({ description: 'An account is not in this workspace (ACCOUNT_ACCESS_UNKNOWN_ACCOUNT)' })
  async setMemberAccountAccess(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', UuidParam()) userId: string,
    @Body() body: SetAccountAccessDto,
  ): Promise<MemberDto> {
    return toMemberDto(await this.workspaces.setAccountAccess(principal, userId, body.allAccounts ? null : body.accountIds));
  }

  @Delete(':userId')
  @Access('admin', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from the current workspace (never the last owner)' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The workspace would have no owner left (LAST_OWNER)' })
  @ApiNotFoundResponse()
  async removeMember(@CurrentPrincipal() principal: Principal, @Param('userId', UuidParam()) userId: string): Promise<void> {
    await this.workspaces.removeMember(principal, userId);
  }
}

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post()
  @Idempotent()
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Invite someone by email; returns the link to send them (shown once)' })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  async createInvitation(@CurrentPrincipal() principal: Principal, @Body() body: CreateInvitationDto): Promise<CreatedInvitationDto> {
    const { invitation, acceptUrl } = await this.workspaces.invite(principal, body.email, body.role);
    return { invitation: toInvitationDto(invitation), acceptUrl };
  }

  @Get()
  @Access('admin', 'admin')
  @ApiOperation({ summary: "The current workspace's invitations, newest first" })
  @ApiOkResponse({ type: [InvitationDto] })
  async listInvitations(@CurrentPrincipal() principal: Principal): Promise<InvitationDto[]> {
    return (await this.workspaces.listInvitations(principal)).map(toInvitationDto);
  }

  @Delete(':id')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Withdraw an invitation; its link stops working' })
  @ApiOkResponse({ type: InvitationDto })
  @ApiNotFoundResponse()
  async revokeInvitation(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<InvitationDto> {
    return toInvitationDto(await this.workspaces.revokeInvitation(principal, id));
  }
}
