import type { Platform } from '@mwr/domain';

/** The accounts module's public types: other modules import these, never its repository. */
export type AccountStatus = 'active' | 'needs_reconnect' | 'disabled' | 'restricted';

/** Why the platform refuses this account (status `restricted`): its code, our words, since when. */
export interface AccountRestriction {
  code: string;
  message: string;
  since: string;
}

/**
 * A fact a publication showed about the account that does not stop publishing (unlike a
 * restriction), e.g. `uploads_locked_private`; since when. Cleared by a publication showing the
 * fact no longer holds (migration 025).
 */
export interface AccountNotice {
  code: string;
  since: string;
}

export interface SocialAccount {
  id: string;
  workspaceId: string;
  platform: Platform;
  remoteAccountId: string;
  handle: string;
  displayName: string | null;
  avatarUrl: string | null;
  status: AccountStatus;
  scopes: string[];
  accountType: string | null;
  capabilities: Record<string, unknown>;
  restriction: AccountRestriction | null;
  notices: AccountNotice[];
  lastRefreshAt: Date | null;
  lastRefreshError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OAuthState {
  workspaceId: string;
  userId: string;
  sessionId: string;
  platform: Platform;
}
