import { ApiProperty } from '@nestjs/swagger';

import { WORKSPACE_ROLES, type WorkspaceRole } from '@mwr/domain';

import { EmailField, EnumField, PasswordField, TextField, TimeZoneField, UuidField } from '../../../common/validation/fields.js';
import { MyWorkspaceDto, WorkspaceDto } from '../../workspaces/dto/workspace.dto.js';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export class AuthStatusDto {
  @ApiProperty({ description: 'True until the first (owner) account exists' }) setupRequired: boolean;
}

export class SetupDto {
  @EmailField() email: string;
  @PasswordField() password: string;
  @TextField(1, 120, { example: 'Camille Martin' }) name: string;
  @TextField(1, 120, { example: 'Acme Marketing' }) workspaceName: string;
  @TimeZoneField({ optional: true }) timeZone?: string;
  @EnumField(LOCALES, { optional: true }) locale?: Locale;
}

export class LoginDto {
  @EmailField() email: string;
  // Not PasswordField: an old account may predate today's rules, and login must not reveal them.
  @TextField(1, 256, { example: 'correct-horse-battery' }) password: string;
}

export class SwitchWorkspaceDto {
  @UuidField() workspaceId: string;
}

export class ChangePasswordDto {
  @TextField(1, 256, { example: 'correct-horse-battery' }) currentPassword: string;
  @PasswordField() newPassword: string;
}

export class UpdateProfileDto {
  @TextField(1, 120, { optional: true, example: 'Camille Martin' }) name?: string;
  @EnumField(LOCALES, { optional: true }) locale?: Locale;
}

export class AcceptInvitationDto {
  @TextField(20, 200, { example: 'inv_3b6f2a8c4d10e5f7a9b1c2d3' }) token: string;
  @TextField(1, 120, { optional: true, description: 'Needed when the email has no account yet', example: 'Camille Martin' }) name?: string;
  @TextField(1, 256, { description: "The new account's password (min 10 characters), or the existing account's password", example: 'correct-horse-battery' })
  password: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: WorkspaceDto, nullable: true }) workspace: WorkspaceDto | null;
  @ApiProperty({ enum: WORKSPACE_ROLES, nullable: true }) role: WorkspaceRole | null;
  @ApiProperty({ type: [MyWorkspaceDto] }) workspaces: MyWorkspaceDto[];
}

export class InvitationPreviewDto {
  @ApiProperty() workspaceName: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role: WorkspaceRole;
  @ApiProperty({ description: 'Whether an account with this email exists (then its password is asked)' }) accountExists: boolean;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
