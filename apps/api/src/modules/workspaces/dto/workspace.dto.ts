import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsUUID } from 'class-validator';

import { WORKSPACE_ROLES, type WorkspaceRole } from '@mwr/domain';

import { EmailField, EnumField, TextField, TimeZoneField } from '../../../common/validation/fields.js';

export class CreateWorkspaceDto {
  @TextField(1, 120, { example: 'Acme Brand' }) name: string;
  @TimeZoneField({ optional: true }) timeZone?: string;
}

export class UpdateWorkspaceDto {
  @TextField(1, 120, { optional: true }) name?: string;
  @TimeZoneField({ optional: true }) timeZone?: string;
}

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MyWorkspaceDto extends WorkspaceDto {
  @ApiProperty({ enum: WORKSPACE_ROLES }) role: WorkspaceRole;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role: WorkspaceRole;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The social accounts this member is limited to; null when they see every account (always null for owners and admins)',
  })
  accountIds: string[] | null;
}

export class SetAccountAccessDto {
  @ApiProperty({ description: 'true: the member sees every account (accountIds is ignored); false: only accountIds', example: false })
  @IsBoolean()
  allAccounts: boolean;
  @ApiProperty({
    type: [String],
    description: 'The accounts the member may see when allAccounts is false (up to 500)',
    example: ['5f0c9a1e-7b2d-4c1d-9e1a-3b6f2a8c4d10'],
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  accountIds: string[];
}

export class ChangeRoleDto {
  @EnumField(WORKSPACE_ROLES) role: WorkspaceRole;
}

export class CreateInvitationDto {
  @EmailField() email: string;
  @EnumField(WORKSPACE_ROLES) role: WorkspaceRole;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role: WorkspaceRole;
  @ApiProperty({ enum: ['pending', 'accepted', 'expired', 'revoked'] }) status: 'pending' | 'accepted' | 'expired' | 'revoked';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class CreatedInvitationDto {
  @ApiProperty({ type: InvitationDto }) invitation: InvitationDto;
  @ApiProperty({ description: 'The link to send to the invitee. Shown once: only its hash is stored.' }) acceptUrl: string;
}
