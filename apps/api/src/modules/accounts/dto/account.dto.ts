import { ApiProperty } from '@nestjs/swagger';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { PatternField } from '../../../common/validation/fields.js';

export const ACCOUNT_STATUSES = ['active', 'needs_reconnect', 'disabled', 'restricted'] as const;
export type AccountStatusValue = (typeof ACCOUNT_STATUSES)[number];

/** Why the platform refuses the account (status `restricted`). */
export class AccountRestrictionDto {
  @ApiProperty({ example: 'spam_risk_user_banned_from_posting', description: "The platform's code" }) code: string;
  @ApiProperty({ description: 'What it means and what to do (English; the SPA translates by code)' }) message: string;
  @ApiProperty({ format: 'date-time', description: 'Since when the platform refuses it' }) since: string;
}

/** A fact a publication showed about the account that does not stop publishing (migration 025). */
export class AccountNoticeDto {
  @ApiProperty({
    example: 'uploads_locked_private',
    description: "The notice's code (the SPA words it per platform), e.g. uploads_locked_private: the platform keeps this account's uploads private",
  })
  code: string;
  @ApiProperty({ format: 'date-time', description: 'Since the first publication that showed it' }) since: string;
}

export const WAITING_ON_CODES = ['account_disconnected', 'account_needs_reconnect', 'account_restricted', 'scope_missing'] as const;

/** Why a post cannot go on until a person acts on its account (issue #20): set while its job is `waiting_person`. */
export class WaitingOnDto {
  @ApiProperty({ enum: WAITING_ON_CODES }) code: (typeof WAITING_ON_CODES)[number];
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ type: String, nullable: true, description: "The platform's (or our) code behind it, e.g. spam_risk_user_banned_from_posting" })
  detail: string | null;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class SocialAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() handle: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true }) avatarUrl: string | null;
  @ApiProperty({
    enum: ACCOUNT_STATUSES,
    description: '`restricted`: the platform refuses this account itself (e.g. TikTok banned it from posting); see `restriction`',
  })
  status: AccountStatusValue;
  @ApiProperty({ type: AccountRestrictionDto, nullable: true, description: 'Set while status is `restricted`' }) restriction: AccountRestrictionDto | null;
  @ApiProperty({
    type: [AccountNoticeDto],
    description: 'Facts the platform showed while publishing (publishing goes on); cleared when a later post shows they no longer hold',
  })
  notices: AccountNoticeDto[];
  @ApiProperty({ type: String, nullable: true, example: 'BUSINESS' }) accountType: string | null;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the platform allows this account (e.g. TikTok privacy options, max duration)' })
  capabilities: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the stored access token expires (the token itself is never returned)' })
  tokenExpiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRefreshAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last token refresh failed, if it did' }) lastRefreshError: string | null;
  @ApiProperty({
    description: 'Posts that wait on a person for this account (reconnect it, or the platform lifts its restriction); they go out by themselves then',
  })
  waitingPosts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** `?flavour=`: another way to connect the same platform (its registry descriptor's `oauthFlavours`). */
export class ConnectQueryDto {
  @PatternField(/^[a-z][a-z0-9_]{0,39}$/, 'flavour must be a connect option key such as facebook_login', 40, {
    optional: true,
    example: 'facebook_login',
    description: "Another way to connect this platform (e.g. Instagram's facebook_login, needed for Hashtag Search); absent: the default one",
  })
  flavour?: string;
}

export class ConnectStartDto {
  @ApiProperty({ description: 'Send the browser here; the platform brings it back to /api/accounts/callback/{platform}' }) authorizeUrl: string;
  @ApiProperty({ format: 'date-time', description: 'The link stops working after this' }) expiresAt: string;
}

export class ConnectionTestDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ required: false }) handle?: string;
  @ApiProperty({
    required: false,
    description: 'Why the test failed, e.g. reconnect_required, or the platform code of a restriction (spam_risk_user_banned_from_posting)',
  })
  error?: string;
  @ApiProperty({ required: false, enum: ACCOUNT_STATUSES, description: "The account's status after the check (a restriction found or lifted)" })
  status?: AccountStatusValue;
}
